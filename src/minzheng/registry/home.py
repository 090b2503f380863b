"""The registry's home tile: people and households in the user's region, a quick search, the latest registered."""

from __future__ import annotations

from minzheng.core.app_registry import HomeTile
from minzheng.registry import selectors

TILE = HomeTile("registry", "registry/_home_tile.html", selectors.registry_figures, "people.view", order=20)
