"""The funeral home tile: deaths registered this year, family reports awaiting the certificate, plots due for
renewal and today's tomb-sweeping slots."""

from __future__ import annotations

from minzheng.core.app_registry import HomeTile
from minzheng.funeral import selectors

TILE = HomeTile("funeral", "funeral/_home_tile.html", selectors.home_figures, "funeral.view", order=60)
