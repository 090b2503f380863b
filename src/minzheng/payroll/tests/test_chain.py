"""一户一条救助链: a household's programs, cases, decisions, entitlement changes, findings, payments and recoveries
together, newest first — scoped (404 outside the region), each source shown only to roles that may see it, and
audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from conftest import PASSWORD
from minzheng.benefits.tests.factories import change, entitle
from minzheng.core.models import AuditEntry
from minzheng.payroll.models import Recovery
from minzheng.payroll.services import generate as gen
from minzheng.registry.tests.factories import make_family
from minzheng.verification.models import Finding

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def household(make_user, monkeypatch):
    monkeypatch.setenv("MINZHENG_TODAY", "2026-04-10")
    clerk = make_user("village", "330902001001")
    h, (head, elder, child) = make_family(clerk, [("链一", "19700101", "M"), ("链老", "19400101", "F"),
                                                  ("链童", "20150101", "M")])
    dibao = entitle(h, head, amount="1200.00")
    change(dibao, "increase", D(2026, 4, 1), old="1000.00", new="1200.00")
    entitle(h, head, "age_allowance", "100.00", person=elder)
    entitle(h, head, "orphan", "1500.00", person=child, account="6222020200007654321")
    gen.generate(None, "2026-04")
    Finding.objects.create(month=D(2026, 4, 1), rule="death", entitlement=dibao, person=elder, household=h,
                           program="dibao", region_code=h.region_id, evidence={}, amount_at_stake=Decimal("100.00"),
                           due_on=D(2026, 4, 20))
    Recovery.objects.create(entitlement=dibao, program="dibao", region_code=h.region_id, household=h, payee=head,
                            from_month=D(2026, 1, 1), to_month=D(2026, 2, 1), amount_fen=20000, reason="死亡未及时报告",
                            found_on=D(2026, 4, 9))
    return h


def test_chain_lists_every_program_and_kind_newest_first(household, make_user, api_client):
    county = make_user("county", "330902000000")
    response = api_client(county).get(f"/api/v1/households/{household.pk}/chain")
    assert response.status_code == 200, response.content
    events = response.json()
    assert {e["program_label"] for e in events} >= {"最低生活保障", "高龄津贴", "孤儿基本生活费"}
    assert {e["kind"] for e in events} >= {"case", "decision", "entitlement", "finding", "payment", "recovery"}
    days = [e["day"] for e in events]
    assert days == sorted(days, reverse=True)
    paid = [e for e in events if e["kind"] == "payment" and e["program"] == "dibao"]
    assert len(paid) == 1 and paid[0]["amount"] == "1200.00" and "2026-04" in paid[0]["text"]
    assert any("增发" in e["text"] and "1000.00 → 1200.00" in e["text"] for e in events)
    assert any(e["kind"] == "recovery" and e["amount"] == "200.00" for e in events)
    assert AuditEntry.objects.filter(action="chain_view", object_id=str(household.pk)).exists()


def test_chain_is_scoped_and_each_source_follows_its_permission(household, make_user, api_client):
    assert api_client(make_user("county", "330903000000")).get(
        f"/api/v1/households/{household.pk}/chain").status_code == 404
    assert api_client(make_user("auditor", "330902000000")).get(
        f"/api/v1/households/{household.pk}/chain").status_code == 403
    village = api_client(make_user("village", "330902001001")).get(f"/api/v1/households/{household.pk}/chain")
    kinds = {e["kind"] for e in village.json()}
    assert "case" in kinds and "payment" not in kinds  # a village clerk does not see the payroll


def test_household_page_shows_the_chain(household, make_user):
    county = make_user("county", "330902000000")
    client = Client()
    assert client.login(username=county.username, password=PASSWORD)
    body = client.get(f"/registry/households/{household.pk}/").content.decode()
    assert "一户一条救助链" in body and "孤儿基本生活费" in body and "追回" in body and "比对疑点" in body
