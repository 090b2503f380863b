"""The elderly-care home tile: elders in the user's region by age band and by living situation."""

from __future__ import annotations

from minzheng.core.app_registry import HomeTile
from minzheng.elderly import selectors

TILE = HomeTile("elderly", "elderly/_home_tile.html", selectors.register_figures, "people.view", order=25)
