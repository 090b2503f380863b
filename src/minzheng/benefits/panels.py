"""Panels other apps add to the case page (e.g. the verification app's 核对报告): an app lists CasePanel objects in
its AppConfig (`case_panels = ["minzheng.verification.panels.REPORTS"]`), so the kernel never imports it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.apps import apps
from django.template.loader import render_to_string
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class CasePanel:
    key: str
    template: str
    context: Callable[[Any, Any], dict | None]  # (user, case) -> template context, or None to leave it out
    order: int = 100


@cache
def case_panels() -> list[CasePanel]:
    found = [import_string(path) for c in apps.get_app_configs() for path in getattr(c, "case_panels", ())]
    return sorted(found, key=lambda p: p.order)


def render(request, case) -> list[str]:
    out = []
    for panel in case_panels():
        context = panel.context(request.user, case)
        if context is not None:
            out.append(render_to_string(panel.template, {"case": case, **context}, request))
    return out
