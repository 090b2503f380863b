"""Standards as data: validation and writes (add one, load a CSV). The reads (list, history) and resolution
(resolve) are in benefits.selectors.

History is never rewritten: a row's value is never edited. A new row for the same (program, item, region, area)
closes the row in force on its start date the day before (effective_to); a row starting before a later existing
row ends the day before that one. A new row that would overlap a later row's period, or that restates an existing
start date with another value, is refused (409).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from minzheng.benefits.models import Standard
from minzheng.benefits.policy.money import plain
from minzheng.benefits.schemas.standards import StandardIn
from minzheng.core import audit, regioncodes, roles, validation
from minzheng.core.errors import Conflict, FieldError, Forbidden, ValidationFailed
from minzheng.core.models import Region
from minzheng.core.spreadsheets import RowError

COLUMNS = ("program", "item", "region_code", "area", "value", "unit", "effective_from", "effective_to", "source")
REQUIRED_COLUMNS = ("program", "item", "region_code", "area", "value", "unit", "effective_from")
EDITOR_ROLES = frozenset({roles.COUNTY, roles.CITY})
ONE_DAY = dt.timedelta(days=1)


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def validate(data: dict[str, Any], regions: set[str] | None = None) -> tuple[StandardIn | None, list[FieldError]]:
    """Check one standard (a CSV row or an API body): schemas.standards.StandardIn, and that its region exists.
    `regions`: the known region codes (looked up when None). Returns the row or every problem."""
    errors: list[FieldError] = []
    new = None
    try:
        new = validation.validate(StandardIn, data)
    except ValidationFailed as exc:
        errors = exc.errors
    try:
        code = regioncodes.normalize(_text(data.get("region_code") if isinstance(data, dict) else ""))
    except regioncodes.RegionCodeError:
        code = ""  # reported by the schema
    if code and not (code in regions if regions is not None else Region.objects.filter(code=code).exists()):
        errors.append(FieldError("region_code", f"区划代码 {code} 不存在"))
        order = list(StandardIn.model_fields)
        errors.sort(key=lambda e: order.index(e.field) if e.field in order else len(order))
    return (None, errors) if errors else (new, [])


def _snapshot(row: Standard) -> dict[str, Any]:
    return {"program": row.program, "item": row.item, "region_code": row.region_code, "area": row.area,
            "value": plain(row.value), "unit": row.unit, "effective_from": row.effective_from,
            "effective_to": row.effective_to, "source": row.source}


def _place(new: StandardIn, actor, events: list[audit.Event]) -> tuple[str, Standard | None]:
    """Insert one standard into its key's history. Returns ("created" | "unchanged", row). Raises Conflict."""
    rows = list(Standard.objects.select_for_update().filter(
        program=new.program, item=new.item, region_code=new.region_code, area=new.area).order_by("effective_from"))
    same = next((r for r in rows if r.effective_from == new.effective_from), None)
    if same is not None:
        end_ok = new.effective_to is None or (same.effective_to is not None and same.effective_to <= new.effective_to)
        if same.value == new.value and same.unit == new.unit and end_ok:
            return "unchanged", same
        raise Conflict(f"{new.effective_from} 起已有该标准（{plain(same.value)} {same.unit}"
                       f"{'，至 ' + str(same.effective_to) if same.effective_to else ''}）：标准不可改写，"
                       f"请以新的生效日期新增")
    before = [r for r in rows if r.effective_from < new.effective_from]
    after = [r for r in rows if r.effective_from > new.effective_from]
    end = new.effective_to
    if after:
        following = after[0]
        if end is None:
            end = following.effective_from - ONE_DAY
        elif end >= following.effective_from:
            raise Conflict(f"与 {following.effective_from} 起的已有标准（{plain(following.value)} {following.unit}）"
                           f"期间重叠：终止日期最晚为 {following.effective_from - ONE_DAY}")
    if before:
        prev = before[-1]
        if prev.effective_to is None or prev.effective_to >= new.effective_from:
            old = prev.effective_to
            prev.effective_to = new.effective_from - ONE_DAY
            prev.save(update_fields=["effective_to"])
            events.append(audit.Event("update", "standard", prev.pk, prev.region_code,
                                      {"effective_to": [old, prev.effective_to],
                                       "reason": f"被 {new.effective_from} 起的新标准接替"}))
    row = Standard.objects.create(program=new.program, item=new.item, region_code=new.region_code, area=new.area,
                                  value=new.value, unit=new.unit, effective_from=new.effective_from,
                                  effective_to=end, source=new.source,
                                  created_by=actor if getattr(actor, "pk", None) else None)
    events.append(audit.Event("create", "standard", row.pk, row.region_code, _snapshot(row)))
    return "created", row


