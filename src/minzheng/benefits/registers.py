"""The two registers the case workflow reads: delegation of confirmation to townships (审核确认委托) and the
conflict-of-interest register (近亲属备案). Writes are one transaction each, role- and scope-checked, audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet

from minzheng.benefits import programs
from minzheng.benefits import workflow
from minzheng.benefits.models import (
    Case,
    CaseEvent,
    ConflictRegister,
    Delegation,
)
from minzheng.core import audit, clock, regioncodes, roles
from minzheng.core.errors import (
    Conflict,
    FieldError,
    Forbidden,
    NotFound,
    ValidationFailed,
)
from minzheng.core.models import Region, User
from minzheng.registry.models import Membership
from minzheng.registry.selectors import get_person, require_people_access

# ---- delegation ------------------------------------------------------------------------------------------------------


def delegated(program: str, region_code: str, day: dt.date) -> bool:
    """Whether confirmation of `program` is delegated to the township of `region_code` on `day`: the row in force
    (latest effective_from ≤ day) of the most specific region of the chain township → county wins."""
    code = regioncodes.normalize(region_code)
    chain = [code[:9].ljust(12, "0"), code[:6].ljust(12, "0")]
    rows = (Delegation.objects.filter(program=program, region_code__in=chain, effective_from__lte=day)
            .order_by("-effective_from").values_list("region_code", "delegated"))
    best: dict[str, bool] = {}
    for region, flag in rows:
        best.setdefault(region, flag)
    for region in chain:
        if region in best:
            return best[region]
    return False


def set_delegation(actor, data: dict[str, Any]) -> Delegation:
    """A county delegates (or takes back) confirmation of a program for all its townships or one of them."""
    if not roles.has_perm(actor, "people.view") or actor.role != roles.COUNTY:
        raise Forbidden("只有县级民政部门可以委托（或收回）乡镇(街道)审核确认")
    errors: list[FieldError] = []
    program = str(data.get("program") or "")
    params = programs.PROCEDURES.get(program)
    if params is None:
        errors.append(FieldError("program", f"救助项目“{program}”无效或未配置办理流程"))
    elif not params.delegable:
        errors.append(FieldError("program", "该项目的审核确认不能委托乡镇(街道)"))
    code = ""
    try:
        code = regioncodes.normalize(str(data.get("region_code") or ""))
        if regioncodes.level_of(code) not in ("county", "township"):
            errors.append(FieldError("region_code", "应为县级或乡镇(街道)级区划"))
        elif not Region.objects.filter(code=code).exists():
            errors.append(FieldError("region_code", f"区划代码 {code} 不存在"))
        elif not regioncodes.in_subtree(code, actor.region_id):
            errors.append(FieldError("region_code", "只能为本县及所属乡镇(街道)设置委托"))
    except regioncodes.RegionCodeError as exc:
        errors.append(FieldError("region_code", str(exc)))
    flag = data.get("delegated")
    if not isinstance(flag, bool):
        errors.append(FieldError("delegated", "应为 true 或 false"))
    try:
        start = dt.date.fromisoformat(str(data.get("effective_from") or clock.today()))
    except ValueError:
        errors.append(FieldError("effective_from", "日期格式不正确，应为 YYYY-MM-DD"))
        start = None
    document = str(data.get("document") or "").strip()
    if not document:
        errors.append(FieldError("document", "须注明委托依据（文件名称、文号）"))
    if errors:
        raise ValidationFailed(errors)
    try:
        with transaction.atomic():
            row = Delegation.objects.create(program=program, region_code=code, delegated=flag, effective_from=start,
                                            document=document[:200], created_by=actor)
            audit.record(actor, audit.Event("create", "delegation", row.pk, code, {
                "program": [None, program], "delegated": [None, flag], "effective_from": [None, start],
                "document": [None, document]}))
    except IntegrityError:
        raise Conflict(f"{start} 起已有该区划该项目的委托设置：请以新的生效日期新增") from None
    return row


def delegations_for(user) -> QuerySet[Delegation]:
    """Delegation rows of the user's county (a township or village user sees its whole county's settings)."""
    require_people_access(user)
    prefix = user.region_prefix
    scope = prefix[:6] if len(prefix) >= 6 else prefix
    return (Delegation.objects.filter(**regioncodes.subtree_lookup("region_code", scope))
            .order_by("program", "region_code", "effective_from"))


# ---- conflict of interest (近亲属备案) -----------------------------------------------------------------------------------


def household_conflicts(household_id: int) -> list[ConflictRegister]:
    """Register rows naming a current member of the household."""
    members = Membership.objects.filter(household_id=household_id, left_on__isnull=True).values("person_id")
    return list(ConflictRegister.objects.filter(relative_id__in=members, active=True))


def register_relative(actor, data: dict[str, Any]) -> ConflictRegister:
    """Record that a person is a close relative (近亲属) of a civil-affairs worker or committee member. Open cases
    of the person's household are flagged at once (and need a county home visit before confirmation)."""
    if actor is None or actor.role not in (roles.TOWNSHIP, roles.COUNTY) or not roles.has_perm(actor, "people.view"):
        raise Forbidden("只有乡镇(街道)和县级民政部门可以办理近亲属备案")
    person = get_person(actor, data.get("relative_id"))  # 404 outside the actor's region
    errors: list[FieldError] = []
    kind = str(data.get("staff_kind") or "")
    if kind not in ConflictRegister.KINDS:
        errors.append(FieldError("staff_kind", "应为 staff（民政经办人员）或 committee（村(居)委会成员）"))
    name = str(data.get("staff_name") or "").strip()
    if not name or len(name) > 50:
        errors.append(FieldError("staff_name", "须填写经办人员或村(居)委会成员姓名（不超过 50 字）"))
    relation = str(data.get("relation") or "").strip()
    if not relation or len(relation) > 20:
        errors.append(FieldError("relation", "须填写近亲属关系（如 配偶、父母、子女、兄弟姐妹）"))
    staff_user = None
    if data.get("staff_user_id") is not None:
        staff_user = User.objects.filter(pk=data.get("staff_user_id")).first()
        if staff_user is None:
            errors.append(FieldError("staff_user_id", "用户不存在"))
    if errors:
        raise ValidationFailed(errors)
    today = clock.today()
    with transaction.atomic():
        row = ConflictRegister.objects.create(
            relative=person, region_code=person.region_id, staff_kind=kind, staff_name=name, staff_user=staff_user,
            relation=relation, note=str(data.get("note") or "")[:200], registered_on=today, registered_by=actor)
        events = [audit.Event("create", "conflict_register", row.pk, row.region_code, {
            "relative": [None, person.pk], "staff_kind": [None, kind], "staff_name": [None, name],
            "relation": [None, relation]})]
        events += flag_open_cases(actor, person.pk, row, today)
        audit.record_many(actor, events)
    return row


