"""The bundled plan indicators (data/plan_indicators.csv): every indicator the domain extractions list is there once,
per plan, with its source; loading is all-or-nothing and idempotent; a row without a numeric target says why."""

from __future__ import annotations

import csv
from collections import Counter

import pytest

from minzheng.indicators import services
from minzheng.indicators.models import Indicator

pytestmark = pytest.mark.django_db


def _seeded() -> list[dict]:
    with services.SEED.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_rows_per_plan_match_the_domain_extractions():
    counts = Counter(r["plan"] for r in _seeded())
    assert counts == {
        # SEEDS_zhoushan_xincheng: Zhoushan 专栏2 (11 rows) and Xincheng's indicator table (15 rows).
        "zhoushan": 11,
        "xincheng": 15,
        # SEEDS_loudi_manas §2.2: the 35 quantitative targets T-L1…T-L35, plus the rows of the reconstructed table
        # (§2.4) whose source is Loudi and which §2.2 does not list — 1, 2, 6, 7, 8, 9, 19, 21, 22, 23, 24, 25, 31,
        # with 6 (orphans: dispersed / centralised) and 7 (the two disability subsidies) split, one standard each:
        # 35 + 15 = 50.
        "loudi": 50,
        # SEEDS_loudi_manas §2.4 is one table for both plans ("Src" M, L or both): its rows whose source is Manas —
        # 1, 2, 5, 19, 24, 25, 26 — plus the §2.3 Manas targets the table leaves out (M9 yearly training, M12 24-hour
        # safety watch): 7 + 2 = 9. Its Loudi-only rows are Loudi's, above (their figures are Loudi's).
        "manas": 9,
        # SEEDS_tianmen §2.3: the compiled table of 55, with 25 (orphan allowance: centralised / dispersed) split into
        # two standards = 56, plus the 4 monitoring rows (在保户数、特困人数、资金发放额、低收入监测对象, 第一章第五节
        # “应保尽保”“应养尽养”, 第三章“资金监管”) that carry no number: 60.
        "tianmen": 60,
    }
    numbers = {(r["plan"], r["number"]) for r in _seeded()}
    assert {("loudi", f"T-L{n}") for n in range(1, 36)} <= numbers
    assert {("manas", f"R{n}") for n in (1, 2, 5, 19, 24, 25, 26)} <= numbers
    assert {("tianmen", str(n)) for n in range(1, 56) if n != 25} | {("tianmen", "25a"), ("tianmen", "25b")} <= numbers


def test_new_plans_cite_their_source_and_say_why_a_target_is_missing():
    prefixes = {"loudi": "ld_", "manas": "mn_", "tianmen": "tm_"}
    documents = {"loudi": "娄底", "manas": "玛纳斯", "tianmen": "天门"}
    for row in _seeded():
        if row["plan"] not in prefixes:
            continue
        assert row["code"].startswith(prefixes[row["plan"]]), row["code"]
        assert documents[row["plan"]] in row["source"], row["code"]
        if not row["targets"]:
            assert "无数值" in row["note"] or "数值目标" in row["note"], row["code"]
        # No plan of the three classifies its indicators as binding: every row is 否 (the note says so for the two
        # reconstructed tables).
        assert row["binding"] == "否", row["code"]


def test_the_whole_file_loads_once_and_a_reload_changes_nothing():
    first = services.load_definitions(None, "seed")
    assert first["created"] == first["rows"] == len(_seeded()) == Indicator.objects.count()
    again = services.load_definitions(None, "seed")
    assert (again["created"], again["changed"], again["unchanged"]) == (0, 0, len(_seeded()))
    manas = Indicator.objects.get(code="mn_urban_dibao_standard")
    assert (manas.kind, manas.numerator, manas.baseline_year, str(manas.baseline_value), manas.targets) == (
        "standard", "dibao.standard", 2020, "4572.0000", {"2025": "6000"})
    assert Indicator.objects.get(code="tm_disaster_relief_hours").direction == "down"
