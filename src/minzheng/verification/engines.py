"""Two engines, one SQL: DuckDB embedded (default) and Spark (PySpark) for a cluster or local mode.

Both register the same Parquet files as the same view names and run the same rule queries; the queries are
written in DuckDB's dialect and transpiled to Spark SQL with SQLGlot (comparison_rules.py keeps to what both share)."""

from __future__ import annotations

import os
from collections.abc import Sequence

from django.conf import settings


def _empty_select(columns: Sequence[tuple[str, str]]) -> str:
    return "SELECT " + ", ".join(f"CAST(NULL AS {t}) AS {n}" for n, t in columns) + " WHERE 1 = 0"


class DuckDBEngine:
    name = "duckdb"

    def __init__(self, threads: int | None = None, memory_limit: str | None = None):
        import duckdb

        self.con = duckdb.connect()
        threads = int(threads or getattr(settings, "MINZHENG_DUCKDB_THREADS", 0) or os.cpu_count() or 1)
        self.con.execute(f"SET threads = {threads}")
        limit = memory_limit or getattr(settings, "MINZHENG_DUCKDB_MEMORY", "3GB")
        self.con.execute(f"SET memory_limit = '{limit}'")
        self.con.execute("SET preserve_insertion_order = false")

    def register(self, name: str, paths: Sequence[str], columns: Sequence[tuple[str, str]]) -> None:
        if paths:
            files = ", ".join("'" + str(p).replace("'", "''") + "'" for p in paths)
            cols = ", ".join(n for n, _ in columns)
            # hive_partitioning off: the lake's as_of=<date> folders must not override a column of the same name
            # (deposit.as_of).
            source = f"read_parquet([{files}], hive_partitioning = false)"
            self.con.execute(f"CREATE OR REPLACE VIEW {name} AS SELECT DISTINCT {cols} FROM {source}"
                             if len(paths) > 1 else
                             f"CREATE OR REPLACE VIEW {name} AS SELECT {cols} FROM {source}")
        else:
            self.con.execute(f"CREATE OR REPLACE VIEW {name} AS {_empty_select(columns)}")

    def query(self, sql: str) -> list[tuple]:
        return [tuple(r) for r in self.con.execute(sql).fetchall()]

    def close(self) -> None:
        self.con.close()


_SPARK = None


def spark_remote() -> str:
    """The Spark Connect URL, e.g. `sc://spark-connect.intranet:15002/;token=…;use_ssl=true`, or "" (no Connect)."""
    return os.environ.get("MINZHENG_SPARK_REMOTE") or getattr(settings, "MINZHENG_SPARK_REMOTE", "")


def sql_conf() -> dict[str, str]:
    """Session settings every way of running sets (Connect takes only SQL ones, per session).

    java8API: a DATE literal stays a LocalDate (days) from the driver to the executors. Without it Spark turns it
    into a java.sql.Date in the driver's time zone and back into days in the executor's when it pushes a filter down
    to Parquet: a job worker in Asia/Shanghai (Django sets TZ) with executors on UTC machines then read
    `month = DATE '2026-11-01'` as 10-31 and the income rule found nothing (measured on a standalone cluster; the
    test of the Connect server on a cluster guards it)."""
    return {"spark.sql.shuffle.partitions": os.environ.get("MINZHENG_SPARK_PARTITIONS", "4"),
            "spark.sql.session.timeZone": "UTC", "spark.sql.ansi.enabled": "false",
            "spark.sql.datetime.java8API.enabled": "true"}


def connect_session(url: str):
    """A Spark Connect session: the job worker is a gRPC client, the server plans and runs the SQL and reads the lake.

    The Connect client's own builder rather than `pyspark.sql.SparkSession.builder.remote(url)`: that one refuses while
    a local SparkContext lives in the process and marks the whole process Connect-only (SPARK_CONNECT_MODE_ENABLED),
    after which local sessions cannot be built. No `sparkContext` over Connect: the server sets its own log level."""
    from pyspark.sql.connect.session import SparkSession

    return SparkSession.builder.remote(url).appName("minzheng-compare").config(map=sql_conf()).getOrCreate()


def spark_session():
    """One SparkSession per process: over Spark Connect when MINZHENG_SPARK_REMOTE is set, otherwise local or on a
    cluster through MINZHENG_SPARK_MASTER (default local[2]), the job worker being the driver."""
    global _SPARK  # noqa: PLW0603 (one session per process, made on first use)
    if _SPARK is None:
        remote = spark_remote()
        if remote:
            _SPARK = connect_session(remote)
        else:
            from pyspark.sql import SparkSession

            master = os.environ.get("MINZHENG_SPARK_MASTER") or getattr(settings, "MINZHENG_SPARK_MASTER", "local[2]")
            _SPARK = (SparkSession.builder.master(master).appName("minzheng-compare")
                      .config("spark.ui.enabled", "false").config(map=sql_conf()).getOrCreate())
            _SPARK.sparkContext.setLogLevel("ERROR")
    return _SPARK


class SparkEngine:
    name = "spark"

    def __init__(self, session=None):
        self.spark = session or spark_session()

    @staticmethod
    def transpile(sql: str) -> str:
        import sqlglot

        return sqlglot.transpile(sql, read="duckdb", write="spark")[0]

    def register(self, name: str, paths: Sequence[str], columns: Sequence[tuple[str, str]]) -> None:
        if paths:
            ddl = ", ".join(f"{n} {'STRING' if t == 'VARCHAR' else t}" for n, t in columns)
            # An explicit schema: no schema-inference job per view.
            df = self.spark.read.schema(ddl).parquet(*[str(p) for p in paths])
            if len(paths) > 1:
                df = df.distinct()
        else:
            df = self.spark.sql(self.transpile(_empty_select(columns)))
        df.createOrReplaceTempView(name)

    def query(self, sql: str) -> list[tuple]:
        return [tuple(r) for r in self.spark.sql(self.transpile(sql)).collect()]

    def close(self) -> None:  # the session is shared by the process
        pass


def make(name: str):
    if name == "duckdb":
        return DuckDBEngine()
    if name == "spark":
        return SparkEngine()
    from minzheng.core.errors import ValidationFailed

    raise ValidationFailed.one("engine", f"比对引擎“{name}”无效，应为 duckdb 或 spark")
