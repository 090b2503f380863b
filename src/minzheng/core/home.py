"""The platform's home tile: how much work awaits the user across every app's inbox providers."""

from __future__ import annotations

from minzheng.core import app_registry, roles


def inbox_summary(user) -> dict | None:
    providers = [p for p in app_registry.inbox_providers() if roles.has_perm(user, p.permission)]
    if not providers:
        return None
    sections = [p.todo(user, 0) for p in providers]
    return {"todo_count": sum(s.count for s in sections), "overdue_count": sum(s.overdue for s in sections)}


INBOX_TILE = app_registry.HomeTile("inbox", "core/_home_inbox.html", inbox_summary, "people.view", order=0)
