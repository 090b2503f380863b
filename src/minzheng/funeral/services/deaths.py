"""Death registration → 身后一件事: one application, one transaction, that

1. registers the death (one registration per person: a second is a 409, so nothing is stopped or paid twice);
2. holds every entitlement of the deceased — their own and their household's — from the month after the death
   through the kernel's death hold (benefits.services.holds, source "death:<id>"), as verification's 确认死亡 does;
3. once the death is certain (a hospital or police certificate, or department data; a family report waits for the
   certificate with payments held): records the death in the registry, releases the hold as confirmed and stops the
   entitlements (benefits record_death: own ones 次月起停发, the household's re-checked within 3 months — 民发〔2021〕
   43号 第二十五条, 83号), closes an open death finding of the comparison, takes the person out of the household
   (a new head where needed), records the pension notification, computes the 惠民殡葬 waiver (services.waivers),
   pays the funeral subsidy through the kernel (services.kernel) and lists what the family still has to do.
The record keeps what was stopped, changed and paid (DeathRegistration.outcome)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction

from minzheng.benefits import programs
from minzheng.benefits.selectors import entitlements_for
from minzheng.benefits.services import entitlements, holds
from minzheng.core import audit, clock, protected, roles, validation
from minzheng.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from minzheng.funeral import codes, policy
from minzheng.funeral.models import DeathRegistration, PensionNotice
from minzheng.funeral.schemas import CertificateIn, FuneralDeathIn
from minzheng.funeral.services import kernel, waivers
from minzheng.marriage.services import registrations as marriage_registrations
from minzheng.registry import selectors as registry_selectors
from minzheng.registry.models import Membership
from minzheng.registry.services import households as registry_households
from minzheng.registry.services import persons as registry_persons
from minzheng.verification import selectors as verification_selectors
from minzheng.verification import services as verification_services

OTHER_RELATION = "80"  # 其他: the former head's relation once a new head is named (the membership ends anyway)


def require_register(actor) -> None:
    if not roles.has_perm(actor, "funeral.register"):
        raise Forbidden("您的角色不能办理死亡登记（身后一件事由乡镇(街道)便民服务中心办理）")


def _live_entitlements(actor, person_id: int, household_id: int | None, death: dt.date) -> list:
    """The entitlements a death touches: the person's own, and the household's shared ones in force in the month of
    death (what record_death looks at)."""
    qs = entitlements_for(actor).exclude(status="stopped")
    own = list(qs.filter(person_id=person_id))
    shared = [] if household_id is None else list(
        qs.filter(household_id=household_id, person__isnull=True, start_month__lte=death.replace(day=1))
        .exclude(end_month__lt=death.replace(day=1)))
    return own + shared


def _row(ent, last: dt.date) -> dict:
    return {"entitlement_id": ent.pk, "program": ent.program, "program_name": programs.name(ent.program),
            "last_month": f"{last:%Y-%m}"}


def register(actor, data: dict[str, Any], comment: str | None = None) -> DeathRegistration:
    """POST /api/v1/funeral/deaths: the death registered and, where it is certain, 身后一件事 done at once.
    `comment`: the page's 确认办理说明, kept in the audit entry."""
    require_register(actor)
    d = validation.validate(FuneralDeathIn, data)
    today = clock.today()
    if d.death_date > today:
        raise ValidationFailed.one("death_date", "死亡日期不能晚于今天")
    try:
        with transaction.atomic():
            person = registry_persons.get_person(actor, d.person_id)
            existing = DeathRegistration.objects.filter(person=person).first()
            if existing is not None:
                raise Conflict(f"{person.name} 已于 {existing.registered_on} 登记死亡（身后一件事 #{existing.pk}）："
                               "不重复停发、不重复支付")
            if d.death_date < person.birth_date:
                raise ValidationFailed.one("death_date", "死亡日期不能早于出生日期")
            death_date = _feed_date(actor, d, person) if d.source == "feed" else d.death_date
            member = registry_selectors.current_household(person)
            household = member.household if member else None
            informant = _informant(actor, d.informant_id, household, person.pk)
            reg = DeathRegistration.objects.create(
                person=person, household=household, region_code=person.region_id, death_date=death_date,
                place=d.place, source=d.source, certificate_no=d.certificate_no, finding_id=d.finding_id,
                informant=informant, informant_relation=d.informant_relation, disposal=d.disposal,
                status="pending", registered_on=today, created_by=actor)
            live = _live_entitlements(actor, person.pk, household.pk if household else None, death_date)
            start = policy.next_month(death_date)
            holds.place(actor, [holds.HoldRequest(e.pk, e.region_code, start,
                                                  f"身后一件事 #{reg.pk}：{person.name} 于 {death_date} 死亡，"
                                                  "次月起暂停",
                                                  f"death:{reg.pk}") for e in live], today)
            reg.outcome = {"held": [_row(e, death_date) for e in live], "stopped": [], "changed": [], "paid": [],
                           "programs_at_death": sorted({e.program for e in live}), "todo": []}
            certain = d.source in codes.AUTHORITATIVE or bool(d.certificate_no)
            # The account is kept: the 丧葬补助 of a pending report is paid when the certificate comes, and a
            # cremation or eco-burial recorded later pays its one-off amount to the same informant.
            kept = _keep_account(reg, d.bank_account, d.bank_name)
            audit.record(actor, audit.Event("create", "death_registration", reg.pk, reg.region_code, {
                "person": [None, person.pk], "death_date": [None, death_date], "source": [None, d.source],
                "held": [None, [e.pk for e in live]], **kept} | ({"comment": [None, comment]} if comment else {})))
            if certain:
                _complete(actor, reg, d.cremation, d.bank_account, d.bank_name, today)
            else:
                reg.outcome["todo"] = policy.family_todo(True, d.cremation is not None)
                reg.save(update_fields=["outcome"])
                if d.cremation is not None:
                    waivers.record_cremation_row(actor, reg, d.cremation)
    except IntegrityError:  # a concurrent registration of the same death won the race
        raise Conflict("该人员已登记死亡：不重复停发、不重复支付") from None
    return reg


