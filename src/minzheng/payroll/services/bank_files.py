"""The bank disbursement file (代发文件): `export(actor, payroll_id, fmt, out)`.

One row per entitlement in the payroll: the net of its lines (regular + arrears + difference − deduction), keyed
by `流水号` = "<payroll id>-<entitlement id>", which the bank returns. Account numbers (and ID numbers, where the
layout asks for them) are decrypted only here, row by row while writing; the export is audited (who, which
payroll, format, layout, count, total). The control line's count and total are computed in SQL first and checked
against the rows written; a file that disagrees is void and nothing of it remains. Lines without an account are
left out and counted (`missing_account`): they stay pending on the work list. The 户名 is the line's `account_name`
when the amount goes to an account that is not the payee's own (a 集中供养 特困 person's institution), else the
payee's name.

Where the file goes: `out=None` (the page) — SM4-encrypted into the file store (core.filestore, category
"bank_file", expiring), for the exporting user only, streamed decrypted as the download; a path (the command line,
where the operator chose the place) — written owner-only (0600) under a temporary name and renamed when complete.

Formula safety: csv, xlsx and delimited txt files go through the one rule of core.spreadsheets (text a spreadsheet
would evaluate gets a leading `'`). Fixed-width txt files keep every value verbatim: the bank's system reads them
by byte position, never a spreadsheet, and the payee name must stay exactly what the bank matches against the
account holder (docs/security/files.md)."""

from __future__ import annotations

import csv
import io
import os
import uuid
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from minzheng.benefits.catalogue import PROGRAMS
from minzheng.benefits.models import Entitlement
from minzheng.core import audit, filestore, protected, roles
from minzheng.core.errors import Conflict, Forbidden, ValidationFailed
from minzheng.core.spreadsheets import XLSX_TYPE, safe_text, write_xlsx
from minzheng.payroll import layouts
from minzheng.payroll.models import Payroll, fen_to_decimal
from minzheng.payroll.selectors import get_payroll
from minzheng.payroll.sql import PERSON, L
from minzheng.registry.models import Person

FORMATS = ("csv", "xlsx", "txt")
CONTENT_TYPES = {"csv": "text/csv", "xlsx": XLSX_TYPE, "txt": "text/plain"}
# Values the system itself produces (numbers, codes): never escaped, so a bank reads them as it always did.
GENERATED_FIELDS = {"ref", "amount", "amount_fen", "month", "region_code", "count", "total", "total_fen"}


def _payroll(actor, payroll_id) -> Payroll:
    if actor is None:
        p = Payroll.objects.filter(pk=payroll_id).first()
        if p is None:
            from minzheng.core.errors import NotFound

            raise NotFound()
        return p
    if not roles.has_perm(actor, "payroll.export"):
        raise Forbidden("生成银行文件须由县级民政部门办理")
    return get_payroll(actor, payroll_id)


def groups_sql(payroll_id: int, statuses: tuple[str, ...], with_id: bool) -> str:
    st = ", ".join(f"'{s}'" for s in statuses)
    # 户名: the line's account_name when the money goes to someone else's account (an institution), else the payee.
    return (f"SELECT g.entitlement_id, g.fen, g.arrears, g.deducted, a.account_enc, a.bank_name, "
            f"COALESCE(NULLIF(a.account_name, ''), pr.name)"
            f"{', pr.id_number_enc, pr.id_number_index' if with_id else ''} "
            f"FROM (SELECT entitlement_id, MIN(id) AS first_id, SUM(amount_fen) AS fen, "
            f"SUM(CASE WHEN kind IN ('arrears', 'difference') THEN 1 ELSE 0 END) AS arrears, "
            f"SUM(CASE WHEN kind = 'deduction' THEN -amount_fen ELSE 0 END) AS deducted "
            f"FROM {L} WHERE payroll_id = {int(payroll_id)} AND status IN ({st}) GROUP BY entitlement_id) g "
            f"JOIN {L} a ON a.id = g.first_id JOIN {PERSON} pr ON pr.id = a.payee_id ORDER BY g.entitlement_id")


