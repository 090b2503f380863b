"""Entitlements (救助待遇): what the payroll pays, created when a case is confirmed, then changed by 增发/减发/停发,
渐退, suspension and death, and reviewed periodically (定期核查). Every change is a row in EntitlementChange (reason,
month it takes effect, when the family was told) and an audit entry.

    create_for_case(actor, case, result, start, payee_id, overridden, today)   called by cases.confirm
    act(actor, entitlement_id, action, data)                                     POST /api/v1/entitlements/{id}/actions
                                                                                 (data: schemas.entitlements)
    record_death(actor, person_id, death_date) / apply_deaths(actor)             stop from the month after death
    increase_many(actor, {entitlement_id: data})                                 many 增发 at once, set-based
    set_payment_account(actor, entitlement, account, bank_name, account_name, …) pay into another account (代收)
    amount_in_month(entitlement, month, changes)                                 what is due for one month

The reads (entitlements_for, get_entitlement, reviews_due, changes_of, reviews_of, payee_deceased) are in
benefits.selectors.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from minzheng.benefits import programs, workflow
from minzheng.benefits.codes import DECIDING_ACTIONS as DECIDING
from minzheng.benefits.codes import ENTITLEMENT_ACTIONS as ACTION_LABELS
from minzheng.benefits.models import Entitlement, EntitlementChange, Review
from minzheng.benefits.schemas.entitlements import (
    ACTION_INPUTS,
    ChangePayeeIn,
    DeathIn,
    GradualExitIn,
    ResumeIn,
    ReviewIn,
    StopIn,
    SuspendIn,
)
from minzheng.benefits.selectors import delegated
from minzheng.core import audit, clock, protected, roles, validation
from minzheng.core.errors import (
    Conflict,
    FieldError,
    Forbidden,
    NotFound,
    ValidationFailed,
)
from minzheng.registry.models import Membership, Person
from minzheng.registry.selectors import require_people_access


def able_to_work(household_id: int, month: dt.date) -> bool:
    """A member of working age (16–59) with full labour capacity (57号 第三十一条 "有劳动能力的")."""
    for birth, death in (Membership.objects.filter(household_id=household_id, left_on__isnull=True,
                                                   person__labour_capacity="full")
                         .values_list("person__birth_date", "person__death_date")):
        if death is None:
            age = month.year - birth.year - ((month.month, month.day) < (birth.month, birth.day))
            if 16 <= age < 60:
                return True
    return False


def create_for_case(actor, case, result, start: dt.date, payee_id: int, overridden: bool,
                    today: dt.date) -> list[Entitlement]:
    """The entitlements a confirmation creates: one for the household, or one per person included alone (单人户),
    or one for the beneficiary of a person program; paid from `start` (the month after the decision). The first
    periodic review is scheduled."""
    params = programs.params_of(case)
    if params.unit == "person":
        lines = [(case.beneficiary_id, case.amount)]
    elif result.inclusion == "single_person":
        included = [(int(m.ref), m.monthly_amount) for m in result.members if m.eligible]
        if overridden:
            if len(included) != 1:
                raise ValidationFailed.one("amount", "按单人户纳入多名成员时不能调整合计金额，请按政策测算金额确认")
            included = [(included[0][0], case.amount)]
        lines = included
    else:
        lines = [(None, case.amount)]
    interval = workflow.review_interval(params, case.irregular_income, able_to_work(case.household_id, start))
    end = workflow.validity_end(start, params)
    made, events = [], []
    account = protected.unseal(case, "bank_account_enc")  # re-sealed to each entitlement below
    for person_id, amount in lines:
        ent = Entitlement.objects.create(
            program=case.program, household_id=case.household_id, person_id=person_id, payee_id=payee_id,
            region_code=case.region_code, monthly_amount=amount, start_month=start, end_month=end, status="active",
            source_case=case, bank_name=case.bank_name, review_months=interval,
            advance_paid=case.advance_paid if len(lines) == 1 else 0)  # 先行救助: one household amount
        if account:
            protected.seal_saved(ent, "bank_account_enc", account)
        if interval:
            Review.objects.create(entitlement=ent, region_code=ent.region_code, reason="periodic",
                                  due_on=workflow.add_months(start, interval))
        made.append(ent)
        events.append(audit.Event("create", "entitlement", ent.pk, ent.region_code, {
            "program": [None, ent.program], "household": [None, ent.household_id], "person": [None, person_id],
            "monthly_amount": [None, amount], "start_month": [None, start], "end_month": [None, end],
            "source_case": [None, case.pk], "bank_account": [None, ent.bank_account_masked]}))
    audit.record_many(actor, events)
    return made


# ---- the amount due in a month ------------------------------------------------------------------------------------


def amount_in_month(ent: Entitlement, month: dt.date, changes: list[EntitlementChange] | None = None) -> Decimal:
    """The amount due for `month` (first day): 0 outside start..end and while suspended; otherwise the amount after
    every 增发/减发 that took effect by then."""
    month = workflow.first_of_month(month)
    if month < ent.start_month or (ent.end_month is not None and month > ent.end_month):
        return Decimal("0.00")
    changes = sorted(changes if changes is not None else ent.changes.all(), key=lambda c: (c.effective_month, c.pk))
    amounts = [c for c in changes if c.kind in ("increase", "decrease")]
    amount = amounts[0].old_amount if amounts else ent.monthly_amount
    suspended = False
    for c in changes:
        if c.effective_month > month:
            break
        if c.kind in ("increase", "decrease"):
            amount = c.new_amount
        elif c.kind == "suspend":
            suspended = True
        elif c.kind == "resume":
            suspended = False
    return Decimal("0.00") if suspended else amount


# ---- changes ------------------------------------------------------------------------------------------------------


def _check_role(actor, ent: Entitlement, action: str, today: dt.date) -> None:
    params = programs.PROCEDURES.get(ent.program)
    if actor.role == roles.COUNTY:
        return
    if actor.role == roles.TOWNSHIP:
        if action not in DECIDING:
            return
        if params and params.delegable and delegated(ent.program, ent.region_code, today):
            return
        raise Forbidden(f"“{ACTION_LABELS[action]}”须由县级民政部门决定（未委托乡镇(街道)审核确认）")
    raise Forbidden(f"您的角色不能办理“{ACTION_LABELS[action]}”")


def _refuse_if_stopped(ent: Entitlement, action: str, subject: str = "该待遇") -> None:
    if ent.status == "stopped":
        when = f"已于 {ent.end_month:%Y-%m} 停发" if ent.end_month else "已停发"
        raise Conflict(f"{subject}{when}，不能再办理“{ACTION_LABELS[action]}”")


def act(actor, entitlement_id, action: str, data: dict[str, Any] | None = None) -> Entitlement:
    """One change, in the order of ADR 0009: scope (404), role (403), state (409), then the data (422: the action's
    schema in schemas.entitlements, then the rules that need the entitlement)."""
    if action not in ACTION_LABELS:
        raise Conflict(f"未知的待遇变更动作“{action}”，可用：{'、'.join(ACTION_LABELS)}")
    require_people_access(actor)
    today = clock.today()
    raw = {**(data or {}), "action": action} if isinstance(data, dict) or data is None else data
    with transaction.atomic():
        ent = Entitlement.objects.visible_to(actor).select_for_update().filter(pk=entitlement_id).first()
        if ent is None:
            raise NotFound()
        _check_role(actor, ent, action, today)
        if action == "death":
            return _death(actor, ent, validation.validate(DeathIn, raw), today)
        _refuse_if_stopped(ent, action)
        if action == "change_payee":
            return _change_payee(actor, ent, validation.validate(ChangePayeeIn, raw))
        change = _HANDLERS[action](ent, raw, today)
        if change is not None:
            change.entitlement, change.decided_on, change.decided_by = ent, today, actor
            change.save()
        ent.save()
        audit.record(actor, audit.Event("update", "entitlement", ent.pk, ent.region_code, {
            "action": [None, action], "status": [None, ent.status], **_change_details(change)}))
    return ent


def _death(actor, ent: Entitlement, d: DeathIn, today: dt.date) -> Entitlement:
    person_id = d.person_id if d.person_id is not None else ent.person_id
    person = Person.objects.filter(pk=person_id).first() if person_id else None
    if person is None or not Membership.objects.filter(person=person, household_id=ent.household_id).exists():
        raise ValidationFailed.one("person_id", "须指明该家庭中死亡的成员")
    death = d.death_date or person.death_date
    if death is None:
        raise ValidationFailed.one("death_date", "须填写死亡日期（或先在人员信息中登记）")
    if person.death_date is None:  # recorded in the registry first (its own validation and audit)
        from minzheng.registry import services as registry_services

        registry_services.update_person(actor, person.pk, {"death_date": death.isoformat()})
    record_death(actor, person.pk, death, today)
    ent.refresh_from_db()
    return ent


def _next_month(today: dt.date) -> dt.date:
    return workflow.add_months(workflow.first_of_month(today), 1)


def _refuse(errors: list[FieldError]) -> None:
    if errors:
        raise ValidationFailed(errors)


def _amount_change(kind: str):
    def handler(ent: Entitlement, raw: dict, today: dt.date) -> EntitlementChange:
        change, errors = _checked_amount_change(kind, ent, raw, today)
        _refuse(errors)
        ent.monthly_amount = change.new_amount
        return change

    return handler


def _checked_amount_change(kind: str, ent: Entitlement, raw: dict, today: dt.date,
                           where: str = "") -> tuple[EntitlementChange | None, list[FieldError]]:
    """增发/减发 of one entitlement checked (the schema, then the rules that need the entitlement): the unsaved
    change, or the errors (field names prefixed with `where` when several entitlements are checked at once)."""
    try:
        d = validation.validate(ACTION_INPUTS[kind], raw)
    except ValidationFailed as exc:
        return None, [FieldError(where + e.field, e.message) for e in exc.errors]
    errors: list[FieldError] = []
    if kind == "increase" and d.new_amount <= ent.monthly_amount:
        errors.append(FieldError(where + "new_amount", f"增发后的金额应高于现金额 {ent.monthly_amount}"))
    elif kind == "decrease" and not (0 < d.new_amount < ent.monthly_amount):
        errors.append(FieldError(where + "new_amount",
                                 f"减发后的金额应大于 0 且低于现金额 {ent.monthly_amount}（减至 0 请办理停发）"))
    earliest = ent.start_month if kind == "increase" else workflow.first_of_month(today)
    month = d.effective_month or _next_month(today)
    if month < earliest:
        errors.append(FieldError(where + "effective_month", f"生效月份不能早于 {earliest:%Y-%m}"
                                 + ("（减发不得追溯）" if kind == "decrease" else "")))
    return EntitlementChange(kind=kind, old_amount=ent.monthly_amount, new_amount=d.new_amount, effective_month=month,
                             reason=d.reason, notice_on=d.notice_on), errors


def increase_many(actor, raises: dict[int, dict[str, Any]]) -> list[Entitlement]:
    """Many 增发 at once (an annual standard adjustment: thousands of entitlements), each `raises[id]` the body `act`
    takes. The same checks as `act`, every one before any write — one refused raise refuses the batch (nothing
    half-applied) — then set-based: one locking read, one insert of the changes, one update, one audit append."""
    require_people_access(actor)
    today = clock.today()
    with transaction.atomic():
        ents = list(Entitlement.objects.visible_to(actor).select_for_update().filter(pk__in=raises).order_by("pk"))
        if len(ents) != len(raises):
            raise NotFound()
        changes, errors, allowed = [], [], set()
        for ent in ents:
            # The role rule depends only on the program and the township (delegation): checked once per pair.
            if (ent.program, ent.region_code[:9]) not in allowed:
                _check_role(actor, ent, "increase", today)
                allowed.add((ent.program, ent.region_code[:9]))
            _refuse_if_stopped(ent, "increase", subject=f"待遇 #{ent.pk} ")
            change, problems = _checked_amount_change("increase", ent, {**raises[ent.pk], "action": "increase"},
                                                      today, where=f"raises.{ent.pk}.")
            errors += problems
            if change is not None:
                change.entitlement, change.decided_on, change.decided_by = ent, today, actor
                changes.append(change)
        _refuse(errors)
        EntitlementChange.objects.bulk_create(changes, batch_size=1000)
        now = timezone.now()
        for ent, change in zip(ents, changes, strict=True):
            ent.monthly_amount, ent.updated_at = change.new_amount, now
        Entitlement.objects.bulk_update(ents, ["monthly_amount", "updated_at"], batch_size=1000)
        audit.record_many(actor, [audit.Event("update", "entitlement", ent.pk, ent.region_code, {
            "action": [None, "increase"], "status": [None, ent.status], **_change_details(change)})
            for ent, change in zip(ents, changes, strict=True)])
    return ents


def _change_details(change: EntitlementChange | None) -> dict:
    """A change's fields for its audit entry."""
    from minzheng.benefits.services.cases import jsonable

    return {k: [None, v] for k, v in jsonable({k: v for k, v in (change.__dict__ if change else {}).items()
                                              if k in CHANGE_AUDITED}).items()}


