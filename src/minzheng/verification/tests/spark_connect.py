"""A real Spark cluster and Spark Connect server for the engine parity tests (a pytest plugin registered by the root
conftest.py), deployed as docs/scale.md describes for a province: the Connect server is the driver, and its tasks
run in executors that a standalone cluster's worker starts, in other JVMs.

`spark_cluster`: a standalone master and one worker, started from pyspark's own `bin/spark-class` (pyspark ships the
cluster's jars). `spark_connect_url`: a Connect server, started from pyspark's own `sbin/start-connect-server.sh` on
a free loopback port with `--master` the cluster. One of each for the whole run, shared by pytest-xdist's workers
(`spark_stack`). Logs, pid files and scratch space in temporary folders; each stopped with its whole process group
at the end of the run. `spark_remote`: `MINZHENG_SPARK_REMOTE` pointed at the server and `engines.spark_session()`
made afresh, so the test goes through the production code path and leaves the process's cached session as it found
it. Everything runs on this machine, so it reads the lake at the same paths as the test (a remote cluster must see
the lake at the same path, or on shared storage)."""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

STARTUP_SECONDS = 180  # about 8 s on a quiet 2-core machine; the JVM starts much slower next to other test workers
STOP_SECONDS = 30


def _java_or_skip() -> None:
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        if os.environ.get("CI"):
            pytest.fail("Java is missing: `make test` installs it with scripts/system-deps.sh", pytrace=False)
        pytest.skip("Spark needs a Java runtime (apt-get install openjdk-17-jre-headless)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def _stop_group(pgid: int, reap=lambda: None) -> None:
    """SIGTERM to the process group (the launcher's shells and the JVM), SIGKILL if the JVM lingers."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        if not _group_alive(pgid):
            break
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pgid, sig)
        deadline = time.monotonic() + STOP_SECONDS
        while _group_alive(pgid) and time.monotonic() < deadline:
            reap()  # the launcher, if this process started it, so its pid does not linger as a zombie
            time.sleep(0.2)
    assert not _group_alive(pgid), f"a Spark JVM (process group {pgid}) did not stop"


def _stop(proc: subprocess.Popen) -> None:
    _stop_group(proc.pid, proc.poll)
    proc.wait(STOP_SECONDS)


def _tail(path: Path, lines: int = 40) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def _spark_home() -> Path:
    import pyspark

    return Path(pyspark.__file__).parent


def _spark_env(work: Path, tz: str) -> dict[str, str]:
    # SPARK_LOCAL_IP: every JVM's own ports on the loopback (the hostname may resolve to another interface).
    env = dict(os.environ, SPARK_HOME=str(_spark_home()), SPARK_LOG_DIR=str(work),
               SPARK_PID_DIR=str(work), SPARK_LOCAL_IP="127.0.0.1", TZ=tz)
    env.pop("SPARK_REMOTE", None)  # spark-submit's launcher would read it as --remote: the server must be a driver
    return env


def _start(command: list[str], work: Path, env: dict, what: str, ready) -> subprocess.Popen:
    """Start a JVM in the foreground of a new process group (this process owns it: no daemon, no pid file to trust;
    the launcher shells and the JVM are stopped together) and wait until `ready()` says it serves."""
    log = work / f"{what}.log"
    started = time.monotonic()
    with log.open("wb") as out:
        proc = subprocess.Popen(command, cwd=work, env=env, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        while not ready():
            if proc.poll() is not None:
                pytest.fail(f"the Spark {what} exited with {proc.returncode} before serving:\n{_tail(log)}",
                            pytrace=False)
            if time.monotonic() - started > STARTUP_SECONDS:
                pytest.fail(f"the Spark {what} did not serve within {STARTUP_SECONDS} s:\n{_tail(log)}", pytrace=False)
            time.sleep(0.5)
    except BaseException:
        _stop(proc)
        raise
    print(f"\nSpark {what} serving after {time.monotonic() - started:.1f} s")  # shown with -s
    return proc


def _listening(port: int):
    def ready() -> bool:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
        except OSError:
            return False
        return True
    return ready


def master_state(web_port: int) -> dict:
    """The standalone master's own account of its workers and applications (its web UI's /json/)."""
    import urllib.request

    with urllib.request.urlopen(f"http://127.0.0.1:{web_port}/json/", timeout=10) as answer:
        return json.load(answer)


def _start_cluster(work: Path) -> tuple[dict, list[subprocess.Popen]]:
    """A master and one worker of 1 core and 1 GB, then a Connect server on them: its figures and its processes."""
    spark_class = str(_spark_home() / "bin" / "spark-class")
    port, web = _free_port(), _free_port()
    master_env = _spark_env(work, "UTC")
    master_env["SPARK_MASTER_OPTS"] = "-Dspark.master.rest.enabled=false"  # no submission server on a fixed port
    procs = [_start([spark_class, "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
                     str(port), "--webui-port", str(web)], work, master_env, "master",
                    lambda: _listening(port)() and _listening(web)())]
    url = f"spark://127.0.0.1:{port}"
    worker_dir = work / "worker"
    try:
        procs.append(_start([spark_class, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores",
                             "1", "--memory", "1g", "--work-dir", str(worker_dir), "--webui-port", "0", url],
                            work, _spark_env(work, "UTC"), "worker", lambda: master_state(web)["aliveworkers"] == 1))
        connect_port = _free_port()
        env = _spark_env(work, "Asia/Shanghai")
        # The server's pre-shared token from its environment (not its command line, which `ps` shows); the clients
        # here get it only in their URL, never from this process's environment.
        token = secrets.token_urlsafe(24)
        env["SPARK_CONNECT_AUTHENTICATE_TOKEN"] = token
        # --wait: in the foreground (_start). cwd and the directories: nothing written into the repository
        # (spark-warehouse, derby.log, block manager files).
        command = [str(_spark_home() / "sbin" / "start-connect-server.sh"), "--wait", "--master", url,
                   "--conf", "spark.executor.memory=1g", "--conf", "spark.cores.max=1",
                   "--conf", f"spark.connect.grpc.binding.port={connect_port}",
                   "--conf", "spark.connect.grpc.binding.address=127.0.0.1",
                   "--conf", "spark.ui.enabled=false", "--conf", "spark.ui.showConsoleProgress=false",
                   "--conf", f"spark.local.dir={work}",
                   "--conf", f"spark.sql.warehouse.dir={work / 'warehouse'}",
                   "--conf", f"spark.driver.extraJavaOptions=-Dderby.system.home={work}"]
        procs.append(_start(command, work, env, "Connect server", _listening(connect_port)))
    except BaseException:
        for proc in reversed(procs):
            _stop(proc)
        raise
    figures = {"master": url, "web": web, "worker_dir": str(worker_dir), "port": connect_port, "token": token,
               "groups": [proc.pid for proc in procs]}
    return figures, procs


SHARED = "spark-cluster.json"  # in the folder every xdist worker of a run shares: the cluster they all use


@pytest.fixture(scope="session")
def spark_stack(tmp_path_factory):
    """The cluster and its Connect server for the whole run. Under pytest-xdist the first worker that needs them
    starts them and the others use the same (two clusters would not fit next to each other on 2 cores); the
    controller stops them when every worker is done (pytest_sessionfinish). Without xdist this process stops them."""
    _java_or_skip()
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        figures, procs = _start_cluster(tmp_path_factory.mktemp("spark"))
        try:
            yield figures
        finally:
            for proc in reversed(procs):
                _stop(proc)
        return
    import fcntl

    shared = tmp_path_factory.getbasetemp().parent
    with (shared / "spark-cluster.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        path = shared / SHARED
        if path.exists():
            figures = json.loads(path.read_text())
        else:
            figures, _procs = _start_cluster(tmp_path_factory.mktemp("spark"))
            path.touch(mode=0o600)
            path.write_text(json.dumps(figures))
    yield figures


def pytest_sessionfinish(session):
    """The xdist controller (not a worker) stops the shared cluster once every worker is done."""

    if hasattr(session.config, "workerinput"):
        return
    factory = getattr(session.config, "_tmp_path_factory", None)
    path = factory.getbasetemp() / SHARED if factory is not None else None
    if path is not None and path.exists():
        for pgid in reversed(json.loads(path.read_text())["groups"]):
            _stop_group(pgid)
        path.unlink()


@pytest.fixture(scope="session")
def spark_cluster(spark_stack):
    """(master URL, the master's web UI port, the worker's folder) of a standalone cluster: a master and one worker
    of 1 core and 1 GB. The worker's JVMs run in UTC while the Connect server runs in Asia/Shanghai, as a province's
    cluster machines and its job workers may: a DATE literal must mean the same day on both (engines.sql_conf)."""
    return spark_stack["master"], spark_stack["web"], Path(spark_stack["worker_dir"])


@pytest.fixture(scope="session")
def spark_connect_server(spark_stack):
    """(port, token) of a Spark Connect server on the cluster, running for the whole test session, which refuses a
    client without its pre-shared token, as a production one must (docs/scale.md)."""
    return spark_stack["port"], spark_stack["token"]


@pytest.fixture(scope="session")
def spark_connect_url(spark_connect_server):
    """`sc://localhost:<port>/;token=…`: with a token and no use_ssl, the client sends the token over gRPC's local
    credentials, which only a loopback connection gets (a remote server needs use_ssl=true)."""
    port, token = spark_connect_server
    return f"sc://localhost:{port}/;token={token}"


@pytest.fixture
def spark_remote(spark_connect_url, monkeypatch):
    """`engines.spark_session()` with MINZHENG_SPARK_REMOTE set to the test server: a Connect session of its own,
    closed after the test; the process's cached session (a local one from another test) is put back."""
    from pyspark.sql.connect.session import SparkSession as ConnectSession

    from minzheng.verification import engines

    monkeypatch.setenv("MINZHENG_SPARK_REMOTE", spark_connect_url)
    monkeypatch.setenv("MINZHENG_SPARK_PARTITIONS", "1")  # as the local-mode tests: a few rows, one task per stage
    monkeypatch.setattr(engines, "_SPARK", None)
    session = engines.spark_session()
    # Fails if the setting were ignored: a local session is a pyspark.sql.session.SparkSession.
    assert isinstance(session, ConnectSession), type(session)
    assert session.conf.get("spark.sql.shuffle.partitions") == "1"  # the SQL settings reach the server's session
    try:
        yield session
    finally:
        # Close the channel but leave the server-side session to end with the server: releasing it here races the
        # client's own background ReleaseExecute calls of the last query (a logged INVALID_HANDLE warning).
        session.release_session_on_close = False
        session.stop()


