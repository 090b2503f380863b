"""The pure rules: ratios, per-10,000 and growth on worked numbers (Decimal, half-up to 2 places), the target line
through the baseline and the target years, and the progress status with its 5 % band."""

from __future__ import annotations

from decimal import Decimal as D

from minzheng.indicators import policy


def test_formulas_on_worked_numbers():
    assert policy.compute("ratio", D(60), D(100), D(100)) == D("60.00")
    assert policy.compute("ratio", D(3), D(7), D(10000)) == D("4285.71")  # 30000 / 7 = 4285.714…
    assert policy.compute("ratio", D(1), D(8), D(100)) == D("12.50")
    assert policy.compute("ratio", D(1), D(200), D(1)) == D("0.01")  # 0.005 rounds half up
    assert policy.compute("ratio", D(5), D(0), D(100)) is None  # no denominator: no value, never a division error
    assert policy.compute("value", D("1234.5"), None, D(1)) == D("1234.50")
    assert policy.compute("growth", D(14000), None, D(1), previous=D(13300)) == D("5.26")  # 700/13300 = 5.263 %
    assert policy.compute("growth", D(9000), None, D(1), previous=D(10000)) == D("-10.00")
    assert policy.compute("growth", D(1), None, D(1), previous=None) is None


def test_target_line_and_status():
    targets = {"2022": "11000", "2025": "14000"}
    assert policy.target_for(2020, 2020, D(9720), targets) == D(9720)
    assert policy.target_for(2021, 2020, D(9720), targets) == D("10360.00")  # halfway to 2022's 11000
    assert policy.target_for(2023, 2020, D(9720), targets) == D("12000.00")
    assert policy.target_for(2026, 2020, D(9720), targets) == D(14000)  # after the last target: the last target
    assert policy.target_for(2026, None, None, {}) is None
    assert policy.status(D(58), D(58)) == "on_track"
    assert policy.status(D("55.10"), D(58)) == "at_risk"  # 58 × 0.95 = 55.10: still within the band
    assert policy.status(D("55.09"), D(58)) == "off_track"
    assert policy.status(D(10), D(10), "down") == "on_track"
    assert policy.status(D("10.5"), D(10), "down") == "at_risk"
    assert policy.status(D("10.51"), D(10), "down") == "off_track"
    assert policy.status(None, D(1)) == "no_data" and policy.status(D(1), None) == "no_target"