def export(actor, payroll_id, fmt: str, out=None, layout: str | None = None, reissue: bool = False) -> dict:
    """Write the bank file to `out` (a path) or, with `out=None`, into the encrypted store (result `file_id`)."""
    if fmt not in FORMATS:
        raise ValidationFailed.one("format", f"文件格式应为 {'、'.join(FORMATS)}")
    lay = layouts.get(layout)
    out = Path(out) if out is not None else None
    with transaction.atomic():
        p = _payroll(actor, payroll_id)
        p = Payroll.objects.select_for_update().get(pk=p.pk)
        if not p.locked:
            raise Conflict("名册尚未经县级审批锁定，不能生成银行文件")
        if p.status == "reconciled" and not reissue:
            raise Conflict("名册已完成对账；失败的笔数更正账号后请用“重发”导出")
        statuses = ("reissue",) if reissue else ("pending",)
        st = ", ".join(f"'{s}'" for s in statuses)
        with connection.cursor() as cur:
            # One pass over the payroll's lines: the rows (entitlements) and total to write, and those left out.
            cur.execute(f"SELECT COUNT(DISTINCT CASE WHEN account_enc IS NOT NULL THEN entitlement_id END), "
                        f"COALESCE(SUM(CASE WHEN account_enc IS NOT NULL THEN amount_fen END), 0), "
                        f"COUNT(DISTINCT CASE WHEN account_enc IS NULL THEN entitlement_id END) "
                        f"FROM {L} WHERE payroll_id = {p.pk} AND status IN ({st})")
            count, total_fen, missing = cur.fetchone()
            # A payee without an account is not in the file: the line goes to the work list (发放失败待处理).
            cur.execute(f"UPDATE {L} SET bank_reason = %s WHERE payroll_id = {p.pk} AND status IN ({st}) "
                        f"AND account_enc IS NULL", [MISSING_ACCOUNT])
        if count == 0:
            raise Conflict("没有需要写入银行文件的记录" + ("（无待重发记录）" if reissue else "（均已发放或已对账）"))
        lay = {**lay, "encoding": _encoding_for(p, lay, st)}
        control = {"count": str(count), "total": str(fen_to_decimal(total_fen)), "total_fen": str(int(total_fen))}
        rows = _rows(p, lay, statuses)

        def write_checked(fh):
            written, written_fen = _write(fmt, lay, fh, rows, control, p)
            if (written, written_fen) != (count, int(total_fen)):
                raise Conflict(f"写出的笔数或金额（{written} 笔，{fen_to_decimal(written_fen)} 元）与名册不符，"
                               "文件作废")

        file_name = f"代发文件-{p.pk}{'-重发' if reissue else ''}.{fmt}"
        stored = None
        if out is None:  # the store: the file appears only when complete and checked; a failure leaves nothing
            with filestore.writer("bank_file", file_name, actor=actor, region_code=p.region_code,
                                  content_type=CONTENT_TYPES[fmt]) as fh:
                write_checked(fh)
            stored = fh.stored
        else:
            tmp = out.with_name(f".{out.name}.{uuid.uuid4().hex[:8]}.part")
            out.parent.mkdir(parents=True, exist_ok=True)
            try:
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                with os.fdopen(fd, "wb") as fh:
                    write_checked(fh)
                os.replace(tmp, out)
            finally:
                tmp.unlink(missing_ok=True)
        now = timezone.now()
        if p.status == "approved":
            p.status = "exported"
        p.exported_at, p.export_count = now, p.export_count + 1
        p.save(update_fields=["status", "exported_at", "export_count"])
        result = {"payroll_id": p.pk, "file": str(out) if out else "", "format": fmt, "layout": lay["code"],
                  "rows": count, "total": control["total"], "missing_account": missing, "reissue": reissue}
        if stored is not None:
            result |= {"file_id": stored.pk, "file_name": file_name, "sha256": stored.sha256}
        audit.record(actor or "system", audit.Event("export", "payroll", p.pk, p.region_code, {
            k: [None, v] for k, v in result.items() if k not in ("file", "file_name")}
            | {"file_name": [None, out.name if out else file_name]}))
    return result


MISSING_ACCOUNT = "缺少银行账号，未写入银行文件：请更正账号后重发"


def _encoding_for(p: Payroll, lay: dict, st: str) -> str:
    """The file's encoding: the layout's, unless a payee or bank name has a character it cannot represent (e.g. 王𠮷
    in GBK). Then GB18030 (a superset of GBK, the same bytes for every GBK character) where the layout says the bank
    accepts it (`"gb18030": true`), otherwise the export stops and names every row to handle — never a silent "?"."""
    encoding = lay.get("encoding", "utf-8")
    codec = encoding.replace("-sig", "")
    if codec.lower().replace("-", "").startswith("utf"):
        return encoding
    bad = []
    with connection.cursor() as cur:
        cur.execute(f"SELECT DISTINCT l.entitlement_id, COALESCE(NULLIF(l.account_name, ''), pr.name), l.bank_name "
                    f"FROM {L} l "
                    f"JOIN {PERSON} pr ON pr.id = l.payee_id WHERE l.payroll_id = {p.pk} AND l.status IN ({st}) "
                    f"AND l.account_enc IS NOT NULL ORDER BY 1")
        for ent_id, name, bank in cur.fetchall():
            for label, value in (("领取人姓名", name), ("开户行", bank or "")):
                try:
                    value.encode(codec)
                except UnicodeEncodeError as exc:
                    bad.append(f"第 {p.pk}-{ent_id} 笔{label}“{value}”中的“{value[exc.start:exc.end]}”")
    if not bad:
        return encoding
    if lay.get("gb18030"):
        return "gb18030"
    raise ValidationFailed.one("layout", f"以下 {len(bad)} 笔含有 {codec.upper()} 编码无法表示的字符，银行文件未生成："
                               + "；".join(bad[:50]) + ("等" if len(bad) > 50 else "")
                               + "。请改用支持 GB18030 的格式，或与银行约定处理方式后更正")


