"""End to end on a fresh instance: `minzheng init`, `minzheng serve` (gunicorn), a login page over HTTP with its
locally served assets. Runs on the embedded default (SQLite in a temporary MINZHENG_HOME)."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
@pytest.mark.embedded  # SQLite whatever the half: once, in make test's SQLite half
def test_init_and_serve(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env["MINZHENG_HOME"] = str(tmp_path / "home")
    subprocess.run([BIN / "minzheng", "init"], env=env, check=True, capture_output=True, timeout=120)
    # Embedded profile: keys in $MINZHENG_HOME/keys, one owner-only file per key version (core.keys).
    key_file = tmp_path / "home" / "keys" / "django.v1.key"
    assert (tmp_path / "home" / "db.sqlite3").exists() and key_file.exists()
    assert key_file.stat().st_mode & 0o777 == 0o600
    port = _free_port()
    server = subprocess.Popen([BIN / "minzheng", "serve", "--port", str(port), "--workers", "1"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        body = None
        for _ in range(60):
            try:
                body = urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=2).read().decode()
                break
            except OSError:
                time.sleep(0.25)
        assert body is not None, "server did not answer"
        assert "登录" in body and "htmx.min.js" in body
        js = urllib.request.urlopen(f"http://127.0.0.1:{port}/static/vendor/htmx/htmx.min.js", timeout=2)
        assert js.status == 200 and b"htmx" in js.read()
        with pytest.raises(urllib.error.HTTPError) as denied:  # the API schema is for signed-in staff only
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/openapi.json", timeout=2)
        assert denied.value.code == 401
        swagger = urllib.request.urlopen(f"http://127.0.0.1:{port}/static/ninja/swagger-ui-init.js", timeout=10)
        assert swagger.status == 200  # the API docs' assets are served locally, not from a CDN
        # Operations (issue 21): liveness, readiness, and metrics summed over gunicorn's worker processes.
        base = f"http://127.0.0.1:{port}"
        assert urllib.request.urlopen(f"{base}/healthz", timeout=5).read() == b"ok\n"
        ready = urllib.request.urlopen(f"{base}/readyz", timeout=30).read().decode()
        assert '"ready": true' in ready and '"migrations": "ok"' in ready
        metrics = urllib.request.urlopen(f"{base}/metrics", timeout=10).read().decode()
        assert 'minzheng_request_seconds_count{method="GET",route="/login/",status="200"}' in metrics
        assert list((tmp_path / "home" / "metrics" / str(port)).glob("*.db"))  # gunicorn's multiprocess files
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_a_worker_settles_its_loaded_objects_out_of_the_collectors_scans_and_shortens_the_switch_interval():
    """A web worker freezes what it loaded, and hands the interpreter between its threads every millisecond, so a
    short page is not kept waiting after each query by a long one beside it."""
    import gc
    import sys

    from minzheng.server import _settle

    gc.unfreeze()
    interval = sys.getswitchinterval()
    try:
        _settle(None)
        assert gc.get_freeze_count() > 10_000  # the apps and URL conf, not a handful
        assert sys.getswitchinterval() == pytest.approx(0.001)  # Python's default: 0.005
    finally:
        gc.unfreeze()
        sys.setswitchinterval(interval)
