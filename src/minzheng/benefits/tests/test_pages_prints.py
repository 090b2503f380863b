"""Printable sheets: the application form, the home-visit record, the decision letter and the public notice; a
program offers the sheets it declares, the notice only where its procedure has one; every print is audited."""

from __future__ import annotations

import dataclasses

import pytest

from minzheng.benefits import programs
from minzheng.benefits.services import cases
from minzheng.benefits.tests.factories import today
from minzheng.benefits.tests.pages import VISIT, apply_for_dibao, login, page
from minzheng.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def _declare(monkeypatch, code: str, **changes) -> None:
    """Replace a program's declaration for this test (the registry is read at every call)."""
    monkeypatch.setitem(programs._registry(), code, dataclasses.replace(programs.get(code), **changes))


def _in_notice(staff, case) -> None:
    town, county = staff["township"], staff["county"]
    for actor, action, data in [
        (town, "accept", {}), (town, "record_home_visit", VISIT), (town, "request_verification", {}),
        (county, "record_verification", {"result": "passed", "report_ref": "HD-1"}),
        (town, "initial_review", {"opinion": "拟同意", "recommend": "approve"}), (town, "publish_notice", {}),
    ]:
        cases.act(actor, case.pk, action, data)


def test_printable_forms_and_children_have_no_notice(staff, poor_family, demo_standards, monkeypatch):
    today(monkeypatch, "2026-11-02")
    village = login(staff["village"])
    case = apply_for_dibao(village, poor_family)
    application = page(village, f"/benefits/cases/{case.pk}/print/application/")
    assert "申请书" in application and "王小明" in application and "授权" in application
    assert "3600" in application  # the declared wage income
    assert "户主" in application  # the relation by its label
    visit = page(village, f"/benefits/cases/{case.pk}/print/investigation/")
    assert "调查人员签字" in visit
    assert village.get(f"/benefits/cases/{case.pk}/print/decision/").status_code == 409  # not decided yet
    assert village.get("/benefits/notices/?program=orphan").status_code == 409
    assert village.get(f"/benefits/cases/{case.pk}/print/receipt/").status_code == 404
    assert AuditEntry.objects.filter(action="export", object_type="case", object_id=str(case.pk)).count() == 2


def test_the_case_page_offers_the_sheets_the_program_declares(staff, poor_family, demo_standards, monkeypatch):
    today(monkeypatch, "2026-11-02")
    township = login(staff["township"])
    case = apply_for_dibao(login(staff["village"]), poor_family)
    html = page(township, f"/benefits/cases/{case.pk}/")
    assert 'id="print-application"' in html and 'id="print-investigation"' in html
    assert 'id="print-notice"' not in html and 'id="print-decision"' not in html  # not yet meaningful

    _declare(monkeypatch, "dibao", printable_forms=("application",))
    html = page(township, f"/benefits/cases/{case.pk}/")
    assert 'id="print-application"' in html and 'id="print-investigation"' not in html
    assert township.get(f"/benefits/cases/{case.pk}/print/investigation/").status_code == 404


def test_the_notice_is_offered_only_where_the_procedure_has_one(staff, poor_family, demo_standards, monkeypatch):
    today(monkeypatch, "2026-11-02")
    township = login(staff["township"])
    case = apply_for_dibao(login(staff["village"]), poor_family)
    _in_notice(staff, case)
    html = page(township, f"/benefits/cases/{case.pk}/")
    assert 'id="print-notice"' in html
    sheet = page(township, f"/benefits/cases/{case.pk}/print/notice/")
    assert "王芳" in sheet and "公示期 7 天" in sheet

    dibao = programs.get("dibao")
    _declare(monkeypatch, "dibao", procedure=dataclasses.replace(dibao.procedure, public_notice=False))
    assert 'id="print-notice"' not in page(township, f"/benefits/cases/{case.pk}/")
    assert township.get(f"/benefits/cases/{case.pk}/print/notice/").status_code == 409
    assert township.get("/benefits/notices/?program=dibao").status_code == 409
