"""Minors-protection cases: a report received (强制报告: reporter, channel, time) opens a case whose first deadline —
the emergency response — is set by the time limits in force (hours, by urgency); each step (respond → assess →
intervene → follow up, and close) records what was done, whether it was late, and sets the next deadline.
Referrals to police, education, health …; restricting a case to named officers; the 未保中心's intake and
discharge. Every write is audited without the report's content (it stays in the case, which is restricted)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from minzheng.children import codes
from minzheng.children.models import CaseOfficer, CaseStep, ProtectionCase, Referral, Stay
from minzheng.children.policy import minors as policy
from minzheng.children.schemas import DischargeIn, IntakeIn, MinorsReportIn, OfficersIn, ReferralIn, StepIn
from minzheng.children.selectors import minors as selectors
from minzheng.children.selectors import register as register_selectors
from minzheng.core import audit, clock, regioncodes, roles, validation
from minzheng.core.errors import Conflict, Forbidden, NotFound, ValidationFailed

REPORT, HANDLE = "minors.report", "minors.handle"
STEPS = ("respond", "assess", "intervene", "follow_up", "close")


def _require(actor, perm: str, message: str) -> None:
    if not roles.has_perm(actor, perm):
        raise Forbidden(message)


def _aware(value: dt.datetime) -> dt.datetime:
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def _event(actor, action: str, case: ProtectionCase, changes: dict) -> None:
    audit.record(actor, audit.Event(action, "minors_case", case.pk, case.region_code, changes))


def _locked(actor, case_id) -> ProtectionCase:
    """The case for a write: found through the scoped selector (restricted: named officers only), then locked."""
    case = selectors.get_case(actor, getattr(case_id, "pk", case_id))
    return ProtectionCase.objects.select_for_update(of=("self",)).get(pk=case.pk)


def _name(actor, case: ProtectionCase, user_ids) -> None:
    known = set(CaseOfficer.objects.filter(case=case).values_list("user_id", flat=True))
    CaseOfficer.objects.bulk_create([CaseOfficer(case=case, user_id=u, named_by=actor)
                                     for u in dict.fromkeys(user_ids) if u not in known])


def report(actor, data: dict[str, Any]) -> ProtectionCase:
    """Receive a report: a case awaiting the emergency response, due within the hours in force."""
    _require(actor, REPORT, "您的角色不能登记强制报告")
    d = validation.validate(MinorsReportIn, data)
    at = _aware(d.reported_at)
    if at > clock.now() + dt.timedelta(minutes=5):
        raise ValidationFailed.one("reported_at", "报告时间不能晚于现在")
    if d.restricted and not roles.has_perm(actor, HANDLE):
        raise ValidationFailed.one("restricted", "限制访问由乡镇（街道）或县级经办人员设置")
    if not regioncodes.in_subtree(d.region_code, actor.region_id):
        raise ValidationFailed.one("region_code", "儿童所在地不在本辖区")
    person = None
    if d.person_id is not None:
        person = register_selectors.person_for_register(actor, d.person_id)
    limits = selectors.limits_in_force(d.region_code, timezone.localtime(at).date())
    hours = policy.limit_hours(limits, "respond", d.urgency)
    with transaction.atomic():
        case = ProtectionCase.objects.create(
            region_code=d.region_code, person=person, child_name=d.child_name, child_sex=d.child_sex,
            child_age=d.child_age, reporter_name=d.reporter_name, reporter_type=d.reporter_type, channel=d.channel,
            reported_at=at, harm=d.harm, urgency=d.urgency, description=d.description, state="reported",
            due_at=policy.deadline(at, hours), restricted=d.restricted, received_by=actor)
        from minzheng.core import protected

        protected.seal_saved(case, "reporter_phone_enc", d.reporter_phone or None)
        CaseStep.objects.create(case=case, action="report", at=at, by=actor,
                                note=f"{codes.REPORTER_TYPES[d.reporter_type]} {d.reporter_name} 经"
                                     f"{codes.CHANNELS[d.channel]}报告")
        if d.restricted:  # whoever restricts a case is named on it, or it would vanish from them too
            _name(actor, case, [actor.pk])
        _event(actor, "minors_report", case, {
            "harm": [None, codes.HARMS[d.harm]], "urgency": [None, codes.URGENCY[d.urgency]],
            "channel": [None, codes.CHANNELS[d.channel]],
            "reporter_type": [None, codes.REPORTER_TYPES[d.reporter_type]],
            "due_at": [None, case.due_at], "restricted": [None, d.restricted]})
    return case


def act(actor, case_id, step: str, data: dict[str, Any]) -> ProtectionCase:
    """One step of the sequence (respond, assess, intervene, follow_up) or the closure."""
    _require(actor, HANDLE, "您的角色不能办理未成年人保护个案")
    if step not in STEPS:
        raise NotFound()
    d = validation.validate(StepIn, data)
    if step == "assess" and not d.risk_level:
        raise ValidationFailed.one("risk_level", "评估须填写风险等级")
    if step == "intervene" and not d.intervention:
        raise ValidationFailed.one("intervention", "干预须选择干预措施")
    now = clock.now()
    with transaction.atomic():
        case = _locked(actor, case_id)
        if step not in policy.ALLOWED[case.state]:
            raise Conflict(f"个案当前为“{codes.CASE_STATES[case.state]}”，不能办理“{codes.CASE_ACTIONS[step]}”")
        due = case.due_at
        CaseStep.objects.create(case=case, action=step, at=now, by=actor, note=d.note, due_at=due,
                                late=policy.late(due, now) if step != "close" else False)
        before = case.state
        if step == "close":
            case.state, case.closed_at, case.closure, case.due_at = "closed", now, d.note, None
        else:
            case.state = policy.NEXT_STATE[step]
            if step == "respond":
                case.responded_at, case.response = now, d.note
            elif step == "assess":
                case.assessed_at, case.risk_level, case.assessment = now, d.risk_level, d.note
            elif step == "intervene":
                case.intervened_at, case.intervention = now, d.intervention
            limits = selectors.limits_in_force(case.region_code, timezone.localtime(now).date())
            case.due_at = policy.deadline(now, policy.limit_hours(limits, policy.AWAITS[case.state], case.urgency))
        case.save()
        _event(actor, "minors_step", case, {"step": [None, codes.CASE_ACTIONS[step]],
                                            "state": [codes.CASE_STATES[before], codes.CASE_STATES[case.state]],
                                            "late": [None, policy.late(due, now)], "due_at": [due, case.due_at]})
    return case


def refer(actor, case_id, data: dict[str, Any]) -> Referral:
    _require(actor, HANDLE, "您的角色不能转介未成年人保护个案")
    d = validation.validate(ReferralIn, data)
    with transaction.atomic():
        case = _locked(actor, case_id)
        if "refer" not in policy.ALLOWED[case.state]:
            raise Conflict("个案已结案")
        row = Referral.objects.create(case=case, to=d.to, body=d.body, sent_on=d.sent_on, note=d.note,
                                      created_by=actor)
        CaseStep.objects.create(case=case, action="refer", at=clock.now(), by=actor,
                                note=f"转介{codes.REFERRAL_TO[d.to]}（{d.body}）：{d.note}")
        _event(actor, "minors_step", case, {"step": [None, "转介"], "to": [None, codes.REFERRAL_TO[d.to]]})
    return row


def set_officers(actor, case_id, data: dict[str, Any]) -> ProtectionCase:
    """Restrict (or open) a case and name the officers who may see it. The actor is always named on a restricted
    case; officers must be staff who handle minors cases over the case's region."""
    _require(actor, HANDLE, "您的角色不能设置个案的访问范围")
    d = validation.validate(OfficersIn, data)
    with transaction.atomic():
        case = _locked(actor, case_id)
        allowed = {pk for pk, _ in selectors.staff_choices(actor, case.region_code)}
        wrong = [u for u in d.officer_ids if u not in allowed]
        if wrong:
            raise ValidationFailed.one("officer_ids", "经办人员应为负责该地区未成年人保护的乡镇或县级工作人员")
        officers = [*d.officer_ids, actor.pk] if d.restricted else d.officer_ids
        _name(actor, case, officers)
        if d.restricted:  # on a restricted case the named officers are exactly these
            CaseOfficer.objects.filter(case=case).exclude(user_id__in=officers).delete()
        before = case.restricted
        case.restricted = d.restricted
        case.save(update_fields=["restricted"])
        names = selectors.user_names(officers)
        CaseStep.objects.create(case=case, action="restrict" if d.restricted else "officers", at=clock.now(),
                                by=actor, note="经办人员：" + "、".join(names[u] for u in officers if u in names))
        _event(actor, "minors_restrict", case, {"restricted": [before, d.restricted],
                                                "officers": [None, sorted(set(officers))]})
    return case


