"""The daily move from the 活动异常名录 to the 严重违法失信名单 two years after listing (rule `blacklist_after`):
not a day early, idempotent, audited, shown on the organisation's page and in the list filters; the printable
annual-report and evaluation notices."""

from __future__ import annotations

import datetime as dt

import pytest

from minzheng.core.models import AuditEntry
from minzheng.socialorgs import selectors
from minzheng.socialorgs.jobs import blacklist_job
from minzheng.socialorgs.services import evaluations, oversight
from minzheng.socialorgs.tests.factories import concluded, org

pytestmark = pytest.mark.django_db


def test_abnormal_two_years_moves_once(registry, api_client, client, monkeypatch):
    monkeypatch.setenv("MINZHENG_TODAY", "2024-02-29")
    o = org(registry, name="海岛渔业协会")
    other = org(registry, name="城东书法协会")
    entry = oversight.put_on_list(registry, {"org_id": o.pk, "list": "abnormal", "reason": "no_report",
                                             "listed_on": "2024-02-29"})
    monkeypatch.setenv("MINZHENG_TODAY", "2026-02-27")
    assert oversight.promote_overdue()["moved"] == 0  # 2 full years end on 2026-02-28
    assert selectors.get_org(registry, o.pk).blacklist_due == dt.date(2026, 2, 28)
    monkeypatch.setenv("MINZHENG_TODAY", "2026-02-28")
    assert blacklist_job(None, None)["moved"] == 1
    again = oversight.promote_overdue()
    assert again == {"moved": 0, "already_listed": 0, "checked": 0}
    entry.refresh_from_db()
    serious = entry.moved_to
    assert (entry.removed_on, serious.list, serious.reason, serious.automatic, serious.listed_on) == (
        dt.date(2026, 2, 28), "serious", "abnormal_2y", True, dt.date(2026, 2, 28))
    audit = AuditEntry.objects.filter(action="list_promote", object_id=str(serious.pk)).get()
    assert audit.actor_name == oversight.SYSTEM and audit.changes["from_entry"] == [None, entry.pk]
    # the organisation page and the filters
    client.force_login(registry)
    page = client.get(f"/socialorgs/{o.pk}/").content.decode()
    assert "严重违法失信名单" in page
    listed = client.get("/socialorgs/?credit=serious").content.decode()
    assert "海岛渔业协会" in listed and "城东书法协会" not in listed
    assert [x["name"] for x in api_client(registry).get("/api/v1/socialorgs?credit=serious").json()["items"]] == [
        "海岛渔业协会"]
    assert api_client(registry).get("/api/v1/socialorgs?credit=bogus").status_code == 422
    auto = client.get("/socialorgs/lists/?automatic=1").content.decode()
    assert "海岛渔业协会" in auto and "城东书法协会" not in auto
    assert other.pk  # untouched


def test_already_blacklisted_only_closes_the_abnormal_entry(registry, monkeypatch):
    monkeypatch.setenv("MINZHENG_TODAY", "2026-04-10")
    o = org(registry)
    oversight.put_on_list(registry, {"org_id": o.pk, "list": "abnormal", "reason": "unreachable",
                                     "listed_on": "2024-01-10"})
    oversight.put_on_list(registry, {"org_id": o.pk, "list": "serious", "reason": "penalty",
                                     "listed_on": "2025-01-10"})
    assert oversight.promote_overdue(registry) == {"moved": 0, "already_listed": 1, "checked": 1}
    assert o.list_entries.filter(removed_on__isnull=True).count() == 1


def test_report_and_evaluation_notices(registry, supervisor, client, monkeypatch):
    monkeypatch.setenv("MINZHENG_TODAY", "2026-04-10")
    o = org(registry, registered_on=dt.date(2020, 3, 1))
    report = concluded(supervisor, registry, o, 2025)
    ev = evaluations.evaluate(registry, o, {"applied_on": "2026-04-01", "awarded_on": "2026-04-10", "score": "905",
                                            "committee_size": 9, "present": 7, "votes_for": 6})
    client.force_login(supervisor)
    detail = client.get(f"/socialorgs/reports/{report.pk}/").content.decode()
    assert f"/socialorgs/reports/{report.pk}/notice.html" in detail
    notice = client.get(f"/socialorgs/reports/{report.pk}/notice.html").content.decode()
    assert "年度检查结论通知书" in notice and "合格" in notice and o.name in notice
    cert = client.get(f"/socialorgs/evaluations/{ev.pk}/certificate.html").content.decode()
    assert "社会组织评估等级证书" in cert and "5A" in cert and "2031年4月9日" in cert
    refused = evaluations.evaluate(registry, org(registry, registered_on=dt.date(2025, 6, 1)),
                                   {"applied_on": "2026-04-01"})
    assert client.get(f"/socialorgs/evaluations/{refused.pk}/certificate.html").status_code == 409