def flag_open_cases(actor, person_id: int, row: ConflictRegister, today: dt.date) -> list[audit.Event]:
    """Flag the open cases of the person's current household (单独登记备案); returns their audit events."""
    from minzheng.benefits.cases import refresh_inbox_fields

    household = (Membership.objects.filter(person_id=person_id, left_on__isnull=True)
                 .values_list("household_id", flat=True).first())
    if household is None:
        return []
    events = []
    for case in Case.objects.filter(household_id=household, state__in=workflow.BEFORE_DECISION,
                                    conflict_of_interest=False):
        case.conflict_of_interest = True
        refresh_inbox_fields(case, today)
        case.save()
        data = {"register": row.pk, "staff_kind": row.staff_kind, "relation": row.relation}
        CaseEvent.objects.create(case=case, action="flag_conflict", state_from=case.state, state_to=case.state,
                                 actor=actor if getattr(actor, "pk", None) else None,
                                 actor_name=getattr(actor, "username", "system"),
                                 actor_role=getattr(actor, "role", ""), on_date=today, at=clock.now(), data=data)
        events.append(audit.Event("update", "case", case.pk, case.region_code,
                                  {"action": [None, "flag_conflict"], "conflict_of_interest": [False, True]}))
    return events


def conflicts_for(user) -> QuerySet[ConflictRegister]:
    require_people_access(user)
    return ConflictRegister.objects.visible_to(user).select_related("relative").order_by("-registered_on", "-id")


def get_register_row(user, row_id) -> ConflictRegister:
    row = conflicts_for(user).filter(pk=row_id).first()
    if row is None:
        raise NotFound()
    return row
