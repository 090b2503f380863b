"""Annual reports: filed for an organisation, reviewed by the supervisor then the registry; deadlines from the rules
as data; a 基金会 failing 第二十九条 cannot be concluded 合格; roles and regions (403 / 404)."""

from __future__ import annotations

import json

import pytest

from minzheng.core.errors import Conflict, Forbidden
from minzheng.socialorgs.services import reports
from minzheng.socialorgs.tests.factories import org, report

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setenv("MINZHENG_TODAY", "2026-04-10")


def test_filed_reviewed_and_concluded(registry, supervisor):
    o = org(registry)
    row = report(supervisor, o, 2025, filed_on="2026-03-20")
    assert (row.state, row.late, str(row.supervisor_due), str(row.registry_due)) == (
        "filed", False, "2026-03-31", "2026-05-31")
    with pytest.raises(Conflict):  # the registry waits for the supervisor
        reports.registry_review(registry, row, {"decision": "pass", "opinion": "合格"})
    reports.supervisor_review(supervisor, row, {"decision": "agree", "opinion": "同意报送"})
    row = reports.registry_review(registry, row, {"decision": "pass", "opinion": "年检合格"})
    assert (row.state, row.result) == ("concluded", "pass")


def test_returned_report_is_filed_again_and_late_flagged(registry, supervisor):
    o = org(registry)
    row = report(supervisor, o, 2025, filed_on="2026-04-01")
    assert row.late  # after 3-31, the supervisor's deadline
    reports.supervisor_review(supervisor, row, {"decision": "return", "opinion": "补充财务报表"})
    again = report(supervisor, o, 2025, filed_on="2026-04-02", income="120000.00")
    assert again.pk == row.pk and again.state == "filed" and str(again.income) == "120000.00"
    with pytest.raises(Conflict, match="已报送"):
        report(supervisor, o, 2025)


def test_registry_cannot_conclude_its_own_first_review(registry):
    o = org(registry, region="330902001000")
    row = report(registry, o, 2025)
    reports.supervisor_review(registry, row, {"decision": "agree", "opinion": "同意"})
    with pytest.raises(Conflict, match="同一人"):
        reports.registry_review(registry, row, {"decision": "pass", "opinion": "合格"})


def test_direct_registration_skips_the_supervisor(registry, supervisor):
    o = org(registry, supervisor="")
    row = report(supervisor, o, 2025)
    assert row.state == "supervised" and str(row.registry_due) == "2026-05-31"


def test_foundation_failing_article_29_cannot_pass(registry, supervisor):
    f = org(registry, name="定海区扶贫基金会", kind="foundation", fundraising="public")
    row = report(supervisor, f, 2025, income="800000.00", total_spending="600000.00",
                 mission_spending="500000.00", pay_and_admin="70000.00", last_year_income="1000000.00")
    # 70 % of 1,000,000.00 = 700,000.00 > 500,000.00; 10 % of 600,000.00 = 60,000.00 < 70,000.00
    assert not row.checks_ok and [c["ok"] for c in row.checks] == [False, False]
    assert str(row.supervisor_due) == "2026-03-15" and str(row.registry_due) == "2026-03-31"
    reports.supervisor_review(supervisor, row, {"decision": "agree", "opinion": "同意"})
    with pytest.raises(Conflict, match="第二十九条"):
        reports.registry_review(registry, row, {"decision": "pass", "opinion": "合格"})
    assert reports.registry_review(registry, row, {"decision": "basic", "opinion": "限期整改"}).result == "basic"


def test_api_files_a_foundation_report(registry, supervisor, api_client, make_user):
    f = org(registry, name="定海区教育基金会", kind="foundation", fundraising="private")
    body = {"year": 2025, "summary": "资助学生 120 名", "income": "300000.00", "total_spending": "1700000.00",
            "net_assets": "20000000.00", "mission_spending": "1600000.00", "pay_and_admin": "100000.00",
            "last_year_fund_balance": "20000000.00"}
    r = api_client(supervisor).post(f"/api/v1/socialorgs/{f.pk}/annual-reports", json.dumps(body),
                                    content_type="application/json")
    assert r.status_code == 201, r.content
    out = r.json()
    assert out["checks_ok"] is True and out["income"] == "300000.00" and out["state"] == "filed"
    # missing foundation figures: 422 naming them; a float refused; another county's user: 404; the city: 403
    bad = api_client(supervisor).post(f"/api/v1/socialorgs/{f.pk}/annual-reports",
                                      json.dumps({**body, "year": 2024, "mission_spending": 1.5}),
                                      content_type="application/json")
    assert bad.status_code == 422
    other = make_user("county", "330903000000")
    assert api_client(other).post(f"/api/v1/socialorgs/{f.pk}/annual-reports", json.dumps(body),
                                  content_type="application/json").status_code == 404
    city = make_user("city", "330900000000")
    assert api_client(city).post(f"/api/v1/socialorgs/{f.pk}/annual-reports", json.dumps(body),
                                 content_type="application/json").status_code == 403
    with pytest.raises(Forbidden):
        reports.file_report(make_user("village", "330902001001"), f.pk, body)
