"""Bank returns (银行回盘): `reconcile(actor, payroll_id, path)` marks each returned payment paid or failed (with the
bank's reason). Rows that name no payment of this payroll (unknown), repeat a payment already in the file
(duplicate), concern a payment already settled by an earlier return (already) or disagree with its amount (amount)
are reported and never applied; applying the same file twice changes nothing. The file is loaded into a temporary
table and applied with set-based UPDATEs in one transaction.

An uploaded return (`reconcile_upload`) is checked first — the user's right to reconcile and the payroll in their
scope — and only then stored, SM4-encrypted (core.filestore, category "bank_return", for the uploader only,
expiring) and read back decrypted in memory: a refused upload leaves nothing behind.

Failed payments form the work list (selectors.failed_payments): `fix_account` records the corrected account
(encrypted; also on the entitlement, for later months) and marks them for reissue (`export … --reissue`)."""

from __future__ import annotations

import hashlib
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from minzheng.benefits.models import Entitlement
from minzheng.core import audit, bulk, clock, crypto, filestore, protected, roles
from minzheng.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from minzheng.core.spreadsheets import UnreadableFile, iter_rows
from minzheng.payroll import layouts
from minzheng.payroll.codes import LOCKED, PROBLEMS
from minzheng.payroll.models import (
    BankReturn,
    Payroll,
    PayrollLine,
    ReconciliationItem,
    fen_to_decimal,
)
from minzheng.payroll.selectors import get_payroll
from minzheng.payroll.sql import L, execute, fetchall

REF = re.compile(r"^(\d+)-(\d+)$")
ACCOUNT = re.compile(r"^\d{6,32}$")


def _payroll(actor, payroll_id) -> Payroll:
    if actor is None:
        p = Payroll.objects.filter(pk=payroll_id).first()
        if p is None:
            raise NotFound()
        return p
    if not roles.has_perm(actor, "payroll.reconcile"):
        raise Forbidden("银行回盘对账须由县级民政部门办理")
    return get_payroll(actor, payroll_id)


def check_may_reconcile(actor, payroll_id) -> Payroll:
    """403 for a role that may not reconcile, 404 for a payroll outside the actor's scope: called before an
    uploaded return is read or stored."""
    return _payroll(actor, payroll_id)


def reconcile_upload(actor, payroll_id, chunks, name: str, layout: str | None = None) -> dict:
    """Reconcile an uploaded return: permission and scope first, then the file into the encrypted store, then
    `reconcile` from the decrypted bytes."""
    p = check_may_reconcile(actor, payroll_id)
    stored = filestore.save(chunks, category="bank_return", name=Path(name).name[:200], actor=actor,
                            region_code=p.region_code)
    with filestore.spooled(stored) as fh:
        return reconcile(actor, payroll_id, fh, layout=layout, name=stored.name, digest=stored.sha256)


def _fen(text: str, unit: str) -> int | None:
    try:
        value = Decimal(text.replace(",", "").strip())
    except InvalidOperation:
        return None
    if unit == "fen":
        return int(value) if value == value.to_integral_value() else None
    if value != value.quantize(Decimal("0.01")):
        return None
    return int(value * 100)


