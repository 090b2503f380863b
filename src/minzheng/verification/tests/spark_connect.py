"""A real Spark Connect server for the engine parity tests (a pytest plugin registered by the root conftest.py).

`spark_connect_url`: one server per test process, started from pyspark's own `sbin/start-connect-server.sh` (pyspark
ships the Connect server jar) on a free loopback port, with its logs, pid file and scratch space in a temporary
folder; stopped with its whole process group at the end of the session. `spark_remote`: `MINZHENG_SPARK_REMOTE`
pointed at it and `engines.spark_session()` made afresh, so the test goes through the production code path and leaves
the process's cached session as it found it. The server runs on this machine, so it reads the lake at the same
paths as the test (a remote cluster must see the lake at the same path, or on shared storage)."""

from __future__ import annotations

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


def _stop(proc: subprocess.Popen) -> None:
    """SIGTERM to the server's process group (the launcher's shells and the JVM), SIGKILL if the JVM lingers."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        if not _group_alive(proc.pid):
            break
        os.killpg(proc.pid, sig)
        deadline = time.monotonic() + STOP_SECONDS
        while _group_alive(proc.pid) and time.monotonic() < deadline:
            proc.poll()  # reap the launcher so its pid does not linger as a zombie of this process
            time.sleep(0.2)
    proc.wait(STOP_SECONDS)
    assert not _group_alive(proc.pid), f"the Spark Connect server (process group {proc.pid}) did not stop"


def _tail(path: Path, lines: int = 40) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


@pytest.fixture(scope="session")
def spark_connect_server(tmp_path_factory):
    """(port, token) of a local Spark Connect server (local[2]) running for the whole test session, which refuses a
    client without its pre-shared token, as a production one must (docs/scale.md)."""
    _java_or_skip()
    import pyspark

    spark_home = Path(pyspark.__file__).parent
    work = tmp_path_factory.mktemp("spark-connect")
    port = _free_port()
    log = work / "server.log"
    # SPARK_LOCAL_IP: the driver's own ports on the loopback too (the hostname may resolve to another interface).
    env = dict(os.environ, SPARK_HOME=str(spark_home), SPARK_LOG_DIR=str(work), SPARK_PID_DIR=str(work),
               SPARK_LOCAL_IP="127.0.0.1")
    env.pop("SPARK_REMOTE", None)  # spark-submit's launcher would read it as --remote: the server must be a driver
    # The server's pre-shared token from its environment (not its command line, which `ps` shows); the clients here
    # get it only in their URL, never from this process's environment.
    token = secrets.token_urlsafe(24)
    env["SPARK_CONNECT_AUTHENTICATE_TOKEN"] = token
    # --wait: in the foreground, so this process owns it (no daemon, no pid file to trust); a new session makes the
    # launcher shells and the JVM one process group, stopped together. cwd and the directories: nothing written
    # into the repository (spark-warehouse, derby.log, block manager files).
    command = [str(spark_home / "sbin" / "start-connect-server.sh"), "--wait", "--master", "local[2]",
               "--conf", f"spark.connect.grpc.binding.port={port}",
               "--conf", "spark.connect.grpc.binding.address=127.0.0.1",
               "--conf", "spark.ui.enabled=false",
               "--conf", f"spark.local.dir={work}",
               "--conf", f"spark.sql.warehouse.dir={work / 'warehouse'}",
               "--conf", f"spark.driver.extraJavaOptions=-Dderby.system.home={work}"]
    started = time.monotonic()
    with log.open("wb") as out:
        proc = subprocess.Popen(command, cwd=work, env=env, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                pass
            if proc.poll() is not None:
                pytest.fail(f"the Spark Connect server exited with {proc.returncode} before listening on {port}:\n"
                            f"{_tail(log)}", pytrace=False)
            if time.monotonic() - started > STARTUP_SECONDS:
                pytest.fail(f"the Spark Connect server did not listen on {port} within {STARTUP_SECONDS} s:\n"
                            f"{_tail(log)}", pytrace=False)
            time.sleep(0.5)
        print(f"\nSpark Connect server on port {port} after {time.monotonic() - started:.1f} s")  # shown with -s
        yield port, token
    finally:
        _stop(proc)


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
        if {"spark_remote", "spark_connect_url", "spark_connect_server", "spark_connect_tls"} & set(
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
