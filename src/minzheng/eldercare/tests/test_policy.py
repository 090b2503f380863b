"""The pure rules with worked examples: GB/T 37276-2018 grading at every level boundary and each veto, the 双随机
draw (reproducible from its seed), the credit list, the quota allocation, the signature and the escalation steps."""

from __future__ import annotations

import datetime as dt
import doctest
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from minzheng.eldercare import codes
from minzheng.eldercare.policy import alarms, beds, grading, oversight, settlement

D = dt.date


@pytest.mark.parametrize("module", [grading, oversight, settlement, alarms, beds])
def test_worked_examples_in_the_docstrings(module):
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0


def _scores(share: str, total_extra: int = 0) -> dict:
    """Every part at `share` of its maximum (rounded up to the half point), the service part raised by extra."""
    s = Decimal(share)
    parts = {p: (m * s * 2).to_integral_value(rounding="ROUND_CEILING") / 2 for p, m in grading.MAXIMA.items()}
    parts["service"] += total_extra
    return parts


@pytest.mark.parametrize("share,extra,level", [
    ("0.90", 0, 5),    # 900 exactly, every part 90 %
    ("0.75", 150, 4),  # 750 + 150 = 900 but 环境 75 %: 四级
    ("0.75", 0, 4),    # 750, 75 %
    ("0.60", 0, 3),
    ("0.50", 0, 2),    # 500 ≥ 480 and every part 50 %
    ("0.40", 0, 1),    # 400: every part 40 % already means more than 一级's 360
    ("0.39", 0, 0),
])
def test_levels_at_their_boundaries(share, extra, level):
    assert grading.grade(_scores(share, extra)).level == level


def test_one_part_below_its_share_drops_a_level():
    scores = {"environment": 108, "facilities": 117, "management": 135, "service": 600}  # 960, 环境 90 %
    assert grading.grade(scores).level == 5
    scores["environment"] = Decimal("107.5")  # 89.6 %
    result = grading.grade(scores)
    assert result.level == 4
    assert any("环境低于该部分满分的 90%" in r for r in result.reasons)


def test_total_alone_short_of_a_level():
    # every part ≥ 90 % but the total 899.5 < 900? impossible (90 % of each sums to 900): 四级 boundary instead
    scores = {"environment": 90, "facilities": Decimal("97.5"), "management": Decimal("112.5"), "service": 450}
    assert grading.grade(scores).total == 750 and grading.grade(scores).level == 4
    scores["service"] = Decimal("449.5")
    assert grading.grade(scores).level == 3


@pytest.mark.parametrize("veto", list(codes.VETOES))
def test_each_veto_rules_out_any_level(veto):
    full = dict(grading.MAXIMA)
    result = grading.grade(full, [veto])
    assert result.level == 0 and result.level_name == "未评定等级"
    assert result.reasons == [f"否决项：{codes.VETOES[veto]}"]


@pytest.mark.parametrize("scores,message", [
    ({"environment": 121, "facilities": 0, "management": 0, "service": 0}, "“环境”得分应在 0 至 120 之间"),
    ({"environment": 1, "facilities": 0, "management": 0}, "缺少“服务”得分"),
    ({"environment": "1.3", "facilities": 0, "management": 0, "service": 0}, "最小单位为 0.5 分"),
    ({"environment": 1, "facilities": 0, "management": 0, "service": 0, "x": 1}, "未知的评分部分"),
])
def test_bad_scores_are_refused(scores, message):
    with pytest.raises(grading.ScoreError, match=message):
        grading.grade(scores)


