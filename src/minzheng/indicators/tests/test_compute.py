"""Live computation on a fixture county: every seeded indicator computes or is manual (none silently missing), and
computed values equal hand-computed ones at village, township and county level across the registry, the benefits
kernel, the monitoring register, elderly care and the standards; a re-run gives the same rows; DuckDB and Spark
(local and over Spark Connect) roll up the same."""

from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
from decimal import Decimal as D

import pytest

from minzheng.benefits.tests.factories import grant
from minzheng.communities.tests.factories import station
from minzheng.core.data_elements import Period, elements
from minzheng.eldercare.services import institutions as inst_svc
from minzheng.eldercare.tests.factories import institution
from minzheng.indicators import compute, services
from minzheng.indicators.models import Indicator, IndicatorValue
from minzheng.monitoring import population
from minzheng.registry.tests.factories import make_family
from minzheng.socialorgs.tests.factories import org
from minzheng.socialwork import services as sw_services

pytestmark = pytest.mark.django_db
TOWN, VA, VB, OTHER = "330902001000", "330902001001", "330902001002", "330902002001"


@pytest.fixture
def county(make_user, monkeypatch, demo_standards):
    monkeypatch.setenv("MINZHENG_TODAY", "2026-05-10")
    clerk = make_user("county", "330902000000")
    # 城东街道 甲社区: a 低保 family of three (grandmother 82, her son 50, grandson 12); 乙社区: a 特困 man of 75 and a
    # woman of 61; 昌国街道: one man of 70. Older people (60+): 甲 1, 乙 2, 昌国 1 → township 3, county 4.
    dibao, _ = make_family(clerk, [("祖母", "19440101", "F"), ("儿子", "19760101", "M"), ("孙子", "20140101", "M")],
                           region=VA)
    grant("dibao", dibao, start=dt.date(2026, 1, 1))
    tekun, (old,) = make_family(clerk, [("特困", "19510101", "M")], region=VB)
    grant("tekun", tekun, person=old, start=dt.date(2026, 1, 1))
    make_family(clerk, [("邻居", "19650101", "F")], region=VB)
    make_family(clerk, [("昌国", "19560101", "M")], region=OTHER)
    home = institution(clerk, region=TOWN, nursing=60, dementia=20, general=20)  # 100 beds at the township
    for name, cert in (("护理员甲", "care_4"), ("护理员乙", "none")):
        inst_svc.add_worker(clerk, {"institution_id": home.pk, "name": name, "role": "care_worker",
                                    "certificate": cert, "certificate_no": "S1" if cert != "none" else "",
                                    "phone": "13900139001", "hired_on": "2025-01-01"})
    # Social sector: one social organisation (at the township), one certified and one uncertified social worker,
    # a 120 m² service station in 甲社区.
    org(clerk, region=TOWN, registered_on=dt.date(2020, 3, 1))
    for name, level in (("社工甲", "social_worker"), ("社工乙", "none")):
        sw_services.add_worker(clerk, {"name": name, "sex": "F", "region_code": VA, "level": level,
                                       "certificate_no": "SW1" if level != "none" else "",
                                       "certified_on": "2024-06-01" if level != "none" else None})
    station(clerk, VA, "120.00")
    population.sync(dt.date(2026, 5, 1))
    services.load_definitions(None, "seed")
    return clerk


def _value(code, region, period="2026Q2"):
    row = IndicatorValue.objects.get(indicator__code=code, region_code=region, period=period)
    return row.value, row.status


def test_every_seeded_indicator_computes_or_is_manual(county):
    with services.SEED.open(encoding="utf-8") as fh:
        seeded = list(csv.DictReader(fh))
    assert Indicator.objects.count() == len(seeded) >= 26  # 舟山 11 + 新城 15, and more
    known = elements()
    for row in Indicator.objects.all():
        assert row.kind in {"manual", "standard"} or row.numerator in known, row.code
        assert row.kind != "ratio" or row.denominator in known, row.code
    summary = compute.run("2026Q2")
    assert summary["indicators"] == len(seeded)
    assert summary["manual"] == sum(1 for r in seeded if r["kind"] == "manual")
    assert summary["computed"] == len(seeded) - summary["manual"]  # every computed one has a value somewhere


