"""Who is acting and from where, for the audit log and the pages. Set per request by middleware, per command
by the CLI, per background job from the job row (core.jobs). Also collects, per request, scoped lookups that missed a
row which exists (core.scoping): if the request then answers 404, the security log records a denied attempt."""

from __future__ import annotations

import contextvars
from contextlib import contextmanager

_source: contextvars.ContextVar[str] = contextvars.ContextVar("minzheng_source", default="")
_misses: contextvars.ContextVar[list | None] = contextvars.ContextVar("minzheng_scoped_misses", default=None)
_user: contextvars.ContextVar = contextvars.ContextVar("minzheng_user", default=None)


def source_address() -> str:
    return _source.get()


@contextmanager
def acting_from(source: str):
    token = _source.set(source)
    try:
        yield
    finally:
        _source.reset(token)


def set_source(source: str):
    return _source.set(source)


def reset_source(token) -> None:
    _source.reset(token)


def set_user(user):
    """The signed-in user of this request (lazy: nothing is read until asked), for what renders without the
    request at hand — a table's links (core.pages.columns.LinkColumn)."""
    return _user.set(user)


def reset_user(token) -> None:
    _user.reset(token)


def user():
    """This request's user, or None outside a request (a command, a job)."""
    return _user.get()


def collect_misses():
    """Start collecting scoped misses for this request (reset with reset_misses)."""
    return _misses.set([])


def reset_misses(token) -> None:
    _misses.reset(token)


def note_miss(miss: dict) -> None:
    found = _misses.get()
    if found is not None and len(found) < 10:
        found.append(miss)


def misses() -> list[dict]:
    return list(_misses.get() or [])
