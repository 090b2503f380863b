"""Engine parity: the same rules on the same Parquet give the same findings on DuckDB and on Spark (local mode, and
over Spark Connect with MINZHENG_SPARK_REMOTE, the server on a standalone cluster). Skipped only when no Java runtime
is installed (make test installs one: scripts/system-deps.sh); under CI a missing Java is an error."""

from __future__ import annotations

import datetime as dt
import os
import shutil

import pytest

from minzheng import home
from minzheng.verification import compare, engines

if shutil.which("java") is None and not os.environ.get("JAVA_HOME") and os.environ.get("CI"):
    raise RuntimeError("Java is missing: `make test` installs it with scripts/system-deps.sh")
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


@pytest.mark.slow
def test_duckdb_and_spark_connect_on_a_cluster_find_the_same(world, spark_remote, spark_cluster):
    """The comparison as a job worker runs it with MINZHENG_SPARK_REMOTE: `make("spark")` over Connect, the server
    driving a standalone cluster whose executor (another JVM, in UTC) runs the tasks. Before engines.sql_conf set
    java8API, the executor read the month's DATE literal a day early and the income rule found nothing."""
    from minzheng.verification.tests.spark_connect import master_state

    _master, web, worker_dir = spark_cluster
    month = dt.date(2026, 11, 1)
    folder = home.home_dir("lake", "_runs", "parity-connect")
    try:
        compare.export_inputs(month, folder)
        duck = compare.evaluate(engines.DuckDBEngine(threads=1), folder, month)
        engine = engines.make("spark")
        assert engine.spark is spark_remote
        remote = compare.evaluate(engine, folder, month)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    assert {(r[0], r[1], r[2]) for r in duck} == world["expected"]
    assert "income_above_line" in {r[0] for r in duck}  # the rule a time-zone slip empties
    assert remote == duck  # evidence columns too: exact decimals and dates come back over gRPC (Arrow) unchanged
    # The tasks ran on the cluster: the master granted the Connect server the worker's core, and the executor the
    # worker started (its log under the worker's folder) finished them.
    apps = master_state(web)["activeapps"]
    assert len(apps) == 1 and apps[0]["cores"] == 1, apps
    logs = list(worker_dir.glob(f"{apps[0]['id']}/*/stderr"))
    assert logs and sum(log.read_text(errors="replace").count("Finished task") for log in logs) > 0


def test_the_connect_url_comes_from_the_environment_or_the_settings(monkeypatch, settings):
    monkeypatch.delenv("MINZHENG_SPARK_REMOTE", raising=False)
    assert engines.spark_remote() == ""
    settings.MINZHENG_SPARK_REMOTE = "sc://spark-connect.intranet:15002/;use_ssl=true"
    assert engines.spark_remote() == "sc://spark-connect.intranet:15002/;use_ssl=true"
    monkeypatch.setenv("MINZHENG_SPARK_REMOTE", "sc://127.0.0.1:15002")
    assert engines.spark_remote() == "sc://127.0.0.1:15002"


@pytest.mark.slow
@pytest.mark.parametrize("credential", [";token=not-the-token", ""])
def test_the_connect_server_refuses_a_client_without_its_token(spark_connect_server, credential):
    """A Connect server on the intranet runs with a pre-shared token (docs/scale.md): a job worker with a wrong token
    or none gets an authentication error, not the lake. The right token is the production path of the tests above."""
    from pyspark.errors import PySparkException
    from pyspark.sql.connect.session import SparkSession as ConnectSession

    port, _token = spark_connect_server
    session = ConnectSession.builder.remote(f"sc://localhost:{port}/{credential}").create()
    try:
        with pytest.raises(PySparkException) as refused:
            session.sql("SELECT 1 AS one").collect()
        assert "StatusCode.UNAUTHENTICATED" in str(refused.value), refused.value  # "Invalid …" / "No … token provided"
    finally:
        session.release_session_on_close = False
        session.stop()


CONNECT_QUERY = """
import sys
from pyspark.sql.connect.client.retries import DefaultPolicy
from pyspark.sql.connect.session import SparkSession
session = SparkSession.builder.remote(sys.argv[1]).create()
session.client.set_retry_policies([DefaultPolicy(max_retries=1)])  # a refused handshake: say so, do not wait 10 min
try:
    print(session.sql("SELECT 40 + 2 AS answer").collect()[0].answer)
except Exception as error:  # the client's error, for the test to read
    print(type(error).__name__, str(error).replace("\\n", " ")[:400])
finally:
    session.release_session_on_close = False
    session.stop()
"""


@pytest.mark.slow
def test_a_worker_reaches_the_connect_server_through_tls_with_the_bureaus_ca(spark_connect_server, spark_connect_tls):
    """The production URL `sc://host:port/;use_ssl=true;token=…` through a TLS-terminating gRPC proxy: with the
    bureau's CA trusted (GRPC_DEFAULT_SSL_ROOTS_FILE_PATH) the query runs; without it the certificate is refused.
    Each client in a process of its own: gRPC reads its root certificates once per process."""
    import subprocess
    import sys

    _port, token = spark_connect_server
    tls_port, cert = spark_connect_tls
    url = f"sc://localhost:{tls_port}/;use_ssl=true;token={token}"

    def run(**env):
        done = subprocess.run([sys.executable, "-c", CONNECT_QUERY, url], check=False, capture_output=True, text=True,
                              timeout=120, env={**os.environ, **env})
        return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr[-2000:]

    assert run(GRPC_DEFAULT_SSL_ROOTS_FILE_PATH=str(cert)) == "42"
    untrusted = run(GRPC_DEFAULT_SSL_ROOTS_FILE_PATH=os.devnull)
    assert "CERTIFICATE_VERIFY_FAILED" in untrusted, untrusted