def require_editor(actor, region_code: str) -> None:
    """Only county and city civil-affairs staff set standards, and only for their own region and below."""
    if not (actor and actor.is_authenticated and actor.is_active and actor.role in EDITOR_ROLES):
        raise Forbidden("只有县级、市级民政部门可以设置救助标准")
    if region_code and not regioncodes.in_subtree(region_code, actor.region_id):
        raise Forbidden(f"只能为本辖区（{actor.region_id}）及其下级区划设置标准")


def add_standard(actor, data: dict[str, Any]) -> Standard:
    """Add one standard (API). Role and scope first, then validation (422), then the history rule (409)."""
    require_editor(actor, "")
    new, errors = validate(data)
    if errors:
        raise ValidationFailed(errors)
    require_editor(actor, new.region_code)
    events: list[audit.Event] = []
    with transaction.atomic():
        Region.objects.select_for_update().filter(code=new.region_code).first()  # one writer per region's standards
        status, row = _place(new, actor, events)
        if status == "unchanged":
            raise Conflict(f"{new.effective_from} 起已有相同的标准，未作更改")
        audit.record_many(actor, events)
    return row


# ---- CSV loader --------------------------------------------------------------------------------------------------


@dataclass
class LoadSummary:
    rows: int = 0
    created: int = 0
    unchanged: int = 0
    closed: int = 0
    errors: list[RowError] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"rows": self.rows, "created": self.created, "unchanged": self.unchanged, "closed": self.closed,
                "rejected_rows": len({e.row for e in self.errors}), "written": not self.errors}


class _Rollback(Exception):
    pass


def load_csv(path: Path | str, actor=None) -> LoadSummary:
    """Load standards from CSV/XLSX (columns: program,item,region_code,area,value,unit,effective_from[,effective_to]
    [,source]). All or nothing: every row is validated and every error reported (row number and reason in Chinese);
    if any row is bad nothing is written. Idempotent: re-loading the same file changes nothing. Audited."""
    from minzheng.core.spreadsheets import UnreadableFile, iter_rows

    path = Path(path)
    header, rows = iter_rows(path)
    summary = LoadSummary()
    header = [h.strip().lower() for h in header]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    unknown = [h for h in header if h and h not in COLUMNS]
    if missing or unknown:
        parts = ([f"缺少列：{'、'.join(missing)}"] if missing else []) + (
            [f"不支持的列：{'、'.join(unknown)}"] if unknown else [])
        raise UnreadableFile("；".join(parts) + f"（列应为：{','.join(COLUMNS)}）")
    records = []
    for number, cells in enumerate(rows, start=2):
        if not any(c.strip() for c in cells):
            continue
        records.append((number, dict(zip(header, cells, strict=False))))  # short rows: blanks
    summary.rows = len(records)
    codes = set()
    for _, rec in records:
        with contextlib.suppress(regioncodes.RegionCodeError):  # reported with the row
            codes.add(regioncodes.normalize(_text(rec.get("region_code"))))
    known = set(Region.objects.filter(code__in=codes).values_list("code", flat=True))
    valid: list[tuple[int, StandardIn]] = []
    seen: dict[tuple, int] = {}
    for number, rec in records:
        new, errors = validate(rec, known)
        for e in errors:
            summary.errors.append(RowError(number, e.field, _text(rec.get(e.field)), e.message))
        if new is None:
            continue
        if actor is not None:
            try:
                require_editor(actor, new.region_code)
            except Forbidden as exc:
                summary.errors.append(RowError(number, "region_code", new.region_code, exc.message))
                continue
        key = (*new.key, new.effective_from)
        if key in seen:
            summary.errors.append(RowError(number, "effective_from", str(new.effective_from),
                                           f"与第 {seen[key]} 行重复（同一项目、标准项、区划、城乡和生效日期）"))
            continue
        seen[key] = number
        valid.append((number, new))
    if summary.errors:
        return summary
    events: list[audit.Event] = []
    try:
        with transaction.atomic():
            for number, new in sorted(valid, key=lambda v: (v[1].key, v[1].effective_from)):
                try:
                    status, _ = _place(new, actor, events)
                except Conflict as exc:
                    summary.errors.append(RowError(number, "effective_from", str(new.effective_from), exc.message))
                    continue
                if status == "created":
                    summary.created += 1
                else:
                    summary.unchanged += 1
            if summary.errors:
                raise _Rollback
            summary.closed = sum(1 for e in events if e.action == "update")
            if events:
                events.append(audit.Event("import", "standard_file", path.name, "",
                                          {"rows": summary.rows, "created": summary.created,
                                           "closed": summary.closed, "unchanged": summary.unchanged}))
                audit.record_many(actor or "system", events)
    except _Rollback:
        summary.created = summary.unchanged = summary.closed = 0
    return summary
