"""Naming and renaming applications (命名更名, R-L-32): submit with the materials, record the expert opinion, open
the public consultation for the set number of days, decide after it has ended (policy.may_decide), publish the
公告 and issue the standard-name certificate. On publication a naming creates the place name; a renaming renames it
(the old name becomes a historical name) and the change flows to every standard address that uses the name."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from minzheng.core import audit, clock, regioncodes, roles, validation
from minzheng.core.errors import Conflict, Forbidden, ValidationFailed
from minzheng.placenames import codes, policy, selectors
from minzheng.placenames.models import NamingApplication, PlaceName, PlaceNameChange
from minzheng.placenames.schemas import ApplicationIn, ConsultationIn, DecisionIn, ExpertIn, PublishIn
from minzheng.placenames.services import addresses, places

CHANGE, APPROVE = "placenames.change", "placenames.approve"


def _require(actor, perm: str, message: str) -> None:
    if not roles.has_perm(actor, perm):
        raise Forbidden(message)


def _event(actor, app: NamingApplication, action: str, changes: dict) -> None:
    audit.record(actor, audit.Event(action, "naming_application", app.pk, app.region_id, changes))


def _locked(actor, app_id, action: str = "change") -> NamingApplication:
    app = selectors.get_application(actor, app_id, action)
    return NamingApplication.objects.select_for_update().get(pk=app.pk)


def submit(actor, data: dict[str, Any]) -> NamingApplication:
    _require(actor, CHANGE, "您的角色不能受理地名命名更名申请（县级民政部门办理）")
    d = validation.validate(ApplicationIn, data)
    place = None
    if d.kind == "renaming":
        if not d.place_id:
            raise ValidationFailed.one("place_id", "更名申请须指明更名的地名")
        place = selectors.get_placename(actor, d.place_id)
        if place.name == d.proposed_name:
            raise ValidationFailed.one("proposed_name", "拟用名称与现名称相同")
        region = place.region_id
    else:
        if not d.region_code:
            raise ValidationFailed.one("region_code", "命名申请须填写所在区划")
        places._check_region(actor, d.region_code)
        region = d.region_code
    places._check_category(d.category)
    with transaction.atomic():
        app = NamingApplication.objects.create(
            kind=d.kind, place=place, proposed_name=d.proposed_name,
            category_id=d.category or (place.category_id if place else None), region_id=region,
            applicant=d.applicant, reason=d.reason, materials=d.materials, approval_level=d.approval_level,
            consultation_days=d.consultation_days, created_by=actor)
        _event(actor, app, "create", {"kind": [None, codes.APPLICATION_KINDS[d.kind]],
                                      "proposed_name": [None, d.proposed_name]})
    return app


def record_expert_opinion(actor, app_id, data: dict[str, Any]) -> NamingApplication:
    _require(actor, CHANGE, "您的角色不能登记专家论证意见")
    selectors.get_application(actor, app_id, "change")  # 404 before 422: the record, then the input
    d = validation.validate(ExpertIn, data)
    with transaction.atomic():
        app = _locked(actor, app_id)
        if app.state not in ("submitted", "consulting"):
            raise Conflict(f"申请{codes.APPLICATION_STATES[app.state]}，不能再登记专家意见")
        before = app.expert_opinion
        app.expert_opinion = d.expert_opinion
        app.save(update_fields=["expert_opinion"])
        _event(actor, app, "update", {"expert_opinion": [before or None, d.expert_opinion]})
    return app


def open_consultation(actor, app_id, data: dict[str, Any] | None = None) -> NamingApplication:
    """Start the public consultation (公示) of `consultation_days` calendar days; needs the expert opinion."""
    _require(actor, CHANGE, "您的角色不能发起公示")
    d = validation.validate(ConsultationIn, data or {})
    today = clock.today()
    with transaction.atomic():
        app = _locked(actor, app_id)
        if app.state != "submitted":
            raise Conflict(f"申请{codes.APPLICATION_STATES[app.state]}，不能发起公示")
        if not app.expert_opinion:
            raise Conflict("请先登记专家论证意见，再发起公示")
        start = d.start or today
        if start < today:
            raise ValidationFailed.one("start", "公示开始日期不能早于今天")
        app.consultation_start = start
        app.consultation_end = policy.consultation_end(start, app.consultation_days)
        app.state = "consulting"
        app.save(update_fields=["consultation_start", "consultation_end", "state"])
        _event(actor, app, "update", {"state": ["已受理", "公示征求意见中"],
                                      "consultation_end": [None, app.consultation_end]})
    return app


def decide(actor, app_id, data: dict[str, Any]) -> NamingApplication:
    """Approve or reject — only after the consultation period has ended."""
    _require(actor, APPROVE, "您的角色不能审批地名命名更名")
    selectors.get_application(actor, app_id, "change")  # 404 before 422: the record, then the input
    d = validation.validate(DecisionIn, data)
    today = clock.today()
    with transaction.atomic():
        app = _locked(actor, app_id)
        if app.state != "consulting":
            raise Conflict(f"申请{codes.APPLICATION_STATES[app.state]}，不能审批（须先公示）")
        if not policy.may_decide(app.consultation_end, today):
            raise Conflict(f"公示期至 {app.consultation_end} 止，公示期满后（{app.consultation_end} 之后）方可审批")
        if d.approve and not d.decision_document:
            raise ValidationFailed.one("decision_document", "批准须填写批准文号")
        app.state = "approved" if d.approve else "rejected"
        app.decided_on = today
        app.decision_document = d.decision_document
        app.consultation_result = d.consultation_result
        app.save(update_fields=["state", "decided_on", "decision_document", "consultation_result"])
        _event(actor, app, "naming_approve" if d.approve else "update",
               {"state": ["公示征求意见中", codes.APPLICATION_STATES[app.state]],
                "decision_document": [None, d.decision_document or None]})
    return app


def publish(actor, app_id, data: dict[str, Any] | None = None) -> NamingApplication:
    """公告 and the standard-name certificate; the name enters the database (naming) or replaces the old one
    (renaming: the old name is kept as a historical name and the addresses that use it are rewritten)."""
    _require(actor, APPROVE, "您的角色不能发布地名公告")
    d = validation.validate(PublishIn, data or {})
    today = clock.today()
    try:
        with transaction.atomic():
            app = _locked(actor, app_id)
            if app.state != "approved":
                raise Conflict(f"申请{codes.APPLICATION_STATES[app.state]}，不能公告（须先批准）")
            county = regioncodes.prefix(app.region_id)[:6]
            seq = selectors.certificates_in_year(county, today.year) + 1
            app.certificate_no = policy.certificate_number(county, today.year, seq)
            app.announcement = d.announcement or _announcement(app, today)
            app.published_on = today
            app.state = "published"
            moved = 0
            if app.kind == "naming":
                place = PlaceName(name=app.proposed_name, category_id=app.category_id, region_id=app.region_id,
                                  meaning=app.reason)
                places.apply_pinyin(place)
                place.save()
                PlaceNameChange.objects.create(place=place, new_name=place.name, changed_on=today, application=app,
                                               note=f"命名（{app.decision_document}）")
                app.place = place
            else:
                place = PlaceName.objects.select_for_update().get(pk=app.place_id)
                places.rename_locked(place, app.proposed_name, today, app, f"更名（{app.decision_document}）")
                moved = addresses.rewrite_for_place(place)
            app.save(update_fields=["certificate_no", "announcement", "published_on", "state", "place"])
            _event(actor, app, "update", {"state": ["已批准", "已公告"], "certificate_no": [None, app.certificate_no],
                                          "addresses_rewritten": [None, moved]})
            audit.record(actor, audit.Event("update" if app.kind == "renaming" else "create", "placename",
                                            place.pk, place.region_id, {"name": [None, place.name]}))
    except IntegrityError:
        raise Conflict("证书编号冲突，请重试") from None
    return app


def _announcement(app: NamingApplication, day) -> str:
    verb = "命名为" if app.kind == "naming" else f"由“{app.place.name}”更名为"
    return (f"经{codes.APPROVAL_LEVELS[app.approval_level]}批准（{app.decision_document}），"
            f"位于{selectors.region_name(app.region_id)}的地名{verb}“{app.proposed_name}”，自 {day} 起使用。")
