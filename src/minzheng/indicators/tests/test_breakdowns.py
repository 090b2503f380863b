"""Disaggregation by urban/rural, sex and age band (set-based, from the elements' declared breakdowns), the records
behind a value (scoped by the viewer's region, the app's own permission), the funds and caseload board and the
per-chart Excel export — on a fixture county whose figures are worked by hand below."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from minzheng.benefits.tests.factories import grant
from minzheng.core.data_elements import AGE_BANDS, Period, age_band, elements
from minzheng.indicators import breakdowns, compute, services
from minzheng.indicators.models import Indicator
from minzheng.payroll.models import PayrollLine
from minzheng.payroll.services import generate
from minzheng.registry.tests.factories import make_family

pytestmark = pytest.mark.django_db
VA, VB, OTHER, FAR = "330902001001", "330902001002", "330902002001", "330903001001"
Q2 = "2026Q2"


@pytest.fixture
def county(make_user, monkeypatch, demo_standards):
    """甲社区 (urban): a 低保 family — grandmother 82 (F), son 50 (M), grandson 12 (M), 500 元 a month;
    乙社区 (rural): a 特困 man of 75, 800 元; 昌国街道 (rural): a woman of 85 with 高龄津贴 100 元 and a man of 40 with
    nothing; 普陀区 (another county): a 低保 household of one, never seen by 定海区's staff. April's payroll is paid."""
    monkeypatch.setenv("MINZHENG_TODAY", "2026-05-10")
    clerk = make_user("county", "330902000000")
    jan = dt.date(2026, 1, 1)
    family, _ = make_family(clerk, [("祖母", "19440101", "F"), ("儿子", "19760101", "M"),
                                    ("孙子", "20140101", "M")], region=VA, urban_rural="urban")
    grant("dibao", family, amount="500.00", start=jan)
    tekun, (old,) = make_family(clerk, [("钱老伯", "19510101", "M")], region=VB, urban_rural="rural")
    grant("tekun", tekun, person=old, amount="800.00", start=jan)
    aged, (woman,) = make_family(clerk, [("孙奶奶", "19410101", "F")], region=OTHER, urban_rural="rural")
    grant("age_allowance", aged, person=woman, amount="100.00", start=jan)
    make_family(clerk, [("李邻居", "19860101", "M")], region=OTHER, urban_rural="rural")
    far_clerk = make_user("county", "330903000000")
    far, _ = make_family(far_clerk, [("周远方", "19700101", "F")], region=FAR, urban_rural="urban")
    grant("dibao", far, amount="700.00", start=jan)
    generate.generate(None, "2026-04")
    PayrollLine.objects.update(status="paid")  # the bank's return file, in short
    services.load_definitions(None, "seed")
    compute.run(Q2)
    return clerk


def browser(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def rows_of(response) -> list[tuple]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(load_workbook(io.BytesIO(body)).active.iter_rows(values_only=True))


def test_age_band_is_a_set_based_case_on_any_database(county):
    from minzheng.registry.models import Person

    day = dt.date(2026, 6, 30)
    bands = dict(Person.objects.filter(region__code__startswith="330902").annotate(b=age_band("birth_date", day))
                 .values_list("name", "b"))
    assert bands == {"祖母": "80+", "儿子": "18-59", "孙子": "0-17", "钱老伯": "60-79", "孙奶奶": "80+",
                     "李邻居": "18-59"}
    assert list(AGE_BANDS) == ["0-17", "18-59", "60-79", "80+"]


def test_breakdowns_of_registry_kernel_and_payroll_elements_equal_hand_counts(county):
    q2, april = Period.parse(Q2), Period.parse("2026-04")
    # 定海区 (prefix 330902): persons 6 = 甲 3 + 乙 1 + 昌国 2; 普陀区 never counted.
    assert breakdowns.breakdown("registry.persons", "sex", q2, "330902") == {"F": D(2), "M": D(4)}
    assert breakdowns.breakdown("registry.persons", "urban_rural", q2, "330902") == {"urban": D(3), "rural": D(3)}
    assert breakdowns.breakdown("registry.persons", "age_band", q2, "330902") == {
        "0-17": D(1), "18-59": D(2), "60-79": D(1), "80+": D(2)}
    assert breakdowns.breakdown("registry.elderly_60", "sex", q2, "330902001") == {"F": D(1), "M": D(1)}
    assert breakdowns.breakdown("registry.households", "urban_rural", q2, "330902") == {"urban": D(1), "rural": D(3)}
    # Caseload: the 低保 household counts its 3 members; 特困 and 高龄 name one person each.
    assert breakdowns.breakdown("benefits.persons", "program", q2, "330902") == {
        "dibao": D(3), "tekun": D(1), "age_allowance": D(1)}
    assert breakdowns.breakdown("benefits.persons", "sex", q2, "330902") == {"F": D(2), "M": D(3)}
    assert breakdowns.breakdown("benefits.persons", "age_band", q2, "330902") == {
        "0-17": D(1), "18-59": D(1), "60-79": D(1), "80+": D(2)}
    assert breakdowns.breakdown("benefits.tekun.in_force", "sex", q2, "330902") == {"M": D(1)}
    assert breakdowns.breakdown("benefits.dibao.in_force", "urban_rural", q2, "33") == {"urban": D(2)}  # both counties
    # April's payroll: 500 + 800 + 100 元 in 定海区, fen stored, yuan reported.
    assert breakdowns.breakdown("payroll.paid_amount", "program", april, "330902") == {
        "dibao": D("500.0000"), "tekun": D("800.0000"), "age_allowance": D("100.0000")}
    assert breakdowns.breakdown("payroll.paid_amount", "month", q2, "330902") == {"2026-04": D("1400.0000")}
    assert breakdowns.breakdown("payroll.paid_lines", "urban_rural", q2, "330902") == {"urban": D(1), "rural": D(2)}
    assert breakdowns.breakdown("socialorgs.active", "sex", q2, "330902") == {}  # no such breakdown declared


def test_indicator_disaggregation_value_and_ratio(county, make_user):
    tekun = Indicator.objects.get(code="tm_tekun_recipients")
    parts = {d.dimension: d for d in breakdowns.disaggregate(county, tekun, "330902000000", Q2)}
    assert set(parts) == {"urban_rural", "sex", "age_band"}
    assert [(s.label, s.value) for s in parts["sex"].slices] == [("男", D("1.00")), ("女", D("0.00"))]
    assert [(s.label, s.value) for s in parts["urban_rural"].slices] == [("城市", D("0.00")), ("农村", D("1.00"))]
    # A ratio over two elements that both know the person's facts: persons covered per 1,000 registered.
    share = Indicator.objects.create(code="t_coverage", plan="tianmen", name="救助覆盖率", unit="‰", kind="ratio",
                                     numerator="benefits.persons", denominator="registry.persons", multiplier=1000,
                                     source="测试")
    parts = {d.dimension: d for d in breakdowns.disaggregate(county, share, "330902000000", Q2)}
    by_sex = {s.category: (s.numerator, s.denominator, s.value) for s in parts["sex"].slices}
    assert by_sex == {"M": (D(3), D(4), D("750.00")), "F": (D(2), D(2), D("1000.00"))}
    by_age = {s.category: s.value for s in parts["age_band"].slices}
    assert by_age == {"0-17": D("1000.00"), "18-59": D("500.00"), "60-79": D("1000.00"), "80+": D("1000.00")}
    # A ratio whose numerator the app cannot split has no disaggregation; its denominator alone says nothing.
    beds = Indicator.objects.get(code="tm_beds_per_1000_elderly")
    assert breakdowns.disaggregate(county, beds, "330902000000", Q2) == []
    # A fixed number of grouped queries per dimension (persons covered: named + household members; registered
    # persons: one), never one per person.
    with CaptureQueriesContext(connection) as queries:
        breakdowns.disaggregate(county, share, "330902000000", Q2)
    assert len(queries) == 3 * 3
    village = make_user("village", VA)
    with pytest.raises(Exception) as exc:
        breakdowns.disaggregate(village, share, "330902000000", Q2)
    assert exc.value.__class__.__name__ == "NotFound"


def test_indicator_page_shows_disaggregation_and_exports_each_chart(county):
    c = browser(county)
    page = c.get(f"/indicators/tm_tekun_recipients/?period={Q2}").content.decode()
    assert "分类统计" in page and "按性别" in page and "按年龄段" in page and "按城乡" in page
    assert "80岁及以上" in page and "mz-chart-bd-sex" in page
    assert "/indicators/records/benefits.tekun.in_force/?region_code=330902000000" in page  # the list behind it
    rows = rows_of(c.get(f"/indicators/tm_tekun_recipients/?period={Q2}&export=xlsx&chart=sex"))
    assert rows[0] == ("性别", "分子", "分母", "指标值（人）") and rows[1][:2] == ("男", 1)
    rows = rows_of(c.get(f"/indicators/tm_tekun_recipients/?period={Q2}&export=xlsx&chart=trend"))
    assert rows[0][0] == "统计期" and rows[1][0] == Q2 and rows[1][1] == 1
    rows = rows_of(c.get(f"/indicators/tm_tekun_recipients/?period={Q2}&export=xlsx&chart=regions"))
    assert [r[1] for r in rows[1:]] == ["城东街道", "昌国街道"] or len(rows) == 3
    assert c.get(f"/indicators/tm_tekun_recipients/?period={Q2}&export=xlsx&chart=nope").status_code == 422
    assert c.get(f"/indicators/tm_tekun_recipients/?period={Q2}&region_code=33090x").status_code == 422
    assert c.get(f"/indicators/tm_tekun_recipients/?period={Q2}&region_code=330903").status_code == 404


def test_records_behind_a_value_are_scoped_and_need_the_apps_permission(county, make_user):
    c = browser(county)
    page = c.get(f"/indicators/records/registry.elderly_60/?region_code=330902000000&period={Q2}").content.decode()
    assert "祖母" in page and "钱老伯" in page and "孙奶奶" in page and "儿子" not in page and "周远方" not in page
    page = c.get(f"/indicators/records/benefits.dibao.in_force/?region_code=330902&period={Q2}").content.decode()
    assert "祖母" in page and "周远方" not in page  # 普陀区's household is outside the county officer's subtree
    rows = rows_of(c.get(f"/indicators/records/benefits.persons/?region_code=330902&period={Q2}&export=xlsx"))
    assert len(rows) == 4  # header + the three entitlements in force (the household counts its members elsewhere)
    rows = rows_of(c.get(f"/indicators/records/payroll.paid_amount/?region_code=330902&period={Q2}&export=xlsx"))
    assert len(rows) == 4 and "领取人" in rows[0]
    # A village clerk sees only their village; a region outside it is 404, a malformed one 422.
    village = browser(make_user("village", VA))
    page = village.get(f"/indicators/records/registry.persons/?period={Q2}").content.decode()
    assert "孙子" in page and "钱老伯" not in page
    assert village.get(f"/indicators/records/registry.persons/?region_code=330902001002&period={Q2}"
                       ).status_code == 404
    assert village.get(f"/indicators/records/registry.persons/?region_code=abc&period={Q2}").status_code == 422
    assert village.get(f"/indicators/records/payroll.paid_amount/?period={Q2}").status_code == 403  # payroll.view
    assert c.get(f"/indicators/records/socialorgs.active/?period={Q2}").status_code == 404  # no records declared
    assert c.get(f"/indicators/records/nope/?period={Q2}").status_code == 404
    assert c.get("/indicators/records/registry.persons/?period=2026Q9").status_code == 422


def test_funds_and_caseload_board(county, make_user):
    c = browser(county)
    page = c.get("/indicators/funds/?period=2026").content.decode()
    assert "资金和对象看板" in page and "mz-funds-chart" in page and "echarts" in page
    assert "最低生活保障" in page and "1400.00" in page and "城东街道" in page and "普陀" not in page
    board = breakdowns.funds_board(county, "330902000000", "2026")
    assert board.totals == {"benefits.households": D(3), "benefits.persons": D(5),
                            "payroll.paid_amount": D("1400.0000"), "payroll.paid_lines": D(3)}
    assert [m["month"] for m in board.months] == [f"2026-{m:02d}" for m in range(1, 13)]
    april = board.months[3]
    assert (april["persons"], april["households"], april["paid"], april["lines"]) == (D(5), D(3), D("1400.0000"),
                                                                                     D(3))
    assert board.months[2]["paid"] == 0 and board.months[2]["persons"] == 5  # in force in March, nothing paid
    by_program = {p["code"]: (p["households"], p["persons"], p["paid"]) for p in board.programs}
    assert by_program == {"dibao": (D(1), D(3), D("500.0000")), "tekun": (D(1), D(1), D("800.0000")),
                          "age_allowance": (D(1), D(1), D("100.0000"))}
    by_region = {r["code"]: (r["persons"], r["paid"]) for r in board.regions}
    assert by_region == {"330902001000": (D(4), D("1300.0000")), "330902002000": (D(1), D("100.0000"))}
    # The whole board and each chart to Excel (formula-safe, audited).
    book = load_workbook(io.BytesIO(b"".join(c.get("/indicators/funds/?period=2026&export=xlsx").streaming_content)))
    assert book.sheetnames == ["按月走势", "按救助项目", "下级区划比较", "按城乡"]
    months = list(book["按月走势"].iter_rows(values_only=True))
    assert months[0][0] == "月份" and months[4] == ("2026-04", 3, 5, 1400, 3)
    rows = rows_of(c.get("/indicators/funds/?period=2026&export=xlsx&chart=programs"))
    assert rows[0][0] == "救助项目" and ("最低生活保障", 1, 3, 500, 1) in rows
    # Scoped by the viewer: a village clerk sees their village, not the county.
    village = browser(make_user("village", VA))
    assert village.get("/indicators/funds/?region_code=330902000000").status_code == 404
    mine = village.get("/indicators/funds/?period=2026-04").content.decode()
    assert "500.00" in mine and "1400.00" not in mine
    assert c.get("/indicators/funds/?period=2026Q5").status_code == 422
    assert c.get("/indicators/funds/?export=xlsx&chart=x").status_code == 422


def test_elements_declare_records_and_breakdowns_where_the_registry_knows_the_facts():
    found = elements()
    for code in ("registry.persons", "registry.elderly_60", "benefits.persons", "benefits.tekun.in_force"):
        assert {"urban_rural", "sex", "age_band"} <= set(found[code].breakdowns), code
        assert found[code].records is not None, code
    assert set(found["benefits.dibao.in_force"].breakdowns) == {"urban_rural"}  # a household program: no sex/age
    assert {"program", "month"} <= set(found["payroll.paid_amount"].breakdowns)
