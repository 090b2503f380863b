"""Capability assessments as records: recording through the API (raw scores and the standard's version kept, the
level computed, two assessors, the next regular assessment from the standard item), history (a new one supersedes),
reasons and the dispute → 复评 path, roles and scoping, Chinese 422s, re-scoring from the stored scores, the list
page with filters and export, the printable report (form C) and the inbox items."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from minzheng.benefits.tests.factories import post, today
from minzheng.core.models import AuditEntry
from minzheng.elderly.models import Assessment
from minzheng.elderly.policy import capability
from minzheng.elderly.services import assessments
from minzheng.elderly.tests.factories import assessment, elder, three_generations

pytestmark = pytest.mark.django_db
URL = "/api/v1/elderly/assessments"


def test_recorded_with_raw_scores_version_level_and_next_due(staff, api_client, demo_standards, monkeypatch):
    today(monkeypatch, "2026-05-10")
    _, person = elder(staff["village"])
    client = api_client(staff["village"])
    r = post(client, URL, assessment(person, 50, assessed_on="2026-05-02", diagnoses=["f03 "], risk_events_30d=1))
    assert r.status_code == 201, r.content.decode()
    out = r.json()
    assert (out["total"], out["preliminary_level"], out["level"], out["adjusted_from"]) == (50, 2, 3, 2)
    assert out["level_name"] == "能力重度受损（重度失能）" and out["standard"] == "GB/T 42195-2022"
    assert out["parts"] == {"B.1": 0, "B.2": 7, "B.3": 28, "B.4": 15} and out["diagnoses"] == ["F03"]
    assert out["items"] == capability.with_total(50) and len(out["items"]) == 26
    assert out["reassess_due"] == "2027-05-02"  # demo standard: 12 months (示例值)
    assert (out["assessor_1"], out["assessor_2"], out["current"]) == ("评估员甲", "评估员乙", True)
    assert "痴呆" in out["adjustments"][0]
    row = Assessment.objects.get()
    assert row.dementia and row.item_scores["B.1.1"] == 0
    # Re-scoring from the stored raw scores and version gives the stored result.
    again = capability.score(capability.Facts(row.item_scores, row.coma, tuple(row.diagnoses), row.risk_events_30d,
                                              row.standard))
    assert (again.total, again.level, again.parts) == (row.total, row.level, row.parts)
    entry = AuditEntry.objects.get(object_type="elderly_assessment", action="create")
    assert entry.changes["level"][1] == "3级 能力重度受损（重度失能）"


def test_a_new_assessment_supersedes_and_history_is_kept(staff, api_client, monkeypatch):
    today(monkeypatch, "2026-05-10")
    _, person = elder(staff["village"])
    client = api_client(staff["village"])
    first = post(client, URL, assessment(person, 80, assessed_on="2026-01-05")).json()
    assert first["reassess_due"] is None  # no interval set in this region: no date invented
    second = post(client, URL, assessment(person, 40, reason="immediate", assessed_on="2026-05-01"))
    assert second.status_code == 201, second.content.decode()
    rows = {a.pk: a for a in Assessment.objects.filter(person=person)}
    assert rows[first["id"]].superseded_by_id == second.json()["id"] and rows[second.json()["id"]].current
    listed = client.get(URL).json()
    assert listed["count"] == 2 and [a["current"] for a in listed["items"]] == [True, False]
    assert client.get(URL + "?current=1").json()["count"] == 1
    assert client.get(URL + "?level=3").json()["count"] == 1
    back = post(client, URL, assessment(person, 60, reason="regular", assessed_on="2026-04-01"))
    assert back.status_code == 422 and "不能早于该老年人当前评估的日期" in back.json()["errors"][0]["message"]
    again_first = post(client, URL, assessment(person, 60, reason="first"))
    assert again_first.status_code == 422 and "不能为首次评估" in again_first.json()["errors"][0]["message"]
    # What the eldercare app reads (eldercare.levels): the current assessment's level only.
    from minzheng.eldercare import levels
    from minzheng.elderly import selectors as elderly_selectors

    assert elderly_selectors.current_levels([person.pk]) == {person.pk: rows[second.json()["id"]].level} == \
        levels.current_levels([person.pk])


def test_dispute_then_reassessment(staff, api_client, monkeypatch):
    today(monkeypatch, "2026-05-10")
    _, person = elder(staff["village"])
    client = api_client(staff["village"])
    first = post(client, URL, assessment(person, 70, assessed_on="2026-05-01")).json()
    no_dispute = post(client, URL, assessment(person, 60, reason="reassessment", review_of=first["id"]))
    assert no_dispute.status_code == 409 and "先登记对评估结果的异议" in no_dispute.json()["detail"]
    d = post(client, f"{URL}/{first['id']}/dispute", {"reason": "家属认为老人不能独立洗澡"})
    assert d.status_code == 200, d.content.decode()
    assert d.json()["disputed_on"] == "2026-05-10" and d.json()["dispute_reason"] == "家属认为老人不能独立洗澡"
    assert post(client, f"{URL}/{first['id']}/dispute", {"reason": "再次"}).status_code == 409
    missing = post(client, URL, assessment(person, 60, reason="reassessment"))
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "review_of"
    review = post(client, URL, assessment(person, 60, reason="reassessment", review_of=first["id"],
                                          assessor_1="评估员丙", assessor_2="评估员丁"))
    assert review.status_code == 201, review.content.decode()
    assert (review.json()["review_of"], review.json()["level"], review.json()["reason_label"]) == (
        first["id"], 2, "复评（对评估结果有异议）")
    old = Assessment.objects.get(pk=first["id"])
    assert old.superseded_by_id == review.json()["id"] and old.disputed_on == dt.date(2026, 5, 10)
    superseded = post(client, f"{URL}/{first['id']}/dispute", {"reason": "x"})
    assert superseded.status_code == 409 and "已被新的评估取代" in superseded.json()["detail"]


def test_bad_input_is_a_chinese_422_and_writes_nothing(staff, api_client, monkeypatch):
    today(monkeypatch, "2026-05-10")
    _, person = elder(staff["village"])
    _, (_, son, _) = three_generations(staff["village"])
    client = api_client(staff["village"])
    items = {**capability.with_total(90), "B.2.4": 4, "B.3.9": "2"}
    del items["B.4.5"]
    r = post(client, URL, {**assessment(person), "items": items, "assessor_2": "评估员甲", "diagnoses": ["F9"],
                           "risk_events_30d": -2})
    assert r.status_code == 422
    errors = {e["field"]: e["message"] for e in r.json()["errors"]}
    assert errors["items.B.2.4"] == "“上下楼梯”的得分应为 0–3，不能为 4"
    assert "整数" in errors["items.B.3.9"] and "须填写“社会交往能力”" in errors["items.B.4.5"]
    assert "ICD-10" in errors["diagnoses.0"] and "risk_events_30d" in errors
    two = post(client, URL, {**assessment(person), "assessor_2": " 评估员甲"})
    assert two.status_code == 422 and "两名评估员" in two.json()["errors"][0]["message"]
    assert post(client, URL, [1, 2]).status_code == 422
    assert post(client, URL, {**assessment(person), "items": [4, 4]}).status_code == 422
    assert post(client, URL, {**assessment(person), "reason": "annual"}).status_code == 422
    future = post(client, URL, assessment(person, assessed_on="2026-06-01"))
    assert future.status_code == 422 and "不能晚于今天" in future.json()["errors"][0]["message"]
    young = post(client, URL, assessment(son))
    assert young.status_code == 422 and "未满60周岁" in young.json()["errors"][0]["message"]
    assert Assessment.objects.count() == 0
    assert client.get(URL + "?level=9").status_code == 422


def test_roles_and_scoping(staff, api_client, monkeypatch):
    today(monkeypatch, "2026-05-10")
    _, person = elder(staff["village"])
    body = assessment(person)
    assert post(api_client(staff["other_village"]), URL, body).status_code == 404
    assert post(api_client(staff["city"]), URL, body).status_code == 403
    assert post(api_client(staff["auditor"]), URL, body).status_code == 403
    row = assessments.record_assessment(staff["township"], body)
    assert api_client(staff["other_village"]).get(URL).json()["count"] == 0
    assert api_client(staff["other_village"]).get(f"{URL}/{row.pk}").status_code == 404
    assert api_client(staff["auditor"]).get(URL).status_code == 403
    assert api_client(staff["county"]).get(f"{URL}/{row.pk}").json()["total"] == 90
    assert api_client(staff["city"]).get(URL + "?region_code=330902001").json()["count"] == 1
    assert api_client(staff["county"]).get(URL + "?region_code=330902002").json()["count"] == 0
    assert post(api_client(staff["city"]), f"{URL}/{row.pk}/dispute", {"reason": "x"}).status_code == 403
    assert post(api_client(staff["other_village"]), f"{URL}/{row.pk}/dispute", {"reason": "x"}).status_code == 404


# ---- pages -----------------------------------------------------------------------------------------------------------


def _form(total: int, **extra) -> dict:
    data = {f"item_{c.replace('.', '_')}": str(v) for c, v in capability.with_total(total).items()}
    return {**data, "reason": "first", "assessed_on": "2026-05-08", "risk_events_30d": "0",
            "assessor_1": "评估员甲", "assessor_2": "评估员乙", "diagnoses": "", **extra}


def test_the_assessment_page_records_and_shows_errors_at_the_items(staff, client_for, monkeypatch):
    today(monkeypatch, "2026-05-10")
    _, person = elder(staff["village"])
    c = client_for(staff["village"])
    url = f"/elderly/persons/{person.pk}/assess/"
    page = c.get(url).content.decode()
    assert "B.1.1 进食（0–4分）" in page and "B.2.4 上下楼梯（0–3分）" in page and "B.3.7 攻击行为（0–1分）" in page
    bad = c.post(url, _form(90, item_B_2_4="4", assessor_2="评估员甲"))
    assert bad.status_code == 422
    text = bad.content.decode()
    assert "“上下楼梯”的得分不能大于 3" in text
    done = c.post(url, _form(45, diagnoses="F32.9, I10"))
    assert done.status_code == 302 and done["Location"] == f"/elderly/persons/{person.pk}/"
    row = Assessment.objects.get(person=person)
    assert (row.total, row.preliminary_level, row.level, row.diagnoses) == (45, 3, 4, ["F32.9", "I10"])
    elder_page = c.get(done["Location"]).content.decode()
    assert "完全失能" in elder_page and "李奶奶" in elder_page
    assert client_for(staff["other_village"]).get(url).status_code == 404
    assert client_for(staff["city"]).get(url).status_code == 403


def test_the_dispute_page_and_the_reassessment_from_the_page(staff, client_for, monkeypatch):
    today(monkeypatch, "2026-05-10")
    _, person = elder(staff["village"])
    row = assessments.record_assessment(staff["village"], assessment(person, 70))
    c = client_for(staff["village"])
    r = c.post(f"/elderly/assessments/{row.pk}/dispute/", {"reason": "家属有异议"})
    assert r.status_code == 302
    assert "待复评" in c.get(f"/elderly/persons/{person.pk}/").content.decode()
    done = c.post(f"/elderly/persons/{person.pk}/assess/", _form(60, reason="reassessment", assessed_on="2026-05-10"))
    assert done.status_code == 302, done.content.decode()
    assert Assessment.objects.get(superseded_by__isnull=True).review_of_id == row.pk


def test_the_list_filters_and_exports_and_the_report_prints(staff, client_for, monkeypatch):
    today(monkeypatch, "2026-05-10")
    _, a = elder(staff["village"])
    _, b = elder(staff["other_village"], "周爷爷", region="330902001002")
    assessments.record_assessment(staff["village"], assessment(a, 90))
    low = assessments.record_assessment(staff["other_village"], assessment(b, 20, coma=True))
    c = client_for(staff["township"])
    page = c.get("/elderly/assessments/").content.decode()
    assert "李奶奶" in page and "周爷爷" in page and "能力完好" in page
    only = c.get("/elderly/assessments/?level=4").content.decode()
    assert "周爷爷" in only and "李奶奶" not in only
    assert c.get("/elderly/assessments/?level=nonsense").status_code == 422
    export = c.get("/elderly/assessments/?export=xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = values[0]
    levels = {row[header.index("姓名")]: row[header.index("能力等级")] for row in values[1:]}
    assert levels == {"李奶奶": "0级 能力完好", "周爷爷": "4级 完全失能"}
    assert "评估报告" not in header
    report = c.get(f"/elderly/assessments/{low.pk}/report/")
    text = report.content.decode()
    assert report.status_code == 200 and "老年人能力评估报告" in text and "周爷爷" in text
    assert "4级 能力完全丧失（完全失能）" in text and "昏迷" in text and ">20<" in text
    assert AuditEntry.objects.filter(action="export", object_type="elderly_assessment",
                                     object_id=str(low.pk)).exists()
    assert client_for(staff["other_village"]).get(f"/elderly/assessments/{a.pk}/report/").status_code == 404
    assert client_for(staff["auditor"]).get(f"/elderly/assessments/{low.pk}/report/").status_code == 403


def test_the_inbox_lists_reassessments_due_and_disputes(staff, client_for, demo_standards, monkeypatch):
    today(monkeypatch, "2025-05-01")
    _, a = elder(staff["village"])
    _, b = elder(staff["village"], "孙奶奶")
    assessments.record_assessment(staff["village"], assessment(a, 80))  # due 2026-05-01
    row = assessments.record_assessment(staff["village"], assessment(b, 80, assessed_on="2025-04-01"))
    today(monkeypatch, "2026-04-10")
    assessments.dispute(staff["village"], row, {"reason": "不服"})
    page = client_for(staff["village"]).get("/inbox/").content.decode()
    assert "到期的老年人能力常规评估" in page and "李奶奶" in page and "应于 2026-05-01 前常规评估" in page
    assert "待复评的老年人能力评估" in page and "孙奶奶 · 对评估结果有异议" in page
    assert "到期的老年人能力常规评估" not in client_for(staff["city"]).get("/inbox/").content.decode()
