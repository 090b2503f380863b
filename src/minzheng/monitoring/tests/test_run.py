"""`minzheng monitor run`: the JSON of the issue, idempotent per month; warnings routed with a working-day deadline;
a re-run (same or next month) never opens a second warning while one is open; both engines agree."""

from __future__ import annotations

import io
import json
import os
import shutil
from contextlib import redirect_stdout

import pytest

from minzheng.monitoring import scoring
from minzheng.monitoring.models import MonitorRun, Warning
from minzheng.monitoring.tests.factories import D

pytestmark = pytest.mark.django_db
KEYS = ["month", "monitored_persons", "households_scored", "warnings", "new_warnings", "by_level", "by_signal",
        "discoveries", "seconds"]


def test_the_run_prints_the_summary_and_is_idempotent(world):
    from minzheng.cli import main

    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["monitor", "run", "--month", "2026-11"]) == 0
    first = json.loads(out.getvalue())
    assert list(first) == KEYS
    h = world["h"]
    warned = {w.household_id: w for w in Warning.objects.all()}
    # Planted households at or above the yellow line (20 points): school (10) and expiring (10) are scored only.
    assert set(warned) == {h[k] for k in ("medical", "disability", "unemployment", "earner", "disaster", "rigid",
                                          "rigid_edu", "low", "poverty")}
    assert first["warnings"] == first["new_warnings"] == 9
    assert first["by_level"] == {"red": 0, "orange": 1, "yellow": 8}
    edu = warned[h["rigid_edu"]]  # a college student's yearly cost is a 刚性支出 too
    assert edu.signals == ["rigid_expense"] and "1 名在校生" in edu.reasons[0] and "8000.00" in edu.reasons[0]
    assert first["by_signal"]["earner_loss"] == 1 and "school_change" not in first["by_signal"]
    w = warned[h["earner"]]
    assert w.level == "orange" and w.signals == ["earner_loss"] and "劳一" in w.reasons[0] and "死亡" in w.reasons[0]
    assert w.due_on == D(2026, 11, 30)  # 5 working days for orange from Monday 23 November
    assert w.region_code == "330902001001" and w.status == "open"
    again = scoring.run("2026-11")
    assert again["new_warnings"] == 0 and again["warnings"] == 9 and Warning.objects.count() == 9
    assert MonitorRun.objects.count() == 2


def test_a_later_month_refreshes_the_open_warning_instead_of_opening_another(world, monkeypatch):
    scoring.run("2026-11")
    monkeypatch.setenv("MINZHENG_TODAY", "2026-12-10")
    second = scoring.run("2026-12")
    # December: the 3-month windows still cover the planted events; the open warnings are refreshed.
    assert second["new_warnings"] == 0
    assert Warning.objects.filter(status="open").count() == Warning.objects.count()
    assert Warning.objects.filter(last_month=D(2026, 12, 1)).exists()


def test_a_bad_month_is_refused_in_chinese(db):
    from minzheng.core.errors import ValidationFailed

    for bad in ("2026-13", "7475-01", "x"):
        with pytest.raises(ValidationFailed):
            scoring.run(bad)


@pytest.mark.skipif(shutil.which("java") is None and not os.environ.get("JAVA_HOME"), reason="Spark needs Java")
def test_duckdb_and_spark_score_the_same(world):
    from pyspark.sql import SparkSession

    from minzheng.verification import engines

    session = (SparkSession.builder.master("local[1]").appName("minzheng-monitor-test")
               .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "1")
               .config("spark.sql.session.timeZone", "UTC").config("spark.sql.ansi.enabled", "false").getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    duck, sparky = _scored_by_duckdb_and(lambda: engines.SparkEngine(session), "parity")
    assert {(h[0], h[1]) for h in duck[0]} == world["expected"]
    assert sparky == duck  # hits with their evidence (exact decimals, dates) and the scores and levels


def _scored_by_duckdb_and(other, folder_name: str):
    """The month's score on DuckDB and on `other()` from the same exported inputs."""
    from minzheng import home
    from minzheng.monitoring import population
    from minzheng.verification import engines

    month = D(2026, 11, 1)
    population.sync(month)
    folder = home.home_dir("lake", "_monitor", folder_name)
    try:
        scoring.export_inputs(month, folder)
        return (scoring.evaluate(engines.DuckDBEngine(threads=1), folder, month),
                scoring.evaluate(other(), folder, month))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.slow
def test_duckdb_and_spark_connect_score_the_same(world, spark_remote):
    """Over Spark Connect (MINZHENG_SPARK_REMOTE): the hits are cached on the server between the two queries."""
    from minzheng.verification import engines

    duck, remote = _scored_by_duckdb_and(lambda: engines.make("spark"), "parity-connect")
    assert {(h[0], h[1]) for h in duck[0]} == world["expected"]
    assert remote == duck


def test_the_month_runs_from_the_page_as_a_job_and_is_listed(world, make_user):
    from django.test import Client

    from conftest import PASSWORD
    from minzheng.core.models import Job

    county = Client()
    assert county.login(username=make_user("county", "330902000000").username, password=PASSWORD)
    assert "监测月份" in county.get("/monitoring/runs/new/").content.decode()
    assert county.post("/monitoring/runs/new/", {"month": "2026-13"}).status_code == 422
    assert county.post("/monitoring/runs/new/", {"month": "2026-11"}).status_code == 302
    job = Job.objects.latest("id")
    assert job.kind == "monitor_run" and job.status == "done", job.result
    assert job.result["new_warnings"] == Warning.objects.count() == 9
    assert ["新增预警", 9] in job.result["display"]
    listed = county.get("/monitoring/runs/").content.decode()
    assert "2026-11" in listed and "运行监测" in listed and MonitorRun.objects.count() == 1
    township = Client()
    assert township.login(username=make_user("township", "330902001000").username, password=PASSWORD)
    assert township.get("/monitoring/runs/").status_code == 403
    assert township.post("/monitoring/runs/new/", {"month": "2026-11"}).status_code == 403
