"""The load test at reduced size (issue 21): a 20,000-person county, 20 staff for 30 s against `minzheng serve`
(gunicorn) — every endpoint of the working day answered, zero errors. About two minutes, so it runs only when asked:
`MINZHENG_LOADTEST=1 .venv/bin/pytest -m loadtest tests/test_loadtest.py` (the lead decides whether CI includes it).
It runs loadtest/run.py in a child process with its own instance folder, not the test database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = [pytest.mark.loadtest,
              pytest.mark.skipif(os.environ.get("MINZHENG_LOADTEST") != "1", reason="MINZHENG_LOADTEST=1 runs it")]


def test_a_county_working_day_at_reduced_size_has_no_errors(tmp_path):
    figures = tmp_path / "load.json"
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "MINZHENG_HOME", "DATABASE_URL")}
    done = subprocess.run([sys.executable, str(ROOT / "loadtest" / "run.py"), "--people", "20000", "--users", "20",
                           "--seconds", "30", "--home", str(tmp_path / "home"), "--json", str(figures)],
                          check=False, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    result = json.loads(figures.read_text(encoding="utf-8"))
    by_name = {e["endpoint"]: e for e in result["endpoints"]}
    assert by_name["Aggregated"]["failures"] == 0 and result["failures"] == []
    for endpoint in ("login", "inbox", "person_list?filters", "person_search_by_id", "case_list?filters"):
        assert by_name.get(endpoint, {}).get("requests", 0) > 0, f"{endpoint} never requested"
