"""Rows that carry a period of validity (`effective_from`, `effective_to`; an open end is null): which are in force.

Policy is data (standards, signal rules …): each row holds from its first day through its last, inclusive, and a
rule changes by closing one row and starting the next. Written once so that every reader draws the same line."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q


def in_force_on(day: dt.date) -> Q:
    """Started on or before `day` and not ended before it."""
    return Q(effective_from__lte=day) & (Q(effective_to__isnull=True) | Q(effective_to__gte=day))


class PeriodQuerySet(models.QuerySet):
    def in_force(self, day: dt.date):
        return self.filter(in_force_on(day))