CHANGE_AUDITED = ("kind", "old_amount", "new_amount", "effective_month", "end_month", "reason", "notice_on")


def _stop(ent: Entitlement, raw: dict, today: dt.date) -> EntitlementChange:
    d = validation.validate(StopIn, raw)
    month = d.effective_month or _next_month(today)
    if month < workflow.first_of_month(today):
        _refuse([FieldError("effective_month", f"停发月份不能早于本月 {today:%Y-%m}（不得追溯）")])
    return _stopped(ent, "stop", workflow.add_months(month, -1), d.reason, d.notice_on)


def _stopped(ent: Entitlement, kind: str, last: dt.date, reason: str, notice) -> EntitlementChange:
    if ent.end_month is not None and ent.end_month < last:
        last = ent.end_month
    change = EntitlementChange(kind=kind, old_amount=ent.monthly_amount, new_amount=Decimal("0.00"),
                               effective_month=workflow.add_months(last, 1), end_month=last, reason=reason,
                               notice_on=notice)
    ent.status, ent.end_month = "stopped", last
    Review.objects.filter(entitlement=ent, done_on__isnull=True).delete()
    return change


def _gradual_exit(ent: Entitlement, raw: dict, today: dt.date) -> EntitlementChange:
    if ent.status != "active":
        raise Conflict("只有正常发放的待遇才能进入渐退期")
    d = validation.validate(GradualExitIn, raw)
    start = d.from_month or _next_month(today)
    if start < workflow.first_of_month(today):
        _refuse([FieldError("from_month", "渐退期不能早于本月开始")])
    last = workflow.gradual_exit_end(start, d.months, programs.PROCEDURES.get(ent.program))  # 409 outside 1..6
    change = EntitlementChange(kind="gradual_exit", old_amount=ent.monthly_amount, new_amount=ent.monthly_amount,
                               effective_month=start, end_month=last, reason=d.reason, notice_on=d.notice_on)
    ent.status, ent.end_month = "gradual_exit", last
    Review.objects.filter(entitlement=ent, done_on__isnull=True, due_on__gt=last).delete()
    return change


