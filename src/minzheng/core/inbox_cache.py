"""The inbox page's sections, kept a short while per user (MINZHENG_INBOX_SECONDS, default 60; 0 turns it off).

The inbox is the page staff open most, and its sections are its cost: 14 apps' queries, and the due lists computed
from visit plans and survival-check periods (a county officer's inbox: about 400 ms at 1,000,000 persons). A user
who comes back to it within the minute gets the sections as they were, with the time they were computed on the page
and a link that computes them afresh. The user's own changes show at once: any successful write of theirs (a form
post, an API call) forgets their sections (`forget_after_writes`). Work that others send them appears within the
minute.

Kept by core.kept: in the database table every web process shares (ADR 0018), encrypted and bound to the key."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.conf import settings

from minzheng.core import clock, kept

TABS = ("todo", "done")


def seconds() -> int:
    return int(getattr(settings, "MINZHENG_INBOX_SECONDS", 60))


def _key(user, tab: str) -> str:
    # Role and region in the key: a user moved to another post never sees the sections of the old one.
    return f"minzheng:inbox:{user.pk}:{user.role}:{user.region_id}:{tab}"


def sections(user, tab: str, compute: Callable[[], Any], refresh: bool = False) -> tuple[Any, dt.datetime]:
    """(compute()'s result, when it was computed): the one kept for this user and tab (unless `refresh`), else
    computed now and kept for seconds()."""
    keep = seconds()
    if keep <= 0:
        return compute(), clock.now()
    key = _key(user, tab)
    found = None if refresh else kept.get(key)
    if found is not None:
        return found
    value = (compute(), clock.now())
    kept.put(key, value, keep)
    return value


def forget(user) -> None:
    kept.forget(_key(user, tab) for tab in TABS)


class ForgetAfterWritesMiddleware:
    """A signed-in user's successful write (not GET/HEAD/OPTIONS, answered below 400) forgets their inbox sections,
    so the inbox they go back to shows what they just did."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in ("GET", "HEAD", "OPTIONS") and response.status_code < 400:
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated and seconds() > 0:
                forget(user)
        return response
