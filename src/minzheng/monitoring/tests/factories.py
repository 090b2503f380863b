"""Test data for monitoring: the month monitored, feeds written and loaded into the lake, the demo rules."""

from __future__ import annotations

import datetime as dt

from minzheng.core.spreadsheets import write_rows
from minzheng.verification import feeds

MONTH = "2026-11"
D = dt.date


def load(tmp_path, kind, header, rows, as_of="2026-11-20"):
    path = write_rows(tmp_path / f"{kind}-{len(rows)}-{as_of}.csv", header, rows)
    return feeds.load(kind, path, dt.date.fromisoformat(as_of))


def demo_rules():
    from minzheng.monitoring.services import rules

    return rules.load_file(None, "demo")
