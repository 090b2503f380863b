"""Visit plans as data: the county adds or corrects a plan (page, API, file), every monitoring role reads them, a
file with a bad row writes nothing and loading it again changes nothing; the due list follows the plan in force."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from minzheng.core.errors import Forbidden, ValidationFailed
from minzheng.core.models import AuditEntry
from minzheng.monitoring import visits
from minzheng.monitoring.models import VisitPlan
from minzheng.monitoring.services import visits as visit_services

pytestmark = pytest.mark.django_db

HEADER = "走访对象,区划代码,走访周期（月）,生效日期,依据\n"


def _csv(tmp_path, body: str):
    path = tmp_path / "plans.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_file_load_is_all_or_nothing_and_idempotent(world, tmp_path):
    county = world["county"]
    bad = _csv(tmp_path, "特困人员,330902,1,2026-01-01,本县\n孤儿,330902,0,2026-01-01,本县\n")
    with pytest.raises(ValidationFailed) as exc:
        visit_services.load_plans(county, bad)
    assert "第 3 行" in exc.value.errors[0].message and "走访周期" in exc.value.errors[0].message
    assert not VisitPlan.objects.exists()
    good = _csv(tmp_path, "特困人员,330902,1,2026-01-01,本县\norphan,330902001001,3,2026-01-01,本县\n")
    assert visit_services.load_plans(county, good) == {"file": str(good), "rows": 2, "created": 2, "changed": 0,
                                                       "unchanged": 0}
    assert visit_services.load_plans(county, good)["unchanged"] == 2
    assert VisitPlan.objects.get(group="orphan").region_code == "330902001001"
    with pytest.raises(Forbidden):
        visit_services.load_plans(world["township"], good)


def test_a_correction_is_audited_and_the_due_list_follows_it(world):
    county = world["county"]
    plan = visit_services.save_plan(county, {"group": "tekun", "region_code": "330902", "every_months": 1,
                                             "effective_from": "2026-01-01", "source": "本县"})
    again = visit_services.save_plan(county, {"group": "tekun", "region_code": "330902", "every_months": 2,
                                              "effective_from": "2026-01-01", "source": "本县2026年调整"})
    assert again.pk == plan.pk and again.every_months == 2
    entry = AuditEntry.objects.filter(object_type="visit_plan", object_id=str(plan.pk), action="update").get()
    assert entry.changes["every_months"] == [1, 2]
    assert visits.plans_in_force(["330902001001"], plan.effective_from) \
        == {"330902001001": {"tekun": 2}}
    with pytest.raises(ValidationFailed):  # another county
        visit_services.save_plan(county, {"group": "tekun", "region_code": "330903", "every_months": 1,
                                          "effective_from": "2026-01-01", "source": "x"})


def test_pages_and_api(world, api_client):
    county, township = world["county"], world["township"]
    c = Client()
    c.force_login(county)
    r = c.post("/monitoring/visits/plans/new/", {"group": "orphan", "region_code": "330902", "every_months": "3",
                                                 "effective_from": "2026-01-01", "source": "舟山市 R-SA-17"})
    assert r.status_code == 302, r.content.decode()[:1500]
    t = Client()
    t.force_login(township)
    page = t.get("/monitoring/visits/plans/").content.decode()
    assert "孤儿" in page and "舟山市 R-SA-17" in page and "定海区" in page
    assert t.get("/monitoring/visits/plans/new/").status_code == 403
    assert api_client(township).get("/api/v1/visit-plans?group=orphan").json()["count"] == 1
    body = {"group": "tekun", "region_code": "330902", "every_months": 1, "effective_from": "2026-02-01",
            "source": "本县"}
    post = lambda client, b: client.post("/api/v1/visit-plans", json.dumps(b), content_type="application/json")  # noqa: E731
    assert post(api_client(township), body).status_code == 403
    assert post(api_client(county), body).status_code == 201
    assert post(api_client(county), {**body, "every_months": 99}).status_code == 422
    assert post(api_client(county), {**body, "group": "nobody"}).status_code == 422


def test_the_visit_groups_of_the_monitored(world):
    """特困 in any case; a 低保 member only when tagged 独居 and aged 80 or more (on the day: 2026-11-23)."""
    from minzheng.monitoring.models import MonitoredPerson
    from minzheng.registry.tests.factories import make_family

    county = world["county"]
    _, (old,) = make_family(county, [("独居老人", "19461123", "F")])  # 80 today
    _, (young,) = make_family(county, [("独居老人二", "19461124", "F")])  # 80 tomorrow
    _, (tekun,) = make_family(county, [("特困一", "19700101", "M")])
    for person, layer, tags in ((old, "dibao", ["elderly_alone"]), (young, "dibao", ["elderly_alone"]),
                                (tekun, "tekun", [])):
        MonitoredPerson.objects.create(person=person, region_code=person.region_id, layer=layer, source="entitlement",
                                       tags=tags, entered_on="2026-01-01")
    groups = {(pid, group) for pid, _name, group, _village in visits.members(county)}
    assert (old.pk, "elderly_alone_dibao") in groups and (tekun.pk, "tekun") in groups
    assert not any(pid == young.pk for pid, _ in groups)
    assert ("独居老人", "elderly_alone_dibao") in {(n, g) for _, n, g, _ in visits.members(county)}
