"""Care beyond the periodic payments (one transaction each: role, scope, validation, audit):

    claim_medical(actor, data)            优抚对象医疗补助: the claim with the rule's figures, then its kernel case
                                          (program special_medical, ONE_OFF: the township reviews, the county
                                          confirms, the payroll pays it once)
    record_hardship(actor, data)          "三难" case found (生活难、住房难、看病难)
    add_help(actor, hardship_id, data)    a help given (the case is then 帮扶中)
    close_hardship(actor, hardship_id, data)   solved: closed with the outcome (irreversible: a confirm step)
"""

from __future__ import annotations

from django.db import transaction

from minzheng.core import audit, clock, roles, validation
from minzheng.core.errors import Conflict, FieldError, ValidationFailed
from minzheng.specialcare import codes, policy, selectors
from minzheng.specialcare.models import HardshipCase, HardshipHelp, MedicalClaim
from minzheng.specialcare.schemas import HardshipCloseIn, HardshipIn, HelpIn, MedicalClaimIn

MANAGE = "specialcare.manage"


def claim_medical(actor, data) -> MedicalClaim:
    """A medical claim: the self-paid part (total − 医保), the category's share and annual cap from the kernel's
    standards in force in the month of the claim (region and area of the person's household), this year's earlier
    subsidies; the subsidy by policy.medical_subsidy. The kernel case is opened in the same transaction (the program
    evaluates the same claim again when the county confirms). Nothing is written when the cap is already reached."""
    from minzheng.benefits import selectors as kernel_selectors
    from minzheng.benefits.services import cases
    from minzheng.benefits.workflow import first_of_month
    from minzheng.registry import selectors as registry

    selectors.require(actor, MANAGE, "您的角色不能登记优抚对象医疗补助")
    d = validation.validate(MedicalClaimIn, data)
    with transaction.atomic():
        row = selectors.get_entitled(actor, d.entitled_id, "change")
        if row.status != "active":
            raise Conflict("该优抚对象已注销")
        if row.category not in codes.MEDICAL_CATEGORIES:
            raise ValidationFailed.one("entitled_id", f"{codes.CATEGORIES[row.category]}不享受优抚对象医疗补助")
        membership = registry.current_household(row.person)
        if membership is None:
            raise ValidationFailed.one("entitled_id", f"{row.person.name}未登记在任何家庭中：请先在统一库登记家庭")
        today = clock.today()
        stds = kernel_selectors.resolve(row.region_code, membership.household.urban_rural, first_of_month(today))
        share = stds.require(policy.MEDICAL_PROGRAM, policy.share_item(row.category), "计算优抚对象医疗补助")
        cap = stds.require(policy.MEDICAL_PROGRAM, policy.cap_item(row.category), "计算优抚对象医疗补助")
        self_pay = d.total_cost - d.insurance_paid
        used = selectors.used_this_year(row.person_id, today.year)
        subsidy = policy.medical_subsidy(self_pay, share.value, cap.value, used)
        if subsidy <= 0:
            raise Conflict(f"{row.person.name} {today.year} 年度医疗补助已达封顶 {cap.value} 元（已补助 {used} 元）")
        rule = f"{policy.R_MEDICAL}；比例依据：{share.source or share.origin()}"[:300]
        claim = MedicalClaim.objects.create(
            entitled=row, person=row.person, region_code=row.region_code, year=today.year,
            treated_from=d.treated_from, treated_to=d.treated_to, hospital=d.hospital, total_cost=d.total_cost,
            insurance_paid=d.insurance_paid, self_pay=self_pay, share=share.value, cap=cap.value, used_before=used,
            subsidy=subsidy, rule=rule, recorded_by=actor)
        try:
            case = cases.create_case(actor, {
                "program": policy.MEDICAL_PROGRAM, "household_id": membership.household_id,
                "applicant_id": row.person_id, "beneficiary_id": row.person_id,
                "channel": "clerk" if actor.role == roles.VILLAGE else "family",
                "proxy_document": f"医疗费用票据（{d.hospital}）",
                "bank_account": d.bank_account, "bank_name": d.bank_name})
        except ValidationFailed as exc:
            raise ValidationFailed([FieldError(e.field if e.field in MedicalClaimIn.model_fields else "entitled_id",
                                               e.message) for e in exc.errors]) from None
        claim.case = case
        claim.save(update_fields=["case"])
        audit.record(actor, audit.Event("create", "specialcare_medical", claim.pk, claim.region_code, {
            "entitled": [None, row.pk], "self_pay": [None, str(self_pay)], "share": [None, str(share.value)],
            "cap": [None, str(cap.value)], "used_before": [None, str(used)], "subsidy": [None, str(subsidy)],
            "case": [None, case.pk]}))
    return claim


