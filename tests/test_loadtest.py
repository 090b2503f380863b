"""The load test at reduced size, in CI (issue 21): a 500-person county seeded by `minzheng init` + `minzheng demo`,
served by `minzheng serve` (gunicorn, 2 workers), 10 staff of every level for 20 s through loadtest/run.py — every
endpoint of the working day answered, zero errors, and the CPU each part spent per request measured.

On the database of the half that runs it: in `make test`'s PostgreSQL half a database of its own is created on the
test cluster (and dropped after), so the production profile is load-tested too; otherwise SQLite in a temporary
instance folder. The full size is `make loadtest` (docs/benchmarks.md); MINZHENG_LOADTEST=1 runs this test at the
older, larger reduced size (20,000 persons, 20 users, 30 s)."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = [pytest.mark.loadtest, pytest.mark.slow]
LARGER = os.environ.get("MINZHENG_LOADTEST") == "1"


@contextlib.contextmanager
def _own_database():
    """A new PostgreSQL database beside the test databases when the half runs on PostgreSQL, else None (SQLite)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield None
        return
    import psycopg

    name = f"minzheng_load_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_county_working_day_at_reduced_size_has_no_errors(tmp_path):
    figures = tmp_path / "load.json"
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "MINZHENG_HOME", "DATABASE_URL")}
    size = ["--people", "20000", "--users", "20", "--seconds", "30"] if LARGER else \
        ["--people", "500", "--users", "10", "--seconds", "20"]
    with _own_database() as database_url:
        database = ["--database-url", database_url] if database_url else []
        done = subprocess.run([sys.executable, str(ROOT / "loadtest" / "run.py"), *size, *database,
                               "--home", str(tmp_path / "home"), "--json", str(figures)],
                              check=False, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    result = json.loads(figures.read_text(encoding="utf-8"))
    assert result["database"] == ("postgresql" if database_url else "sqlite")
    by_name = {e["endpoint"]: e for e in result["endpoints"]}
    assert by_name["Aggregated"]["failures"] == 0 and result["failures"] == []
    # The pages' own line (the goal is set for pages) is every request but sign-in and the downloads.
    left_out = sum(e["requests"] for e in result["endpoints"] if e["endpoint"] in ("login", "person_list export csv"))
    pages = by_name["Pages (no sign-in, no downloads)"]
    assert 0 < pages["requests"] == by_name["Aggregated"]["requests"] - left_out
    for endpoint in ("login", "inbox", "person_list?filters", "person_search_by_id", "case_list?filters"):
        assert by_name.get(endpoint, {}).get("requests", 0) > 0, f"{endpoint} never requested"
    cpu = result["cpu"]
    # The meter saw the work: the web processes spent CPU on every request, and so did PostgreSQL when it served.
    assert cpu["requests_per_second"] > 0 and cpu["web ms/request"] > 0
    assert (cpu["database ms/request"] > 0) == bool(database_url)
