"""Feed intake: `minzheng feeds load KIND FILE --as-of DATE` and the upload page's job.

Every row is validated (rejected rows reported as `第 N 行 [列] “值”：原因`, as for imports); ID numbers are replaced
by their blind index; the good rows are written as one dated Parquet snapshot (sorted by id_index, so a lookup for
one household reads a few row groups) under MINZHENG_HOME/lake/<kind>/as_of=<date>/, written to a temporary name
and renamed, then catalogued in FeedSnapshot. The same content loaded again is a no-op (unique kind + SHA-256).
A file without a single good row is refused whole (a state snapshot with no rows would wipe the kind).

A mostly bad file must not wipe good data: for a state kind (the latest snapshot is the kind's whole truth) a file
whose rejected share exceeds settings.MINZHENG_FEED_MAX_REJECT_SHARE does not replace the current snapshot unless
the operator confirms (`--confirm-replace`, the upload page's checkbox); the summary says what was kept.

Uploads (the page) are stored encrypted (core.filestore, category "feed") until the job has read them; the
rejected-row report is stored encrypted for the uploader (ID numbers shortened, long numbers masked). The lake
itself holds no plaintext ID number (the blind index), so it is not encrypted."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction

from minzheng import home
from minzheng.core import audit, error_reports, jobs
from minzheng.core.errors import ValidationFailed
from minzheng.core.filestore import uploaded_file
from minzheng.core.spreadsheets import RowError, UnreadableFile, guarded, iter_rows
from minzheng.verification import kinds as K
from minzheng.verification.models import FeedSnapshot

MAX_ERRORS_SHOWN = 50
log = logging.getLogger(__name__)


def lake_dir(*parts: str) -> Path:
    return home.home_dir("lake", *parts)


BAD_PARQUET = "无法读取 Parquet 文件：文件已损坏或不是有效的 Parquet 文件"


def file_sha256(path) -> str:
    """SHA-256 of a path or of a seekable binary file object (read from the start, left at the start)."""
    h = hashlib.sha256()
    if hasattr(path, "read"):
        path.seek(0)
        for block in iter(lambda: path.read(1 << 20), b""):
            h.update(block)
        path.seek(0)
        return h.hexdigest()
    with Path(path).open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _parquet_rows(source):
    """Rows of a Parquet file (a path or a binary file object), as text, 10,000 at a time. A damaged file is an
    UnreadableFile with a Chinese reason; the library's text (paths, internals) goes to the log only."""
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(source)
        header = list(pf.schema_arrow.names)
    except Exception as exc:
        log.warning("unreadable parquet: %r", exc)
        raise UnreadableFile(BAD_PARQUET) from None

    def gen():
        for batch in pf.iter_batches(batch_size=10000):
            for row in zip(*(col.to_pylist() for col in batch.columns), strict=True):
                yield ["" if v is None else (v.isoformat() if hasattr(v, "isoformat") else str(v)) for v in row]

    return header, guarded(gen(), BAD_PARQUET)


def read(path, name: str | None = None) -> tuple[list[str], object]:
    """(header, rows) of a path or a binary file object (`name` gives its suffix)."""
    suffix = Path(name or getattr(path, "name", "") or str(path)).suffix.lower()
    if suffix == ".parquet":
        if not hasattr(path, "read") and not Path(path).exists():
            raise UnreadableFile(f"文件不存在：{path}")
        return _parquet_rows(path if hasattr(path, "read") else str(path))
    return iter_rows(path, name)


def map_header(kind: K.Kind, header: list[str]) -> list[int | None]:
    """For each schema column the index of its cell in the file; missing required columns refuse the file."""
    names = {h.strip(): i for i, h in enumerate(header)}
    out, missing = [], []
    for col in kind.columns:
        idx = next((names[n] for n in (col.key, col.label, *col.aliases) if n in names), None)
        if idx is None and col.required:
            missing.append(f"{col.label}（{col.key}）")
        out.append(idx)
    if missing:
        raise UnreadableFile(f"{kind.label}数据缺少必需的列：{'、'.join(missing)}")
    return out