def _suspend(ent: Entitlement, raw: dict, today: dt.date) -> EntitlementChange:
    if ent.status == "suspended":
        raise Conflict("该待遇已暂停发放")
    d = validation.validate(SuspendIn, raw)
    ent.status = "suspended"
    return EntitlementChange(kind="suspend", old_amount=ent.monthly_amount, new_amount=ent.monthly_amount,
                             effective_month=d.effective_month or _next_month(today), reason=d.reason)


def _resume(ent: Entitlement, raw: dict, today: dt.date) -> EntitlementChange:
    if ent.status != "suspended":
        raise Conflict("该待遇未暂停，无需恢复")
    d = validation.validate(ResumeIn, raw)
    was_exiting = ent.changes.filter(kind="gradual_exit").exists() and ent.end_month is not None
    ent.status = "gradual_exit" if was_exiting else "active"
    return EntitlementChange(kind="resume", old_amount=ent.monthly_amount, new_amount=ent.monthly_amount,
                             effective_month=d.effective_month or workflow.first_of_month(today), reason=d.reason)


def _review(ent: Entitlement, raw: dict, today: dt.date) -> None:
    d = validation.validate(ReviewIn, raw)
    review = ent.reviews.filter(done_on__isnull=True).order_by("due_on").first()
    if review is None:
        review = Review(entitlement=ent, region_code=ent.region_code, reason="periodic", due_on=today)
    review.done_on, review.outcome, review.note = today, d.outcome, d.note
    review.save()
    interval = ent.review_months
    if interval and ent.status != "stopped" and review.reason == "periodic" and not ent.reviews.filter(
            done_on__isnull=True, reason="periodic").exists():
        Review.objects.create(entitlement=ent, region_code=ent.region_code, reason="periodic",
                              due_on=workflow.add_months(workflow.first_of_month(today), interval))


