"""The rescue station's home tile: people in the station, the year's return rate, long stays."""

from __future__ import annotations

from minzheng.core.app_registry import HomeTile
from minzheng.homeless import selectors

TILE = HomeTile("homeless", "homeless/_home_tile.html", selectors.home_figures, "homeless.view", order=45)
