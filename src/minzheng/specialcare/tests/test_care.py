"""优抚对象医疗补助 (share and cap by category as kernel standards, paid once through the payroll), the 三难 campaign
(found, helped, closed; counted on the home page) and the annual adjustment's reads (set-based)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from conftest import PASSWORD
from minzheng.benefits.models import Case, Entitlement
from minzheng.core.errors import Conflict, Forbidden, ValidationFailed
from minzheng.payroll.models import PayrollLine
from minzheng.specialcare import selectors
from minzheng.specialcare.services import care
from minzheng.specialcare.tests.factories import decided, medical_standards, registered, standards


def _claim(staff, entitled, total, paid, **extra):
    return care.claim_medical(staff["township"], {
        "entitled_id": entitled.pk, "treated_from": "2026-03-01", "treated_to": "2026-03-10",
        "hospital": "定海区人民医院", "total_cost": total, "insurance_paid": paid,
        "bank_account": "6222020200001234567", "bank_name": "农业银行", **extra})


def test_a_medical_claim_is_paid_once_by_the_share_within_the_annual_cap(staff, monkeypatch):
    from minzheng.payroll.services import generate

    monkeypatch.setenv("MINZHENG_TODAY", "2026-03-15")
    standards(staff["county"])
    medical_standards(staff["county"])
    e = registered(staff, "烈属医甲", "martyr_family")
    claim = _claim(staff, e, "6000.00", "2500.00")
    assert (claim.self_pay, claim.share, claim.cap, claim.subsidy) == (
        Decimal("3500.00"), Decimal("0.8"), Decimal("5000"), Decimal("2800.00"))
    assert "优抚对象医疗保障办法" in claim.rule and claim.case.program == "special_medical"
    with pytest.raises(Conflict, match="在办"):  # the kernel: one open case at a time
        _claim(staff, e, "100.00", "0")
    decided(staff, claim.case_id)
    assert Case.objects.get(pk=claim.case_id).amount == Decimal("2800.00")
    ent = Entitlement.objects.get(source_case_id=claim.case_id)
    for month in ("2026-04", "2026-05"):
        monkeypatch.setenv("MINZHENG_TODAY", f"{month}-05")
        generate.generate(None, month)
    lines = list(PayrollLine.objects.filter(entitlement=ent).values_list("kind", "amount_fen"))
    assert lines == [("one_off", 280000)]  # ONE_OFF: paid once
    monkeypatch.setenv("MINZHENG_TODAY", "2026-06-10")
    second = _claim(staff, e, "4000.00", "0")  # 3200 by the share, 2200 left under the cap
    assert (second.used_before, second.subsidy) == (Decimal("2800.00"), Decimal("2200.00"))
    decided(staff, second.case_id)
    monkeypatch.setenv("MINZHENG_TODAY", "2026-08-10")
    with pytest.raises(Conflict, match="封顶"):
        _claim(staff, e, "500.00", "0")


def test_claims_are_checked_before_anything_is_written(staff, monkeypatch):
    monkeypatch.setenv("MINZHENG_TODAY", "2026-03-15")
    standards(staff["county"])
    e = registered(staff, "复员医乙", "demobilized_veteran")
    with pytest.raises(ValidationFailed) as exc:
        _claim(staff, e, "100.00", "100.00", treated_to="2026-02-01")
    assert {x.field for x in exc.value.errors} == {"insurance_paid", "treated_to"}
    with pytest.raises(Exception, match="缺少标准"):  # no share set for the category: never taken as 0
        _claim(staff, e, "100.00", "0")
    assert not selectors.claims_for(staff["county"]).exists() and not Case.objects.exists()
    conscript = registered(staff, "义务兵家属丙", "conscript_family")
    with pytest.raises(ValidationFailed, match="不享受"):
        _claim(staff, conscript, "100.00", "0")
    with pytest.raises(Forbidden):
        care.claim_medical(staff["village"], {})


def test_the_hardship_campaign_is_counted_on_the_home_page(staff, monkeypatch):
    monkeypatch.setenv("MINZHENG_TODAY", "2026-04-01")
    a = registered(staff, "三难甲", "martyr_family")
    b = registered(staff, "三难乙", "demobilized_veteran")
    living = care.record_hardship(staff["township"], {"entitled_id": a.pk, "kind": "living",
                                                      "description": "独居，收入低"})
    care.record_hardship(staff["township"], {"entitled_id": b.pk, "kind": "housing",
                                             "description": "住房漏雨，属危房"})
    with pytest.raises(Conflict, match="已在帮扶中"):
        care.record_hardship(staff["township"], {"entitled_id": a.pk, "kind": "living", "description": "重复"})
    with pytest.raises(Conflict, match="尚未登记任何帮扶措施"):
        care.close_hardship(staff["township"], living.pk, {"outcome": "已解决"})
    care.add_help(staff["township"], living.pk, {"measure": "money", "amount": "1000.00", "note": "临时救助"})
    assert selectors.get_hardship(staff["county"], living.pk).status == "helping"
    care.close_hardship(staff["township"], living.pk, {"outcome": "纳入低保，生活有保障"})
    with pytest.raises(Conflict):
        care.add_help(staff["township"], living.pk, {"measure": "goods"})
    figures = selectors.hardship_figures(staff["county"])
    assert (figures["found"], figures["open"], figures["closed"], figures["helps"]) == (2, 1, 1, 1)
    assert figures["rows"][0] == ("生活难", 1, 0, 1) and figures["help_amount"] == Decimal("1000.00")
    c = Client()
    assert c.login(username=staff["county"].username, password=PASSWORD)
    home = c.get("/").content.decode()
    assert "三难" in home and 'id="hardship-found">2<' in home
    page = c.get("/specialcare/hardships/")
    assert page.status_code == 200 and "住房难" in page.content.decode()
    assert c.get("/specialcare/hardships/?export=xlsx").status_code == 200
    assert "纳入低保" in c.get(f"/specialcare/hardships/{living.pk}/").content.decode()


def test_the_hardship_and_claim_pages_reach_the_services(staff, monkeypatch):
    monkeypatch.setenv("MINZHENG_TODAY", "2026-03-15")
    standards(staff["county"])
    medical_standards(staff["county"])
    e = registered(staff, "页面丁", "martyr_family")
    c = Client()
    assert c.login(username=staff["township"].username, password=PASSWORD)
    r = c.post(f"/specialcare/{e.pk}/medical/", {"treated_from": "2026-03-01", "treated_to": "2026-03-02",
                                                 "hospital": "社区卫生服务中心", "total_cost": "1000",
                                                 "insurance_paid": "500"})
    assert r.status_code == 302, r.content.decode()
    page = c.get("/specialcare/medical/").content.decode()
    assert "社区卫生服务中心" in page and "400.00" in page and "待受理" in page
    r = c.post(f"/specialcare/{e.pk}/hardship/", {"kind": "medical", "description": "慢性病，药费负担重"})
    assert r.status_code == 302
    hardship = selectors.hardships_for(staff["township"]).get()
    assert c.post(f"/specialcare/hardships/{hardship.pk}/help/", {"measure": "medical"}).status_code == 302
    r = c.post(f"/specialcare/hardships/{hardship.pk}/close/", {"outcome": "已协助就医"})
    assert r.status_code == 200 and "确认办理说明" in r.content.decode()
    r = c.post(f"/specialcare/hardships/{hardship.pk}/close/", {"outcome": "已协助就医", "_confirm_step": "1",
                                                                 "confirm_comment": "回访确认"})
    assert r.status_code == 302
    assert selectors.get_hardship(staff["township"], hardship.pk).status == "closed"
