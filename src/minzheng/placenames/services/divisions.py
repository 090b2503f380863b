"""Division changes (`minzheng region change FILE.json --dry-run|--apply`) and change proposals (R-L-31).

A change request `{"type": "merge"|"split"|"rename", "from": [codes], "into": code, "name"?, "effective_from",
"document"}` becomes a plan — old code → new code for every region it touches, fixed on the first run and stored
on the DivisionChange — and then steps, each one audited transaction, recorded as done so an interrupted run resumes
where it stopped:

1. `regions`: the new codes are created (valid from the effective date), renamed regions renamed, each old code
   recorded in RegionSuccession (old codes stay resolvable: `selectors.resolve_code`); place names follow;
2. one step per column that holds a region code, found through Django's model meta on every installed app — every
   ForeignKey to core.Region and every 12-character `region_code`/`*_region_code` column (people, households,
   cases, entitlements, payroll townships, …): one set-based `UPDATE … SET col = CASE col WHEN old THEN new … END
   WHERE col IN (olds)`;
3. `expire`: the old codes get their last valid day (the day before the change takes effect).

A row whose new code would repeat a unique key (the two townships' payrolls of the same month and program) stays
under its old code — a record of the township that made it, still found through the old code.

Merge: every region in `from` other than `into` (townships or villages) is merged into `into`; the villages of a
merged township are renumbered under `into` after its highest village number. Split: the villages in `from` move to
township `into` (new or existing). Rename: `into` equal to the code renames in place; another code re-codes the
region and its villages (same village numbers under the new prefix). `into` may be new (`name` required).
Boundary adjustment (`boundary`, 边界调整): the villages (or townships) in `from` move, with everything under them,
to the existing region `into` one level up (another township or county); each gets the next free code there.
Level change (`level`, 级别变更: 撤县设市, 撤乡设镇, 撤镇设街道, …; `level_kind` from codes.LEVEL_KINDS): one region
renamed with the generic part of its new kind (岱山县 → 岱山市), in place or re-coded like a rename.
An optional `"proposal": id` ties the change to its approved proposal (R-L-31: the four artefacts were done before
submission; the change is refused unless the proposal is approved and of the same kind) and records it there.

Region outlines (RegionGeometry) follow the territory: a region re-coded (renamed, split off, moved) keeps its
outline under the new code; a merge adds the merged outline to the receiving region's (MultiPolygon); a boundary
adjustment marks the two parents' outlines for redrawing (行政区划图更新).

The audit chain (AuditEntry) is never rewritten: it keeps the codes as they were."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from dataclasses import dataclass
from typing import Annotated, Any

from django.apps import apps
from django.db import IntegrityError, models, transaction
from django.db.models import Case, Q, Value, When
from ninja import Schema
from pydantic import BeforeValidator, Field

from minzheng.benefits.schemas.fields import rule
from minzheng.core import audit, clock, regioncodes, roles, validation
from minzheng.core.errors import Conflict, Forbidden, ValidationFailed
from minzheng.core.models import Region
from minzheng.placenames import codes
from minzheng.placenames.models import (
    DivisionChange,
    DivisionProposal,
    PlaceName,
    RegionGeometry,
    RegionSuccession,
)
from minzheng.placenames.services import places

DIVISION = "placenames.division"
SKIP = {"core.auditentry", "core.audithead", "core.region", "placenames.divisionchange",
        "placenames.regionsuccession", "placenames.regiongeometry"}  # outlines follow the territory (step 1)
SKIP_FIELDS = {("placenames.placename", "names_region_id")}  # follows the plan by name (step 1), not blindly
SUMMARY = {"persons": "registry.person", "households": "registry.household", "cases": "benefits.case",
           "entitlements": "benefits.entitlement"}


def _codes(value):
    if not isinstance(value, list) or not 1 <= len(value) <= 200:
        raise rule("应为 1–200 个区划代码的列表")
    out = []
    for v in value:
        try:
            out.append(regioncodes.normalize(v))
        except regioncodes.RegionCodeError as exc:
            raise rule(str(exc)) from None
    return out


class ChangeIn(Schema):
    type: validation.choice(codes.CHANGE_TYPES, "调整类型") = Field(..., title="调整类型")
    from_: Annotated[list[str], BeforeValidator(_codes)] = Field(..., alias="from", title="调整前区划")
    into: validation.RegionCode = Field(..., title="调整后区划")
    name: validation.Text[100] = Field("", title="调整后名称")
    effective_from: validation.Day = Field(..., title="生效日期")
    document: Annotated[validation.Text[2000], validation.Filled] = Field(..., title="批准文件")
    level_kind: validation.choice(codes.LEVEL_KINDS, "级别变更类型") | None = Field(None, title="级别变更类型")
    proposal: validation.Id | None = Field(None, title="区划调整方案")


@dataclass(frozen=True)
class Target:
    label: str  # "registry.person"
    model: Any
    column: str  # attname: "region_id", "region_code"


def _holds_code(f) -> bool:
    """A ForeignKey to core.Region, or a 12-character region-code column by the platform's naming."""
    if f.is_relation:
        return f.related_model is Region
    return (isinstance(f, models.CharField) and f.max_length == 12
            and (f.name == "region_code" or f.name.endswith("_region_code")))


