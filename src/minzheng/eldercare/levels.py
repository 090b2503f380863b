"""The elder's assessed capability level (GB/T 42195-2022: 0 能力完好 … 4 能力完全丧失) as this app reads it.

The assessment itself belongs to the `elderly` app (built alongside this one). This app reads it through one function,
`current_levels(person_ids) -> {person id: level}` (elders without a current assessment are absent), found at
`settings.MINZHENG_ELDERCARE_LEVELS` (a dotted path) or, by default, `minzheng.elderly.selectors.current_levels`.
Until that exists every elder reads as not assessed, and the family care bed service refuses to open a bed (the
issue: a bed is "an assessed elder at home"). Tests replace `SOURCE` with a stub."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.conf import settings
from django.utils.module_loading import import_string

DEFAULT = "minzheng.elderly.selectors.current_levels"
SOURCE: Callable[[list[int]], dict[int, int]] | None = None  # set by tests; None = the configured function


def _source() -> Callable[[list[int]], dict[int, int]] | None:
    if SOURCE is not None:
        return SOURCE
    try:
        return import_string(getattr(settings, "MINZHENG_ELDERCARE_LEVELS", DEFAULT))
    except ImportError:
        return None


def current_levels(person_ids: Iterable[int]) -> dict[int, int]:
    ids = list(person_ids)
    source = _source()
    if source is None or not ids:
        return {}
    return {pid: int(level) for pid, level in source(ids).items() if level is not None}


def current_level(person_id: int) -> int | None:
    return current_levels([person_id]).get(person_id)