def _change_payee(actor, ent: Entitlement, d: ChangePayeeIn) -> Entitlement:
    """变更领取人: another living current member of the household receives the money (the payee died, moved out or
    cannot manage it), with their bank details. Months held back while the payee was dead are paid as arrears by
    the next payroll."""
    members = set(Membership.objects.filter(household_id=ent.household_id, left_on__isnull=True,
                                            person__death_date__isnull=True).values_list("person_id", flat=True))
    errors: list[FieldError] = []
    if d.payee_id not in members:
        errors.append(FieldError("payee_id", "新领取人须是该家庭在册且在世的成员"))
    elif d.payee_id == ent.payee_id:
        errors.append(FieldError("payee_id", "新领取人与原领取人相同"))
    if not d.bank_account:
        errors.append(FieldError("bank_account", "须填写新领取人的银行账号"))
    _refuse(errors)
    before = ent.payee_id
    ent.payee_id = d.payee_id
    ent.bank_account_enc = protected.seal(Entitlement, "bank_account_enc", d.bank_account, ent.pk)
    ent.bank_name = d.bank_name or ent.bank_name
    ent.account_name = ""  # the new payee's own account
    ent.save()
    audit.record(actor, audit.Event("update", "entitlement", ent.pk, ent.region_code, {
        "action": [None, "change_payee"], "payee": [before, d.payee_id],
        "bank_account": [None, ent.bank_account_masked], "reason": [None, d.reason]}))
    return ent


