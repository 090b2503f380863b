"""Engine parity: the same rules on the same Parquet give the same findings on DuckDB and on Spark (local mode).
Skipped only when no Java runtime is installed (make test installs one: scripts/system-deps.sh)."""

from __future__ import annotations

import datetime as dt
import os
import shutil

import pytest

from minzheng import home
from minzheng.verification import compare, engines

pytestmark = [pytest.mark.django_db,
              pytest.mark.skipif(shutil.which("java") is None and not os.environ.get("JAVA_HOME"),
                                 reason="Spark needs a Java runtime (apt-get install openjdk-17-jre-headless)")]


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    session = (SparkSession.builder.master("local[1]").appName("minzheng-test")
               .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "1")
               .config("spark.default.parallelism", "1").config("spark.sql.session.timeZone", "UTC")
               .config("spark.sql.ansi.enabled", "false").getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def test_duckdb_and_spark_find_the_same(world, spark):
    month = dt.date(2026, 11, 1)
    folder = home.home_dir("lake", "_runs", "parity")
    try:
        compare.export_inputs(month, folder)
        duck = compare.evaluate(engines.DuckDBEngine(), folder, month)
        sparky = compare.evaluate(engines.SparkEngine(spark), folder, month)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    assert {(r[0], r[1], r[2]) for r in duck} == world["expected"]
    assert sparky == duck  # evidence columns too: exact decimals and dates on both engines


def test_the_spark_engine_is_selected_by_name(monkeypatch, spark):
    monkeypatch.setattr(engines, "_SPARK", spark)
    engine = engines.make("spark")
    assert engine.name == "spark" and engine.spark is spark
    assert "CAST(NULL AS STRING)" in engine.transpile("SELECT CAST(NULL AS VARCHAR) AS x")
