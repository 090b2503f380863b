"""The elderly register: everyone 60+ (living) in the user's region, their living situations (derived from the
household and the latest assessment, or stored facts), contacts and guardians, the benefits they receive, the list
page by village with export, `GET /api/v1/elderly/persons?situation=`, the home tile's counts, a fixed number of
queries per page."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from minzheng.benefits.tests.factories import entitle, post, today
from minzheng.core.models import AuditEntry
from minzheng.elderly.models import Contact
from minzheng.elderly.services import assessments, register
from minzheng.elderly.tests.factories import age_allowance, assessment, couple, elder, three_generations
from minzheng.registry.tests.factories import make_family

pytestmark = pytest.mark.django_db
URL = "/api/v1/elderly/persons"


def _world(staff):
    """李奶奶 (86, alone, 高龄津贴, 4级), the 王 couple (空巢), 陈奶奶 with son and grandchild, a man of 59."""
    household, alone = elder(staff["village"], born="19400301")
    age_allowance(household, alone)
    assessments.record_assessment(staff["village"], assessment(alone, 20, diagnoses=["F03"]))
    _, (husband, wife) = couple(staff["village"])
    _, (granny, son, _) = three_generations(staff["village"])
    dibao_home, (young, *_rest) = make_family(staff["village"], [("刘五十九", "19661201", "M")])
    entitle(dibao_home, young, program="dibao", amount="800.00")
    return {"alone": alone, "husband": husband, "wife": wife, "granny": granny, "son": son, "young": young}


def _names(response) -> set[str]:
    assert response.status_code == 200, response.content.decode()
    return {p["name"] for p in response.json()["items"]}


def test_who_is_in_the_register_and_their_situations(staff, api_client, monkeypatch):
    today(monkeypatch, "2026-05-10")
    w = _world(staff)
    client = api_client(staff["village"])
    r = client.get(URL)
    rows = {p["name"]: p for p in r.json()["items"]}
    assert set(rows) == {"李奶奶", "王爷爷", "赵奶奶", "陈奶奶"}  # 59 and the young family are not
    alone = rows["李奶奶"]
    assert alone["situations"] == ["alone", "empty_nest", "oldest_old", "disabled", "dementia"]
    assert alone["situation_labels"][:2] == ["独居", "空巢"] and alone["level"] == 4
    assert alone["level_name"] == "能力完全丧失（完全失能）" and alone["benefits"] == ["高龄津贴"]
    assert alone["age"] == 86 and alone["id_number"].count("*") >= 8
    assert rows["王爷爷"]["situations"] == ["empty_nest", "oldest_old"] and rows["王爷爷"]["level"] is None
    assert rows["赵奶奶"]["situations"] == ["empty_nest"]  # 77
    assert rows["陈奶奶"]["situations"] == [] and rows["陈奶奶"]["level_name"] == "未评估"
    assert _names(client.get(URL + "?situation=alone")) == {"李奶奶"}
    assert _names(client.get(URL + "?situation=empty_nest")) == {"李奶奶", "王爷爷", "赵奶奶"}
    assert _names(client.get(URL + "?situation=oldest_old")) == {"李奶奶", "王爷爷"}
    assert _names(client.get(URL + "?situation=disabled")) == {"李奶奶"}
    assert _names(client.get(URL + "?situation=dementia")) == {"李奶奶"}
    assert _names(client.get(URL + "?age_band=70-79")) == {"赵奶奶", "陈奶奶"}
    assert _names(client.get(URL + "?level=none")) == {"王爷爷", "赵奶奶", "陈奶奶"}
    bad = client.get(URL + "?situation=lonely")
    assert bad.status_code == 422 and "不是可选的值" in bad.json()["errors"][0]["message"]
    # A death takes the person out of the register.
    from minzheng.registry import services as registry_services

    registry_services.update_person(staff["village"], w["husband"].pk, {"death_date": "2026-05-01"})
    assert _names(client.get(URL + "?situation=empty_nest")) == {"李奶奶", "赵奶奶"}
    assert _names(client.get(URL + "?situation=alone")) == {"李奶奶", "赵奶奶"}  # the widow now lives alone


def test_stored_facts_win_over_the_household_and_are_audited(staff, api_client, monkeypatch):
    today(monkeypatch, "2026-05-10")
    w = _world(staff)
    client = api_client(staff["village"])
    register.save_profile(staff["village"], w["granny"].pk, {"living": "alone", "left_behind": True,
                                                              "family_planning": True, "care_arrangement": "home"})
    rows = {p["name"]: p for p in client.get(URL).json()["items"]}
    assert rows["陈奶奶"]["situations"] == ["alone", "empty_nest", "left_behind", "family_planning"]
    register.save_profile(staff["village"], w["alone"].pk, {"living": "with_family", "dementia": True})
    assert "alone" not in {p["name"]: p for p in client.get(URL).json()["items"]}["李奶奶"]["situations"]
    assert _names(client.get(URL + "?situation=left_behind")) == {"陈奶奶"}
    assert _names(client.get(URL + "?situation=family_planning")) == {"陈奶奶"}
    entry = AuditEntry.objects.filter(object_type="elderly_profile").order_by("seq").first()
    assert entry.changes["living"] == ["", "独自居住"] and entry.changes["left_behind"] == [None, "是"]
    with pytest.raises(Exception) as exc:
        register.save_profile(staff["village"], w["granny"].pk, {"living": "cave"})
    assert "居住情况取值无效" in str(exc.value)
    from minzheng.core.errors import Forbidden, NotFound

    with pytest.raises(NotFound):  # under 60: not in the register
        register.save_profile(staff["village"], w["son"].pk, {})
    with pytest.raises(NotFound):
        register.save_profile(staff["other_village"], w["granny"].pk, {})
    with pytest.raises(Forbidden):
        register.save_profile(staff["city"], w["granny"].pk, {})


def test_contacts_and_guardians_with_the_phone_encrypted(staff, client_for, monkeypatch):
    today(monkeypatch, "2026-05-10")
    w = _world(staff)
    c = client_for(staff["village"])
    url = f"/elderly/persons/{w['alone'].pk}/contacts/new/"
    bad = c.post(url, {"name": "李儿子", "relation": "child", "phone": "12"})
    assert bad.status_code == 422
    done = c.post(url, {"name": "李儿子", "relation": "child", "phone": "13800138000", "guardian": "on"})
    assert done.status_code == 302
    row = Contact.objects.get()
    assert b"13800138000" not in bytes(row.phone_enc) and row.phone_masked == "138****8000" and row.guardian
    page = c.get(f"/elderly/persons/{w['alone'].pk}/").content.decode()
    assert "李儿子" in page and "138****8000" in page and "13800138000" not in page
    register.end_contact(staff["village"], row.pk)
    assert "李儿子" not in c.get(f"/elderly/persons/{w['alone'].pk}/").content.decode()


def test_the_list_page_by_village_exports_and_reads_a_fixed_number_of_queries(staff, client_for, monkeypatch):
    today(monkeypatch, "2026-05-10")
    _world(staff)
    other_home, other = elder(staff["other_village"], "周爷爷", region="330902001002")
    age_allowance(other_home, other)
    c = client_for(staff["township"])
    page = c.get("/elderly/").content.decode()
    assert "李奶奶" in page and "周爷爷" in page and "独居" in page and "高龄津贴" in page
    village = c.get("/elderly/?region_code=330902001002").content.decode()
    assert "周爷爷" in village and "李奶奶" not in village
    with CaptureQueriesContext(connection) as few:
        c.get("/elderly/")
    for n in range(6):
        elder(staff["village"], f"新老人{n}", born="19450101")
    with CaptureQueriesContext(connection) as more:
        c.get("/elderly/")
    assert len(more.captured_queries) == len(few.captured_queries)
    export = c.get("/elderly/?export=xlsx&situation=alone")
    sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = values[0]
    rows = {r[header.index("姓名")]: r for r in values[1:]}
    assert "李奶奶" in rows and "周爷爷" in rows and "王爷爷" not in rows
    assert rows["李奶奶"][header.index("享受待遇")] == "高龄津贴"
    assert rows["李奶奶"][header.index("能力等级")] == "4级 完全失能"
    assert rows["李奶奶"][header.index("年龄")] == 86
    assert "*" in rows["李奶奶"][header.index("身份证号")]
    assert client_for(staff["village"]).get("/elderly/?export=xlsx").status_code == 403
    assert c.get("/elderly/?situation=x").status_code == 422


def test_the_home_tile_counts_by_age_band_and_situation(staff, client_for, monkeypatch):
    today(monkeypatch, "2026-05-10")
    _world(staff)
    page = client_for(staff["village"]).get("/").content.decode()
    assert 'id="elderly-total">4<' in page
    from minzheng.elderly import selectors

    figures = selectors.register_figures(staff["village"])
    assert dict(figures["bands"]) == {"60–69岁": 0, "70–79岁": 2, "80–89岁": 2, "90–99岁": 0, "100岁及以上": 0}
    assert {code: n for code, _, n in figures["situations"]} == {
        "alone": 1, "empty_nest": 3, "left_behind": 0, "oldest_old": 2, "disabled": 1, "dementia": 1,
        "family_planning": 0}
    assert selectors.register_figures(staff["other_village"])["total"] == 0


def test_roles_of_the_register(staff, api_client, client_for, monkeypatch):
    today(monkeypatch, "2026-05-10")
    w = _world(staff)
    assert api_client(staff["auditor"]).get(URL).status_code == 403
    assert api_client(staff["other_village"]).get(URL).json()["count"] == 0
    assert client_for(staff["other_village"]).get(f"/elderly/persons/{w['alone'].pk}/").status_code == 404
    assert client_for(staff["village"]).get(f"/elderly/persons/{w['son'].pk}/").status_code == 404  # under 60
    assert client_for(staff["auditor"]).get("/elderly/").status_code == 403
    r = post(api_client(staff["village"]), URL, {})
    assert r.status_code == 405
