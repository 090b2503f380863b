"""The home page (tiles the apps declare) and the inbox (待办/已办: one section per inbox provider an app declares)."""

from __future__ import annotations

import datetime as dt
import logging
import threading

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse

from minzheng.core import app_registry, clock, inbox_cache, jobs, kept, roles
from minzheng.core.errors import Forbidden

logger = logging.getLogger(__name__)
INBOX_ROWS = 10  # per section, nearest deadline first; each section links to its full list (a phone scrolls less)


# A kept tile older than its time is still shown, for up to this many times its time, while it is computed again
# beside the request: a city's or county's tiles aggregate a million people (3.3 s on PostgreSQL for a city officer at
# 1,000,000 persons), which no officer should wait for, nor the requests sharing the web process.
SHOWN_STALE_FOR = 12
_refreshing: set[str] = set()
_refreshing_lock = threading.Lock()


def _tile_contexts(tiles: list, user, seconds: int) -> list[tuple[dict | None, dt.datetime]]:
    """Each tile's figures and when they were computed, shared for `seconds` by the users who see
    the same figures (same role, region and unmasking right), in every web process (the cache is a database table,
    read with one query for all the tiles): too much to recompute on every visit of every officer; the page says
    when they were computed. Only the first visit computes them in the request; later, figures past their time are
    shown while a thread computes them again (_refresh)."""
    if seconds <= 0:
        return [(tile.context(user), clock.now()) for tile in tiles]
    keys = [f"minzheng:home-tile:{tile.key}:{user.role}:{user.region_id}:{int(bool(user.can_unmask))}"
            for tile in tiles]
    found = kept.get_many(keys)  # encrypted: a tile may list people (the registry's recently registered)
    due = clock.now() - dt.timedelta(seconds=seconds)
    out = []
    for tile, key in zip(tiles, keys, strict=True):
        value = found.get(key)
        if value is None:
            value = (tile.context(user), clock.now())
            kept.put(key, value, seconds * SHOWN_STALE_FOR)
        elif value[1] <= due:
            _refresh(tile, user, key, seconds)
        out.append(value)
    return out


def _refresh(tile, user, key: str, seconds: int) -> None:
    """Compute a tile's figures again and keep them beside the request (core.jobs.beside_request: a thread of this
    process, inline in tests), once at a time per tile here."""
    with _refreshing_lock:
        if key in _refreshing:
            return
        _refreshing.add(key)

    def compute():
        try:
            kept.put(key, (tile.context(user), clock.now()), seconds * SHOWN_STALE_FOR)
        except Exception:  # the figures shown stay the kept ones; the next visit tries again
            logger.exception("home tile %s: computing its figures again failed", tile.key)
        finally:
            with _refreshing_lock:
                _refreshing.discard(key)

    jobs.beside_request(compute, f"home-tile-{tile.key}")


@login_required
def home(request):
    user = request.user
    mine = [tile for tile in app_registry.home_tiles() if roles.has_perm(user, tile.permission)]
    seconds = int(getattr(settings, "MINZHENG_HOME_TILE_SECONDS", 300))
    tiles, computed = [], []
    for tile, (context, at) in zip(mine, _tile_contexts(mine, user, seconds), strict=True):
        if context is not None:
            tiles.append(render_to_string(tile.template, context, request))
            computed.append(at)
    return render(request, "core/home.html", {"region": user.region, "tiles": tiles,
                                              "computed_at": min(computed) if computed else None,
                                              "refresh_minutes": max(1, seconds // 60)})


@login_required
def inbox(request):
    user = request.user
    if not roles.has_perm(user, "people.view"):  # the administrators have no 待办 of people's data: 403, not empty
        raise Forbidden("您的角色无权访问此页面")
    tab = "done" if request.GET.get("tab") == "done" else "todo"
    mine = []
    for provider in app_registry.inbox_providers():
        fetch = provider.done if tab == "done" else provider.todo
        if fetch is not None and roles.has_perm(user, provider.permission):
            mine.append((provider, fetch))

    def compute():  # {provider key: its section}: plain data, kept a minute for this user (core.inbox_cache)
        return {provider.key: fetch(user, INBOX_ROWS) for provider, fetch in mine}

    found, computed_at = inbox_cache.sections(user, tab, compute, refresh=request.GET.get("refresh") == "1")
    if set(found) != {provider.key for provider, _fetch in mine}:  # kept before the user's rights changed
        found, computed_at = inbox_cache.sections(user, tab, compute, refresh=True)
    sections = [{"provider": provider, "section": found[provider.key],
                 "url": reverse(provider.url_name) if provider.url_name else ""} for provider, _fetch in mine]
    todo = sum(s["section"].count for s in sections) if tab == "todo" else None
    overdue = sum(s["section"].overdue for s in sections) if tab == "todo" else None
    return render(request, "core/inbox.html", {"tab": tab, "sections": sections, "todo_count": todo,
                                               "overdue_count": overdue, "today": clock.today(),
                                               "computed_at": computed_at, "kept_seconds": inbox_cache.seconds()})
