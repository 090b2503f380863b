"""The home page's visit tile: routine visits overdue in the user's region."""

from __future__ import annotations

from minzheng.core import app_registry
from minzheng.monitoring import visits


def visits_tile(user) -> dict | None:
    overdue = visits.overdue_count(user)
    return {"overdue": overdue}


VISITS_TILE = app_registry.HomeTile("visits", "monitoring/_home_visits.html", visits_tile, "monitoring.view",
                                    order=30)
