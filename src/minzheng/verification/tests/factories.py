"""Test data for verification: the month compared and department files loaded into the lake."""

from __future__ import annotations

import datetime as dt

from minzheng.core.spreadsheets import write_rows
from minzheng.verification import feeds

MONTH = "2026-11"
OTHER_COUNTY_VILLAGE = "330903001001"


def load(tmp_path, kind, header, rows, as_of="2026-11-20"):
    """Write a department file (CSV) and load it as of `as_of`; returns the load summary."""
    path = write_rows(tmp_path / f"{kind}-{len(rows)}.csv", header, rows)
    return feeds.load(kind, path, dt.date.fromisoformat(as_of))
