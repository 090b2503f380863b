"""Standards: resolution (most specific region, area, effective dates, the month a standard changes), history kept
on change, the CSV loader (validation, all-or-nothing, idempotent, audited), the API (permissions) and the demo file
(every program evaluates in every demo county)."""

from __future__ import annotations

import datetime as dt
import json
import math
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from conftest import VILLAGE_A, VILLAGE_B, VILLAGE_OTHER_COUNTY
from minzheng import cli
from minzheng.benefits import catalogue, evaluation, selectors
from minzheng.benefits.models import Standard
from minzheng.benefits.services import standards
from minzheng.benefits.tests.factories import items, post
from minzheng.benefits.tests.policy_inputs import payload
from minzheng.core.errors import Conflict, Forbidden, ValidationFailed
from minzheng.core.models import AuditEntry
from minzheng.synthetic import DEMO_STANDARDS as DEMO_FILE

pytestmark = pytest.mark.django_db

HEADER = "program,item,region_code,area,value,unit,effective_from,effective_to,source\n"


def add(program="dibao", item="standard", region="330902", area="all", value="800", unit="", start="2025-01-01",
        end="", source="测试文件", actor=None):
    """Write through the same path as the loader (validation + history rule), without the role check."""
    new, errors = standards.validate({"program": program, "item": item, "region_code": region, "area": area,
                                      "value": value, "unit": unit, "effective_from": start, "effective_to": end,
                                      "source": source})
    assert not errors, errors
    events = []
    with transaction.atomic():
        _, row = standards._place(new, actor, events)
    return row


def std_value(region=VILLAGE_A, area="urban", month=dt.date(2026, 3, 1), item="standard", program="dibao"):
    found = selectors.resolve(region, area, month).get(program, item)
    return None if found is None or found.is_default else found


# ---- resolution ------------------------------------------------------------------------------------------------

def test_most_specific_region_wins():
    add(region="33", value="700")
    add(region="3309", value="750")
    add(region="330902", value="800")
    add(region=VILLAGE_A, value="820")
    assert std_value(VILLAGE_A).value == Decimal("820")
    assert std_value(VILLAGE_B).value == Decimal("800")  # same county, no village row
    assert std_value("330902001000").value == Decimal("800")  # the township itself
    assert std_value(VILLAGE_OTHER_COUNTY).value == Decimal("750")  # 普陀区: the city's row
    assert std_value("330100").value == Decimal("700")  # 杭州市: the province's row
    assert std_value("320100") is None  # 南京: nothing set in 江苏
    found = std_value(VILLAGE_B)
    assert (found.region_code, found.region_name) == ("330902000000", "定海区")


def test_area_specific_row_wins_within_a_region_but_region_comes_first():
    add(region="330902", area="all", value="800")
    add(region="330902", area="rural", value="600")
    add(region="3309", area="urban", value="999")
    assert std_value(VILLAGE_A, "rural").value == Decimal("600")
    assert std_value(VILLAGE_A, "urban").value == Decimal("800")  # county "all" beats the city's "urban"
    assert std_value(VILLAGE_OTHER_COUNTY, "urban").value == Decimal("999")
    assert std_value(VILLAGE_OTHER_COUNTY, "rural") is None


def test_one_item_resolved_for_many_regions_in_one_query_chooses_as_resolve_does(django_assert_num_queries):
    add(region="33", value="700")
    add(region="330902", area="all", value="800")
    add(region="330902", area="rural", value="600")
    add(region=VILLAGE_A, value="820", start="2026-04-01")
    codes = [VILLAGE_A, VILLAGE_B, "330902001000", VILLAGE_OTHER_COUNTY, "330100", "320100"]
    for area in ("all", "rural", "urban"):
        for month in (dt.date(2026, 3, 1), dt.date(2026, 4, 1)):
            with django_assert_num_queries(1):
                found = selectors.resolve_item("dibao", "standard", codes, area, month)
            for code in codes:
                expected = std_value(code, area, month)
                got = found[code]
                assert (got.value if got else None) == (expected.value if expected else None), (code, area, month)


