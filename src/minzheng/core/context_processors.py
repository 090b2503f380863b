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


def nav_context(request):
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    entries, seen = [], set()
    for entry in app_registry.nav_entries():
        if roles.has_perm(user, entry.permission) and (entry.url_name, entry.label) not in seen:
            seen.add((entry.url_name, entry.label))
            entries.append((reverse(entry.url_name), entry.label))
    # The current section is the longest entry the path lies under ("/" only for the home page itself).
    under = [url for url, _label in entries if request.path == url or (url != "/" and request.path.startswith(url))]
    current = max(under, key=len, default=None)
    return {"nav_items": [NavItem(url, label, url == current) for url, label in entries],
            "role_label": roles.ROLE_LABEL.get(user.role, ""),
            "can_change_people": roles.has_perm(user, "people.change"), "can_unmask": roles.may_unmask(user),
            "can_export": roles.has_perm(user, "people.export"),
            "can_apply": roles.has_perm(user, "people.change") and user.role in (roles.VILLAGE, roles.TOWNSHIP)}
