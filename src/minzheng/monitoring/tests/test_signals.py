"""Every signal fires on its planted household and not on its near-miss (one value on the wrong side of the threshold
or the window); the score, the level and the reasons; the layers a rule watches."""

from __future__ import annotations

import shutil

import pytest

from minzheng import home
from minzheng.monitoring import population, scoring
from minzheng.monitoring.models import MonitoredPerson
from minzheng.monitoring.tests.factories import D
from minzheng.verification import engines

pytestmark = pytest.mark.django_db
MONTH = D(2026, 11, 1)


def evaluate(engine=None):
    population.sync(MONTH)
    folder = home.home_dir("lake", "_monitor", "test")
    try:
        scoring.export_inputs(MONTH, folder)
        return scoring.evaluate(engine or engines.DuckDBEngine(threads=1), folder, MONTH)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_every_signal_fires_on_its_planted_case_and_not_on_its_near_miss(world):
    hits, _ = evaluate()
    found = {(h[0], h[1]) for h in hits}
    assert found == world["expected"]
    near = {v for k, v in world["h"].items() if k.endswith("_near")}
    assert not {h for _, h in found} & near


def test_scores_levels_and_reasons(world):
    hits, scores = evaluate()
    by_household = {h: (score, level) for h, score, level in scores}
    h = world["h"]
    assert by_household[h["earner"]] == (40, "orange")  # weight 40: 橙色 from 40
    assert by_household[h["medical"]] == (30, "yellow")
    assert by_household[h["school"]] == (10, None)  # below the yellow line (20): scored, no warning
    earner = next(x for x in hits if x[0] == "earner_loss")
    assert earner[6] == "death" and earner[3] == D(2026, 11, 2)
    medical = next(x for x in hits if x[0] == "medical_oop")
    assert str(medical[4]) == "5500.00"


def test_low_income_is_watched_only_on_the_layers_its_rule_names(world):
    """低保 households are below 1.5 × the line by definition: the rule watches 防返贫, 刚性支出 and 其他 only."""
    hits, _ = evaluate()
    low = {h[1] for h in hits if h[0] == "low_income"}
    assert low == {world["h"]["low"]}
    assert world["h"]["disability"] not in low  # a 低保 household without income: not watched there


def test_the_register_is_layered_with_entry_dates_history_and_tags(world, monkeypatch):
    counts = population.sync(MONTH)
    rows = MonitoredPerson.objects.filter(exited_on__isnull=True)
    layers = {(r.person_id, r.layer) for r in rows}
    fam = world["fam"]
    assert (fam["poverty"][1][0].pk, "poverty_return") in layers
    assert (fam["tekun"][1][0].pk, "tekun") in layers
    assert (fam["rigid"][1][1].pk, "dibao_edge") in layers  # a household recognition covers every member
    assert (fam["expiring"][1][0].pk, "rigid_expense") in layers
    assert (fam["low"][1][0].pk, "other") in layers
    assert not {p for p, _ in layers} & {fam["nobody"][1][0].pk}
    tekun = rows.get(person=fam["tekun"][1][0], layer="tekun")
    assert "elderly_alone" in tekun.tags
    assert "severe_disability" in rows.get(person=fam["disability"][1][0], layer="dibao").tags  # from the feed
    assert counts["entered"] > 0 and population.sync(MONTH)["entered"] == 0  # idempotent
    # The recognition ends: the period closes (history kept), a new one opens if it comes back.
    from minzheng.benefits.models import Entitlement

    Entitlement.objects.filter(household=fam["medical"][0]).update(status="stopped", end_month=D(2026, 10, 1))
    assert population.sync(MONTH)["exited"] == 1
    closed = MonitoredPerson.objects.get(person=fam["medical"][1][0], layer="dibao")
    assert closed.exited_on == D(2026, 11, 23) and closed.exit_reason