def test_month_a_standard_changes_and_history_is_kept():
    old = add(value="800", start="2025-01-01")
    new = add(value="900", start="2026-04-01", source="新文件")
    old.refresh_from_db()
    assert old.value == Decimal("800") and old.effective_to == dt.date(2026, 3, 31)  # closed, not rewritten
    assert new.effective_to is None
    assert std_value(month=dt.date(2026, 3, 1)).value == Decimal("800")
    assert std_value(month=dt.date(2026, 4, 1)).value == Decimal("900")
    assert std_value(month=dt.date(2024, 12, 1)) is None
    rows = list(selectors.history("dibao", "standard", "330902", "all"))
    assert [(r.value, r.effective_from, r.effective_to) for r in rows] == [
        (Decimal("800"), dt.date(2025, 1, 1), dt.date(2026, 3, 31)), (Decimal("900"), dt.date(2026, 4, 1), None)]


def test_a_standard_starting_mid_month_applies_from_the_next_month():
    add(value="800", start="2025-01-01")
    add(value="900", start="2026-04-15")
    assert std_value(month=dt.date(2026, 4, 1)).value == Decimal("800")  # in force on 1 April
    assert std_value(month=dt.date(2026, 5, 1)).value == Decimal("900")


def test_policy_uses_the_standard_of_the_month_evaluated():
    add(value="800", start="2025-01-01")
    add(value="900", start="2026-04-01")
    for month, amount in (("2026-03", "800.00"), ("2026-04", "900.00")):
        out = evaluation.evaluate_payload(payload("dibao", [{"birth_date": "1980-01-01"}], month=month))
        assert out["monthly_amount"] == amount
        line = next(x for x in out["breakdown"] if x["code"] == "standard")
        assert line["source"]["effective_from"] == ("2025-01-01" if month == "2026-03" else "2026-04-01")


def test_back_dated_standard_ends_before_the_next_one():
    later = add(value="900", start="2026-01-01")
    earlier = add(value="800", start="2025-01-01")
    assert earlier.effective_to == dt.date(2025, 12, 31)
    later.refresh_from_db()
    assert later.effective_to is None


def test_history_is_never_rewritten():
    add(value="800", start="2025-01-01")
    add(value="900", start="2026-01-01")
    new, _ = standards.validate({"program": "dibao", "item": "standard", "region_code": "330902", "area": "all",
                                 "value": "850", "effective_from": "2025-01-01", "source": "x"})
    with pytest.raises(Conflict) as exc, transaction.atomic():
        standards._place(new, None, [])
    assert "不可改写" in exc.value.message
    overlapping, _ = standards.validate({"program": "dibao", "item": "standard", "region_code": "330902",
                                         "area": "all", "value": "850", "effective_from": "2025-06-01",
                                         "effective_to": "2026-06-30", "source": "x"})
    with pytest.raises(Conflict) as exc, transaction.atomic():
        standards._place(overlapping, None, [])
    assert "重叠" in exc.value.message
    assert [r.value for r in selectors.history("dibao", "standard", "330902", "all")] == [Decimal(800), Decimal(900)]


def test_database_refuses_two_rows_with_one_start():
    add(value="800", start="2025-01-01")
    with pytest.raises(IntegrityError), transaction.atomic():
        Standard.objects.create(program="dibao", item="standard", region_code="330902000000", area="all",
                                value=Decimal(1), unit="元/人/月", effective_from=dt.date(2025, 1, 1), source="x")


