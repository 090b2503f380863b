"""Signal rules: add or correct one (the rules page, the API) and load a file (`minzheng monitor rules load FILE|demo`).
A row is keyed by (signal, region, effective date): loading the same row again changes nothing; a row with the same
key and other values corrects it (audited with the old and new values). A file with any bad row writes nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db import transaction

from minzheng.core import audit, regioncodes, roles, validation
from minzheng.core.errors import FieldError, Forbidden, ValidationFailed
from minzheng.core.models import Region
from minzheng.core.spreadsheets import RowError, UnreadableFile, iter_rows
from minzheng.monitoring import rules as R
from minzheng.monitoring.models import SignalRule
from minzheng.monitoring.schemas import RuleIn

FIELDS = ("effective_to", "window_months", "threshold", "weight", "layers", "enabled", "source")


def require_editor(actor) -> None:
    if actor is not None and not roles.has_perm(actor, "monitoring.rules"):
        raise Forbidden("您的角色不能设置预警规则（由县级民政部门设置）")


def _check_region(actor, rule: RuleIn, known: set[str] | None = None) -> list[FieldError]:
    exists = rule.region_code in known if known is not None else Region.objects.filter(code=rule.region_code).exists()
    if not exists:
        return [FieldError("region_code", f"区划代码 {rule.region_code} 不存在")]
    if actor is not None and not regioncodes.in_subtree(rule.region_code, actor.region_id):
        return [FieldError("region_code", "只能设置本辖区（含下级）的预警规则")]
    return []


def _values(rule: RuleIn) -> dict[str, Any]:
    return {"effective_to": rule.effective_to, "window_months": rule.window_months, "threshold": rule.threshold,
            "weight": rule.weight, "layers": list(rule.layers), "enabled": rule.enabled, "source": rule.source}


def _write(actor, rules: list[RuleIn]) -> dict[str, int]:
    """Insert or correct the rows (inside the caller's transaction); counts."""
    created = changed = unchanged = 0
    events = []
    for rule in rules:
        row = SignalRule.objects.select_for_update().filter(code=rule.code, region_code=rule.region_code,
                                                            effective_from=rule.effective_from).first()
        values = _values(rule)
        if row is None:
            row = SignalRule.objects.create(code=rule.code, region_code=rule.region_code,
                                            effective_from=rule.effective_from,
                                            created_by=actor if getattr(actor, "pk", None) else None, **values)
            created += 1
            events.append(audit.Event("create", "signal_rule", row.pk, rule.region_code, {
                "code": [None, rule.code], "effective_from": [None, rule.effective_from],
                **{k: [None, v] for k, v in values.items()}}))
            continue
        diff = {k: [getattr(row, k), v] for k, v in values.items() if getattr(row, k) != v}
        if not diff:
            unchanged += 1
            continue
        for k, (_, v) in diff.items():
            setattr(row, k, v)
        row.save()
        changed += 1
        events.append(audit.Event("update", "signal_rule", row.pk, rule.region_code, diff))
    audit.record_many(actor or "system", events)
    return {"created": created, "changed": changed, "unchanged": unchanged}


def save_rule(actor, data: dict[str, Any]) -> SignalRule:
    """Add a rule or correct the one with the same signal, region and effective date."""
    require_editor(actor)
    rule = validation.validate(RuleIn, data)
    errors = _check_region(actor, rule)
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        _write(actor, [rule])
    return SignalRule.objects.get(code=rule.code, region_code=rule.region_code, effective_from=rule.effective_from)


def _title(field: str) -> str:
    found = RuleIn.model_fields.get(field)
    return (found.title if found is not None and found.title else field) or field


def load_file(actor, source: str | Path) -> dict:
    """Load a CSV/XLSX of rules (headers: the keys or their Chinese names); `demo` loads the bundled 示例 set.
    Every bad cell is reported (第 N 行 [列] “值”：原因) and then nothing is written."""
    require_editor(actor)
    path = R.DEMO_RULES if str(source) == "demo" else Path(source)
    if not path.exists():
        raise UnreadableFile(f"文件不存在：{path}")
    header, rows = iter_rows(path)
    keys = [R.HEADERS.get(h.strip(), h.strip()) for h in header]
    missing = [c for c in ("code", "region_code", "effective_from", "source") if c not in keys]
    if missing:
        raise UnreadableFile("预警规则文件缺少必需的列：" + "、".join(missing))
    known = set(Region.objects.values_list("code", flat=True))
    good, errors = [], []
    for n, cells in enumerate(rows, start=2):
        if not any(c.strip() for c in cells):
            continue
        data = {k: (cells[i].strip() if i < len(cells) else "") for i, k in enumerate(keys) if k in R.COLUMNS}
        data = {k: v for k, v in data.items() if v != "" or k in ("code", "region_code", "effective_from", "source")}
        try:
            rule = validation.validate(RuleIn, data)
        except ValidationFailed as exc:
            errors += [RowError(n, _title(e.field), str(data.get(e.field, ""))[:40], e.message) for e in exc.errors]
            continue
        problems = _check_region(actor, rule, known)
        if problems:
            errors += [RowError(n, _title(e.field), rule.region_code, e.message) for e in problems]
            continue
        good.append(rule)
    if errors:
        raise ValidationFailed([FieldError("file", e.text()) for e in errors[:50]])
    if not good:
        raise ValidationFailed.one("file", "文件没有数据行")
    with transaction.atomic():
        counts = _write(actor, good)
        audit.record(actor or "system", audit.Event("rules_load", "signal_rule", "", "", {
            "file": [None, "demo" if str(source) == "demo" else path.name], "rows": [None, len(good)], **{
                k: [None, v] for k, v in counts.items()}}))
    return {"file": "demo" if str(source) == "demo" else str(path), "rows": len(good), **counts}
