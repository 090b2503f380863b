"""The registry's home tile: people and households in the user's region, a quick search, the latest registered."""

from __future__ import annotations

from minzheng.core import clock
from minzheng.core.app_registry import HomeTile
from minzheng.registry import selectors


def registry_figures(user) -> dict:
    persons = selectors.persons_for(user)
    today = clock.today()
    return {
        "person_count": persons.count(),
        "household_count": selectors.households_for(user).count(),
        "disabled_count": persons.exclude(disability_category="").count(),
        "elderly_count": persons.filter(birth_date__lte=today.replace(year=today.year - 80)).count(),
        "recent": persons.select_related("region").order_by("-id")[:8],
    }


TILE = HomeTile("registry", "registry/_home_tile.html", registry_figures, "people.view", order=20)