def set_payment_account(actor, ent: Entitlement, account: str | None, bank_name: str, account_name: str,
                        reason: str, source: str) -> tuple[str | None, str, str]:
    """Pay an entitlement into another account from the next payroll generated (代收账户): a 集中供养 特困 person's
    amount to the institution's account under the institution's name, and back to the person's own account when the
    placement ends. The caller checks role and scope; this writes the entitlement in the caller's transaction and
    the audit entry. Returns what was there before (account plaintext, bank name, 户名) so it can be put back.
    Payroll lines copy the account, bank name and 户名 when generated: a locked payroll keeps what it was made with."""
    before = (protected.unseal(ent, "bank_account_enc"), ent.bank_name, ent.account_name)
    old_masked = ent.bank_account_masked
    ent.bank_account_enc = protected.seal(Entitlement, "bank_account_enc", account, ent.pk)
    ent.bank_name, ent.account_name = bank_name, account_name
    ent.save(update_fields=["bank_account_enc", "bank_name", "account_name", "updated_at"])
    audit.record(actor, audit.Event("update", "entitlement", ent.pk, ent.region_code, {
        "action": [None, "payment_account"], "bank_account": [old_masked, ent.bank_account_masked],
        "bank_name": [before[1], bank_name], "account_name": [before[2], account_name], "reason": [None, reason],
        "source": [None, source]}))
    return before