def targets() -> list[Target]:
    """Every column that holds a region code, in every installed app (Django's model meta)."""
    out = []
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in SKIP or model._meta.proxy or not model._meta.managed:
            continue
        for f in model._meta.concrete_fields:
            if (label, f.attname) in SKIP_FIELDS:
                continue
            if _holds_code(f):
                out.append(Target(label, model, f.attname))
    return out


def request_key(d: ChangeIn) -> str:
    fields = {"type": d.type, "from": sorted(d.from_), "into": d.into, "name": d.name,
              "effective_from": d.effective_from.isoformat(), "document": d.document}
    # only when given: the keys of changes stored before these fields existed stay the same
    fields.update({k: v for k, v in (("level_kind", d.level_kind), ("proposal", d.proposal)) if v})
    canonical = json.dumps(fields, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(canonical.encode()).hexdigest()


# ---- the plan -------------------------------------------------------------------------------------------------------


def _suffix_width(level: str) -> tuple[int, int]:
    """Where a child's own number sits in a code of `level`'s children: (start, end)."""
    i = regioncodes.LEVELS.index(level)
    return regioncodes.LEVEL_LENGTH[level], regioncodes.LEVEL_LENGTH[regioncodes.LEVELS[i + 1]]


def _allocator(parent: str):
    """Next free child numbers under `parent` (codes of expired children stay taken: old codes stay resolvable)."""
    level = regioncodes.level_of(parent)
    start, end = _suffix_width(level)
    p = regioncodes.prefix(parent)
    taken = {int(c[start:end]) for c in Region.objects.filter(**regioncodes.subtree_lookup("code", parent))
             .values_list("code", flat=True) if c != parent and regioncodes.parent_code(c) == parent}
    n = max(taken, default=0)

    def nxt() -> str:
        nonlocal n
        n += 1
        if n >= 10 ** (end - start):
            raise Conflict(f"{parent} 下已无可用的区划代码")
        return (p + str(n).zfill(end - start)).ljust(12, "0")
    return nxt


def make_plan(d: ChangeIn) -> list[list[str]]:
    """[[old, new, name, parent], …] — old "" creates `new`; old == new renames in place."""
    known = {r.code: r for r in Region.objects.filter(code__in=[*d.from_, d.into])}
    missing = [c for c in d.from_ if c not in known]
    if missing:
        raise ValidationFailed.one("from", "区划不存在：" + "、".join(missing))
    expired = [c for c in d.from_ if known[c].valid_to is not None]
    if expired:
        raise ValidationFailed.one("from", "区划已停用（已调整过）：" + "、".join(expired))
    into = known.get(d.into)
    plan: list[list[str]] = []
    if into is None:
        if not d.name:
            raise ValidationFailed.one("name", "调整后区划是新代码，须填写名称")
        parent = regioncodes.parent_code(d.into)
        if parent is None or not Region.objects.filter(code=parent).exists():
            raise ValidationFailed.one("into", f"上级区划 {parent} 不存在")
        plan.append(["", d.into, d.name, parent])
    elif d.name and d.name != into.name and d.type != "split":
        plan.append([d.into, d.into, d.name, into.parent_id or ""])
    into_level = regioncodes.level_of(d.into)
    if d.type == "level":
        _check_level(d, known)
    if d.type == "boundary":
        return plan + _boundary_plan(d, into)
    if d.type in ("rename", "level"):
        if len(d.from_) != 1:
            raise ValidationFailed.one("from", "更名只能针对一个区划")
        old = d.from_[0]
        if old == d.into:
            if not d.name or d.name == known[old].name:
                raise ValidationFailed.one("name", "须填写与现名称不同的新名称")
            return plan
        if not d.name:
            raise ValidationFailed.one("name", "须填写调整后名称")
        if into is not None:
            raise ValidationFailed.one("into", f"区划代码 {d.into} 已被使用")
        if regioncodes.level_of(old) != into_level:
            raise ValidationFailed.one("into", "新代码应与原区划同级")
        old_p, new_p = regioncodes.prefix(old), regioncodes.prefix(d.into)
        plan.append([old, d.into, d.name, regioncodes.parent_code(d.into)])
        for code, name, parent in (Region.objects.filter(**regioncodes.subtree_lookup("code", old))
                                   .exclude(code=old).filter(valid_to__isnull=True)
                                   .order_by("code").values_list("code", "name", "parent_id")):
            plan.append([code, new_p + code[len(old_p):], name, new_p + parent[len(old_p):]])
        return plan
    if d.type == "merge":
        levels = {regioncodes.level_of(c) for c in d.from_}
        if levels != {into_level} or into_level not in ("township", "village"):
            raise ValidationFailed.one("from", "合并的区划应与调整后区划同级（乡镇或村）")
        sources = [c for c in d.from_ if c != d.into]
        if not sources:
            raise ValidationFailed.one("from", "没有要并入的区划")
        nxt = _allocator(d.into) if into_level == "township" else None
        for old in sources:
            plan.append([old, d.into, d.name or (into.name if into else d.name), regioncodes.parent_code(d.into)])
            if nxt is None:
                continue
            for code, name in (Region.objects.filter(parent_id=old, valid_to__isnull=True).order_by("code")
                               .values_list("code", "name")):
                plan.append([code, nxt(), name, d.into])
        return plan
    # split: villages move to township `into`
    if into_level != "township" or {regioncodes.level_of(c) for c in d.from_} != {"village"}:
        raise ValidationFailed.one("from", "拆分：将所列村(社区)划入调整后的乡镇(街道)")
    inside = [c for c in d.from_ if regioncodes.parent_code(c) == d.into]
    if inside:
        raise ValidationFailed.one("from", "已属于调整后乡镇：" + "、".join(inside))
    nxt = _allocator(d.into)
    plan.extend([old, nxt(), known[old].name, d.into] for old in sorted(d.from_))
    return plan


def _check_level(d: ChangeIn, known: dict) -> None:
    """级别变更: one region of the level the kind applies to, renamed with the new kind's generic part."""
    if not d.level_kind:
        raise ValidationFailed.one("level_kind", "级别变更须填写变更类型：" + "、".join(codes.LEVEL_KINDS.values()))
    if len(d.from_) != 1:
        raise ValidationFailed.one("from", "级别变更只能针对一个区划")
    label, wanted = codes.LEVEL_KINDS[d.level_kind], codes.LEVEL_OF_KIND[d.level_kind]
    if regioncodes.level_of(d.from_[0]) != wanted:
        raise ValidationFailed.one("from", f"{label}应针对{regioncodes.LEVEL_LABEL[wanted]}级区划")
    suffixes = codes.LEVEL_SUFFIXES[d.level_kind]
    if not d.name or not d.name.endswith(suffixes) or len(d.name) <= min(len(x) for x in suffixes):
        raise ValidationFailed.one("name", f"{label}后的名称应以“{'”或“'.join(suffixes)}”结尾")
    if known[d.from_[0]].name == d.name:
        raise ValidationFailed.one("name", "须填写与现名称不同的新名称")


def _boundary_plan(d: ChangeIn, into) -> list[list[str]]:
    """边界调整: the regions in `from` (same level) move with their subtrees under the existing region `into`, one
    level up; each takes the next free code there, its children keep their numbers under the new prefix."""
    if into is None or into.valid_to is not None:
        raise ValidationFailed.one("into", "边界调整：划入的区划应为现行区划")
    levels = {regioncodes.level_of(c) for c in d.from_}
    into_level = regioncodes.level_of(d.into)
    if len(levels) != 1 or into_level == "village" or \
            regioncodes.LEVELS.index(next(iter(levels))) != regioncodes.LEVELS.index(into_level) + 1:
        raise ValidationFailed.one("from", "边界调整：所列区划应同级，并比划入的区划低一级（如村划入另一乡镇）")
    inside = [c for c in d.from_ if regioncodes.parent_code(c) == d.into]
    if inside:
        raise ValidationFailed.one("from", "已属于划入的区划：" + "、".join(inside))
    nxt, plan = _allocator(d.into), []
    for old in sorted(d.from_):
        new = nxt()
        plan.append([old, new, Region.objects.get(code=old).name, d.into])
        old_p, new_p = regioncodes.prefix(old), regioncodes.prefix(new)
        for code, name, parent in (Region.objects.filter(**regioncodes.subtree_lookup("code", old))
                                   .exclude(code=old).filter(valid_to__isnull=True)
                                   .order_by("code").values_list("code", "name", "parent_id")):
            plan.append([code, new_p + code[len(old_p):], name, new_p + parent[len(old_p):]])
    return plan


def _check_proposal(d: ChangeIn) -> DivisionProposal | None:
    """The approved proposal the change carries out (R-L-31: its four artefacts were done before submission)."""
    if not d.proposal:
        return None
    row = DivisionProposal.objects.filter(pk=d.proposal).first()
    if row is None:
        raise ValidationFailed.one("proposal", f"区划调整方案 #{d.proposal} 不存在")
    if row.state not in ("approved", "done"):
        raise Conflict(f"区划调整方案“{row.title}”{codes.PROPOSAL_STATES[row.state]}，批准后方可执行")
    if row.kind != d.type:
        raise ValidationFailed.one("proposal", f"方案的调整类型为“{codes.PROPOSAL_KINDS[row.kind]}”，与本次调整不符")
    if row.change_id is not None and row.change.key != request_key(d):
        raise Conflict(f"区划调整方案“{row.title}”已由另一次区划调整执行")
    return row


def _moves(plan) -> dict[str, str]:
    return {old: new for old, new, _, _ in plan if old and old != new}


# ---- counting and moving ---------------------------------------------------------------------------------------------


def _summary(mapping: dict[str, str]) -> dict[str, int]:
    olds = list(mapping)
    out = {}
    for key, label in SUMMARY.items():
        try:
            model = apps.get_model(label)
        except LookupError:
            out[key] = 0
            continue
        cols = [t.column for t in targets() if t.label == label]
        q = Q()
        for col in cols:
            q |= Q(**{f"{col}__in": olds})
        out[key] = model._base_manager.filter(q).count() if cols and olds else 0
    return out


def _unique_sets(model, column: str) -> list[tuple[str, ...]]:
    """The unique field sets of `model` that include `column` (as attnames)."""
    meta = model._meta
    sets = [tuple(t) for t in meta.unique_together]
    sets += [tuple(c.fields) for c in meta.constraints if isinstance(c, models.UniqueConstraint) and c.fields]
    out = []
    for fields in sets:
        attnames = tuple(meta.get_field(f).attname for f in fields)
        if column in attnames:
            out.append(attnames)
    return out


def _colliding(target: Target, mapping: dict[str, str]) -> set:
    """Rows that cannot move because the new code would repeat a unique key (two townships' payrolls of the same
    month): they stay under the old code, which stays resolvable for history and reports."""
    stay: set = set()
    manager = target.model._base_manager
    for fields in _unique_sets(target.model, target.column):
        i = fields.index(target.column)
        taken = set(manager.filter(**{f"{target.column}__in": list(set(mapping.values()))})
                    .exclude(**{f"{target.column}__in": list(mapping)}).values_list(*fields))
        for row in manager.filter(**{f"{target.column}__in": list(mapping)}).order_by("pk").values_list("pk", *fields):
            key = list(row[1:])
            key[i] = mapping[key[i]]
            if tuple(key) in taken:
                stay.add(row[0])
            else:
                taken.add(tuple(key))
    return stay


def _update(target: Target, mapping: dict[str, str]) -> int:
    olds = list(mapping)
    whens = [When(**{target.column: old}, then=Value(new)) for old, new in mapping.items()]
    qs = target.model._base_manager.filter(**{f"{target.column}__in": olds})
    stay = _colliding(target, mapping)
    if stay:
        qs = qs.exclude(pk__in=stay)
    return qs.update(**{target.column: Case(*whens, output_field=models.CharField())})


def dry_run(data: dict[str, Any]) -> dict[str, Any]:
    started = time.perf_counter()
    d = validation.validate(ChangeIn, data)
    _check_proposal(d)
    existing = DivisionChange.objects.filter(key=request_key(d)).first()
    plan = existing.plan if existing else make_plan(d)
    mapping = _moves(plan)
    if existing and existing.state == "applied":
        mapping = {}
    counts = {"regions": len(plan) if not (existing and existing.state == "applied") else 0, **_summary(mapping)}
    return {**counts, "seconds": round(time.perf_counter() - started, 3)}


def _step(actor, change: DivisionChange, name: str, work) -> Any:
    """One audited transaction; the step is recorded as done in the same transaction (resumable)."""
    with transaction.atomic():
        change = DivisionChange.objects.select_for_update().get(pk=change.pk)
        if name in change.steps_done:
            return None
        try:
            result = work()
        except IntegrityError as exc:
            raise Conflict(f"区划调整步骤“{name}”违反唯一性约束，未执行（{exc}）；处理后重新运行即可续做") from None
        change.steps_done = [*change.steps_done, name]
        change.counts = {**change.counts, name: result}
        change.save(update_fields=["steps_done", "counts"])
        audit.record(actor, audit.Event("division_step", "division_change", change.pk, change.region_code,
                                        {"step": [None, name], "rows": [None, result]}))
    return result


def apply(actor, data: dict[str, Any], fail_after: str | None = None) -> dict[str, Any]:
    """Apply (or resume) a change. `fail_after` (tests only) stops after the named step, as a crash would."""
    if actor is not None and not roles.has_perm(actor, DIVISION):
        raise Forbidden("您的角色不能执行区划调整")
    started = time.perf_counter()
    d = validation.validate(ChangeIn, data)
    if actor is not None:  # the one scoping rule: only regions within the actor's own
        outside = [c for c in [*d.from_, d.into] if not regioncodes.in_subtree(c, actor.region_id)]
        if outside:
            raise Forbidden(f"区划调整涉及您管辖范围以外的区划：{'、'.join(outside)}")
    if d.effective_from > clock.today():
        raise Conflict(f"调整自 {d.effective_from} 起生效，生效日前不能执行")
    key = request_key(d)
    change = DivisionChange.objects.filter(key=key).first()
    proposal = _check_proposal(d)
    if change is None:
        plan = make_plan(d)
        with transaction.atomic():
            change = DivisionChange.objects.create(
                key=key, change_type=d.type, request=_request_json(d), plan=plan, effective_from=d.effective_from,
                document=d.document, state="running",
                region_code=regioncodes.parent_code(d.into) or d.into)
            audit.record(actor, audit.Event("division_change", "division_change", change.pk, change.region_code, {
                "type": [None, codes.CHANGE_TYPES[d.type]], "from": [None, ",".join(d.from_)],
                "into": [None, d.into], "document": [None, d.document]}))
    if change.state == "applied":
        return {"regions": 0, "persons": 0, "households": 0, "cases": 0, "entitlements": 0,
                "seconds": round(time.perf_counter() - started, 3)}
    mapping = _moves(change.plan)
    summary = _summary(mapping)
    created = _step(actor, change, "regions", lambda: _regions_step(actor, change))
    if fail_after == "regions":
        raise RuntimeError("stopped after regions (test)")
    for t in targets():
        if mapping:
            _step(actor, change, f"move:{t.label}.{t.column}", lambda t=t: _update(t, mapping))
    _step(actor, change, "expire", lambda: Region.objects.filter(code__in=list(mapping), valid_to__isnull=True)
          .update(valid_to=change.effective_from - dt.timedelta(days=1)))
    DivisionChange.objects.filter(pk=change.pk).update(state="applied", finished_at=clock.now())
    if proposal is not None and proposal.change_id is None:
        with transaction.atomic():
            DivisionProposal.objects.filter(pk=proposal.pk).update(change=change)
            audit.record(actor, audit.Event("update", "division_proposal", proposal.pk, proposal.region_id,
                                            {"change": [None, f"区划调整 #{change.pk} 已执行"]}))
    regions_count = len(change.plan) if created is not None else 0
    return {"regions": regions_count, **summary, "seconds": round(time.perf_counter() - started, 3)}


def _request_json(d: ChangeIn) -> dict:
    out = {"type": d.type, "from": d.from_, "into": d.into, "name": d.name,
           "effective_from": d.effective_from.isoformat(), "document": d.document}
    out.update({k: v for k, v in (("level_kind", d.level_kind), ("proposal", d.proposal)) if v})
    return out


def _regions_step(actor, change: DivisionChange) -> int:
    eff = change.effective_from
    source = f"区划调整：{change.document}"[:200]
    plan = sorted(change.plan, key=lambda r: len(regioncodes.prefix(r[1])))  # parents first
    have = set(Region.objects.filter(code__in=[r[1] for r in plan]).values_list("code", flat=True))
    old_names = dict(Region.objects.filter(code__in=[r[0] for r in plan if r[0]]).values_list("code", "name"))
    new, events = [], []
    for old, code, name, parent in plan:
        if code not in have:
            new.append(Region(code=code, name=name, level=regioncodes.level_of(code), parent_id=parent or None,
                              valid_from=eff, source=source))
            have.add(code)
            events.append(audit.Event("create", "region", code, code, {"name": [None, name], "from": [None, old]}))
    Region.objects.bulk_create(new)
    today = clock.today()
    for old, code, name, _ in plan:
        if old and old == code and old_names.get(old) != name:
            Region.objects.filter(code=old).update(name=name)
            events.append(audit.Event("update", "region", old, old, {"name": [old_names.get(old), name]}))
            for place in PlaceName.objects.select_for_update().filter(names_region_id=old):
                places.rename_locked(place, name, today, note=f"区划更名（{change.document[:100]}）")
    moves = [(old, code, name) for old, code, name, _ in plan if old and old != code]
    RegionSuccession.objects.bulk_create(
        [RegionSuccession(old_code=old, new_code=code, old_name=old_names.get(old, ""), change=change,
                          effective_from=eff) for old, code, _ in moves], ignore_conflicts=True)
    # A region merged away leaves a historical name; a region re-coded keeps its place name (renamed with it when a
    # rename or level change gives it a new name: the old name stays as a historical name).
    absorbed = {old for old, code, _ in moves if change.change_type == "merge" and code == change.request["into"]}
    for old, code, name in moves:
        if old in absorbed:
            PlaceName.objects.filter(names_region_id=old).update(status="historical")
            continue
        if old_names.get(old) != name:
            for place in PlaceName.objects.select_for_update().filter(names_region_id=old):
                places.rename_locked(place, name, today, note=f"区划调整（{change.document[:100]}）")
        PlaceName.objects.filter(names_region_id=old).update(names_region_id=code)
    events += _outlines_step(change, moves, absorbed)
    audit.record_many(actor or "system", events)
    return len(new)


def _union(a: dict, b: dict) -> dict:
    """Two outlines as one MultiPolygon (the merged territory; shared edges are drawn inside it)."""
    def parts(g):
        return [g["coordinates"]] if g["type"] == "Polygon" else list(g["coordinates"])
    return {"type": "MultiPolygon", "coordinates": parts(a) + parts(b)}


def _outlines_step(change: DivisionChange, moves, absorbed: set) -> list:
    """Region outlines follow the territory (inside the regions step's transaction)."""
    olds = [old for old, _, _ in moves]
    own = {g.region_id: g for g in RegionGeometry.objects.select_for_update().filter(
        region_id__in=[*olds, *(code for _, code, _ in moves), change.request["into"]])}
    source = f"区划调整：{change.document}"[:200]
    events, review = [], set()
    for old, code, _ in moves:
        outline = own.get(old)
        if old in absorbed:
            target = own.get(code)
            if outline is not None and target is not None:
                target.geometry, target.source = _union(target.geometry, outline.geometry), source
                target.save(update_fields=["geometry", "source", "updated_at"])
                events.append(audit.Event("update", "region_geometry", code, code, {"merged": [None, old]}))
            else:
                review.add(code)
        elif outline is not None and code not in own:
            own[code] = RegionGeometry.objects.create(region_id=code, geometry=outline.geometry, source=source,
                                                      state=outline.state)
            events.append(audit.Event("create", "region_geometry", code, code, {"from": [None, old]}))
    if change.change_type in ("boundary", "split"):
        for old, code, _ in moves:
            if regioncodes.parent_code(old) not in olds:  # the regions moved themselves, not their children
                review.update({regioncodes.parent_code(old), regioncodes.parent_code(code)})
    marked = RegionGeometry.objects.filter(region_id__in=[c for c in review if c]).exclude(state="review")
    events.extend(audit.Event("update", "region_geometry", code, code,
                              {"state": [codes.GEOMETRY_STATES["current"], codes.GEOMETRY_STATES["review"]]})
                  for code in marked.values_list("region_id", flat=True))
    marked.update(state="review")
    return events


# ---- proposals (R-L-31) ----------------------------------------------------------------------------------------------


class ProposalIn(Schema):
    title: Annotated[validation.Text[200], validation.Filled] = Field(..., title="方案名称")
    kind: validation.choice(codes.PROPOSAL_KINDS, "调整类型") = Field(..., title="调整类型")
    region_code: validation.RegionCode = Field(..., title="涉及区划")
    summary: Annotated[validation.Text[4000], validation.Filled] = Field(..., title="方案内容")


class ArtefactIn(Schema):
    artefact: validation.choice({**codes.ARTEFACTS, **codes.AFTER_STEPS}, "材料或工作") = Field(
        ..., title="材料或工作")
    done_on: validation.Day = Field(..., title="完成日期")
    note: Annotated[validation.Text[1000], validation.Filled] = Field(..., title="结论或说明")


def create_proposal(actor, data: dict[str, Any]) -> DivisionProposal:
    if not roles.has_perm(actor, DIVISION):
        raise Forbidden("您的角色不能拟订区划调整方案")
    d = validation.validate(ProposalIn, data)
    places._check_region(actor, d.region_code)
    with transaction.atomic():
        row = DivisionProposal.objects.create(title=d.title, kind=d.kind, region_id=d.region_code, summary=d.summary)
        audit.record(actor, audit.Event("create", "division_proposal", row.pk, row.region_id,
                                        {"title": [None, d.title]}))
    return row


def record_artefact(actor, proposal_id, data: dict[str, Any]) -> DivisionProposal:
    if not roles.has_perm(actor, DIVISION):
        raise Forbidden("您的角色不能登记区划调整材料")
    d = validation.validate(ArtefactIn, data)
    from minzheng.placenames import selectors

    with transaction.atomic():
        row = selectors.get_proposal(actor, proposal_id, "change")
        row = DivisionProposal.objects.select_for_update().get(pk=row.pk)
        entry = {"done_on": d.done_on.isoformat(), "note": d.note}
        if d.artefact in codes.ARTEFACTS:
            if row.state != "draft":
                raise Conflict("方案已上报，报批前材料不能再修改")
            row.artefacts = {**row.artefacts, d.artefact: entry}
        else:
            if row.state not in ("approved", "done"):
                raise Conflict("方案批准后方可登记批准后工作")
            row.after_steps = {**row.after_steps, d.artefact: entry}
            if set(row.after_steps) >= set(codes.AFTER_STEPS):
                row.state = "done"
        row.save(update_fields=["artefacts", "after_steps", "state"])
        label = {**codes.ARTEFACTS, **codes.AFTER_STEPS}[d.artefact]
        audit.record(actor, audit.Event("update", "division_proposal", row.pk, row.region_id,
                                        {label: [None, f"{d.done_on} {d.note}"]}))
    return row


def missing_artefacts(row: DivisionProposal) -> list[str]:
    return [label for code, label in codes.ARTEFACTS.items() if code not in (row.artefacts or {})]


def advance_proposal(actor, proposal_id, to: str, document: str = "") -> DivisionProposal:
    """draft → submitted (only with the four artefacts, R-L-31) → approved (with the approval document)."""
    if not roles.has_perm(actor, DIVISION):
        raise Forbidden("您的角色不能上报或登记批准区划调整方案")
    from minzheng.placenames import selectors

    today = clock.today()
    with transaction.atomic():
        row = selectors.get_proposal(actor, proposal_id, "change")
        row = DivisionProposal.objects.select_for_update().get(pk=row.pk)
        before = row.state
        if to == "submitted":
            if row.state != "draft":
                raise Conflict("方案已上报")
            missing = missing_artefacts(row)
            if missing:
                raise Conflict("上报前须完成：" + "、".join(missing) + "（R-L-31）")
            row.state, row.submitted_on = "submitted", today
        elif to == "approved":
            if row.state != "submitted":
                raise Conflict("方案须先上报")
            if not document.strip():
                raise ValidationFailed.one("document", "须填写批准文号")
            row.state, row.approved_on, row.approval_document = "approved", today, document.strip()[:100]
        else:
            raise ValidationFailed.one("to", "状态无效")
        row.save()
        audit.record(actor, audit.Event("update", "division_proposal", row.pk, row.region_id,
                                        {"state": [codes.PROPOSAL_STATES[before], codes.PROPOSAL_STATES[row.state]]}))
    return row