def test_values_equal_hand_computed_ones(county):
    summary = compute.run("2026Q2")
    assert summary["period"] == "2026Q2" and summary["at_risk"] == 0
    county_code = "330902000000"
    # elderly care: 60 nursing of 100 beds; 1 certified worker; 3 older people in the township, 4 in the county.
    assert _value("zs_nursing_bed_share", TOWN) == (D("60.00"), "on_track")  # ≥ 58 (2025 target, kept after)
    assert _value("xc_nursing_bed_share", county_code) == (D("60.00"), "on_track")  # ≥ 60
    assert _value("zs_care_workers_per_10k_elderly", TOWN)[0] == D("3333.33")  # 1 × 10000 / 3
    assert _value("zs_care_workers_per_10k_elderly", county_code)[0] == D("2500.00")  # 1 × 10000 / 4
    assert _value("tm_beds_per_1000_elderly", county_code)[0] == D("25000.00")  # 100 × 1000 / 4
    # No beds in 昌国街道: beds per 1,000 there is 0 (numerator 0 over 1 older person), not missing.
    assert _value("tm_beds_per_1000_elderly", "330902002000")[0] == D("0.00")
    # benefits kernel: one 低保 household in 甲社区, one 特困 person in 乙社区.
    assert _value("tm_dibao_recipients", VA)[0] == D("1.00") and _value("tm_dibao_recipients", TOWN)[0] == D("1.00")
    assert _value("tm_tekun_recipients", VB)[0] == D("1.00")
    assert _value("tm_tekun_recipients", OTHER)[0] == D("0.00")  # counted, none there
    assert _value("tm_paid_amount", county_code)[0] == D("0.00")  # nothing paid in the quarter
    # monitoring: the 低保 family's three members and the 特困 man.
    assert _value("tm_low_income_monitored", TOWN)[0] == D("4.00")
    assert _value("tm_low_income_monitored", VA)[0] == D("3.00")
    # standards: Zhoushan's 低保 standard 14000 元/年 in force in 2026 (target 14000 from 2025 on).
    assert _value("zs_dibao_standard", county_code) == (D("14000.00"), "on_track")
    # social sector over the registry: 6 people in 4 households in the county, 5 people in 城东街道.
    assert _value("zs_socialorgs_per_10k", county_code)[0] == D("1666.67")  # 1 × 10000 / 6
    assert _value("zs_social_workers_per_10k", TOWN)[0] == D("2000.00")  # 1 certified × 10000 / 5
    assert _value("xc_community_area_per_100hh", VA) == (D("12000.00"), "on_track")  # 120 m² × 100 / 1 household
    assert _value("xc_community_area_per_100hh", county_code)[0] == D("3000.00")  # 120 × 100 / 4
    before = sorted(IndicatorValue.objects.values_list("indicator__code", "region_code", "value"))
    compute.run("2026Q2")  # a re-run replaces the period's rows with the same ones
    assert sorted(IndicatorValue.objects.values_list("indicator__code", "region_code", "value")) == before


def test_a_region_run_touches_only_its_subtree_and_bad_periods_are_refused(county):
    from minzheng.core.errors import ValidationFailed

    compute.run("2026Q2", region="330902002")
    assert set(IndicatorValue.objects.values_list("region_code", flat=True)) <= {"330902002000", OTHER}
    for bad in ("2026Q5", "2026-13", "1800", "x"):
        with pytest.raises(ValidationFailed):
            Period.parse(bad)


@pytest.mark.skipif(shutil.which("java") is None and not os.environ.get("JAVA_HOME"), reason="Spark needs Java")
def test_duckdb_and_spark_roll_up_the_same(county, tmp_path):
    from pyspark.sql import SparkSession

    from minzheng.verification import engines

    session = (SparkSession.builder.master("local[1]").appName("minzheng-indicators-test")
               .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "1")
               .config("spark.sql.session.timeZone", "UTC").config("spark.sql.ansi.enabled", "false").getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    period = Period.parse("2026Q2")
    rows = [r for c in ("registry.elderly_60", "eldercare.beds") for r in compute._element_rows(c, period, "")]
    duck = compute.rollup(engines.DuckDBEngine(threads=1), rows, tmp_path, "d")
    spark = compute.rollup(engines.SparkEngine(session), rows, tmp_path, "s")
    assert duck == spark and duck[("registry.elderly_60", "330902000000")] == D(4)


@pytest.mark.slow
def test_duckdb_and_spark_connect_roll_up_the_same(county, tmp_path, spark_remote):
    from minzheng.verification import engines

    period = Period.parse("2026Q2")
    rows = [r for c in ("registry.elderly_60", "eldercare.beds") for r in compute._element_rows(c, period, "")]
    duck = compute.rollup(engines.DuckDBEngine(threads=1), rows, tmp_path, "d")
    remote = compute.rollup(engines.make("spark"), rows, tmp_path, "s")
    assert duck == remote and duck[("registry.elderly_60", "330902000000")] == D(4)
