"""Writes of the indicators app, each one transaction with its permission check and audit:
- load_definitions: the plan-indicators file (CSV/XLSX; `seed` = the bundled data/plan_indicators.csv). A row is keyed
  by its code: loading again changes nothing, a changed row corrects the definition (audited); a file with any bad
  row — including a formula over a data element no app declares — writes nothing;
- submit_manual / decide_manual: a value entered by hand for a manual indicator, with its evidence (encrypted file
  store), approved or sent back by the county; an approved value becomes the indicator's value for that region and
  period (status against the target line as for computed ones)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db import transaction

from minzheng.core import audit, clock, filestore, regioncodes, roles, validation
from minzheng.core.data_elements import Period, elements
from minzheng.core.errors import Conflict, FieldError, Forbidden, NotFound, ValidationFailed
from minzheng.core.spreadsheets import RowError, UnreadableFile, iter_rows
from minzheng.indicators import codes, policy
from minzheng.indicators.models import Indicator, IndicatorValue, ManualValue
from minzheng.indicators.schemas import IndicatorIn, ManualIn

SEED = Path(__file__).with_name("data") / "plan_indicators.csv"
FIELDS = tuple(IndicatorIn.model_fields)
HEADERS = {(f.title or k): k for k, f in IndicatorIn.model_fields.items()}
EVIDENCE_LIMIT = 20 * 1024 * 1024
EVIDENCE_TYPES = {"application/pdf", "image/jpeg", "image/png"}


def _formula_errors(row: IndicatorIn) -> list[tuple[str, str]]:
    known = elements()
    out = []
    if row.kind in ("value", "ratio", "growth") and row.numerator not in known:
        out.append(("numerator", f"数据元“{row.numerator}”未由任何业务模块声明"))
    if row.kind == "ratio" and row.denominator not in known:
        out.append(("denominator", f"数据元“{row.denominator}”未由任何业务模块声明"))
    if row.kind == "standard" and "." not in row.numerator:
        out.append(("numerator", "保障标准应写作“项目.标准项”，如 dibao.standard"))
    return out


def load_definitions(actor, source: str | Path = "seed") -> dict:
    if actor is not None and not roles.has_perm(actor, "indicators.define"):
        raise Forbidden("规划指标由市级或县级民政部门设置")
    path = SEED if str(source) == "seed" else Path(source)
    if not path.exists():
        raise UnreadableFile(f"文件不存在：{path}")
    header, rows = iter_rows(path)
    keys = [HEADERS.get(h.strip(), h.strip()) for h in header]
    missing = [k for k in ("plan", "code", "name", "kind", "source") if k not in keys]
    if missing:
        raise UnreadableFile("规划指标文件缺少必需的列：" + "、".join(missing))
    good, errors, seen = [], [], set()
    for n, cells in enumerate(rows, start=2):
        if not any(c.strip() for c in cells):
            continue
        data = {k: (cells[i].strip() if i < len(cells) else "") for i, k in enumerate(keys) if k in FIELDS}
        data = {k: v for k, v in data.items() if v != "" or k in ("plan", "code", "name", "kind", "source")}
        try:
            row = validation.validate(IndicatorIn, data)
        except ValidationFailed as exc:
            errors += [RowError(n, IndicatorIn.model_fields[e.field].title if e.field in FIELDS else e.field,
                                str(data.get(e.field, ""))[:40], e.message) for e in exc.errors]
            continue
        problems = _formula_errors(row) + ([("code", "指标代码重复")] if row.code in seen else [])
        seen.add(row.code)
        if problems:
            errors += [RowError(n, IndicatorIn.model_fields[f].title, getattr(row, f), m) for f, m in problems]
            continue
        good.append(row)
    if errors:
        raise ValidationFailed([FieldError("file", e.text()) for e in errors[:50]])
    created = changed = unchanged = 0
    with transaction.atomic():
        events = []
        for row in good:
            values = row.model_dump(exclude={"code"})
            found = Indicator.objects.select_for_update().filter(code=row.code).first()
            if found is None:
                ind = Indicator.objects.create(code=row.code, **values)
                created += 1
                events.append(audit.Event("create", "indicator", ind.pk, "", {"code": [None, row.code],
                                                                              "name": [None, row.name]}))
                continue
            diff = {k: [str(getattr(found, k)), str(v)] for k, v in values.items() if getattr(found, k) != v}
            if not diff:
                unchanged += 1
                continue
            for k, v in values.items():
                setattr(found, k, v)
            found.save()
            changed += 1
            events.append(audit.Event("update", "indicator", found.pk, "", diff))
        audit.record_many(actor or "system", events)
    return {"file": "seed" if str(source) == "seed" else str(path), "rows": len(good), "created": created,
            "changed": changed, "unchanged": unchanged}


def submit_manual(actor, data: dict[str, Any], evidence=None) -> ManualValue:
    if not roles.has_perm(actor, "indicators.enter"):
        raise Forbidden("您的角色不能填报指标值")
    values = validation.validate(ManualIn, data)
    period = Period.parse(values.period)
    ind = Indicator.objects.filter(code=values.indicator).first()
    if ind is None:
        raise ValidationFailed.one("indicator", f"指标“{values.indicator}”不存在")
    if ind.kind != "manual":
        raise ValidationFailed.one("indicator", f"“{ind.name}”由系统计算，不能人工填报")
    if not regioncodes.in_subtree(values.region_code, actor.region_id):
        raise ValidationFailed.one("region_code", "只能填报本辖区（含下级）的指标值")
    if evidence is not None:
        head = next(evidence.chunks(16), b"")[:8]
        evidence.seek(0)
        if getattr(evidence, "content_type", "") not in EVIDENCE_TYPES or not (
                head.startswith((b"%PDF", b"\xff\xd8\xff", b"\x89PNG"))):
            raise ValidationFailed.one("evidence", "佐证材料应为 PDF、JPG 或 PNG 文件")
        if evidence.size > EVIDENCE_LIMIT:
            raise ValidationFailed.one("evidence", "佐证材料不能超过 20 MB")
    with transaction.atomic():
        stored = (filestore.save(evidence.chunks(), category="indicator_evidence", name=evidence.name[:100],
                                 actor=actor, region_code=values.region_code, content_type=evidence.content_type)
                  if evidence is not None else None)
        row = ManualValue.objects.create(indicator=ind, region_code=values.region_code, period=period.code,
                                         value=values.value, note=values.note,
                                         evidence_key=str(stored.pk) if stored else "", entered_by=actor)
        audit.record(actor, audit.Event("create", "manual_value", row.pk, values.region_code, {
            "indicator": [None, ind.name], "period": [None, period.code], "value": [None, str(values.value)],
            "evidence": [None, bool(stored)]}))
    return row


def decide_manual(actor, manual_id, approve: bool, note: str = "") -> ManualValue:
    if not roles.has_perm(actor, "indicators.approve"):
        raise Forbidden("填报值由县级及以上民政部门审核")
    if not approve and not note.strip():
        raise ValidationFailed.one("note", "退回须填写审核意见")
    with transaction.atomic():
        row = (ManualValue.objects.visible_to(actor).select_for_update().select_related("indicator")
               .filter(pk=manual_id).first())
        if row is None:
            raise NotFound()
        if row.status != "submitted":
            raise Conflict(f"该填报值已{codes.MANUAL_STATUS[row.status]}，不能重复审核")
        if row.entered_by_id == actor.pk:
            raise Forbidden("不能审核自己填报的指标值")
        row.status, row.decided_by, row.decision_note = ("approved" if approve else "rejected"), actor, note[:500]
        row.save()
        if approve:
            ind, period = row.indicator, Period.parse(row.period)
            expected = policy.target_for(period.year, ind.baseline_year, ind.baseline_value, ind.targets)
            IndicatorValue.objects.update_or_create(
                indicator=ind, region_code=row.region_code, period=period.code,
                defaults={"period_end": period.end, "value": row.value, "numerator": None, "denominator": None,
                          "target": expected, "status": policy.status(row.value, expected, ind.direction),
                          "source": "manual"})
        audit.record(actor, audit.Event("manual_approve" if approve else "manual_reject", "manual_value", row.pk,
                                        row.region_code, {"status": ["submitted", row.status],
                                                          "note": [None, row.decision_note],
                                                          "decided_on": [None, clock.today()]}))
    return row