def test_in_force_holds_from_the_first_day_through_the_last_inclusive():
    """core.periods: the one reading of a period of validity, shared by standards and signal rules."""
    first = add(value="800", start="2025-01-01", end="2025-06-30")
    second = add(value="850", start="2025-07-01")

    def values(day):
        return sorted(selectors.values_in_force("dibao", "standard", day))

    assert values(dt.date(2024, 12, 31)) == []
    assert values(dt.date(2025, 1, 1)) == [first.value]
    assert values(dt.date(2025, 6, 30)) == [first.value]
    assert values(dt.date(2025, 7, 1)) == [second.value]
    assert values(dt.date(2030, 1, 1)) == [second.value]  # an open end holds until a later row closes it
    assert list(Standard.objects.in_force(dt.date(2025, 6, 30))) == [first]


# ---- loader --------------------------------------------------------------------------------------------------------

def write(tmp_path, text, name="s.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_loader_reports_row_numbers_and_reasons_and_writes_nothing(tmp_path):
    path = write(tmp_path, HEADER + "\n".join([
        "dibao,standard,330902,all,800,元/人/月,2025-01-01,,舟民〔2025〕1号",  # row 2: fine
        "dibaox,standard,330902,all,800,元/人/月,2025-01-01,,x",  # 3: program
        "dibao,standrd,330902,all,800,元/人/月,2025-01-01,,x",  # 4: item
        "dibao,standard,999999,all,800,元/人/月,2025-01-01,,x",  # 5: region unknown
        "dibao,standard,330902,town,800,元/人/月,2025-01-01,,x",  # 6: area
        "dibao,standard,330902,urban,8o0,元/人/月,2025-01-01,,x",  # 7: value
        "dibao,standard,330902,rural,800,元/月,2025-01-01,,x",  # 8: unit
        "dibao,standard,330902,rural,800,元/人/月,2025-13-01,,x",  # 9: date
        "dibao,standard,3309,all,800,元/人/月,2025-01-01,2024-01-01,x",  # 10: end before start
        "dibao,standard,330903,all,800,元/人/月,2025-01-01,,",  # 11: no source
        "dibao,standard,330902,all,810,元/人/月,2025-01-01,,x",  # 12: duplicate of row 2
        "dibao,edge_multiplier,330902,all,0.9,倍,2025-01-01,,x",  # 13: below the item's minimum
        "tekun,care_self,330902,all,1.23456,元/人/月,2025-01-01,,x",  # 14: 5 decimals
    ]) + "\n")
    summary = standards.load_csv(path)
    by_row = {}
    for e in summary.errors:
        by_row.setdefault(e.row, []).append(e)
    assert sorted(by_row) == list(range(3, 15))
    assert by_row[3][0].column == "program" and "无效" in by_row[3][0].reason
    assert by_row[4][0].column == "item" and "standard" in by_row[4][0].reason
    assert by_row[5][0].reason == "区划代码 999999000000 不存在"
    assert by_row[8][0].column == "unit" and "元/人/月" in by_row[8][0].reason
    assert "终止日期" in by_row[10][0].reason and "依据" in by_row[11][0].reason
    assert "第 2 行重复" in by_row[12][0].reason and "不能小于 1" in by_row[13][0].reason
    assert by_row[7][0].text().startswith("第 7 行 [value] “8o0”：")
    assert summary.as_dict()["written"] is False and summary.created == 0
    assert Standard.objects.count() == 0


def test_loader_is_idempotent_and_audited(tmp_path):
    path = write(tmp_path, HEADER + "dibao,standard,330902,all,900,元/人/月,2026-01-01,,新\n"
                                    "dibao,standard,330902,all,800,元/人/月,2025-01-01,,旧\n"
                                    "dibao,standard,330902,rural,9000,元/人/年,2025-01-01,,年\n")
    first = standards.load_csv(path)
    assert (first.created, first.unchanged, first.closed, first.errors) == (3, 0, 1, [])
    audits = AuditEntry.objects.count()
    assert AuditEntry.objects.filter(object_type="standard", action="create").count() == 3
    assert AuditEntry.objects.filter(object_type="standard", action="update").count() == 1
    assert AuditEntry.objects.filter(object_type="standard_file", action="import").count() == 1
    rows = list(Standard.objects.values_list("value", "effective_from", "effective_to", "created_at"))
    second = standards.load_csv(path)
    assert (second.created, second.unchanged, second.closed, second.errors) == (0, 3, 0, [])
    assert list(Standard.objects.values_list("value", "effective_from", "effective_to", "created_at")) == rows
    assert AuditEntry.objects.count() == audits
    # The per-year value reaches the policy as per month.
    assert std_value(VILLAGE_A, "rural").amount() == 750


def test_loader_refuses_a_changed_value_for_an_existing_date(tmp_path):
    standards.load_csv(write(tmp_path, HEADER + "dibao,standard,330902,all,800,元/人/月,2025-01-01,,旧\n"))
    summary = standards.load_csv(write(tmp_path, HEADER + "dibao,standard,330902,all,820,元/人/月,2025-01-01,,改\n"
                                                          "dibao,standard,330903,all,820,元/人/月,2025-01-01,,新\n",
                                       "b.csv"))
    assert [(e.row, e.column) for e in summary.errors] == [(2, "effective_from")]
    assert "不可改写" in summary.errors[0].reason
    assert Standard.objects.count() == 1  # the good row was not written either


def test_loader_header_and_cli(tmp_path, capsys):
    bad = write(tmp_path, "program,item,region,value\n")
    assert cli.main(["standards", "load", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "缺少列" in err and "region_code" in err and "不支持的列：region" in err
    path = write(tmp_path, HEADER + "dibao,standard,330902,all,800,,2025-01-01,,x\n"
                                    "dibao,standard,330902,all,abc,,2025-01-01,,x\n", "c.csv")
    assert cli.main(["standards", "load", str(path)]) == 2
    captured = capsys.readouterr()
    assert "第 3 行 [value]" in captured.err and json.loads(captured.out)["rejected_rows"] == 1
    path = write(tmp_path, HEADER + "dibao,standard,330902,all,800,,2025-01-01,,x\n", "d.csv")
    assert cli.main(["standards", "load", str(path)]) == 0
    assert Standard.objects.get().unit == "元/人/月"  # the item's unit when the cell is empty


def test_loader_as_a_user_checks_role_and_region(tmp_path, make_user):
    path = write(tmp_path, HEADER + "dibao,standard,330903,all,800,元/人/月,2025-01-01,,x\n")
    summary = standards.load_csv(path, actor=make_user("county", "330902000000"))
    assert summary.errors and "本辖区" in summary.errors[0].reason
    assert standards.load_csv(path, actor=make_user("city", "330900000000")).created == 1


# ---- API -----------------------------------------------------------------------------------------------------------

BODY = {"program": "dibao", "item": "standard", "region_code": "330902", "area": "all", "value": "800",
        "unit": "元/人/月", "effective_from": "2025-01-01", "source": "舟民发〔2025〕1号"}


@pytest.mark.parametrize("role,region,status", [
    ("county", "330902000000", 201), ("city", "330900000000", 201), ("township", "330902001000", 403),
    ("village", VILLAGE_A, 403), ("auditor", "330902000000", 403), ("sysadmin", "330902000000", 403),
    ("county", "330903000000", 403),  # another county's standard
])
def test_api_add_permissions(make_user, api_client, role, region, status):
    client = api_client(make_user(role, region))
    response = post(client, "/api/v1/standards", BODY)
    assert response.status_code == status, response.content
    if status == 201:
        body = response.json()
        assert body["value"] == "800" and body["region_code"] == "330902000000" and body["created_by"]
        assert AuditEntry.objects.filter(object_type="standard", object_id=str(body["id"])).exists()
    else:
        assert Standard.objects.count() == 0 and "标准" in response.json()["detail"]


def test_api_add_validation_and_conflict(make_user, api_client):
    client = api_client(make_user("county", "330902000000"))
    response = post(client, "/api/v1/standards", json.dumps(BODY).replace('"800"', "800.5"))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "value" and "浮点数" in response.json()["errors"][0]["message"]
    response = post(client, "/api/v1/standards", {**BODY, "item": "nope", "area": "x", "source": ""})
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"item", "area", "source"}
    assert post(client, "/api/v1/standards", BODY).status_code == 201
    response = post(client, "/api/v1/standards", {**BODY, "value": "810"})
    assert response.status_code == 409 and "不可改写" in response.json()["detail"]
    later = post(client, "/api/v1/standards", {**BODY, "value": "900", "effective_from": "2026-01-01"})
    assert later.status_code == 201
    history = items(client.get("/api/v1/standards/history", {"program": "dibao", "item": "standard",
                                                        "region_code": "330902", "area": "all"}))
    assert [(h["value"], h["effective_to"]) for h in history] == [("800", "2025-12-31"), ("900", None)]
    assert Standard.objects.count() == 2


def test_api_list_items_and_resolve(make_user, api_client):
    add(region="3309", value="750", start="2024-01-01")
    add(region="330902", value="800", start="2025-01-01")
    add(region="330902", value="900", start="2026-01-01")
    add(program="tekun", item="care_self", region="330902", value="100")
    client = api_client(make_user("village", VILLAGE_A))
    rows = items(client.get("/api/v1/standards", {"program": "dibao", "region_code": VILLAGE_A}))
    assert [(r["region_code"], r["value"]) for r in rows] == [("330900000000", "750"), ("330902000000", "800"),
                                                              ("330902000000", "900")]
    rows = items(client.get("/api/v1/standards", {"program": "dibao", "region_code": VILLAGE_A,
                                                  "as_of": "2025-06-01"}))
    assert [r["value"] for r in rows] == ["750", "800"]
    assert len(items(client.get("/api/v1/standards", {"within": "330902"}))) == 3
    assert client.get("/api/v1/standards", {"as_of": "2025-13-01"}).status_code == 422
    listed = items(client.get("/api/v1/standards/items", {"program": "dibao"}))
    edge = next(i for i in listed if i["item"] == "edge_multiplier")
    assert edge["default"] == "1.5" and "第八条" in edge["default_rule"]
    resolved = client.get("/api/v1/standards/resolve", {"region_code": VILLAGE_A, "area": "urban",
                                                        "month": "2025-06"}).json()
    assert {(s["program"], s["item"], s["value"]) for s in resolved["standards"]} == {
        ("dibao", "standard", "800"), ("tekun", "care_self", "100")}


def test_add_standard_service_checks_role_before_validating(make_user):
    with pytest.raises(Forbidden):
        standards.add_standard(make_user("township", "330902001000"), {"program": "bad"})
    with pytest.raises(ValidationFailed):
        standards.add_standard(make_user("county", "330902000000"), {"program": "bad"})


# ---- catalogue and demo file ---------------------------------------------------------------------------------------

def test_every_catalogue_item_is_documented():
    text = (DEMO_FILE.parents[4] / "docs" / "assistance.md").read_text(encoding="utf-8")
    for spec in catalogue.items_list():
        assert f"`{spec.item}`" in text, spec.key
        assert spec.unit in spec.units and spec.label and spec.meaning
        if spec.default is not None:
            assert spec.default_rule and spec.check(spec.default) is None


DEMO_COUNTIES = ["330902", "330903", "330921", "330922", "431302", "431321", "431322", "431381", "431382", "652324",
                 "429006", "150102"]


def _demo_cases():
    elder = {"birth_date": "1940-01-01", "self_care_unmet": 2}
    disabled = {"birth_date": "1980-01-01", "disability_category": "4", "disability_grade": 1}
    return {
        "dibao": ({"members": [{"birth_date": "1950-01-01"}, disabled], "assets": {"financial": "100",
                                                                                   "housing_units": 1}}, {}),
        "dibao_edge": ({"members": [{"birth_date": "1980-01-01",
                                     "incomes": [{"kind": "pension", "monthly": "{edge}"}]}]}, {}),
        "tekun": ({"members": [elder], "support_payer_able": False}, {}),
        "rigid_expense": ({"members": [{"birth_date": "1980-01-01",
                                        "incomes": [{"kind": "pension", "monthly": "{rigid}"}]}],
                           "rigid_expenses": [{"kind": "education", "annual": "100000"}]}, {}),
        "temporary": ({"members": [{"birth_date": "1980-01-01"}]}, {"kind": "emergency", "requested_amount": "500"}),
        "orphan": ({"members": [{"birth_date": "2015-01-01", "child_status": "orphan"}]}, {}),
        "unsupported_child": ({"members": [{"birth_date": "2015-01-01", "child_status": "unsupported"}]}, {}),
        "disability_living": ({"members": [disabled], "recognised": ["dibao"]}, {}),
        "disability_care": ({"members": [disabled]}, {}),
        "age_allowance": ({"members": [{"birth_date": "1940-01-01"}]}, {}),
    }


def test_demo_file_loads_and_every_program_evaluates_in_every_demo_county():
    summary = standards.load_csv(DEMO_FILE)
    assert summary.errors == [] and summary.created == summary.rows
    assert standards.load_csv(DEMO_FILE).unchanged == summary.rows  # idempotent
    for row in Standard.objects.all():
        # Every value says where it comes from: a plan cited by its title (never a file name) or "示例值".
        assert row.source and ("示例值（非官方）" in row.source or row.source.startswith("《")), row
        assert "seeds/" not in row.source and ".txt" not in row.source, row
    month = dt.date(2026, 3, 1)
    for county in DEMO_COUNTIES:
        for area in ("urban", "rural"):
            stds = selectors.resolve(county, area, month)
            s = stds.require("dibao", "standard", "测试").amount()
            edge = str(math.floor(s * stds.require("dibao", "edge_multiplier", "t").amount()) - 1)
            for program, (household, options) in _demo_cases().items():
                text = json.dumps(household).replace("{edge}", edge).replace("{rigid}", str(int(s * 2)))
                body = {"program": program, "region_code": county, "month": "2026-03", "options": options,
                        "household": {"urban_rural": area, **json.loads(text)}}
                out = evaluation.evaluate_payload(body)
                assert out["eligible"], (county, area, program, out["reasons"], out.get("members"))
                if program not in ("dibao_edge", "rigid_expense"):
                    assert Decimal(out["monthly_amount"]) > 0, (county, area, program)


def test_demo_figures_from_the_plans():
    standards.load_csv(DEMO_FILE)
    zs = selectors.resolve("330902", "urban", dt.date(2020, 6, 1)).require("dibao", "standard", "t")
    assert (zs.value, zs.region_code, zs.area) == (Decimal(810), "330900000000", "all") and "810元/月" in zs.source
    zs2025 = selectors.resolve("330922", "rural", dt.date(2025, 1, 1)).require("dibao", "standard", "t")
    assert (zs2025.value, zs2025.unit) == (Decimal(14000), "元/人/年") and "14000元/年" in zs2025.source
    manas = selectors.resolve("652324", "rural", dt.date(2026, 3, 1)).require("dibao", "standard", "t")
    assert manas.value == 6000 and manas.amount() == 500 and "6000元/年/人" in manas.source
    tm = selectors.resolve("429006", "urban", dt.date(2026, 3, 1))
    assert tm.require("tekun", "basic_multiplier", "t").value == 2
    xc = selectors.resolve("150102", "urban", dt.date(2026, 3, 1))
    assert xc.require("tekun", "minor_age", "t").value == 18
    loudi = selectors.resolve("431322", "rural", dt.date(2026, 3, 1))
    assert loudi.require("disability_living", "amount", "t").value == 65
    assert loudi.require("orphan", "dispersed", "t").value == 950