def _rows(p: Payroll, lay: dict, statuses):
    """Bank rows as dicts of text, streamed (server-side cursor on PostgreSQL)."""
    with_id = any(c["field"] == "id_number" for c in lay["columns"])
    program = PROGRAMS.get(p.program, p.program)
    month = f"{p.month.year}年{p.month.month:02d}月"
    # A line's account is the entitlement's ciphertext, sealed to the entitlement (core.protected).
    open_account, open_id = protected.opener(Entitlement, "bank_account_enc"), protected.opener(Person, "id_number_enc")
    # What every row of the payroll shares is worked out once: a county's month is a million rows.
    ref, plain = f"{p.pk}-", {"program_name": program, "month": f"{p.month:%Y-%m}", "region_code": p.region_code}
    cur = connection.chunked_cursor()
    try:
        cur.execute(groups_sql(p.pk, statuses, with_id))
        while True:
            batch = cur.fetchmany(5000)
            if not batch:
                break
            for row in batch:
                ent_id, fen, arrears, deducted, account_enc, bank_name, name = row[:7]
                if account_enc is None:
                    continue
                fen, summary = int(fen), f"{month}{program}"
                if arrears:
                    summary += f"（含补发{arrears}笔）"
                if deducted:
                    summary += f"（扣回多发{fen_to_decimal(deducted)}元）"
                yield {"ref": f"{ref}{ent_id}", "payee_name": name, "account": open_account(account_enc, ent_id),
                       "id_number": open_id(row[7], row[8]) if with_id else "", "amount": str(fen_to_decimal(fen)),
                       "amount_fen": str(fen), "bank_name": bank_name, "summary": summary, "_fen": fen, **plain}
    finally:
        cur.close()


def _control_values(lay: dict, control: dict) -> list[tuple[dict, str]]:
    return [(f, f["text"] if "text" in f else control[f["field"]]) for f in lay.get("control", {}).get("fields", [])]


def _safe(field: str | None, value):
    """The formula-safe rule for every text value a person entered (names, bank names, summaries)."""
    if field in GENERATED_FIELDS or not isinstance(value, str):
        return value
    return safe_text(value)


def _write(fmt: str, lay: dict, fh, rows, control: dict, p: Payroll) -> tuple[int, int]:
    cols = lay["columns"]
    position = lay.get("control", {}).get("position", "tail")
    ctrl = _control_values(lay, control)
    count = fen = 0
    if fmt == "xlsx":
        def gen():
            nonlocal count, fen
            if ctrl and position == "head":
                yield [_safe(f.get("field"), v) for f, v in ctrl]
            for r in rows:
                count, fen = count + 1, fen + r["_fen"]
                yield [_safe(c["field"], r[c["field"]]) for c in cols]
            if ctrl and position == "tail":
                yield [_safe(f.get("field"), v) for f, v in ctrl]

        write_xlsx(fh, [c.get("header", c["field"]) for c in cols], gen(), sheet_title=f"{p.month:%Y-%m}")
        return count, fen
    encoding = lay.get("encoding", "utf-8")
    if fmt == "txt" and lay.get("fixed_width"):  # verbatim: read by position by the bank, never a spreadsheet
        def line(values):
            return b"".join(values) + b"\r\n"

        if ctrl and position == "head":
            fh.write(line(layouts.fixed(v, f, encoding, "控制行") for f, v in ctrl))
        for r in rows:
            count, fen = count + 1, fen + r["_fen"]
            fh.write(line(layouts.fixed(r[c["field"]], c, encoding, r["ref"]) for c in cols))
        if ctrl and position == "tail":
            fh.write(line(layouts.fixed(v, f, encoding, "控制行") for f, v in ctrl))
        return count, fen
    delimiter = lay.get("delimiter", ",") if fmt == "csv" else lay.get("txt_delimiter", "|")
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")

    def flush():
        fh.write(buf.getvalue().encode(encoding.replace("-sig", "")))  # strict: _encoding_for checked every name
        buf.seek(0)
        buf.truncate()

    if encoding.endswith("-sig"):
        fh.write("\ufeff".encode())
    if ctrl and position == "head":
        writer.writerow([_safe(f.get("field"), v) for f, v in ctrl])
    if lay.get("header", True):
        writer.writerow([c.get("header", c["field"]) for c in cols])
    # Which columns a person wrote (escaped by the formula-safe rule), worked out once for the million rows.
    fields = [(c["field"], c["field"] not in GENERATED_FIELDS) for c in cols]
    for r in rows:
        count, fen = count + 1, fen + r["_fen"]
        writer.writerow([safe_text(v) if escape and isinstance(v := r[f], str) else r[f] for f, escape in fields])
        if count % 5000 == 0:
            flush()
    if ctrl and position == "tail":
        writer.writerow([_safe(f.get("field"), v) for f, v in ctrl])
    flush()
    return count, fen
