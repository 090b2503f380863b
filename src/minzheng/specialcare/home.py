"""The special-care home tile: the 三难 campaign's cases found, being helped and closed, by kind."""

from __future__ import annotations

from minzheng.core.app_registry import HomeTile
from minzheng.specialcare import selectors

TILE = HomeTile("specialcare_hardship", "specialcare/_home_tile.html", selectors.hardship_figures,
                "specialcare.view", order=62)
