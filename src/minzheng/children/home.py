"""The children's home tile: current children by category and the visits due and overdue in the user's region."""

from __future__ import annotations

from minzheng.children.selectors import register
from minzheng.core.app_registry import HomeTile

TILE = HomeTile("children", "children/_home_tile.html", register.register_figures, "people.view", order=26)
