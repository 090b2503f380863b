"""Synthetic feeds: every planted anomaly is found, no near-miss is, and the only other findings come from the
rules that read the database alone (double benefits, two counties, children past the age limit)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from minzheng import cli
from minzheng.verification.models import Finding

pytestmark = pytest.mark.django_db
COUNTY = "652324"


def test_seed_feeds_plants_what_the_comparison_finds(tmp_path, monkeypatch, capsys):
    from minzheng.synthetic.cases import seed_assistance
    from minzheng.synthetic.population import seed_county

    monkeypatch.setenv("MINZHENG_TODAY", "2026-11-23")
    seed_county(COUNTY, 2500, seed=3)
    seed_assistance(COUNTY, seed=5, today=dt.date(2026, 11, 23))
    out = tmp_path / "feeds"
    assert cli.main(["seed", "feeds", "--month", "2026-12", "--anomaly-rate", "0.08", "--seed", "7",
                     "--out", str(out)]) == 0
    summary = json.loads(capsys.readouterr().out)
    truth = json.loads((out / "ground_truth.json").read_text(encoding="utf-8"))
    assert summary["planted"] == len(truth["planted"]) > 8 and len(truth["near_misses"]) == summary["planted"]
    assert len({r["rule"] for r in truth["planted"]}) >= 6
    assert cli.main(["compare", "run", "--month", "2026-12"]) == 0
    capsys.readouterr()
    found = set(Finding.objects.values_list("rule", "entitlement_id", "person_id"))
    planted = {(r["rule"], r["entitlement_id"], r["person_id"]) for r in truth["planted"]}
    assert planted <= found
    assert {f[0] for f in found - planted} <= set(truth["not_planted"])
    near = {(r["rule"], r["entitlement_id"]) for r in truth["near_misses"]}
    assert not near & {(f[0], f[1]) for f in found}
    # Deterministic: the same seed writes the same files.
    again = tmp_path / "again"
    assert cli.main(["seed", "feeds", "--month", "2026-12", "--anomaly-rate", "0.08", "--seed", "7",
                     "--out", str(again), "--no-load"]) == 0
    assert (again / "ground_truth.json").read_text() == (out / "ground_truth.json").read_text()
    assert (again / "vehicle.csv").read_bytes() == (out / "vehicle.csv").read_bytes()


def test_seed_feeds_needs_a_month_and_recipients(capsys, db):
    assert cli.main(["seed", "feeds"]) == 2
    assert "--month" in capsys.readouterr().err
    assert cli.main(["seed", "feeds", "--month", "2026-12"]) == 2
    assert "没有正在发放的救助待遇" in capsys.readouterr().err
    assert cli.main(["seed", "--people", "10"]) == 2  # the registry seeder still needs a county
    assert "--county" in capsys.readouterr().err