def _feed_date(actor, d: FuneralDeathIn, person) -> dt.date:
    """部门死亡数据: the death date is the comparison finding's (an open finding is confirmed below)."""
    if d.finding_id is None:
        return d.death_date
    finding = verification_selectors.get_finding(actor, d.finding_id)
    if finding.rule != "death" or finding.person_id != person.pk:
        raise ValidationFailed.one("finding_id", "该比对疑点不是此人的死亡疑点")
    return dt.date.fromisoformat(finding.evidence["death_date"])


def _informant(actor, informant_id: int | None, household, deceased_id: int):
    if informant_id is None:
        return None
    living = [] if household is None else list(
        Membership.objects.filter(household=household, left_on__isnull=True, person__death_date__isnull=True)
        .exclude(person_id=deceased_id).values_list("person_id", flat=True))
    if informant_id not in living:
        raise ValidationFailed.one("informant_id", "申报家属须是逝者同户的在册家属（丧葬补助等的领取人）")
    return registry_persons.get_person(actor, informant_id)


def confirm_certificate(actor, death_id, data: dict[str, Any], comment: str | None = None) -> DeathRegistration:
    """A family report completed with the certificate: the held entitlements stop and 身后一件事 is done."""
    require_register(actor)
    with transaction.atomic():
        reg = DeathRegistration.objects.visible_to(actor, "change").select_for_update().filter(pk=death_id).first()
        if reg is None:
            raise NotFound()
        c = validation.validate(CertificateIn, data)
        if reg.status != "pending":
            raise Conflict("该死亡登记已办结")
        changes = {"certificate_no": [reg.certificate_no, c.certificate_no], "source": [reg.source, c.source]}
        reg.certificate_no, reg.source = c.certificate_no, c.source
        reg.save(update_fields=["certificate_no", "source"])
        changes |= _keep_account(reg, c.bank_account, c.bank_name)  # given now: corrects the family's
        if comment:
            changes["comment"] = [None, comment]
        audit.record(actor, audit.Event("update", "death_registration", reg.pk, reg.region_code, changes))
        cremation = getattr(reg, "cremation", None)
        account, bank_name = reg.payee_account()
        _complete(actor, reg, None, account, bank_name, clock.today(), cremation_row=cremation)
    return reg


def _keep_account(reg: DeathRegistration, account: str, bank_name: str) -> dict:
    """Store the payee account on the registration, sealed to its id (a bank name alone keeps the account; an
    account alone keeps the bank name, as benefits' payee changes do). Returns the audit's changes: masked only."""
    changes = {}
    if account and account != protected.unseal(reg, "bank_account_enc"):
        before = reg.bank_account_masked
        reg.bank_account_enc = protected.seal(DeathRegistration, "bank_account_enc", account, reg.pk)
        changes["bank_account"] = [before or None, reg.bank_account_masked]
    if bank_name and bank_name != reg.bank_name:
        changes["bank_name"] = [reg.bank_name or None, bank_name]
        reg.bank_name = bank_name
    if changes:
        reg.save(update_fields=["bank_account_enc", "bank_name"])
    return changes


