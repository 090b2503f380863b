"""What every generic page shares: login, the role permission check, declared actions, error pages."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import render
from django.urls import reverse
from django.views import View
from django_tables2.utils import Accessor

from minzheng.core import roles
from minzheng.core.errors import Forbidden

MAX_PK = 2**63 - 1  # larger ids cannot exist; passing them to the database would overflow (a 500)


def parse_pk(value) -> int | None:
    """A positive database id from user input, or None."""
    text = str(value).strip()
    if not text.isdigit() or len(text) > 19:
        return None
    number = int(text)
    return number if 0 < number <= MAX_PK else None


def declared(view, name: str):
    """A callable declared on the page class, plain function or staticmethod alike (no `self` passed)."""
    return getattr(type(view), name)


@dataclass(frozen=True)
class PageAction:
    """A button on a page: `PageAction("person_create", "登记人员", "people.change")`. On detail pages `url_args`
    are accessors on the object: `PageAction("person_edit", "修改", "people.change", url_args=("pk",))`."""

    url_name: str
    label: str
    permission: str | None = None
    url_args: tuple = ()
    style: str = "primary"

    def allowed(self, user) -> bool:
        return self.permission is None or roles.has_perm(user, self.permission)

    def url(self, obj=None) -> str:
        return reverse(self.url_name, args=[Accessor(a).resolve(obj) for a in self.url_args])


def visible_actions(actions, user, obj=None) -> list[dict]:
    return [{"label": a.label, "url": a.url(obj), "style": a.style} for a in actions if a.allowed(user)]


def error_page(request, status: int, message: str):
    return render(request, "core/error.html", {"status": status, "message": message}, status=status)


class Page(LoginRequiredMixin, View):
    """A logged-in page for users whose role holds `permission` (403 otherwise)."""

    title = ""
    permission: str | None = None
    template_name = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if self.permission and not roles.has_perm(request.user, self.permission):
            raise Forbidden("您的角色无权访问此页面")
        return super().dispatch(request, *args, **kwargs)

    def render(self, context: dict, status: int = 200, template: str | None = None):
        return render(self.request, template or self.template_name, {"title": self.title, **context}, status=status)
