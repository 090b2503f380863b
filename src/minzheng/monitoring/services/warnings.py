"""The outcomes of a warning, each one transaction with its role and scope check and audit (403 before 404):

- assist: open a case in the chosen program for the household through the benefits services (create_case: the same
  validation, busy checks and audit as any application), prefilled with the household (members, incomes and
  disabilities come from the registry, as for every case), its head as applicant and the warning's person as the
  beneficiary of a person program; the warning keeps the case's id;
- refer: a referral record to 医疗/教育/住房/就业救助 or a charity, with the receiving body (its answer is recorded
  later: answer_referral);
- dismiss: closed with a reason.
A handled warning cannot be handled again (409). Proactive discoveries close the same way (assist or dismiss)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from minzheng.benefits import programs
from minzheng.benefits.services import cases
from minzheng.core import audit, clock, roles, validation, workdays
from minzheng.core.errors import Conflict, FieldError, Forbidden, NotFound, ValidationFailed
from minzheng.monitoring import codes
from minzheng.monitoring.models import Discovery, Referral, Warning
from minzheng.monitoring.schemas import OutcomeIn, ReferralAnswerIn


def _require_handle(actor) -> None:
    if not roles.has_perm(actor, "warnings.handle"):
        raise Forbidden("您的角色不能办理监测预警")


def _lock_open(model, actor, pk):
    found = model.objects.visible_to(actor).select_for_update().filter(pk=pk).first()
    if found is None:
        raise NotFound()
    if found.status != "open":
        table = codes.WARNING_STATUS if model is Warning else codes.DISCOVERY_STATUS
        raise Conflict(f"该{model._meta.verbose_name}已办理（{table[found.status]}），不能重复办理")
    return found


def _open_case(actor, household, person_id: int, program: str, support_payer_able: bool | None = None):
    """A case in `program` for the household through the benefits services (422/409 as any application)."""
    if actor.role != roles.TOWNSHIP:
        raise Forbidden("纳入救助由乡镇（街道）发起申请；县级可转介或排除")
    declared = programs.get(program)
    if declared is None or program not in programs.PROCEDURES:
        raise ValidationFailed.one("program", f"救助项目“{program}”无效或未配置办理流程")
    data: dict[str, Any] = {"program": program, "household_id": household.pk, "channel": "family",
                            "applicant_id": household.head_id or person_id, "facts": {}}
    if support_payer_able is not None:  # what the visit found (特困 needs it): recorded as the case's fact
        data["facts"]["support_payer_able"] = support_payer_able
    if declared.unit == "person":
        data["beneficiary_id"] = person_id
    return cases.create_case(actor, data)


def decide(actor, warning_id, data: dict[str, Any]) -> tuple[Warning, Any, Referral | None]:
    """Apply an outcome; returns (warning, case or None, referral or None)."""
    _require_handle(actor)
    values = validation.validate(OutcomeIn, data) if not isinstance(data, OutcomeIn) else data
    errors = []
    if values.outcome == "assist" and not values.program:
        errors.append(("program", "纳入救助须选择救助项目"))
    if values.outcome == "refer":
        if values.referral_to not in codes.REFERRAL_TO:
            errors.append(("referral_to", "转介事项取值无效，应为：" + "、".join(codes.REFERRAL_TO.values())))
        if not values.receiving_body.strip():
            errors.append(("receiving_body", "转介须填写接收单位"))
    if values.outcome == "dismiss" and not values.reason.strip():
        errors.append(("reason", "排除预警须填写理由"))
    if errors:
        raise ValidationFailed([FieldError(f, m) for f, m in errors])
    today = clock.today()
    case = referral = None
    with transaction.atomic():
        warning = _lock_open(Warning, actor, warning_id)
        if values.outcome == "assist":
            case = _open_case(actor, warning.household, values.person_id or warning.person_id, values.program,
                              values.support_payer_able)
            warning.status, warning.case = "assisted", case
            warning.outcome_note = (values.reason or f"预警转{programs.name(values.program)}申请 #{case.pk}")[:2000]
        elif values.outcome == "refer":
            referral = Referral.objects.create(warning=warning, household_id=warning.household_id,
                                               region_code=warning.region_code, referral_to=values.referral_to,
                                               receiving_body=values.receiving_body.strip(), note=values.reason,
                                               referred_on=today, created_by=actor)
            warning.status = "referred"
            warning.outcome_note = values.reason or f"转介{codes.REFERRAL_TO[values.referral_to]}"
        else:
            warning.status, warning.outcome_note = "dismissed", values.reason.strip()
        warning.outcome, warning.decided_by, warning.decided_on = values.outcome, actor, today
        warning.save()
        changes = {"status": ["open", warning.status], "outcome": [None, values.outcome],
                   "note": [None, warning.outcome_note]}
        if case is not None:
            changes["case"] = [None, case.pk]
        if referral is not None:
            changes.update(referral=[None, referral.pk], referral_to=[None, referral.referral_to],
                           receiving_body=[None, referral.receiving_body])
        audit.record(actor, audit.Event(f"warning_{values.outcome}", "warning", warning.pk, warning.region_code,
                                        changes))
    return warning, case, referral


def answer_referral(actor, referral_id, data: dict[str, Any]) -> Referral:
    """The receiving body's answer (accepted / declined, with its text)."""
    _require_handle(actor)
    values = validation.validate(ReferralAnswerIn, data) if not isinstance(data, ReferralAnswerIn) else data
    with transaction.atomic():
        referral = Referral.objects.visible_to(actor).select_for_update().filter(pk=referral_id).first()
        if referral is None:
            raise NotFound()
        if referral.status != "sent":
            raise Conflict("该转介已登记答复")
        referral.status, referral.answer, referral.answered_on = values.status, values.answer, clock.today()
        referral.save()
        audit.record(actor, audit.Event("referral_answer", "referral", referral.pk, referral.region_code, {
            "status": ["sent", values.status], "answer": [None, values.answer]}))
    return referral