def record_hardship(actor, data) -> HardshipCase:
    selectors.require(actor, MANAGE, "您的角色不能登记三难帮扶")
    d = validation.validate(HardshipIn, data)
    with transaction.atomic():
        row = selectors.get_entitled(actor, d.entitled_id, "change")
        if HardshipCase.objects.filter(entitled=row, kind=d.kind).exclude(status="closed").exists():
            raise Conflict(f"{row.person.name}的“{codes.HARDSHIPS[d.kind]}”已在帮扶中，请在原记录登记帮扶措施")
        case = HardshipCase.objects.create(entitled=row, region_code=row.region_code, kind=d.kind,
                                           found_on=d.found_on or clock.today(), description=d.description,
                                           recorded_by=actor)
        audit.record(actor, audit.Event("create", "specialcare_hardship", case.pk, case.region_code, {
            "entitled": [None, row.pk], "kind": [None, codes.HARDSHIPS[d.kind]], "found_on": [None, case.found_on]}))
    return case


def add_help(actor, hardship_id: int, data) -> HardshipHelp:
    selectors.require(actor, MANAGE, "您的角色不能登记帮扶措施")
    with transaction.atomic():
        case = selectors.get_hardship(actor, hardship_id, "change")  # 404 before the input (ADR 0009)
        d = validation.validate(HelpIn, data)
        case = HardshipCase.objects.select_for_update().get(pk=case.pk)
        if case.status == "closed":
            raise Conflict("该三难帮扶已结案")
        day = d.helped_on or clock.today()
        if day < case.found_on:
            raise ValidationFailed.one("helped_on", f"帮扶日期不能早于发现日期 {case.found_on}")
        help_ = HardshipHelp.objects.create(hardship=case, region_code=case.region_code, helped_on=day,
                                            measure=d.measure, amount=d.amount, note=d.note, recorded_by=actor)
        before, case.status = case.status, "helping"
        case.save(update_fields=["status"])
        audit.record_many(actor, [
            audit.Event("create", "specialcare_help", help_.pk, help_.region_code, {
                "hardship": [None, case.pk], "measure": [None, codes.HELP_MEASURES[d.measure]],
                "amount": [None, str(d.amount)]}),
            audit.Event("update", "specialcare_hardship", case.pk, case.region_code, {"status": [before, "helping"]})])
    return help_


def close_hardship(actor, hardship_id: int, data) -> HardshipCase:
    """结案: the difficulty is solved (at least one help recorded), with the outcome."""
    selectors.require(actor, MANAGE, "您的角色不能办理三难帮扶结案")
    with transaction.atomic():
        case = selectors.get_hardship(actor, hardship_id, "change")
        d = validation.validate(HardshipCloseIn, data)
        case = HardshipCase.objects.select_for_update().get(pk=case.pk)
        if case.status == "closed":
            raise Conflict(f"该三难帮扶已于 {case.closed_on} 结案")
        if not case.helps.exists():
            raise Conflict("尚未登记任何帮扶措施，不能结案")
        day = d.closed_on or clock.today()
        if day < case.found_on:
            raise ValidationFailed.one("closed_on", f"结案日期不能早于发现日期 {case.found_on}")
        before = case.status
        case.status, case.closed_on, case.outcome = "closed", day, d.outcome
        case.save(update_fields=["status", "closed_on", "outcome"])
        audit.record(actor, audit.Event("update", "specialcare_hardship", case.pk, case.region_code, {
            "status": [before, "closed"], "closed_on": [None, day], "outcome": [None, d.outcome]}))
    return case