def _complete(actor, reg: DeathRegistration, cremation_in, bank_account: str, bank_name: str, today: dt.date,
              cremation_row=None) -> None:
    person, death = reg.person, reg.death_date
    out = reg.outcome
    changed, paid = out.setdefault("changed", []), out.setdefault("paid", [])
    if reg.finding_id is not None:
        finding = verification_selectors.get_finding(actor, reg.finding_id)
        if finding.status == "open":
            verification_services.confirm(actor, finding.pk, "death", note=f"身后一件事 #{reg.pk} 确认死亡")
            changed.append({"kind": "finding", "text": f"核对比对死亡疑点 #{finding.pk} 已确认"})
    person.refresh_from_db()
    if person.death_date is None:
        registry_persons.update_person(actor, person.pk, {"death_date": death})
        changed.append({"kind": "registry", "text": f"人员库：{person.name} 登记死亡（{death}）"})
    holds.release(actor, f"death:{reg.pk}", "confirmed", today)
    touched = entitlements.record_death(actor, person.pk, death, today)
    last = death.replace(day=1)
    for ent in touched:
        if ent.status == "stopped":
            out["stopped"].append(_row(ent, last))
        else:
            changed.append({"kind": "review", "text": f"{programs.name(ent.program)}（待遇 #{ent.pk}）家庭成员死亡，"
                                                      "3个月内复核并办理增发、减发或停发"})
    out["held"] = []
    _leave_household(actor, reg, changed)
    ended = marriage_registrations.end_by_death(actor, person.id_number_index, death, f"身后一件事 #{reg.pk}")
    if ended:
        changed.append({"kind": "marriage", "text": f"婚姻登记：与 {ended['survivor']} 的婚姻（结婚证 "
                                                    f"{ended['marriage']}）因一方死亡终止，配偶婚姻状况改为丧偶"})
    PensionNotice.objects.create(death=reg, region_code=reg.region_code, created_on=today)
    changed.append({"kind": "pension", "text": "已登记养老金停发通知（社会保险经办机构）"})
    crem = cremation_row
    if cremation_in is not None:
        crem = waivers.record_cremation_row(actor, reg, cremation_in)
    held_programs = frozenset(out.get("programs_at_death", []))
    scheme = waivers.scheme_for(reg.region_code, death)
    if crem is not None:
        item = waivers.waive(actor, reg, crem, held_programs, scheme, bank_account, bank_name)
        if item:
            paid.append(item)
    if reg.informant_id and scheme is not None and held_programs & set(scheme.special_programs):
        result = kernel.pay_once(actor, codes.SUBSIDY, reg.household_id, reg.informant_id,
                                 f"身后一件事 #{reg.pk}：{person.name} 死亡，家属申领丧葬补助",
                                 bank_account=bank_account, bank_name=bank_name)
        paid.append({"kind": "subsidy", "label": "丧葬补助", "amount": f"{result.amount or 0:.2f}",
                     "to": reg.informant.name, "status": _case_status(result), "case_id": result.case_id,
                     "entitlement_id": result.entitlement_id})
    out["todo"] = policy.family_todo(False, reg.disposal == "cremation")
    if reg.informant_id is None and scheme is not None and held_programs & set(scheme.special_programs):
        out["todo"].insert(0, "指定同户家属为领取人后申领丧葬补助")
    reg.status, reg.completed_on = "completed", today
    reg.save(update_fields=["status", "completed_on", "outcome"])
    audit.record(actor, audit.Event("death_complete", "death_registration", reg.pk, reg.region_code, {
        "stopped": [None, [s["entitlement_id"] for s in out["stopped"]]],
        "paid": [None, [f"{p['label']} {p['amount']}" for p in paid]]}))


def _case_status(paid: kernel.Paid) -> str:
    return "已确认，随下月发放名册一次性发放" if paid.entitlement_id else "已报县级民政部门审核确认"


def _leave_household(actor, reg: DeathRegistration, changed: list) -> None:
    """The deceased leaves the household on the day of death; a head is replaced by the informant (or the eldest
    living member)."""
    if reg.household_id is None:
        return
    household = registry_selectors.get_household(actor, reg.household_id)
    others = list(Membership.objects.filter(household=household, left_on__isnull=True)
                  .exclude(person_id=reg.person_id).select_related("person").order_by("person__birth_date", "id"))
    others = [m for m in others if m.person.death_date is None]
    if household.head_id == reg.person_id and others:
        new_head = reg.informant_id if any(m.person_id == reg.informant_id for m in others) else others[0].person_id
        registry_households.change_head(actor, household.pk, new_head, OTHER_RELATION,
                                        comment=f"身后一件事 #{reg.pk}：原户主死亡")
        name = next(m.person.name for m in others if m.person_id == new_head)
        changed.append({"kind": "household", "text": f"户主变更为 {name}"})
    member = Membership.objects.filter(household=household, person_id=reg.person_id, left_on__isnull=True).first()
    if member is not None:
        registry_households.remove_member(actor, household.pk, reg.person_id, "死亡",
                                          left_on=max(reg.death_date, member.joined_on),
                                          comment=f"身后一件事 #{reg.pk}")
        changed.append({"kind": "household", "text": f"{reg.person.name} 移出家庭（死亡，{reg.death_date}）"})
