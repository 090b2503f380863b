"""Test data for special care: standards by category (示例 amounts), registered entitled persons and their kernel
cases taken through the workflow."""

from __future__ import annotations

COUNTY = "330902000000"
STANDARDS = {("special_pension", "martyr_family"): "2000", ("special_pension", "disabled_war_1"): "5000",
             ("special_pension", "disabled_illness_6"): "800", ("special_subsidy", "demobilized_veteran"): "1000",
             ("special_subsidy", "war_participant"): "600"}


def standards(county_user, values=None, effective_from="2025-01-01") -> None:
    from minzheng.benefits.services import standards as kernel

    for (program, item), value in (values or STANDARDS).items():
        kernel.add_standard(county_user, {"program": program, "item": item, "region_code": COUNTY, "area": "all",
                                          "value": value, "unit": "元/人/月", "effective_from": effective_from,
                                          "source": "示例值（非官方）"})
    kernel.add_standard(county_user, {"program": "conscript_allowance", "item": "conscript_family",
                                      "region_code": COUNTY, "area": "all", "value": "12000", "unit": "元",
                                      "effective_from": effective_from, "source": "示例值（非官方）"})


def person(clerk, name, born="19500101", sex="M"):
    """A one-person household; returns (person, its ID number)."""
    from minzheng.registry.tests.factories import make_family, make_id

    number = make_id(born, sex)
    _, (p,) = make_family(clerk, [(name, born, sex, {"id_number": number})])
    return p, number


def registered(staff, name, category, **extra):
    from minzheng.specialcare import services

    p, number = person(staff["village"], name)
    return services.register(staff["township"], {"id_number": number, "category": category,
                                                 "certificate_no": f"ZJ{p.pk:06d}", **extra})


def granted(staff, entitled):
    """The category's program applied for by the township, confirmed by the county, decision issued."""
    from minzheng.benefits.models import Case
    from minzheng.benefits.services import cases
    from minzheng.specialcare import services

    case = services.apply(staff["township"], {"entitled_id": entitled.pk, "bank_account": "6222020200001234567",
                                              "bank_name": "农业银行"})
    cases.act(staff["township"], case.pk, "accept", {})
    cases.act(staff["township"], case.pk, "initial_review", {"opinion": "证件属实", "recommend": "approve"})
    cases.act(staff["county"], case.pk, "confirm", {"note": "同意"})
    cases.act(staff["township"], case.pk, "issue_decision", {"document_no": f"YF-{case.pk}"})
    return Case.objects.get(pk=case.pk)


MEDICAL = {"martyr_family": ("0.8", "5000"), "demobilized_veteran": ("0.6", "3000")}


def medical_standards(county_user, effective_from="2025-01-01") -> None:
    """The medical subsidy's share and annual cap for two categories (示例 values)."""
    from minzheng.benefits.services import standards as kernel

    for category, (share, cap) in MEDICAL.items():
        for item, value, unit in ((f"share_{category}", share, "比例"), (f"cap_{category}", cap, "元")):
            kernel.add_standard(county_user, {
                "program": "special_medical", "item": item, "region_code": COUNTY, "area": "all", "value": value,
                "unit": unit, "effective_from": effective_from,
                "source": "《优抚对象医疗保障办法》及本省实施办法（示例值，非官方）"})


def decided(staff, case_id: int) -> None:
    """A kernel case taken through review, confirmation and the decision."""
    from minzheng.benefits.services import cases

    cases.act(staff["township"], case_id, "accept", {})
    cases.act(staff["township"], case_id, "initial_review", {"opinion": "票据属实", "recommend": "approve"})
    cases.act(staff["county"], case_id, "confirm", {"note": "同意"})
    cases.act(staff["township"], case_id, "issue_decision", {"document_no": f"YL-{case_id}"})
