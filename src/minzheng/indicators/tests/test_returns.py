"""The quarterly return: generated from the data elements for a county and quarter, compared with the previous
quarter's submitted return, a change over 20 % needs an explanation before submission, locked once submitted."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from minzheng.benefits.tests.factories import grant
from minzheng.core.errors import Conflict, Forbidden, ValidationFailed
from minzheng.indicators import returns
from minzheng.registry.tests.factories import make_family

pytestmark = pytest.mark.django_db


def _line(report, code):
    return next(line for line in report.lines if line["code"] == code)


def test_generate_compare_explain_submit_lock(make_user, monkeypatch):
    monkeypatch.setenv("MINZHENG_TODAY", "2026-11-10")
    county = make_user("county", "330902000000")
    for i in range(4):
        hh, _ = make_family(county, [(f"户{i}", "19600101", "M")], region="330902001001")
        grant("dibao", hh, amount="600.00", start=dt.date(2026, 1, 1))
    q3 = returns.generate(county, "330902", "2026Q3")
    assert _line(q3, "dibao_households")["value"] == "4" and _line(q3, "dibao_amount")["value"] == "2400"
    assert _line(q3, "dibao_households")["previous"] is None
    returns.submit(county, q3.pk)
    with pytest.raises(Conflict):
        returns.generate(county, "330902", "2026Q3")  # locked
    hh, _ = make_family(county, [("新户", "19600101", "M")], region="330902001001")
    grant("dibao", hh, amount="600.00", start=dt.date(2026, 10, 1))  # 4 → 5 households: +25 %
    q4 = returns.generate(county, "330902", "2026Q4")
    line = _line(q4, "dibao_households")
    assert (line["value"], line["previous"], line["change"]) == ("5", "4", "25.0")
    with pytest.raises(ValidationFailed) as exc:
        returns.submit(county, q4.pk)
    assert "最低生活保障在保户数" in exc.value.errors[0].message
    returns.submit(county, q4.pk, "新增低保户一户（城东街道甲社区）")
    with pytest.raises(ValidationFailed):
        returns.generate(county, "330902", "2026-11")  # a month is not a quarter
    with pytest.raises(Forbidden):
        returns.generate(make_user("township", "330902001000"), "330902001", "2026Q4")
    page = Client()
    page.force_login(county)
    body = page.get(f"/indicators/returns/{q4.pk}/").content.decode()
    assert "最低生活保障在保户数" in body and "25.0%" in body and "已报送" in body
    assert "统计季报" in page.get("/indicators/returns/").content.decode()
