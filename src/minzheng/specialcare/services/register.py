"""Writes of the special-care register (one transaction each: role, scope, validation, audit):

    register(actor, data)                  优抚对象 registered by ID number (the ID check against the registry)
    end(actor, entitled_id, data)          注销 (death, moving away …): the person's payments stop from the next month
    certify(actor, data)                   年度确认
    admit(actor, data) / discharge(…)      光荣院 residents
    apply(actor, data)                     the kernel case of the person's category's program
    adjust(actor, data)                    the annual adjustment: every entitled person re-evaluated with the
                                           standards in force from the effective month; a higher amount is an
                                           增发 backdated to that month, which the payroll pays as 补差额
"""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction

from minzheng.benefits import programs as kernel_programs
from minzheng.core import audit, clock, idnumber, roles, validation
from minzheng.core.errors import Conflict, Forbidden, ServiceError, ValidationFailed
from minzheng.specialcare import codes, policy, selectors
from minzheng.specialcare.models import Certification, EntitledPerson, GloryHomeResident
from minzheng.specialcare.schemas import AdjustIn, ApplyIn, CertifyIn, EntitledRegisterIn, EntitlementEndIn, ResidentIn

MANAGE = "specialcare.manage"


def register(actor, data) -> EntitledPerson:
    from minzheng.registry import selectors as registry

    selectors.require(actor, MANAGE, "您的角色不能登记优抚对象")
    d = validation.validate(EntitledRegisterIn, data)
    try:
        idnumber.parse(d.id_number)
    except idnumber.IdNumberError as exc:
        raise ValidationFailed.one("id_number", f"身份证号格式不正确：{exc}") from None
    person = registry.person_by_id_number(actor, d.id_number)
    if person is None:
        raise ValidationFailed.one("id_number", "未在本辖区民政对象统一库中找到该身份证号的人员："
                                                "请先登记人员，再登记优抚对象")
    if person.death_date is not None:
        raise ValidationFailed.one("id_number", f"{person.name}已于 {person.death_date} 死亡，不能登记")
    with transaction.atomic():
        if EntitledPerson.objects.filter(person=person, category=d.category, status="active").exists():
            raise Conflict(f"{person.name}已登记为{codes.CATEGORIES[d.category]}")
        today = clock.today()
        row = EntitledPerson.objects.create(
            person=person, region_code=person.region_id, category=d.category, nature=d.nature, grade=d.grade,
            certificate_no=d.certificate_no, id_verified_on=today, registered_on=d.registered_on or today,
            note=d.note, recorded_by=actor)
        audit.record(actor, audit.Event("create", "specialcare_entitled", row.pk, row.region_code, {
            "person": [None, person.pk], "category": [None, codes.CATEGORIES[d.category]],
            "grade": [None, d.grade], "nature": [None, codes.NATURES.get(d.nature)],
            "id_verified_on": [None, today]}))
    return row


def end(actor, entitled_id: int, data) -> EntitledPerson:
    """注销: the registration ends; the kernel stops the person's entitlement of that program from the next month."""
    from minzheng.benefits.models import Entitlement
    from minzheng.benefits.services import entitlements

    selectors.require(actor, MANAGE, "您的角色不能注销优抚对象")
    with transaction.atomic():
        row = selectors.get_entitled(actor, entitled_id, "change")  # 404 before the input (ADR 0009)
        d = validation.validate(EntitlementEndIn, data)
        if row.status != "active":
            raise Conflict("该优抚对象已注销")
        row.status, row.ended_on, row.end_reason = "ended", d.ended_on, d.reason
        row.save(update_fields=["status", "ended_on", "end_reason"])
        program = codes.CATEGORY_PROGRAM[row.category]
        for ent_id in (Entitlement.objects.filter(person_id=row.person_id, program=program)
                       .exclude(status="stopped").values_list("pk", flat=True)):
            entitlements.act(actor, ent_id, "stop", {"reason": f"优抚对象注销（{codes.END_REASONS[d.reason]}）",
                                                     "notice_on": clock.today().isoformat()})
        audit.record(actor, audit.Event("update", "specialcare_entitled", row.pk, row.region_code, {
            "status": ["active", "ended"], "ended_on": [None, d.ended_on],
            "end_reason": [None, codes.END_REASONS[d.reason]]}))
    return row


def certify(actor, data) -> Certification:
    selectors.require(actor, MANAGE, "您的角色不能办理年度确认")
    d = validation.validate(CertifyIn, data)
    with transaction.atomic():
        row = selectors.get_entitled(actor, d.entitled_id, "change")
        if row.status != "active":
            raise Conflict("该优抚对象已注销，无需年度确认")
        if Certification.objects.filter(entitled=row, year=d.year).exists():
            raise Conflict(f"{row.person.name} {d.year} 年度已确认")
        day = d.certified_on or clock.today()
        if day.year != d.year:
            raise ValidationFailed.one("certified_on", f"确认日期应在 {d.year} 年内")
        cert = Certification.objects.create(entitled=row, region_code=row.region_code, year=d.year,
                                            certified_on=day, method=d.method, note=d.note, recorded_by=actor)
        audit.record(actor, audit.Event("create", "specialcare_certification", cert.pk, cert.region_code, {
            "entitled": [None, row.pk], "year": [None, d.year],
            "method": [None, codes.CERTIFICATION_METHODS[d.method]]}))
    return cert