def pytest_collection_modifyitems(config, items):
    """Tests through the Connect server are marked `spark_connect`: `make test` runs them in its SQLite half only —
    they test Spark's client path, which does not depend on the database behind the app (each run starts a JVM)."""
    for item in items:
        if {"spark_remote", "spark_connect_url", "spark_connect_server", "spark_connect_tls", "spark_cluster",
                "spark_stack"} & set(
                getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.spark_connect)


def _self_signed(folder: Path) -> tuple[Path, Path]:
    """A throw-away certificate for `localhost` (the bureau's CA in production), written owner-only to `folder`."""
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "proxy.crt", folder / "proxy.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.touch(mode=0o600)
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


@pytest.fixture(scope="session")
def spark_connect_tls(spark_connect_server, tmp_path_factory):
    """(port, certificate) of a TLS endpoint in front of the Connect server, as a bureau's gRPC proxy (nginx
    `grpc_pass`, Envoy) would be: TLS with ALPN h2 ends here and the bytes go on to the server over the loopback.
    A few lines of asyncio stand in for the proxy; what is tested is the client's side: use_ssl, the CA, the token."""
    import asyncio
    import ssl
    import threading

    server_port, _token = spark_connect_server
    cert, key = _self_signed(tmp_path_factory.mktemp("spark-tls"))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    context.set_alpn_protocols(["h2"])  # gRPC refuses a TLS peer that does not negotiate HTTP/2
    loop = asyncio.new_event_loop()

    async def pipe(reader, writer):
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            writer.close()

    async def relay(client_reader, client_writer):
        server_reader, server_writer = await asyncio.open_connection("127.0.0.1", server_port)
        await asyncio.gather(pipe(client_reader, server_writer), pipe(server_reader, client_writer))

    proxy = loop.run_until_complete(asyncio.start_server(relay, "127.0.0.1", 0, ssl=context))
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    try:
        yield proxy.sockets[0].getsockname()[1], cert
    finally:
        loop.call_soon_threadsafe(proxy.close)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