_HANDLERS = {"increase": _amount_change("increase"), "decrease": _amount_change("decrease"), "stop": _stop,
             "gradual_exit": _gradual_exit, "suspend": _suspend, "resume": _resume, "review": _review}


# ---- death --------------------------------------------------------------------------------------------------------


def record_death(actor, person_id: int, death: dt.date, today: dt.date | None = None) -> list[Entitlement]:
    """Stop the person's own entitlements from the month after death; for household entitlements (低保), stop when
    nobody is left, else schedule the re-check within 3 months (83号). Idempotent."""
    today = today or clock.today()
    last = workflow.last_month_before_death(death)
    touched, events = [], []
    household_ids = list(Membership.objects.filter(person_id=person_id).filter(
        Q(left_on__isnull=True) | Q(left_on__gte=death)).values_list("household_id", flat=True))
    due = workflow.death_review_due(death)
    with transaction.atomic():
        own = Entitlement.objects.select_for_update().filter(person_id=person_id).exclude(status="stopped")
        shared = (Entitlement.objects.select_for_update().filter(household_id__in=household_ids, person__isnull=True)
                  .exclude(status="stopped").exclude(end_month__lt=last).filter(start_month__lte=last))
        for ent in list(own) + list(shared):
            if ent.person_id is None and _living_members(ent.household_id, exclude=person_id):
                if ent.reviews.filter(reason="death", due_on=due).exists():
                    continue  # this death is already being re-checked
                Review.objects.create(entitlement=ent, region_code=ent.region_code, reason="death", due_on=due,
                                      note=f"成员（人员 #{person_id}）{death} 死亡，3个月内复核并办理增发、减发或停发")
                events.append(audit.Event("update", "entitlement", ent.pk, ent.region_code, {
                    "action": [None, "death_review"], "person": [None, person_id], "review_due": [None, due]}))
            else:
                change = _stopped(ent, "death", last, f"救助对象（人员 #{person_id}）于 {death} 死亡，次月起停发", None)
                change.entitlement, change.decided_on = ent, today
                change.decided_by = actor if getattr(actor, "pk", None) else None
                change.save()
                ent.save()
                events.append(audit.Event("update", "entitlement", ent.pk, ent.region_code, {
                    "action": [None, "death"], "status": [None, "stopped"], "end_month": [None, last]}))
            touched.append(ent)
        audit.record_many(actor or "system", events)
    return touched


def _living_members(household_id: int, exclude: int) -> bool:
    return (Membership.objects.filter(household_id=household_id, left_on__isnull=True, person__death_date__isnull=True)
            .exclude(person_id=exclude).exists())


def apply_deaths(actor=None, region_code: str = "") -> dict:
    """Sweep: every entitlement not yet stopped whose beneficiary, or a member of whose household, has a recorded
    death date (e.g. after a 公安/殡葬 data import) is handled as by record_death."""
    today = clock.today()
    live = Entitlement.objects.exclude(status="stopped").within(region_code, "region_code")
    deaths = dict(Person.objects.filter(death_date__isnull=False, pk__in=live.filter(person__isnull=False)
                                        .values("person_id")).values_list("pk", "death_date"))
    households = live.filter(person__isnull=True).values("household_id")
    for pid, death in Membership.objects.filter(household_id__in=households, person__death_date__isnull=False,
                                                ).values_list("person_id", "person__death_date"):
        deaths.setdefault(pid, death)
    handled = 0
    for pid, death in sorted(deaths.items()):
        handled += len(record_death(actor, pid, death, today))
    return {"persons": len(deaths), "entitlements": handled}