def admit(actor, data) -> GloryHomeResident:
    selectors.require(actor, MANAGE, "您的角色不能办理光荣院入院")
    d = validation.validate(ResidentIn, data)
    with transaction.atomic():
        row = selectors.get_entitled(actor, d.entitled_id, "change")
        if GloryHomeResident.objects.filter(entitled=row, left_on__isnull=True).exists():
            raise Conflict(f"{row.person.name}已在光荣院")
        res = GloryHomeResident.objects.create(entitled=row, region_code=row.region_code, home=d.home,
                                               admitted_on=d.admitted_on, room=d.room, recorded_by=actor)
        audit.record(actor, audit.Event("create", "specialcare_resident", res.pk, res.region_code, {
            "entitled": [None, row.pk], "home": [None, d.home], "admitted_on": [None, d.admitted_on]}))
    return res


def apply(actor, data):
    """The kernel case paying the person's category (抚恤金、定期生活补助 or 义务兵家庭优待金): the township or the
    village clerk applies, the township reviews and the county confirms (benefits.services.cases)."""
    from minzheng.benefits.services import cases
    from minzheng.registry import selectors as registry

    selectors.require(actor, MANAGE, "您的角色不能登记优抚待遇申请")
    d = validation.validate(ApplyIn, data)
    row = selectors.get_entitled(actor, d.entitled_id)
    if row.status != "active":
        raise Conflict("该优抚对象已注销")
    membership = registry.current_household(row.person)
    if membership is None:
        raise ValidationFailed.one("entitled_id", f"{row.person.name}未登记在任何家庭中：请先在统一库登记家庭")
    return cases.create_case(actor, {
        "program": codes.CATEGORY_PROGRAM[row.category], "household_id": membership.household_id,
        "applicant_id": row.person_id, "beneficiary_id": row.person_id,
        "channel": "clerk" if actor.role == roles.VILLAGE else "family",
        "proxy_document": f"优抚对象证件（{row.certificate_no or row.pk}）",
        "bank_account": d.bank_account, "bank_name": d.bank_name})


def adjust(actor, data) -> dict:
    """The annual adjustment (年度提标): every active 抚恤金/定期生活补助 entitlement in the actor's region is evaluated
    with the standards in force in `effective_month` (one resolution per village and area, one register query);
    a higher amount becomes a kernel 增发 effective that month — the payroll then pays the difference for every
    month already paid since (补差额), once, by its own rules. A lower amount is never applied backwards (减发不得
    追溯): it is counted for a review. Running it again changes nothing."""
    from minzheng.benefits import selectors as kernel_selectors
    from minzheng.benefits.models import Entitlement
    from minzheng.benefits.services import entitlements

    if actor.role != roles.COUNTY:  # the kernel lets only the county decide a raise (entitlements._check_role)
        raise Forbidden("年度标准调整由县级民政部门办理")
    d = validation.validate(AdjustIn, data)
    region = d.region_code or actor.region_id
    month = d.effective_month
    ents = list(Entitlement.objects.visible_to(actor, "change").within(region, "region_code")
                .filter(program__in=("special_pension", "special_subsidy"))
                .exclude(status="stopped").exclude(end_month__lt=month).filter(start_month__lte=month)
                .select_related("household").prefetch_related("changes").order_by("id"))
    # One register query for every person (not one per entitlement); the changes come prefetched for
    # amount_in_month; the raises go to the kernel together (entitlements.increase_many: one transaction, set-based).
    facts = {program: selectors.register_facts_for(program, [e.person_id for e in ents if e.program == program],
                                                   month)
             for program in {e.program for e in ents}}
    by_place = defaultdict(list)
    for e in ents:
        by_place[(e.region_code, e.household.urban_rural)].append(e)
    out = {"examined": len(ents), "raised": 0, "unchanged": 0, "lower": 0, "errors": []}
    raises, today = {}, clock.today().isoformat()
    for (code, area), group in sorted(by_place.items()):
        stds = kernel_selectors.resolve(code, area, month)
        for ent in group:
            program = kernel_programs.require(ent.program)
            fact = facts[ent.program].get(ent.person_id)
            if fact is None:
                out["errors"].append(f"待遇 #{ent.pk}：人员 #{ent.person_id} 在 {month:%Y-%m} 不在优抚对象名册中")
                continue
            try:
                amount = stds.require(ent.program, policy.item_for(fact), "计算优抚金额")
            except ServiceError as exc:
                out["errors"].append(f"待遇 #{ent.pk}：{exc.message}")
                continue
            new = _rounded(amount.amount())
            current = entitlements.amount_in_month(ent, month, list(ent.changes.all()))
            if new > current and new > ent.monthly_amount:
                raises[ent.pk] = {"new_amount": f"{new:.2f}", "effective_month": f"{month:%Y-%m}",
                                  "reason": f"{program.name}标准调整：{d.reason}", "notice_on": today}
                out["raised"] += 1
            elif new < current:
                out["lower"] += 1
            else:
                out["unchanged"] += 1
    with transaction.atomic():  # the raises and the adjustment's own audit entry, together
        entitlements.increase_many(actor, raises)
        audit.record(actor, audit.Event("update", "specialcare_adjustment", f"{month:%Y-%m}", region, {
            "effective_month": [None, f"{month:%Y-%m}"], "reason": [None, d.reason],
            **{k: [None, v] for k, v in out.items() if k != "errors"}, "errors": [None, len(out["errors"])]}))
    return out


def _rounded(value):
    """The kernel's one rounding of an amount paid, by the instance's rule (as a case's evaluation rounds)."""
    from minzheng.benefits.evaluation import default_rounding
    from minzheng.benefits.policy.money import round_amount

    return round_amount(value, default_rounding())