def reconcile(actor, payroll_id, path, layout: str | None = None, name: str | None = None,
              digest: str | None = None) -> dict:
    """`path`: a path (the command line) or a binary file object with its `name` and SHA-256 `digest`."""
    source = path if hasattr(path, "read") else Path(path)
    name = Path(name or getattr(source, "name", "") or "return.csv").name
    spec = layouts.get(layout)["return"]
    p = _payroll(actor, payroll_id)
    if p.status not in ("exported", "reconciled"):
        raise Conflict("名册尚未生成银行文件，不能对账")
    header, rows = iter_rows(source, name)
    if digest is None:
        digest = hashlib.sha256(source.read_bytes()).hexdigest()
    index = {h: i for i, h in enumerate(header)}
    missing = [spec[k] for k in ("ref", "amount", "result") if spec[k] not in index]
    if missing:
        raise UnreadableFile(f"回盘文件缺少列：{'、'.join(missing)}（格式“{layouts.get(layout)['code']}”）")
    i_ref, i_amount, i_result = index[spec["ref"]], index[spec["amount"]], index[spec["result"]]
    i_reason = index.get(spec.get("reason", ""))
    paid_values = {v.upper() for v in spec.get("paid", ["成功"])}
    unit = spec.get("amount_unit", "yuan")
    problems: list[tuple[int, str, str, str]] = []
    good, seen = [], set()
    count = 0
    def cell(row, i):
        return row[i].strip() if i is not None and i < len(row) else ""

    for row_no, row in enumerate(rows, start=2):
        if not any(row):
            continue
        ref = cell(row, i_ref)
        if ref in ("合计", "总计", "总笔数", "H"):
            continue
        count += 1
        m = REF.match(ref)
        if not m or int(m.group(1)) != p.pk:
            problems.append((row_no, ref, "unknown", "流水号不属于本名册"))
            continue
        ent = int(m.group(2))
        if ent in seen:
            problems.append((row_no, ref, "duplicate", "同一笔在回盘文件中出现多次，只处理第一次"))
            continue
        fen = _fen(cell(row, i_amount), unit)
        if fen is None:
            problems.append((row_no, ref, "bad_row", f"金额“{cell(row, i_amount)}”格式不正确"))
            continue
        seen.add(ent)
        ok = 1 if cell(row, i_result).upper() in paid_values else 0
        good.append((row_no, ent, fen, ok, "" if ok else (cell(row, i_reason) or cell(row, i_result))[:200]))
    today = clock.today()
    with transaction.atomic():
        p = Payroll.objects.select_for_update().get(pk=p.pk)
        execute("DROP TABLE IF EXISTS payroll_tmp_ret")
        execute("CREATE TEMP TABLE payroll_tmp_ret (row_no INTEGER, ent BIGINT PRIMARY KEY, fen BIGINT, ok INTEGER, "
                "reason VARCHAR(200), problem VARCHAR(10))")
        with connection.cursor() as cur:
            bulk.write_rows(cur, "payroll_tmp_ret", ("row_no", "ent", "fen", "ok", "reason"), good, batch=20000)
        if connection.vendor == "postgresql":
            execute("ANALYZE payroll_tmp_ret")  # autovacuum never analyses a temporary table: the planner needs it
        mine = f"{L}.payroll_id = {p.pk} AND {L}.entitlement_id = payroll_tmp_ret.ent"
        open_ = f"{L}.status IN ('pending', 'reissue')"
        execute(f"UPDATE payroll_tmp_ret SET problem = 'unknown' WHERE NOT EXISTS (SELECT 1 FROM {L} WHERE {mine})")
        execute(f"UPDATE payroll_tmp_ret SET problem = 'already' WHERE problem IS NULL AND NOT EXISTS "
                f"(SELECT 1 FROM {L} WHERE {mine} AND {open_})")
        execute(f"UPDATE payroll_tmp_ret SET problem = 'amount' WHERE problem IS NULL AND fen <> "
                f"(SELECT SUM(amount_fen) FROM {L} WHERE {mine} AND {open_})")
        execute(f"UPDATE {L} SET status = CASE WHEN r.ok = 1 THEN 'paid' ELSE 'failed' END, bank_reason = r.reason, "
                f"settled_on = %s FROM payroll_tmp_ret r WHERE {L}.payroll_id = {p.pk} "
                f"AND {L}.entitlement_id = r.ent AND {open_} AND r.problem IS NULL", [bulk.adapt(today)])
        (paid, failed), = fetchall("SELECT COALESCE(SUM(ok), 0), COALESCE(SUM(1 - ok), 0) FROM payroll_tmp_ret "
                                   "WHERE problem IS NULL")
        for row_no, ent, fen, prob in fetchall("SELECT row_no, ent, fen, problem FROM payroll_tmp_ret "
                                               "WHERE problem IS NOT NULL"):
            detail = {"unknown": "本名册中没有这一笔", "already": "这一笔已对过账，未重复处理",
                      "amount": f"回盘金额 {fen_to_decimal(fen)} 元与名册不符"}[prob]
            problems.append((row_no, f"{p.pk}-{ent}", prob, detail))
        execute("DROP TABLE payroll_tmp_ret")
        problems.sort()
        ret = BankReturn.objects.create(payroll=p, region_code=p.region_code, file_name=name[:255],
                                        sha256=digest, rows=count, paid=paid, failed=failed, problems=len(problems),
                                        applied_by=actor if getattr(actor, "pk", None) else None)
        ReconciliationItem.objects.bulk_create([
            ReconciliationItem(bank_return=ret, row_no=r, ref=ref[:64], problem=prob, detail=detail[:300])
            for r, ref, prob, detail in problems], batch_size=2000)
        remaining = PayrollLine.objects.filter(payroll=p, status="pending").exists()
        if not remaining and p.status == "exported":
            p.status, p.reconciled_at = "reconciled", timezone.now()
            p.save(update_fields=["status", "reconciled_at"])
        summary = {"payroll_id": p.pk, "return_id": ret.pk, "rows": count, "paid": int(paid), "failed": int(failed),
                   "unknown": sum(1 for x in problems if x[2] == "unknown"),
                   "duplicate": sum(1 for x in problems if x[2] == "duplicate"),
                   "already": sum(1 for x in problems if x[2] == "already"),
                   "amount_mismatch": sum(1 for x in problems if x[2] == "amount"),
                   "bad_rows": sum(1 for x in problems if x[2] == "bad_row"), "status": p.status}
        audit.record(actor or "system", audit.Event("reconcile", "payroll", p.pk, p.region_code, {
            k: [None, v] for k, v in summary.items()} | {"file_name": [None, name], "sha256": [None, digest]}))
    summary["problem_rows"] = [{"row": r, "ref": ref, "problem": prob, "problem_label": PROBLEMS[prob],
                                "detail": detail} for r, ref, prob, detail in problems[:1000]]
    return summary


