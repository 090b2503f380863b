"""Case services and API on the database: an application taken to its entitlement, scope (404) and read-only roles
(403), objections, refusal and withdrawal, the inbox's order, a 特困 case with its spot check, the facts' field paths,
a missing standard, the stored deadlines after a calendar change and the CLI, one open case per household."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from minzheng.benefits.tests.factories import VISIT, act, items, open_case, post, to_submitted, today
from minzheng.registry.tests.factories import make_family

D = dt.date


def test_a_dibao_case_from_application_to_entitlement(staff, api_client, poor_family, demo_standards, monkeypatch):
    from minzheng.benefits.models import Entitlement, Review
    from minzheng.core.models import AuditEntry

    household, people = poor_family
    village, town, county = (api_client(staff[k]) for k in ("village", "township", "county"))
    today(monkeypatch, "2026-11-02")
    bad = post(village, "/api/v1/cases", {"program": "dibao", "household_id": household.pk,
                                          "applicant_id": people[0].pk, "channel": "clerk"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "proxy_document"
    case = open_case(staff, api_client, poor_family, monkeypatch)
    assert (case["state"], case["awaiting_role"], case["channel"]) == ("applied", "township", "clerk")
    assert case["bank_account"] == "6222***********4567"
    cid = case["id"]
    assert act(town, cid, "request_missing", items=["户口簿复印件", "收入证明"])["state"] == "missing_items"
    assert act(village, cid, "supplement", note="已补齐")["state"] == "applied"
    assert "不得再次要求补充" in act(town, cid, "request_missing", 409, items=["x"])["detail"]
    case = act(town, cid, "accept")
    assert case["state"] == "accepted" and case["due_on"] == "2026-11-05"  # start the investigation: 3 WD
    short = act(town, cid, "record_home_visit", 422, investigators=["张调查"], member_signature="王芳", findings="x")
    assert short["errors"][0] == {"field": "investigators", "message": "调查人员不少于 2 人（不同的人）"}
    case = act(town, cid, "record_home_visit", **VISIT)
    assert case["state"] == "investigating"
    assert case["timeline"][-1]["signed_by"] == ["张调查", "李调查", "王芳"]
    act(town, cid, "request_verification")
    assert [r["id"] for r in items(county.get("/api/v1/cases/inbox"))] == [cid]
    assert items(county.get("/api/v1/cases/inbox"))[0]["task"] == "verification"
    act(county, cid, "record_verification", result="passed", report_ref="HD-2026-001", summary="无异常")
    assert items(county.get("/api/v1/cases/inbox")) == []
    case = act(town, cid, "initial_review", opinion="拟同意纳入低保", recommend="approve")
    assert case["state"] == "reviewed" and Decimal(case["policy_amount"]) > 0
    case = act(town, cid, "publish_notice", place="甲社区公开栏")
    notice = next(d for d in case["deadlines"] if d["code"] == "notice")
    assert notice["due"] == "2026-11-08" and notice["kind"] == "calendar"
    assert "公示期未满" in act(town, cid, "submit", 409)["detail"]
    today(monkeypatch, "2026-11-09")
    case = act(town, cid, "submit")
    assert (case["state"], case["awaiting_role"]) == ("submitted", "county")
    decision = next(d for d in case["deadlines"] if d["code"] == "decision")
    assert decision["due"] == "2026-11-23" and not decision["provisional"]
    assert "未将审核确认委托本乡镇" in act(town, cid, "confirm", 403)["detail"]
    assert "您的角色不能办理" in act(village, cid, "confirm", 403)["detail"]
    policy = Decimal(case["policy_amount"])
    err = act(county, cid, "confirm", 422, amount=str(policy + 100))
    assert err["errors"][0]["field"] == "override_reason"
    today(monkeypatch, "2026-11-10")
    case = act(county, cid, "confirm")
    assert case["state"] == "approved" and case["amount"] == case["policy_amount"]
    assert case["policy_result"]["eligible"] and case["policy_result"]["month"] == "2026-12"
    ent = Entitlement.objects.get(source_case_id=cid)
    assert (ent.program, ent.person_id, ent.household_id, ent.start_month, ent.end_month, ent.status) == (
        "dibao", None, household.pk, D(2026, 12, 1), None, "active")
    assert ent.payee_id == people[0].pk and ent.bank_account_masked == "6222***********4567"
    assert bytes(ent.bank_account_enc).find(b"6222") == -1  # encrypted at rest
    assert Review.objects.get(entitlement=ent).due_on == D(2027, 12, 1)  # yearly: nobody fully able to work
    case = act(town, cid, "issue_decision", document_no="定海低保〔2026〕001")
    assert case["state"] == "granted" and case["awaiting_role"] is None
    overall = next(d for d in case["deadlines"] if d["code"] == "overall")
    assert overall["met_on"] == "2026-11-10" and not overall["overdue"] and not overall["late"]
    labels = [e["label"] for e in case["timeline"]]
    assert labels[:4] == ["提出申请", "一次性告知补齐材料", "材料已补齐", "受理"] and labels[-1] == "送达确认通知书"
    assert AuditEntry.objects.filter(object_type="case", object_id=str(cid)).count() == len(labels)
    assert AuditEntry.objects.filter(object_type="entitlement", object_id=str(ent.pk)).exists()
    done = items(town.get("/api/v1/cases/done"))
    assert [r["id"] for r in done] == [cid]


def test_scope_404_and_read_only_roles_403(staff, api_client, poor_family, demo_standards, monkeypatch):
    case = open_case(staff, api_client, poor_family, monkeypatch)
    url = f"/api/v1/cases/{case['id']}"
    for who in ("other_township", "other_village", "other_county"):
        assert api_client(staff[who]).get(url).status_code == 404
        assert post(api_client(staff[who]), url + "/actions", {"action": "accept"}).status_code == 404
    city = api_client(staff["city"])
    assert city.get(url).status_code == 200 and city.get(url).json()["allowed_actions"] == []
    assert post(city, url + "/actions", {"action": "accept"}).status_code == 403
    assert api_client(staff["auditor"]).get(url).status_code == 403
    assert post(city, "/api/v1/cases", {"program": "dibao"}).status_code == 403
    assert "不能办理“受理”" in act(api_client(staff["county"]), case["id"], "accept", 403)["detail"]


def test_objection_through_the_api(staff, api_client, poor_family, demo_standards, monkeypatch):
    from minzheng.benefits.models import Objection

    town, county = api_client(staff["township"]), api_client(staff["county"])
    case = open_case(staff, api_client, poor_family, monkeypatch)
    cid = case["id"]
    for action, data in (("accept", {}), ("record_home_visit", VISIT), ("request_verification", {})):
        act(town, cid, action, **data)
    act(county, cid, "record_verification", result="passed", report_ref="R1", summary="ok")
    act(town, cid, "initial_review", opinion="拟同意", recommend="approve")
    act(town, cid, "publish_notice")
    assert act(town, cid, "record_objection", 422)["errors"][0]["field"] == "content"
    case = act(town, cid, "record_objection", content="该户有营运车辆", raised_by="匿名")
    assert case["state"] == "objection" and case["needs_county_visit"]
    assert next(d for d in case["deadlines"] if d["code"] == "overall")["label"] == "全程办理时限（45个工作日）"
    act(town, cid, "community_review", participants=["村民代表甲", "村民代表乙", "村委会"],
        outcome="车辆已转让，情况属实")
    assert Objection.objects.get(case_id=cid).resolution == "community_review"
    case = act(town, cid, "initial_review", opinion="评议后拟同意", recommend="approve")
    assert case["state"] == "submitted"
    assert "须先由县级民政部门入户调查" in act(county, cid, "confirm", 409)["detail"]


def test_refusal_and_withdrawal(staff, api_client, poor_family, demo_standards, monkeypatch):
    town, county = api_client(staff["township"]), api_client(staff["county"])
    case = to_submitted(staff, api_client, poor_family, monkeypatch)
    assert act(county, case["id"], "refuse", 422)["errors"][0]["field"] == "reason"
    case = act(county, case["id"], "refuse", reason="家庭财产超过规定")
    assert case["state"] == "refused" and case["awaiting_role"] == "township"
    notice = next(d for d in case["deadlines"] if d["code"] == "refusal_notice")
    assert notice["due"] == "2026-11-12"
    today(monkeypatch, "2026-11-13")
    row = items(town.get("/api/v1/cases/inbox"))[0]
    assert row["id"] == case["id"] and row["overdue"] and row["due_on"] == "2026-11-12"
    case = act(town, case["id"], "notify_refusal", method="当面送达")
    assert case["state"] == "refusal_notified"
    assert next(d for d in case["deadlines"] if d["code"] == "refusal_notice")["late"]
    # A closed case does not block a new application; an open one does.
    household, people = poor_family
    again = post(api_client(staff["village"]), "/api/v1/cases", {
        "program": "dibao", "household_id": household.pk, "applicant_id": people[0].pk, "channel": "online"})
    assert again.status_code == 201
    dup = post(town, "/api/v1/cases", {"program": "dibao", "household_id": household.pk,
                                       "applicant_id": people[0].pk})
    assert dup.status_code == 409 and "已有在办的最低生活保障申请" in dup.json()["detail"]
    withdrawn = act(api_client(staff["village"]), again.json()["id"], "withdraw", reason="家庭自愿撤回")
    assert withdrawn["state"] == "withdrawn"


def test_inbox_orders_by_urgency_and_marks_overdue(staff, api_client, demo_standards, monkeypatch):
    village, town = api_client(staff["village"]), api_client(staff["township"])
    ids = []
    for i, day in enumerate(("2026-11-02", "2026-11-04", "2026-11-03")):
        household, people = make_family(staff["village"], [(f"户主{i}", "19700101", "M")])
        today(monkeypatch, day)
        case = post(village, "/api/v1/cases", {"program": "dibao", "household_id": household.pk,
                                               "applicant_id": people[0].pk, "channel": "online"}).json()
        act(town, case["id"], "accept")
        ids.append(case["id"])
    household, people = make_family(staff["village"], [("新申请", "19700101", "M")])
    fresh = post(village, "/api/v1/cases", {"program": "dibao", "household_id": household.pk,
                                           "applicant_id": people[0].pk, "channel": "online"}).json()
    today(monkeypatch, "2026-11-06")
    rows = items(town.get("/api/v1/cases/inbox"))
    assert [r["id"] for r in rows] == [ids[0], ids[2], ids[1], fresh["id"]]  # no deadline (awaiting acceptance) last
    assert [r["due_on"] for r in rows] == ["2026-11-05", "2026-11-06", "2026-11-09", None]
    assert [r["overdue"] for r in rows] == [True, False, False, False]
    assert [r["task"] for r in rows[:3]] == ["start_investigation"] * 3
    assert items(api_client(staff["other_township"]).get("/api/v1/cases/inbox")) == []
    assert items(api_client(staff["city"]).get("/api/v1/cases/inbox")) == []
    listed = items(town.get("/api/v1/cases", {"overdue": True}))
    assert [r["id"] for r in listed] == [ids[0]]


def test_tekun_case_is_spot_checked_and_pays_the_person(staff, api_client, demo_standards, monkeypatch):
    from minzheng.benefits.models import Entitlement

    household, people = make_family(staff["village"], [("孤老", "19480101", "M", {"labour_capacity": "none"})],
                                    incomes=[(0, "basic_pension", "2400")])
    town, county = api_client(staff["township"]), api_client(staff["county"])
    today(monkeypatch, "2026-11-02")
    facts = {"support_payer_able": False, "members": {str(people[0].pk): {"self_care_unmet": 2}}}
    missing = post(town, "/api/v1/cases", {"program": "tekun", "household_id": household.pk,
                                           "applicant_id": people[0].pk, "facts": facts})
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "beneficiary_id"
    case = post(town, "/api/v1/cases", {"program": "tekun", "household_id": household.pk,
                                        "applicant_id": people[0].pk, "beneficiary_id": people[0].pk,
                                        "facts": facts})
    assert case.status_code == 201, case.content
    cid = case.json()["id"]
    assert case.json()["subtype"] == "dispersed"
    for action, data in (("accept", {}), ("record_home_visit", {**VISIT, "member_signature": "孤老"}),
                         ("request_verification", {})):
        act(town, cid, action, **data)
    act(county, cid, "record_verification", result="passed", report_ref="R", summary="无")
    act(town, cid, "initial_review", opinion="符合特困条件", recommend="approve")
    act(town, cid, "publish_notice")
    today(monkeypatch, "2026-11-09")
    case = act(town, cid, "submit")
    assert case["spot_check_required"]  # the county's first 特困 case this year is always checked
    assert next(d for d in case["deadlines"] if d["code"] == "decision")["due"] == "2026-11-30"  # 15 WD
    assert "抽查" in act(county, cid, "confirm", 409)["detail"]
    act(county, cid, "spot_check", result="consistent", findings="情况属实")
    case = act(county, cid, "confirm")
    ent = Entitlement.objects.get(source_case_id=cid)
    assert ent.person_id == people[0].pk and ent.monthly_amount == Decimal(case["amount"]) > 0
    assert ent.review_months is None


def test_facts_are_validated_with_field_paths(staff, api_client, poor_family, demo_standards, monkeypatch):
    household, people = poor_family
    today(monkeypatch, "2026-11-02")
    bad = post(api_client(staff["township"]), "/api/v1/cases", {
        "program": "dibao", "household_id": household.pk, "applicant_id": people[0].pk,
        "facts": {"assets": {"financial": 12.5}, "members": {str(people[1].pk): {"self_care_unmet": 9},
                                                             "999999": {}}, "color": "red"}})
    assert bad.status_code == 422
    fields = {e["field"] for e in bad.json()["errors"]}
    assert {"facts.color", "facts.members.999999"} <= fields
    bad = post(api_client(staff["township"]), "/api/v1/cases", {
        "program": "dibao", "household_id": household.pk, "applicant_id": people[0].pk,
        "facts": {"assets": {"financial": 12.5}, "members": {str(people[1].pk): {"self_care_unmet": 9}}}})
    fields = {e["field"]: e["message"] for e in bad.json()["errors"]}
    assert "JSON 小数" in fields["facts.assets.financial"]
    assert f"facts.members.{people[1].pk}.self_care_unmet" in fields
    no_amount = post(api_client(staff["township"]), "/api/v1/cases", {
        "program": "temporary", "household_id": household.pk, "applicant_id": people[0].pk})
    assert no_amount.status_code == 422
    assert no_amount.json()["errors"][0]["field"] == "facts.requested_amount", no_amount.json()


def test_missing_standard_blocks_the_initial_review_with_its_name(staff, api_client, poor_family, monkeypatch):
    town, county = api_client(staff["township"]), api_client(staff["county"])
    case = open_case(staff, api_client, poor_family, monkeypatch)
    for action, data in (("accept", {}), ("record_home_visit", VISIT), ("request_verification", {})):
        act(town, case["id"], action, **data)
    act(county, case["id"], "record_verification", result="passed", report_ref="R", summary="-")
    err = act(town, case["id"], "initial_review", 422, opinion="拟同意", recommend="approve")
    assert "缺少标准“最低生活保障·低保标准”" in err["detail"]
    assert town.get(f"/api/v1/cases/{case['id']}").json()["state"] == "investigating"  # nothing written


def test_refresh_deadlines_after_the_calendar_changes_and_the_cli(staff, poor_family, demo_standards, monkeypatch,
                                                                capsys):
    from minzheng import cli
    from minzheng.benefits.models import Case
    from minzheng.benefits.services import cases
    from minzheng.core.models import CalendarDay

    household, people = poor_family
    monkeypatch.setenv("MINZHENG_TODAY", "2026-12-28")
    case = Case.objects.create(program="dibao", household=household, applicant=people[0],
                               region_code=household.region_id, state="submitted", channel="family",
                               applied_on=D(2026, 12, 1), accepted_on=D(2026, 12, 1), submitted_on=D(2026, 12, 28))
    assert cases.refresh_deadlines() == {"open_cases": 1, "changed": 1}
    case.refresh_from_db()
    assert (case.due_on, case.due_code, case.due_provisional) == (D(2027, 1, 11), "decision", True)
    CalendarDay.objects.create(day=D(2027, 1, 1), kind="holiday", note="元旦（2027年放假安排）")
    assert cases.refresh_deadlines("330902") == {"open_cases": 1, "changed": 1}
    case.refresh_from_db()
    assert case.due_on == D(2027, 1, 12)
    assert cli.main(["cases", "inbox", "--user", staff["county"].username]) == 0
    assert [r["id"] for r in json.loads(capsys.readouterr().out)] == [case.pk]
    assert cli.main(["cases", "act", str(case.pk), "refuse", "--user", staff["county"].username,
                     "--data", '{"reason": "收入超标"}']) == 0
    assert json.loads(capsys.readouterr().out)["state"] == "refused"
    assert cli.main(["cases", "act", str(case.pk), "notify_refusal", "--user", staff["township"].username,
                     "--data", '{"method": "当面送达"}']) == 0
    capsys.readouterr()
    assert cli.main(["cases", "show", str(case.pk), "--user", staff["city"].username]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["state"] == "refusal_notified" and shown["allowed_actions"] == []


def test_database_allows_one_open_case_per_household_and_program(staff, poor_family):
    from django.db import IntegrityError, transaction

    from minzheng.benefits.models import Case

    household, people = poor_family

    def new(**kw):
        return Case.objects.create(program=kw.pop("program", "dibao"), household=household, applicant=people[0],
                                   region_code=household.region_id, channel="family", applied_on=D(2026, 11, 2),
                                   **{"state": "applied", **kw})

    first = new()
    with pytest.raises(IntegrityError), transaction.atomic():
        new()
    new(program="tekun", beneficiary=people[1])
    new(program="tekun", beneficiary=people[2])  # another person: allowed
    Case.objects.filter(pk=first.pk).update(state="withdrawn")
    new()  # the first one is closed