@given(st.tuples(*(st.integers(0, 2 * m) for m in grading.MAXIMA.values())))
def test_property_level_never_exceeds_what_every_part_allows(halves):
    scores = {p: Decimal(h) / 2 for p, h in zip(grading.MAXIMA, halves, strict=True)}
    result = grading.grade(scores)
    assert 0 <= result.level <= 5 and result.total <= grading.TOTAL
    for part, value in result.parts.items():
        assert value <= grading.MAXIMA[part]
    if result.level:
        rule = next(r for r in grading.LEVELS if r.level == result.level)
        assert result.total >= rule.total
        assert all(v * 100 >= rule.share * 100 * grading.MAXIMA[p] for p, v in result.parts.items())


@pytest.mark.parametrize("findings,veto,level", [
    ([], False, "good"),
    ([oversight.Finding("pass")], False, "good"),
    ([oversight.Finding("minor", D(2026, 5, 1))], False, "normal"),
    ([oversight.Finding("minor", D(2026, 3, 1), D(2026, 2, 20))], False, "normal"),
    ([oversight.Finding("minor", D(2026, 3, 1))], False, "watch"),
    ([oversight.Finding("serious", D(2026, 3, 1))], False, "dishonest"),
    ([oversight.Finding("serious", D(2026, 3, 1), D(2026, 3, 30))], False, "normal"),
    ([oversight.Finding("pass")], True, "dishonest"),
])
def test_credit_levels(findings, veto, level):
    assert oversight.credit_level(findings, D(2026, 4, 1), veto) == level


def test_allocation_consumes_each_elders_quota_in_service_order_across_providers():
    order = settlement.Order
    orders = [order(1, 7, 100, 3000, 3), order(2, 7, 101, 5000, 1), order(3, 8, 100, 2000, 1),
              order(4, 7, 100, 4000, 2)]
    shares = settlement.allocate(orders, {7: 6000})
    assert shares == {2: (5000, 0), 4: (1000, 3000), 1: (0, 3000), 3: (0, 2000)}
    totals = settlement.provider_totals(orders, shares)
    assert totals == {100: (9000, 1000, 8000), 101: (5000, 5000, 0)}
    assert sum(t[0] for t in totals.values()) == sum(o.amount_fen for o in orders)


@given(st.lists(st.tuples(st.integers(1, 5), st.integers(1, 3), st.integers(0, 50000)), max_size=40),
       st.dictionaries(st.integers(1, 5), st.integers(0, 100000)))
def test_property_government_never_pays_more_than_the_quota_or_the_order(rows, quotas):
    orders = [settlement.Order(i, p, v, a, i) for i, (p, v, a) in enumerate(rows)]
    shares = settlement.allocate(orders, quotas)
    for o in orders:
        gov, own = shares[o.id]
        assert 0 <= gov <= o.amount_fen and gov + own == o.amount_fen
    for person in {o.person_id for o in orders}:
        paid = sum(shares[o.id][0] for o in orders if o.person_id == person)
        assert paid == min(quotas.get(person, 0), sum(o.amount_fen for o in orders if o.person_id == person))


def test_signature_and_freshness():
    key, body = b"\x01" * 32, b'{"event_id":"e1","kind":"sos"}'
    sig = alarms.sign(key, 1767225600, body)
    assert alarms.signature_ok(key, 1767225600, body, sig)
    assert alarms.signature_ok(key, 1767225600, body, sig.upper())
    assert not alarms.signature_ok(key, 1767225601, body, sig)
    assert not alarms.signature_ok(key, 1767225600, body + b" ", sig)
    assert not alarms.signature_ok(b"\x02" * 32, 1767225600, body, sig)
    now = dt.datetime.fromtimestamp(1767225600, tz=dt.UTC)
    assert alarms.fresh(1767225600 - 300, now) and not alarms.fresh(1767225600 - 301, now)


@pytest.mark.parametrize("minutes,current,target", [
    (4, "village", None), (5, "village", "township"), (5, "provider", "township"), (14, "township", None),
    (15, "township", "county"), (30, "village", "county"), (30, "county", None),
])
def test_escalation_steps(minutes, current, target):
    assert alarms.escalation_target(dt.timedelta(minutes=minutes), current) == target