# ---- correcting a failed payment -------------------------------------------------------------------------------------


def fix_account(user, payroll_id, entitlement_id, account: str, bank_name: str = "") -> dict:
    """Record the corrected account of a failed payment and mark it for reissue; later payrolls use it too."""
    if not roles.has_perm(user, "payroll.generate"):
        raise Forbidden("更正账号须由乡镇(街道)或县级民政部门办理")
    number = re.sub(r"[\s-]", "", account or "")
    if not ACCOUNT.match(number):
        raise ValidationFailed.one("account", "银行账号应为 6 至 32 位数字")
    with transaction.atomic():
        p = get_payroll(user, payroll_id, lock=True)
        lines = PayrollLine.objects.visible_to(user).filter(
            Q(status="failed") | Q(status="pending", account_enc__isnull=True, payroll__status__in=LOCKED),
            payroll=p, entitlement_id=entitlement_id)
        if not lines.exists():
            raise Conflict("这一笔不在发放失败清单中（未失败或已更正待重发）")
        # The lines carry the entitlement's ciphertext, sealed to the entitlement (core.protected).
        enc = protected.seal(Entitlement, "bank_account_enc", number, int(entitlement_id))
        n = lines.update(account_enc=enc, bank_name=bank_name or lines.first().bank_name, status="reissue",
                         bank_reason="")
        ent = Entitlement.objects.get(pk=entitlement_id)
        old = ent.bank_account_masked
        ent.bank_account_enc = enc
        if bank_name:
            ent.bank_name = bank_name
        ent.save(update_fields=["bank_account_enc", "bank_name", "updated_at"])
        masked = crypto.mask_account(number)
        audit.record_many(user, [
            audit.Event("reissue", "payroll", p.pk, p.region_code, {"entitlement": [None, ent.pk],
                                                                   "account": [old, masked], "lines": [None, n]}),
            audit.Event("update", "entitlement", ent.pk, ent.region_code, {"bank_account": [old, masked]})])
    return {"payroll_id": p.pk, "entitlement_id": ent.pk, "lines": n, "account": masked, "status": "reissue"}