def intake(actor, case_id, data: dict[str, Any]) -> Stay:
    """临时监护: the child is taken into the 未保中心 (《未成年人保护法》第九十二条、第九十三条)."""
    _require(actor, HANDLE, "您的角色不能办理未保中心入住")
    d = validation.validate(IntakeIn, data)
    if d.admitted_on > clock.today():
        raise ValidationFailed.one("admitted_on", "入住日期不能晚于今天")
    with transaction.atomic():
        case = _locked(actor, case_id)
        if "intake" not in policy.ALLOWED[case.state]:
            raise Conflict("个案应先完成评估并决定干预措施，再办理未保中心入住")
        if Stay.objects.filter(case=case, left_on__isnull=True).exists():
            raise Conflict("该儿童仍在未保中心，请先办理离开")
        stay = Stay.objects.create(case=case, centre=d.centre, admitted_on=d.admitted_on, reason=d.reason,
                                   created_by=actor)
        CaseStep.objects.create(case=case, action="intake", at=clock.now(), by=actor,
                                note=f"{d.centre} 入住（{d.admitted_on}）：{d.reason}")
        _event(actor, "minors_step", case, {"step": [None, "未保中心接收"], "centre": [None, d.centre],
                                            "admitted_on": [None, d.admitted_on]})
    return stay


def discharge(actor, case_id, data: dict[str, Any]) -> Stay:
    _require(actor, HANDLE, "您的角色不能办理离开未保中心")
    d = validation.validate(DischargeIn, data)
    with transaction.atomic():
        case = _locked(actor, case_id)
        stay = Stay.objects.select_for_update().filter(case=case, left_on__isnull=True).first()
        if stay is None:
            raise Conflict("该个案没有在住的未保中心记录")
        if not stay.admitted_on <= d.left_on <= clock.today():
            raise ValidationFailed.one("left_on", f"离开日期应在入住日期 {stay.admitted_on} 与今天之间")
        stay.left_on, stay.outcome, stay.outcome_note = d.left_on, d.outcome, d.outcome_note
        stay.save()
        CaseStep.objects.create(case=case, action="discharge", at=clock.now(), by=actor,
                                note=f"离开未保中心（{d.left_on}），去向：{codes.STAY_OUTCOMES[d.outcome]}")
        _event(actor, "minors_step", case, {"step": [None, "离开未保中心"],
                                            "outcome": [None, codes.STAY_OUTCOMES[d.outcome]]})
    return stay
