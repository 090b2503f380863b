"""The six-item self-care assessment (民发〔2021〕43号 第二十至二十三条): the band thresholds, recording (history
kept, a new one supersedes), scoping and roles, Chinese 422s, the pages and the export, and the 特困 evaluation
taking the number of unmet items from the latest assessment unless the case's facts record it."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from openpyxl import load_workbook

from minzheng.assistance import services
from minzheng.assistance.models import SelfCareAssessment
from minzheng.assistance.policy.care import care_band
from minzheng.assistance.tests.factories import items, tekun_person
from minzheng.benefits import case_evaluation
from minzheng.benefits.tests.factories import post, today
from minzheng.core.errors import Forbidden, NotFound, ValidationFailed
from minzheng.core.models import AuditEntry

pytestmark = pytest.mark.django_db
URL = "/api/v1/care/assessments"


@pytest.mark.parametrize(("unmet", "band"), [(0, "care_self"), (1, "care_partial"), (3, "care_partial"),
                                             (4, "care_full"), (6, "care_full")])
def test_band_thresholds_follow_articles_20_to_23(unmet, band):
    assert care_band(unmet) == band


def test_band_refuses_impossible_counts():
    with pytest.raises(ValueError):
        care_band(7)


def test_village_records_an_assessment_and_a_new_one_supersedes_it(staff, api_client, monkeypatch):
    today(monkeypatch, "2026-05-10")
    _, person, _ = tekun_person(staff["village"])
    client = api_client(staff["village"])
    r = post(client, URL, {"person_id": person.pk, "assessed_on": "2026-05-02", **items(2), "note": "入户评估"})
    assert r.status_code == 201, r.content.decode()
    first = r.json()
    assert (first["unmet"], first["band"], first["band_label"], first["current"]) == (
        2, "care_partial", "部分丧失生活自理能力", True)
    assert first["assessor"] == (staff["village"].full_name or staff["village"].username)
    assert first["items"]["eating"] is False and first["items"]["bathing"] is True
    r = post(client, URL, {"person_id": person.pk, "assessed_on": "2026-05-09", **items(5)})
    assert r.status_code == 201, r.content.decode()
    rows = {a.pk: a for a in SelfCareAssessment.objects.filter(person=person)}
    assert len(rows) == 2  # history kept
    assert rows[first["id"]].superseded_by_id == r.json()["id"] and rows[first["id"]].band == "care_partial"
    assert rows[r.json()["id"]].current and rows[r.json()["id"]].band == "care_full"
    listed = client.get(URL).json()
    assert listed["count"] == 2 and [a["current"] for a in listed["items"]] == [True, False]
    assert client.get(URL + "?current=1").json()["count"] == 1
    assert AuditEntry.objects.filter(object_type="self_care_assessment", action="create").count() == 2


def test_an_assessment_dated_before_the_current_one_is_refused(staff, api_client, monkeypatch):
    today(monkeypatch, "2026-05-10")
    _, person, _ = tekun_person(staff["village"])
    client = api_client(staff["village"])
    assert post(client, URL, {"person_id": person.pk, "assessed_on": "2026-05-05", **items(0)}).status_code == 201
    r = post(client, URL, {"person_id": person.pk, "assessed_on": "2026-05-01", **items(4)})
    assert r.status_code == 422
    assert "不能早于该人员当前评估的日期" in r.json()["errors"][0]["message"]
    assert SelfCareAssessment.objects.filter(person=person).count() == 1


def test_bad_input_is_a_chinese_422_and_writes_nothing(staff, api_client, monkeypatch):
    today(monkeypatch, "2026-05-10")
    _, person, _ = tekun_person(staff["village"])
    client = api_client(staff["village"])
    r = post(client, URL, {"person_id": person.pk, "eating": "yes", "assessed_on": "2026-13-01"})
    assert r.status_code == 422
    errors = {e["field"]: e["message"] for e in r.json()["errors"]}
    assert "应为 true 或 false" in errors["eating"]
    assert "日期格式不正确" in errors["assessed_on"]
    assert "dressing" in errors and "bathing" in errors  # every missing item named
    future = post(client, URL, {"person_id": person.pk, "assessed_on": "2026-06-01", **items(0)})
    assert future.status_code == 422 and "不能晚于今天" in future.json()["errors"][0]["message"]
    assert post(client, URL, [1, 2]).status_code == 422
    assert SelfCareAssessment.objects.count() == 0
    assert client.get(URL + "?band=xx").status_code == 422
    assert "不是可选的值" in client.get(URL + "?band=xx").json()["errors"][0]["message"]


def test_scoping_and_roles(staff, api_client, monkeypatch):
    today(monkeypatch, "2026-05-10")
    _, person, _ = tekun_person(staff["village"])
    body = {"person_id": person.pk, **items(1)}
    assert post(api_client(staff["other_village"]), URL, body).status_code == 404
    assert post(api_client(staff["city"]), URL, body).status_code == 403
    assert post(api_client(staff["auditor"]), URL, body).status_code == 403
    with pytest.raises(NotFound):
        services.record_assessment(staff["other_township"], body)
    with pytest.raises(Forbidden):
        services.record_assessment(staff["city"], body)
    services.record_assessment(staff["township"], body)
    assert api_client(staff["other_village"]).get(URL).json()["count"] == 0
    assert api_client(staff["county"]).get(URL).json()["count"] == 1
    assert api_client(staff["city"]).get(URL + "?region_code=330902001").json()["count"] == 1
    assert api_client(staff["county"]).get(URL + "?region_code=330902002").json()["count"] == 0


def _tekun_case(ent, facts=None):
    case = ent.source_case
    case.facts = {"support_payer_able": False, **(facts or {})}
    case.save(update_fields=["facts"])
    return case


def test_the_tekun_evaluation_takes_the_latest_assessment(staff, demo_standards, monkeypatch):
    today(monkeypatch, "2026-05-10")
    _, person, ent = tekun_person(staff["village"])
    case = _tekun_case(ent)
    month = dt.date(2026, 5, 1)
    with pytest.raises(ValidationFailed):  # no assessment, no fact: the engine asks for the number
        case_evaluation.evaluate(case, month)
    services.record_assessment(staff["village"], {"person_id": person.pk, "assessed_on": "2026-04-01", **items(1)})
    services.record_assessment(staff["village"], {"person_id": person.pk, "assessed_on": "2026-05-03", **items(5)})
    payload, _ = case_evaluation.build_payload(case, month)
    assert payload["household"]["members"][0]["self_care_unmet"] == 5
    result = case_evaluation.evaluate(case, month)
    care = [line for line in result.lines if line.code == "tekun_care"]
    assert care and "完全丧失生活自理能力" in care[0].label and care[0].value == "六项中 5 项不能达到"
    # An earlier month is evaluated with the assessment in force then.
    april, _ = case_evaluation.build_payload(case, dt.date(2026, 4, 1))
    assert april["household"]["members"][0]["self_care_unmet"] == 1


def test_a_number_recorded_in_the_case_facts_wins(staff, demo_standards, monkeypatch):
    today(monkeypatch, "2026-05-10")
    _, person, ent = tekun_person(staff["village"])
    services.record_assessment(staff["village"], {"person_id": person.pk, **items(5)})
    case = _tekun_case(ent, {"members": {str(person.pk): {"self_care_unmet": 0}}})
    payload, _ = case_evaluation.build_payload(case, dt.date(2026, 5, 1))
    assert payload["household"]["members"][0]["self_care_unmet"] == 0


# ---- pages -----------------------------------------------------------------------------------------------------------


def test_the_assessment_page_records_and_shows_chinese_errors(staff, client_for, monkeypatch):
    today(monkeypatch, "2026-05-10")
    _, person, _ = tekun_person(staff["village"])
    c = client_for(staff["village"])
    url = f"/assistance/care/persons/{person.pk}/assess/"
    page = c.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert all(label in text for label in ("自主吃饭", "自主穿衣", "自主上下床", "自主如厕", "室内行走", "自主洗澡"))
    bad = c.post(url, {"eating": "1"})
    assert bad.status_code == 422 and "请选择“自主穿衣”能否达到" in bad.content.decode()
    form = {k: "1" if v else "0" for k, v in items(4).items()} | {"assessed_on": "2026-05-08", "note": "测试"}
    done = c.post(url, form)
    assert done.status_code == 302 and done["Location"] == f"/assistance/care/persons/{person.pk}/"
    row = SelfCareAssessment.objects.get(person=person)
    assert (row.unmet, row.band, row.assessor_id) == (4, "care_full", staff["village"].pk)
    care = c.get(done["Location"]).content.decode()
    assert "完全丧失生活自理能力" in care and "孤老甲" in care
    assert c.get(f"/assistance/care/persons/{person.pk}/assess/").status_code == 200
    assert client_for(staff["other_village"]).get(url).status_code == 404
    assert client_for(staff["city"]).get(url).status_code == 403


def test_the_assessment_list_filters_and_exports(staff, client_for, monkeypatch):
    today(monkeypatch, "2026-05-10")
    _, person, _ = tekun_person(staff["village"])
    _, other, _ = tekun_person(staff["other_village"], "孤老乙", region="330902001002")
    services.record_assessment(staff["village"], {"person_id": person.pk, **items(0)})
    services.record_assessment(staff["other_village"], {"person_id": other.pk, **items(6)})
    c = client_for(staff["township"])
    page = c.get("/assistance/care/assessments/").content.decode()
    assert "孤老甲" in page and "孤老乙" in page and "全自理" in page
    only = c.get("/assistance/care/assessments/?band=care_full").content.decode()
    assert "孤老乙" in only and "孤老甲" not in only
    assert c.get("/assistance/care/assessments/?band=nonsense").status_code == 422
    export = c.get("/assistance/care/assessments/?export=xlsx")
    assert export.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = values[0]
    assert "生活自理能力" in header and "评估人" in header
    bands = {row[header.index("姓名")]: row[header.index("生活自理能力")] for row in values[1:]}
    assert bands == {"孤老甲": "全自理", "孤老乙": "完全丧失生活自理能力"}
    assert json.dumps(AuditEntry.objects.filter(action="export").last().changes, ensure_ascii=False)
