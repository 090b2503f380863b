"""The register of 社会组织: 成立 / 变更 / 注销登记 applications (成立: materials checklist and founding minimums),
the examiner's review and the registry's decision by another person (county), and the direct entry of an
organisation already registered (moving an existing register in)."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from minzheng.core import audit, clock, validation
from minzheng.core.errors import Conflict, ValidationFailed
from minzheng.socialorgs import codes, policy, selectors
from minzheng.socialorgs.models import Application, SocialOrg
from minzheng.socialorgs.schemas import (
    ChangeIn,
    DecideIn,
    DeregisterIn,
    OrgApplicationReviewIn,
    OrgIn,
    OrgRegistrationIn,
)
from minzheng.socialorgs.services.common import not_future, own_region, require

MANAGE = "socialorgs.manage"
ORG_FIELDS = ("name", "kind", "fundraising", "uscc", "domain", "scope_text", "supervisor", "legal_rep", "address",
              "region_code", "registered_on")


def _create_org(actor, d: OrgIn) -> SocialOrg:
    if SocialOrg.objects.filter(uscc=d.uscc).exists():
        raise ValidationFailed.one("uscc", f"统一社会信用代码 {d.uscc} 已登记")
    try:
        with transaction.atomic():
            org = SocialOrg.objects.create(responsible=[r.model_dump() for r in d.responsible],
                                           **{f: getattr(d, f) for f in ORG_FIELDS})
    except IntegrityError:
        raise ValidationFailed.one("uscc", f"统一社会信用代码 {d.uscc} 已登记") from None
    audit.record(actor, audit.Event("create", "socialorg", org.pk, org.region_code, {
        "name": [None, org.name], "kind": [None, codes.KINDS[org.kind]], "uscc": [None, org.uscc],
        "registered_on": [None, org.registered_on]}))
    return org


def add_org(actor, data: dict[str, Any]) -> SocialOrg:
    """An organisation already registered, entered into the register (county)."""
    require(actor, MANAGE, "社会组织由县级民政部门（登记管理机关）登记")
    d = validation.validate(OrgIn, data)
    own_region(actor, d.region_code)
    not_future(d.registered_on, "registered_on", "成立登记日期")
    with transaction.atomic():
        return _create_org(actor, d)


def _application(actor, kind, org, name, region_code, data, received_on, **extra) -> Application:
    row = Application.objects.create(kind=kind, org=org, name=name, region_code=region_code, data=data,
                                     received_on=received_on, created_by=actor, **extra)
    audit.record(actor, audit.Event("create", "socialorg_application", row.pk, region_code, {
        "kind": [None, codes.APPLICATION_KINDS[kind]], "name": [None, name],
        **({"materials": [None, row.materials_text]} if row.materials else {})}))
    return row


def _due(kind: str, region_code: str, received_on) -> Any:
    found = selectors.rule("decision_days", region_code, received_on, kind)
    return policy.decision_due(received_on, int(found.value["days"])) if found else None


def apply_register(actor, data: dict[str, Any]) -> Application:
    """成立登记申请 received by the registry: the materials checklist must be complete (what is missing is told all at
    once), the founding figures must reach the minimums (rule `min_funds`), the name and credit code must be free.
    The decision is due `decision_days` after receipt; approval makes the organisation (decide)."""
    require(actor, MANAGE, "登记申请由登记管理机关受理")
    d = validation.validate(OrgRegistrationIn, data)
    own_region(actor, d.region_code)
    received_on = d.received_on or clock.today()
    not_future(received_on, "received_on", "受理日期")
    errors = []
    missing = policy.missing_materials(d.kind, bool(d.supervisor), d.materials)
    if missing:
        errors.append(validation.FieldError("materials", "材料不齐全，请一次补齐：" + "、".join(
            codes.MATERIALS[m] for m in missing)))
    minimum = selectors.rule("min_funds", d.region_code, received_on, d.kind)
    if minimum is not None:
        errors += [validation.FieldError("members" if problem.startswith("会员") else "funds", problem)
                   for problem in policy.founding_problems(d.kind, d.fundraising, d.funds, d.members, minimum.value)]
    if d.uscc and SocialOrg.objects.filter(uscc=d.uscc).exists():
        errors.append(validation.FieldError("uscc", f"统一社会信用代码 {d.uscc} 已登记"))
    if SocialOrg.objects.filter(name=d.name, status="active").exists():
        errors.append(validation.FieldError("name", f"已有同名社会组织“{d.name}”"))
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        if Application.objects.filter(kind="register", name=d.name, state__in=("submitted", "reviewed")).exists():
            raise Conflict(f"“{d.name}”已有待办理的成立登记申请")
        payload = d.model_dump(mode="json", exclude={"funds", "members", "materials", "received_on"})
        return _application(actor, "register", None, d.name, d.region_code, payload, received_on,
                            materials=list(dict.fromkeys(d.materials)), funds=d.funds, members=d.members,
                            due_on=_due(d.kind, d.region_code, received_on))


def apply_change(actor, org: SocialOrg | int, data: dict[str, Any]) -> Application:
    require(actor, MANAGE, "变更登记申请由登记管理机关受理")
    org = org if isinstance(org, SocialOrg) else selectors.get_org(actor, org)
    d = validation.validate(ChangeIn, data)
    changes = {f: v for f, v in d.model_dump(mode="json", exclude={"received_on"}).items()
               if v not in ("", None) and v != getattr(org, f)}
    if not changes:
        raise ValidationFailed.one("name", "没有需要变更的事项")
    if org.status != "active":
        raise Conflict("该社会组织已注销，不能申请变更")
    with transaction.atomic():
        return _application(actor, "change", org, org.name, org.region_code, changes, d.received_on,
                            due_on=_due(org.kind, org.region_code, d.received_on))


def apply_deregister(actor, org: SocialOrg | int, data: dict[str, Any]) -> Application:
    require(actor, MANAGE, "注销登记申请由登记管理机关受理")
    org = org if isinstance(org, SocialOrg) else selectors.get_org(actor, org)
    d = validation.validate(DeregisterIn, data)
    if org.status != "active":
        raise Conflict("该社会组织已注销")
    with transaction.atomic():
        return _application(actor, "deregister", org, org.name, org.region_code, {"reason": d.reason},
                            d.received_on, due_on=_due(org.kind, org.region_code, d.received_on))


def review(actor, application: Application | int, data: dict[str, Any]) -> Application:
    """审查: the registry's examiner gives an opinion (建议准予 / 建议不予); the decision is then made by another
    person (decide)."""
    require(actor, MANAGE, "登记申请由登记管理机关审查")
    app = application if isinstance(application, Application) else selectors.get_application(actor, application)
    d = validation.validate(OrgApplicationReviewIn, data)
    with transaction.atomic():
        row = Application.objects.select_for_update().get(pk=app.pk)
        if row.state != "submitted":
            raise Conflict(f"该申请{codes.APPLICATION_STATES[row.state]}，不在审查环节")
        row.state, row.review_decision, row.review_opinion = "reviewed", d.decision, d.opinion
        row.reviewed_on, row.reviewed_by = clock.today(), actor
        row.save(update_fields=["state", "review_decision", "review_opinion", "reviewed_on", "reviewed_by"])
        audit.record(actor, audit.Event("application_review", "socialorg_application", row.pk, row.region_code, {
            "decision": [None, codes.REVIEW_DECISIONS[d.decision]], "opinion": [None, d.opinion]}))
    return row


def decide(actor, application: Application | int, data: dict[str, Any]) -> Application:
    """准予 or 不予: an approved registration makes the organisation, a change is applied, a deregistration ends it."""
    require(actor, MANAGE, "登记决定由登记管理机关作出")
    app = application if isinstance(application, Application) else selectors.get_application(actor, application)
    d = validation.validate(DecideIn, data)
    not_future(d.decided_on, "decided_on", "决定日期")
    with transaction.atomic():
        row = Application.objects.select_for_update().get(pk=app.pk)
        if row.state == "submitted":
            raise Conflict("该申请尚未审查：请先由审查人提出审查意见")
        if row.state != "reviewed":
            raise Conflict(f"该申请已{codes.APPLICATION_STATES[row.state]}")
        if row.reviewed_by_id == actor.pk:
            raise Conflict("审查和决定不能由同一人办理")
        if d.decided_on < row.received_on:
            raise ValidationFailed.one("decided_on", f"决定日期不能早于受理日期（{row.received_on}）")
        if d.approve:
            if row.kind == "register":
                uscc = d.uscc or row.data.get("uscc")
                if not uscc:
                    raise ValidationFailed.one("uscc", "准予成立登记须填写赋予的统一社会信用代码")
                org = _create_org(actor, validation.validate(OrgIn, {**row.data, "uscc": uscc,
                                                                     "registered_on": d.decided_on}))
                row.org = org
                row.data = {**row.data, "uscc": org.uscc}
            elif row.kind == "change":
                org = SocialOrg.objects.select_for_update().get(pk=row.org_id)
                before = {f: getattr(org, f) for f in row.data}
                for f, v in row.data.items():
                    setattr(org, f, v)
                org.save(update_fields=list(row.data))
                audit.record(actor, audit.Event("update", "socialorg", org.pk, org.region_code,
                                                audit.diff(before, row.data)))
            else:
                org = SocialOrg.objects.select_for_update().get(pk=row.org_id)
                org.status, org.deregistered_on = "deregistered", d.decided_on
                org.save(update_fields=["status", "deregistered_on"])
                audit.record(actor, audit.Event("update", "socialorg", org.pk, org.region_code, {
                    "status": ["正常", "已注销"], "deregistered_on": [None, d.decided_on]}))
        row.state = "approved" if d.approve else "refused"
        row.decided_on, row.decision_note, row.decided_by = d.decided_on, d.note, actor
        row.save(update_fields=["state", "decided_on", "decision_note", "decided_by", "org", "data"])
        audit.record(actor, audit.Event("application_decide", "socialorg_application", row.pk, row.region_code, {
            "state": ["待决定", codes.APPLICATION_STATES[row.state]], "note": [None, d.note]}))
    return row
