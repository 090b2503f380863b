"""What every page's template knows: the nav (every app's entries the user's role may open, from the app registry)
and who is signed in."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

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


def _nav(request, user) -> dict:
    entries, seen = [], set()
    for entry in app_registry.nav_entries():
        if roles.has_perm(user, entry.permission) and (entry.url_name, entry.label) not in seen:
            seen.add((entry.url_name, entry.label))
            entries.append((reverse(entry.url_name), entry.label, entry.group))
    # The current section is the longest entry the path lies under ("/" only for the home page itself).
    under = [url for url, *_ in entries if request.path == url or (url != "/" and request.path.startswith(url))]
    current = max(under, key=len, default=None)
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
    return {"nav_items": [NavItem(url, label, url == current) for url, label, _ in entries], "nav_bar": bar,
            "role_label": roles.ROLE_LABEL.get(user.role, ""),
            "can_change_people": roles.has_perm(user, "people.change"), "can_unmask": roles.may_unmask(user),
            "can_export": roles.has_perm(user, "people.export"),
            "can_apply": roles.has_perm(user, "people.change") and user.role in (roles.VILLAGE, roles.TOWNSHIP)}
