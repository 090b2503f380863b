"""Every list page of both apps answers with its rows and exports them; forms post through the services; a bad filter
value is a 422."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from minzheng.communities.tests.factories import A, fixture_county, member, station
from minzheng.socialorgs.tests.factories import org, report

pytestmark = pytest.mark.django_db

LISTS = ["communities_member_list", "communities_election_list", "communities_meeting_list", "communities_task_list",
         "communities_station_list", "communities_catalogue_list", "communities_ticket_list", "communities_fund_list",
         "socialorgs_org_list", "socialorgs_application_list", "socialorgs_report_list", "socialorgs_evaluation_list",
         "socialorgs_list_list", "socialorgs_round_list"]


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setenv("MINZHENG_TODAY", "2026-04-10")


def test_lists_and_exports(county_user, make_user):
    fixture_county(county_user)
    station(county_user, A, "100.00")
    member(county_user, A, "赵一")
    township = make_user("township", "330902001000")
    o = org(county_user, name="城东志愿者协会")
    report(township, o, 2025)
    client = Client()
    client.force_login(county_user)
    for name in LISTS:
        r = client.get(reverse(name))
        assert r.status_code == 200, name
        e = client.get(reverse(name) + "?export=csv")
        assert e.status_code == 200 and e["Content-Type"].startswith("text/csv"), name
    body = client.get(reverse("socialorgs_org_list")).content.decode()
    assert "城东志愿者协会" in body and "社会团体" in body
    assert "赵一" in client.get(reverse("communities_member_list")).content.decode()
    assert client.get(reverse("socialorgs_org_list") + "?kind=nope").status_code == 422
    for name in ("communities_indicators", "socialorgs_indicators"):
        assert client.get(reverse(name)).status_code == 200
        assert client.get(reverse(name) + "?region_code=33x").status_code == 422
    assert client.get(reverse("socialorgs_org", args=[o.pk])).status_code == 200


def test_forms_post_through_services(county_user, make_user):
    from minzheng.communities.models import Meeting
    from minzheng.socialorgs.models import SocialOrg
    from minzheng.socialorgs.tests.factories import make_uscc

    clerk = make_user("village", A)
    client = Client()
    client.force_login(clerk)
    r = client.post(reverse("communities_meeting_add"), {"region_code": A, "kind": "consultation",
                                                         "held_on": "2026-04-01", "topic": "加装电梯协商",
                                                         "attendance": "23"})
    assert r.status_code == 302 and Meeting.objects.get().topic == "加装电梯协商"
    assert client.get(reverse("socialorgs_org_list")).status_code == 403  # a village clerk: no social organisations
    client.force_login(county_user)
    r = client.post(reverse("socialorgs_org_add"), {
        "name": "定海区书法协会", "kind": "association", "uscc": make_uscc(), "domain": "culture",
        "legal_rep": "王立", "region_code": "330902000000", "registered_on": "2019-01-01",
        "responsible_text": "王立 会长\n李明 秘书长"})
    assert r.status_code == 302, r.content.decode()[:2000]
    o = SocialOrg.objects.get()
    assert o.responsible == [{"name": "王立", "post": "会长"}, {"name": "李明", "post": "秘书长"}]
    bad = client.post(reverse("socialorgs_org_add"), {
        "name": "另一协会", "kind": "association", "uscc": "51330902000000011X", "domain": "culture",
        "legal_rep": "王立", "region_code": "330902000000", "registered_on": "2019-01-01"})
    assert bad.status_code == 422 and "校验位" in bad.content.decode()
