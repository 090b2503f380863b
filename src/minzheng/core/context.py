"""Who is acting and from where, for the audit log. Set per request by middleware, per command by the CLI."""

from __future__ import annotations

import contextvars
from contextlib import contextmanager

_source: contextvars.ContextVar[str] = contextvars.ContextVar("minzheng_source", default="")


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
