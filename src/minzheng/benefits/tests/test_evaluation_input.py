"""The evaluation input (schemas.evaluation.EvaluationIn → policy.Request): exact money, every problem at once with
its path, program-specific requirements from the declarations, Chinese names for codes; and the evaluation API and
CLI on the database (the standards come from the Standard table)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from minzheng.benefits.evaluation import parse
from minzheng.benefits.tests.factories import post
from minzheng.benefits.tests.policy_inputs import adult, inc, load_test_standards, payload
from minzheng.core.errors import ValidationFailed
from minzheng.core.validation import FLOAT_MESSAGE


def _errors(body) -> dict[str, str]:
    with pytest.raises(ValidationFailed) as exc:
        parse(body, "ceil_yuan")
    return {e.field: e.message for e in exc.value.errors}


def test_parse_rejects_floats_with_a_chinese_message():
    body = json.loads('{"program": "dibao", "region_code": "330902", "month": "2026-03", "household": '
                        '{"urban_rural": "urban", "members": [{"birth_date": "1980-01-01", '
                        '"incomes": [{"kind": "wage", "monthly": 1000.5}, {"kind": "wage", "monthly": 1.0}]}],'
                        '"assets": {"financial": 1e3}}}')
    errors = _errors(body)
    assert "浮点数" in errors["household.members[0].incomes[0].monthly"]
    assert "浮点数" in errors["household.members[0].incomes[1].monthly"]
    assert "浮点数" in errors["household.assets.financial"]
    # Integers are exact and accepted.
    body = json.loads('{"program": "dibao", "region_code": "330902", "month": "2026-03", "household": '
                        '{"urban_rural": "urban", "members": [{"birth_date": "1980-01-01", '
                        '"incomes": [{"kind": "wage", "monthly": 1000}]}]}}')
    assert parse(body, "ceil_yuan").household.members[0].incomes[0].amount == Decimal(1000)


def test_parse_reports_every_problem_at_once():
    errors = _errors({"program": "dibaox", "region_code": "33090", "month": "2026-13", "extra": 1,
                      "household": {"urban_rural": "city", "members": [
                          {"birth_date": "1980-02-30", "serious_ilness": True, "disability_grade": 5,
                           "incomes": [{"kind": "salary", "monthly": "-1"}, {"kind": "wage", "monthly": "1",
                                                                              "annual": "12"}]}]},
                      "options": {"rounding": "floor"}})
    assert set(errors) >= {"program", "region_code", "month", "extra", "household.urban_rural",
                           "household.members[0].birth_date", "household.members[0].serious_ilness",
                           "household.members[0].disability_grade", "household.members[0].incomes[0].kind",
                           "household.members[0].incomes[0].monthly", "household.members[0].incomes[1]",
                           "options.rounding"}
    assert errors["extra"] == "不支持的字段" and "YYYY-MM" in errors["month"]


def test_parse_program_specific_requirements():
    errors = _errors(payload("temporary", [adult()]))
    assert set(errors) == {"options.kind", "options.requested_amount"}
    errors = _errors(payload("temporary", [adult()], options={"kind": "急难型", "requested_amount": "0"}))
    assert set(errors) == {"options.requested_amount"}
    errors = _errors(payload("dibao", [adult(disability_grade=2)]))
    assert "同时填写" in errors["household.members[0].disability_grade"]
    errors = _errors(payload("dibao", [{"birth_date": "2026-04-01"}]))
    assert "晚于" in errors["household.members[0].birth_date"]
    errors = _errors(payload("dibao_edge", []))
    assert "household.members" in errors
    errors = _errors(payload("age_allowance", [adult()], options={"members": [3]}))
    assert "options.members[0]" in errors


def test_chinese_names_are_accepted_for_codes():
    body = payload("dibao", [{"birth_date": "1980-01-01", "sex": "女", "disability_category": "肢体残疾",
                              "disability_grade": "1"}])
    body["household"]["urban_rural"] = "农村"
    request = parse(body, "ceil_yuan")
    assert request.household.urban_rural == "rural"
    member = request.household.members[0]
    assert (member.sex, member.disability_category, member.disability_grade) == ("F", "4", 1)


# ---- API and CLI (database) -----------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_api_evaluate_happy_path(village_user, api_client):
    from minzheng.benefits.models import Standard
    from minzheng.core.models import AuditEntry

    load_test_standards()
    client = api_client(village_user)  # creating the token is audited
    before = (Standard.objects.count(), AuditEntry.objects.count())
    body = payload("dibao", [adult(incomes=[inc("wage", "1000")]), {"birth_date": "1950-01-01"}])
    response = post(client, "/api/v1/policy/evaluate", body)
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["eligible"] is True and data["monthly_amount"] == "750.00"  # 1600 − 900 + 50
    standard = next(line for line in data["breakdown"] if line["code"] == "standard")
    assert standard["source"]["region_code"] == "330902000000" and standard["source"]["region_name"] == "定海区"
    assert (Standard.objects.count(), AuditEntry.objects.count()) == before  # nothing written


@pytest.mark.django_db
def test_api_evaluate_422_in_chinese(village_user, api_client):
    load_test_standards()
    client = api_client(village_user)
    raw = json.dumps(payload("dibao", [adult()])).replace('"1980-06-15"', '"1980-06-15", "incomes": '
                                                          '[{"kind": "wage", "monthly": 100.5}]')
    response = post(client, "/api/v1/policy/evaluate", raw)
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "输入有误，未保存任何数据"
    assert body["errors"] == [{"field": "household.members[0].incomes[0].monthly", "message": FLOAT_MESSAGE}]
    response = post(client, "/api/v1/policy/evaluate", "{not json")
    assert response.status_code == 422 and response.json()["errors"][0]["message"] == "请求体不是有效的 JSON"
    response = post(client, "/api/v1/policy/evaluate", {**payload("dibao", [adult()]), "region_code": "330999"})
    assert response.status_code == 422 and "不存在" in response.json()["errors"][0]["message"]
    # A standard missing for the place and month: 422 naming it, never a calculation with 0.
    response = post(client, "/api/v1/policy/evaluate", payload("dibao", [adult()], month="2020-12"))
    assert response.status_code == 422 and "低保标准" in response.json()["detail"]
    response = post(client, "/api/v1/policy/evaluate", payload("tekun", [adult()], support_payer_able=False))
    assert response.status_code == 200  # not eligible (age 45): no self-care assessment needed
    response = post(client, "/api/v1/policy/evaluate", payload("tekun", [{"birth_date": "1950-01-01"}],
                                                                support_payer_able=False))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "household.members[0].self_care_unmet"


@pytest.mark.django_db
def test_api_evaluate_forbidden_for_administrators(make_user, api_client):
    client = api_client(make_user("sysadmin", "330902000000"))
    assert post(client, "/api/v1/policy/evaluate", payload("dibao", [adult()])).status_code == 403


@pytest.mark.django_db
def test_cli_policy_evaluate(tmp_path, capsys):
    from minzheng import cli

    load_test_standards()
    path = tmp_path / "case.json"
    path.write_text(json.dumps(payload("orphan", [{"birth_date": "2016-01-01", "child_status": "orphan"}]),
                               ensure_ascii=False), encoding="utf-8")
    assert cli.main(["policy", "evaluate", str(path)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["eligible"] is True and out["monthly_amount"] == "1000.00"
    path.write_text('{"program": "orphan"}', encoding="utf-8")
    assert cli.main(["policy", "evaluate", str(path)]) == 2
    assert "region_code: 必填项不能为空" in capsys.readouterr().err