def validate_rows(kind: K.Kind, header: list[str], rows, progress=None) -> tuple[list[tuple], list[RowError]]:
    """(good rows as tuples in stored-column order, rejected cells). Exact duplicate rows are rejected."""
    index = map_header(kind, header)
    good: list[tuple] = []
    errors: list[RowError] = []
    seen: dict[tuple, int] = {}
    for n, cells in enumerate(rows, start=2):
        if not any(cells):
            continue
        values, bad = {}, False
        for col, idx in zip(kind.columns, index, strict=True):
            text = cells[idx].strip() if idx is not None and idx < len(cells) else ""
            try:
                values[col.key] = K.parse_cell(col, text)
            except K.CellError as exc:
                shown = text if col.type != "id" else (text[:6] + "…" if len(text) > 6 else text)
                errors.append(RowError(n, col.label, shown, str(exc)))
                bad = True
        if not bad:
            for key, reason in K.row_checks(kind, values):
                col = next(c for c in kind.columns if c.key == key)
                errors.append(RowError(n, col.label, str(values.get(key) or ""), reason))
                bad = True
        if bad:
            continue
        row = tuple(values[c.key] for c in kind.columns)
        if row in seen:
            errors.append(RowError(n, "整行", "", f"与第 {seen[row]} 行重复"))
            continue
        seen[row] = n
        good.append(row)
        if progress is not None and n % 20000 == 0:
            progress(n, 0, f"已校验 {n} 行")
    return good, errors


def write_parquet(kind: K.Kind, rows: list[tuple], target: Path) -> None:
    """Typed Parquet (DECIMAL(14,2) money, DATE dates), sorted by id_index; temp file + rename."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {"VARCHAR": pa.string(), "DATE": pa.date32(), "DECIMAL(14,2)": pa.decimal128(14, 2),
             "INTEGER": pa.int32()}
    rows = sorted(rows, key=lambda r: r[0])
    cols = list(zip(*rows, strict=True)) if rows else [[] for _ in kind.columns]
    schema = pa.schema([(name, types[t]) for name, t in kind.stored_columns])
    table = pa.table({name: pa.array(list(values), type=schema.field(name).type)
                      for (name, _), values in zip(kind.stored_columns, cols, strict=True)}, schema=schema)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".parquet.tmp")
    # Small row groups: a household's lookup (report.lookup) reads ~one 10,000-row group per person and kind.
    pq.write_table(table, tmp, row_group_size=10_000)
    os.replace(tmp, target)


def max_reject_share() -> float:
    return float(getattr(settings, "MINZHENG_FEED_MAX_REJECT_SHARE", 0.05))


def load(kind_code: str, path, as_of: dt.date, actor=None, progress=None, source_name: str = "",
         confirm_replace: bool = False) -> dict:
    """Load one department file (a path, or a binary file object named by `source_name`). Returns the JSON
    summary; raises ValidationFailed / UnreadableFile. `confirm_replace`: the operator accepts that a file with
    more rejected rows than the threshold replaces the kind's current snapshot (state kinds)."""
    kind = K.KINDS.get(kind_code)
    if kind is None:
        raise ValidationFailed.one("kind", f"数据类别“{kind_code}”无效，应为：{'、'.join(K.KINDS)}")
    if not hasattr(path, "read"):
        path = Path(path)
        if not path.exists():
            raise UnreadableFile(f"文件不存在：{path}")
    digest = file_sha256(path)
    source_name = (source_name or Path(getattr(path, "name", "") or "feed.csv").name)[:200]
    summary = {"kind": kind.code, "as_of": as_of.isoformat(), "file": source_name, "sha256": digest}
    existing = FeedSnapshot.objects.filter(kind=kind.code, sha256=digest).first()
    if existing is not None:
        return {**summary, "unchanged": True, "snapshot_id": existing.pk, "rows": existing.rows,
                "rejected": existing.rejected, "as_of": existing.as_of.isoformat(), "path": existing.path}
    header, rows = read(path, source_name)
    good, errors = validate_rows(kind, header, rows, progress)
    rejected = len({e.row for e in errors})
    summary.update(rows=len(good), rejected=rejected, errors=[error_reports.mask_numbers(e.text())
                                                              for e in errors[:MAX_ERRORS_SHOWN]])
    if errors and getattr(actor, "pk", None):
        summary["report_file"] = error_reports.store(errors, f"{kind.label}-{Path(source_name).stem}", actor).pk
    if not good:
        raise ValidationFailed.one("file", f"{kind.label}数据没有一行通过校验，未保存任何数据"
                                   + (f"（例如：{error_reports.mask_numbers(errors[0].text())}）" if errors
                                      else "（文件没有数据行）"))
    held = _hold(kind, as_of, len(good), rejected, confirm_replace)
    if held is not None:
        audit.record(actor or "system", audit.Event("feed_hold", "feed_snapshot", held["snapshot_id"], "", {
            "kind": [None, kind.code], "as_of": [None, as_of], "rows": [None, len(good)],
            "rejected": [None, rejected], "sha256": [None, digest], "kept_rows": [None, held["rows"]]}))
        return {**summary, "unchanged": True, "held": True, "kept": held, "message": held["message"]}
    target = lake_dir(kind.code, f"as_of={as_of.isoformat()}") / f"{digest[:16]}.parquet"
    write_parquet(kind, good, target)
    try:
        with transaction.atomic():
            snap = FeedSnapshot.objects.create(kind=kind.code, as_of=as_of, sha256=digest, path=str(target),
                                               source_name=source_name, rows=len(good),
                                               rejected=summary["rejected"],
                                               loaded_by=actor if getattr(actor, "pk", None) else None)
            audit.record(actor or "system", audit.Event("feed_load", "feed_snapshot", snap.pk, "", {
                "kind": [None, kind.code], "as_of": [None, as_of], "rows": [None, len(good)],
                "rejected": [None, summary["rejected"]], "sha256": [None, digest]}))
    except IntegrityError:  # the same file loaded at the same moment by someone else
        snap = FeedSnapshot.objects.get(kind=kind.code, sha256=digest)
        return {**summary, "unchanged": True, "snapshot_id": snap.pk}
    return {**summary, "unchanged": False, "snapshot_id": snap.pk, "path": str(target)}


