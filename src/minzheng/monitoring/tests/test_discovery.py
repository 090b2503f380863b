"""政策找人: the policy engine, run over the registry's households that receive nothing, finds the planted eligible
non-recipients (with the estimated amount and what is still unknown) and none of the recipients."""

from __future__ import annotations

import os
import shutil
from decimal import Decimal

import pytest

from minzheng.benefits.tests.factories import grant
from minzheng.monitoring import discovery
from minzheng.monitoring.models import Discovery
from minzheng.monitoring.tests.factories import D
from minzheng.registry.tests.factories import make_family

pytestmark = pytest.mark.django_db
MONTH = D(2026, 11, 1)


@pytest.fixture
def registry(make_user, monkeypatch, demo_standards):
    monkeypatch.setenv("MINZHENG_TODAY", "2026-11-23")
    clerk = make_user("county", "330902000000")
    out = {}
    out["poor_old"], _ = make_family(clerk, [("穷老", "19400101", "F")])  # 86, no income: 低保 + 高龄 (+ 特困?)
    out["poor_pair"], _ = make_family(clerk, [("穷甲", "19800101", "M"), ("穷乙", "19820101", "F")],
                                      incomes=[(0, "wage", "12000")])  # 500 元/人/月 < 14000/12
    out["edge"], _ = make_family(clerk, [("边甲", "19800505", "M")], incomes=[(0, "wage", "20000")])  # <1.5× line
    out["rich"], _ = make_family(clerk, [("富甲", "19800606", "M")], incomes=[(0, "wage", "90000")])
    out["disabled"], _ = make_family(clerk, [("残甲", "19750101", "M", {"disability_category": "4",
                                                                       "disability_grade": 1})],
                                     incomes=[(0, "wage", "60000")])
    # Near-misses of the tightened rules: an able man of working age with no income on record (income unknown, not
    # zero); an old mother living with her earning son (a support payer lives with her: no 特困).
    out["unknown_income"], _ = make_family(clerk, [("未知", "19850101", "M")])
    out["with_son"], _ = make_family(clerk, [("老母", "19500101", "F"), ("儿子", "19780101", "M")],
                                     incomes=[(1, "wage", "26000")])
    out["recipient"], (r1,) = make_family(clerk, [("已保", "19400202", "F")])
    grant("dibao", out["recipient"], payee=r1)
    out["recipient_old"], (r2,) = make_family(clerk, [("已领", "19300303", "M")])
    grant("age_allowance", out["recipient_old"], person=r2)
    return out


def test_discovery_finds_eligible_non_recipients_and_no_recipient(registry):
    count = discovery.run(MONTH)
    found = {d.household_id: d for d in Discovery.objects.filter(month=MONTH)}
    assert count == len(found)
    h = {k: v.pk for k, v in registry.items()}
    assert {h["poor_old"], h["poor_pair"], h["edge"], h["disabled"]} <= set(found)
    assert h["rich"] not in found and h["unknown_income"] not in found
    assert "tekun" not in found.get(h["with_son"], Discovery(programs=[])).programs
    assert "tekun" in found[h["poor_old"]].programs  # alone, 86, nothing on record: the registry shows no supporter
    assert any("收入未登记" in u for u in found[h["poor_old"]].unknowns)
    assert not {h["recipient"], h["recipient_old"]} & set(found)
    old = found[h["poor_old"]]
    assert "dibao" in old.programs and "age_allowance" in old.programs
    assert old.estimated_monthly_amount > Decimal("1166")  # 14000/12 rounded up, plus the 80+ band
    assert any("财产" in u for u in old.unknowns)
    assert found[h["edge"]].programs == ["dibao_edge"] and found[h["edge"]].estimated_monthly_amount == 0
    assert "disability_care" in found[h["disabled"]].programs
    ranks = sorted(found.values(), key=lambda d: d.rank)
    assert [d.estimated_monthly_amount for d in ranks] == sorted((d.estimated_monthly_amount for d in ranks),
                                                                 reverse=True)
    assert discovery.run(MONTH) == count and Discovery.objects.count() == count  # a re-run adds nothing


@pytest.mark.skipif(shutil.which("java") is None and not os.environ.get("JAVA_HOME"), reason="Spark needs Java")
def test_duckdb_and_spark_screen_the_same(registry):
    from pyspark.sql import SparkSession

    from minzheng import home
    from minzheng.verification import engines

    session = (SparkSession.builder.master("local[1]").appName("minzheng-discovery-test")
               .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "1")
               .config("spark.sql.session.timeZone", "UTC").config("spark.sql.ansi.enabled", "false").getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    folder = home.home_dir("lake", "_discovery", "parity")
    try:
        discovery.export_candidates(MONTH, folder)
        duck = discovery.screen(engines.DuckDBEngine(threads=1), folder)
        sparky = discovery.screen(engines.SparkEngine(session), folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    h = {k: v.pk for k, v in registry.items()}
    assert sparky == duck
    assert {h["poor_old"], h["poor_pair"], h["edge"], h["disabled"]} <= set(duck)
    assert h["rich"] not in duck and not {h["recipient"], h["recipient_old"]} & set(duck)
