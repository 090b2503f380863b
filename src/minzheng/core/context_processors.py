"""What every page's template knows: the nav (every app's entries the user's role may open, from the app registry)
and who is signed in."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf, reverse

from minzheng.core import app_registry, roles


@dataclass(frozen=True)
class NavItem:
    url: str
    label: str
    active: bool


@dataclass(frozen=True)
class NavGroup:
    """A menu of the bar (社会救助, 养老服务 …): one line of business's pages together, so the bar stays one line."""

    label: str
    items: list
    active: bool


def nav_context(request):
    """Worked out once per request: a page that renders panels with the request (render_to_string) runs the context
    processors again for each."""
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    kept = getattr(request, "_minzheng_nav", None)
    if kept is None:
        kept = request._minzheng_nav = _nav(request, user)
    return kept


@functools.cache
def _entries(role: str, urlconf: str, prefix: str) -> tuple:
    """(url, label, group) of the entries a role may open: permissions are the role's, so this is worked out once
    per role, URL configuration and script prefix (which reverse() puts in front) rather than by ~60 permission
    checks and reverse() calls on every page."""
    entries, seen = [], set()
    for entry in app_registry.nav_entries():
        if roles.role_has_perm(role, entry.permission) and (entry.url_name, entry.label) not in seen:
            seen.add((entry.url_name, entry.label))
            entries.append((reverse(entry.url_name, urlconf=urlconf), entry.label, entry.group))
    return tuple(entries)


def _nav(request, user) -> dict:
    entries = _entries(user.role, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
    # The current section is the longest entry the path lies under ("/" only for the home page itself).
    under = [url for url, *_ in entries if request.path == url or (url != "/" and request.path.startswith(url))]
    current = max(under, key=len, default=None)
    bar, html = _bar(entries, current)
    return {"nav_items": [NavItem(url, label, url == current) for url, label, _ in entries], "nav_bar": bar,
            "nav_bar_html": html,
            "role_label": roles.ROLE_LABEL.get(user.role, ""),
            "can_change_people": roles.has_perm(user, "people.change"), "can_unmask": roles.may_unmask(user),
            "can_export": roles.has_perm(user, "people.export"),
            "can_apply": roles.has_perm(user, "people.change") and user.role in (roles.VILLAGE, roles.TOWNSHIP)}


@functools.lru_cache(maxsize=1024)
def _bar(entries: tuple, current: str | None) -> tuple[list, str]:
    """The bar's items and menus, and their HTML: the same for every page of a section seen by a role, so rendered
    once (~50 links, 2 ms a page otherwise). Bounded: roles × sections."""
    bar: list = []
    groups: dict[str, list] = {}
    for url, label, group in entries:  # a group sits where its first entry would (entries come sorted by order)
        item = NavItem(url, label, url == current)
        if not group:
            bar.append(item)
        elif group in groups:
            groups[group].append(item)
        else:
            groups[group] = [item]
            bar.append(group)
    bar = [NavGroup(b, groups[b], any(i.active for i in groups[b])) if isinstance(b, str) else b for b in bar]
    return bar, render_to_string("core/_nav_bar.html", {"nav_bar": bar})