def _hold(kind: K.Kind, as_of: dt.date, good: int, rejected: int, confirmed: bool) -> dict | None:
    """The snapshot kept instead of this file's (with the reason), or None when the file may replace it."""
    share = rejected / (good + rejected) if good + rejected else 0.0
    if confirmed or kind.mode != "state" or share <= max_reject_share():
        return None
    current = FeedSnapshot.objects.filter(kind=kind.code, as_of__lte=as_of).order_by("-as_of", "-id").first()
    if current is None:
        return None  # nothing to wipe: the first snapshot of a kind is loaded, its rejects reported
    message = (f"{kind.label}数据拒绝 {rejected} 行（占 {share:.0%}，超过允许的 {max_reject_share():.0%}），"
               f"未替换当前快照：保留 {current.as_of:%Y-%m-%d} 的快照（{current.rows:,} 行）。"
               f"核对后如确需以本文件替换，请勾选“确认替换”（命令行加 --confirm-replace）重新导入")
    return {"snapshot_id": current.pk, "as_of": current.as_of.isoformat(), "rows": current.rows,
            "share": round(share, 4), "message": message}


def snapshots_until(until: dt.date) -> dict[str, list[str]]:
    """snapshot_paths for every kind at once (one catalogue query): {kind: [paths]}."""
    rows = list(FeedSnapshot.objects.filter(as_of__lte=until).order_by("as_of", "id")
                .values_list("kind", "as_of", "path"))
    out = {}
    for code, kind in K.KINDS.items():
        mine = [(a, p) for k, a, p in rows if k == code]
        if kind.mode == "state" and mine:
            latest = mine[-1][0]
            mine = [r for r in mine if r[0] == latest]
        out[code] = [p for _, p in mine if Path(p).exists()]
    return out


def snapshot_paths(kind_code: str, until: dt.date) -> list[str]:
    """The Parquet files that make up a kind as of `until`: every snapshot for event kinds, the latest for state
    kinds (its own files only: one snapshot date may hold several files, all of which count)."""
    kind = K.KINDS[kind_code]
    rows = list(FeedSnapshot.objects.filter(kind=kind_code, as_of__lte=until).order_by("as_of", "id")
                .values_list("as_of", "path"))
    if kind.mode == "state" and rows:
        latest = rows[-1][0]
        rows = [r for r in rows if r[0] == latest]
    return [p for _, p in rows if Path(p).exists()]


@jobs.job("feeds_load")
def load_job(job, progress) -> dict:
    with uploaded_file(job) as (fh, name):
        summary = load(job.params["kind"], fh, dt.date.fromisoformat(job.params["as_of"]), actor=job.created_by,
                       progress=progress, source_name=name, confirm_replace=bool(job.params.get("confirm_replace")))
    summary["display"] = [["数据类别", K.KINDS[summary["kind"]].label], ["数据日期", summary["as_of"]],
                          ["有效行数", summary.get("rows", 0)], ["拒绝行数", summary.get("rejected", 0)]]
    if summary.get("held"):
        summary["display"].append(["未替换（保留原快照）", summary["message"]])
    else:
        summary["display"].append(["重复导入（未变化）", "是" if summary.get("unchanged") else "否"])
    return summary
