"""Policy as data: the tiers of each category, the visit plans and the minors-protection time limits, loaded from a
CSV/XLSX file (every row checked, all or nothing, row numbers in the Chinese errors) or from the bundled 示例 set for
a region and a start date (marked 示例值 in its 依据). Loading the same rows twice changes nothing. County only."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.db import transaction

from minzheng.children.models import Tier, TimeLimit, VisitPlan
from minzheng.children.schemas import LimitIn, PlanIn, TierIn
from minzheng.core import audit, regioncodes, roles, spreadsheets, validation
from minzheng.core.errors import FieldError, Forbidden, ValidationFailed

PERMISSION = "children.policy"
DATA = Path(__file__).resolve().parent.parent / "data"
KINDS = {
    # kind: (schema, model, key fields, value fields, example file, audit object)
    "tiers": (TierIn, Tier, ("category", "code", "region_code", "effective_from"), ("name", "rank", "source"),
              "example_tiers.csv", "child_tier"),
    "plans": (PlanIn, VisitPlan, ("category", "tier", "kind", "region_code", "effective_from"),
              ("every", "unit", "source"), "example_visit_plans.csv", "child_visit_plan"),
    "limits": (LimitIn, TimeLimit, ("step", "urgency", "region_code", "effective_from"), ("hours", "source"),
               "example_time_limits.csv", "minors_time_limit"),
}
LABELS = {"tiers": "儿童分级", "plans": "儿童走访计划", "limits": "未成年人保护办理时限"}


def _require(actor) -> None:
    if actor is not None and not roles.has_perm(actor, PERMISSION):
        raise Forbidden("儿童分级、走访计划和办理时限由县级民政部门设置")


def load_rows(actor, kind: str, rows: list[dict[str, Any]]) -> dict[str, int]:
    """Validate every row, then write them in one transaction: {"created": n, "updated": n}."""
    _require(actor)
    schema, model, keys, values, _, object_type = KINDS[kind]
    checked, errors = [], []
    for n, row in enumerate(rows, start=2):
        try:
            d = validation.validate(schema, row)
        except ValidationFailed as exc:
            errors += [FieldError(f"row{n}.{e.field}", f"第{n}行：{e.message}") for e in exc.errors]
            continue
        if actor is not None and not regioncodes.in_subtree(d.region_code, actor.region_id) and \
                not regioncodes.in_subtree(actor.region_id, d.region_code):
            errors.append(FieldError(f"row{n}.region_code", f"第{n}行：区划不在本辖区"))
            continue
        checked.append(d)
    if errors:
        raise ValidationFailed(errors)
    if actor is not None and any(not regioncodes.in_subtree(d.region_code, actor.region_id) for d in checked):
        raise ValidationFailed.one("region_code", "只能设置本辖区（含下级）的政策数据")
    created = updated = 0
    with transaction.atomic():
        for d in checked:
            row, made = model.objects.update_or_create(**{k: getattr(d, k) for k in keys},
                                                       defaults={v: getattr(d, v) for v in values})
            created += made
            updated += not made
            audit.record(actor or "system", audit.Event("create" if made else "update", object_type, row.pk,
                                                        d.region_code, {v: [None, getattr(d, v)] for v in values}))
    return {"created": created, "updated": updated}


def load_file(actor, kind: str, source, name: str | None = None) -> dict[str, int]:
    header, rows = spreadsheets.iter_rows(source, name)
    return load_rows(actor, kind, [dict(zip(header, r, strict=False)) for r in rows if any(r)])


def load_examples(actor, region_code: str, effective_from: dt.date, kinds=tuple(KINDS)) -> dict[str, dict]:
    """The bundled 示例 set for a region from a date (the 依据 of each row says 示例值)."""
    _require(actor)
    out = {}
    for kind in kinds:
        header, rows = spreadsheets.iter_rows(DATA / KINDS[kind][4])
        out[kind] = load_rows(actor, kind, [{**dict(zip(header, r, strict=False)), "region_code": region_code,
                                             "effective_from": effective_from.isoformat()} for r in rows if any(r)])
    return out
