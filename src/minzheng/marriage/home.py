"""The marriage registry's home tile: marriages and divorces registered this year, applications in the cooling-off."""

from __future__ import annotations

from minzheng.core.app_registry import HomeTile
from minzheng.marriage import selectors

TILE = HomeTile("marriage", "marriage/_home_tile.html", selectors.home_figures, "marriage.view", order=40)