def close_discovery(actor, discovery_id, data: dict[str, Any]) -> tuple[Discovery, Any]:
    """A discovery becomes an application (assist, in `program`) or is dismissed with a reason."""
    _require_handle(actor)
    values = validation.validate(OutcomeIn, data)
    if values.outcome == "refer":
        raise ValidationFailed.one("outcome", "政策找人的结果只能是纳入救助或排除")
    if values.outcome == "assist" and not values.program:
        raise ValidationFailed.one("program", "纳入救助须选择救助项目")
    if values.outcome == "dismiss" and not values.reason.strip():
        raise ValidationFailed.one("reason", "排除须填写理由")
    case = None
    with transaction.atomic():
        found = _lock_open(Discovery, actor, discovery_id)
        if values.outcome == "assist":
            household = found.household
            case = _open_case(actor, household, values.person_id or household.head_id, values.program,
                              values.support_payer_able)
            found.status = "applied"
        else:
            found.status = "dismissed"
        found.save()
        audit.record(actor, audit.Event("update", "discovery", found.pk, found.region_code, {
            "status": ["open", found.status], "case": [None, case.pk if case else None],
            "reason": [None, values.reason]}))
    return found, case


def raise_from(actor, *, person_id: int, signal: str, reason: str, source: str, level: str = "orange") -> Warning:
    """Another line of business hands a person's household over for follow-up (救助站护送返乡 → the township visits;
    a disaster-affected family …): the warning lands in the township's inbox like a monthly one, with the visit
    deadline of its level. A household with an open warning gets the signal and reason added to it instead (never a
    second open warning). The sender must be able to see the person (the one scoping rule)."""
    from minzheng.monitoring import policy
    from minzheng.registry import selectors as registry_selectors

    if signal not in codes.SIGNAL_LABELS or source not in codes.WARNING_SOURCES or source == "run":
        raise ValidationFailed.one("signal", f"交接信号“{signal}”或来源“{source}”无效")
    if level not in codes.LEVELS:
        raise ValidationFailed.one("level", "预警等级取值无效，应为：" + "、".join(codes.LEVELS.values()))
    person = registry_selectors.persons_for(actor).filter(pk=person_id).first()
    if person is None:
        raise NotFound()
    membership = registry_selectors.current_household(person)
    household_id = membership.household_id if membership else None
    if household_id is None:
        raise ValidationFailed.one("person_id", f"{person.name}未登记在任何家庭中，无法交由乡镇跟进")
    text = f"{codes.SIGNAL_LABELS[signal]}：{reason.strip()}"[:500]
    today = clock.today()
    with transaction.atomic():
        found = Warning.objects.select_for_update().filter(household_id=household_id, status="open").first()
        if found is not None:
            before = list(found.signals)
            found.signals = sorted({*found.signals, signal})
            found.reasons = [*found.reasons, text]
            found.save(update_fields=["signals", "reasons"])
            audit.record(actor, audit.Event("update", "warning", found.pk, found.region_code,
                                            {"signals": [before, found.signals], "reason": [None, text]}))
            return found
        region_code = membership.household.region_id
        due = workdays.Calendar(region_code).add_workdays(today, policy.visit_workdays(level))
        warning = Warning.objects.create(
            month=today.replace(day=1), household_id=household_id, person=person, region_code=region_code,
            level=level, score=0, signals=[signal], reasons=[text], due_on=due.day, due_provisional=due.provisional,
            last_month=today.replace(day=1), source=source)
        audit.record(actor, audit.Event("warning_create", "warning", warning.pk, region_code, {
            "source": [None, codes.WARNING_SOURCES[source]], "household": [None, household_id],
            "level": [None, level], "signals": [None, [signal]], "due_on": [None, warning.due_on]}))
    return warning
