"""Pure rules of the monitoring app (no I/O), each citing where it comes from."""

from __future__ import annotations

from django.conf import settings

# Working days a township has to visit (核实/走访) a household after a warning. There is no national time limit
# (NATIONAL_RULES §1.6: warnings are pushed for 入户核实, the limit is local); these are the product's defaults,
# overridable per installation (setting MINZHENG_WARNING_VISIT_WORKDAYS = {"red": …, "orange": …, "yellow": …}).
VISIT_WORKDAYS = {"red": 3, "orange": 5, "yellow": 10}


def visit_workdays(level: str) -> int:
    table = {**VISIT_WORKDAYS, **(getattr(settings, "MINZHENG_WARNING_VISIT_WORKDAYS", None) or {})}
    return int(table[level])


def level_of(score: int, red: int | None, orange: int | None, yellow: int | None) -> str | None:
    """The level of a score by the region's cut-offs (the same CASE as signals.SCORE_SQL, for pages and tests)."""
    for name, cut in (("red", red), ("orange", orange), ("yellow", yellow)):
        if cut is not None and score >= cut:
            return name
    return None
