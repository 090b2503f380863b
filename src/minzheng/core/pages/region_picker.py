"""The region subtree filter and its cascading picker: staff pick a region by name, level by level, never by
typing a 12-digit code.

The widget shows the user's own region, then a select of its children, then the children of the chosen one …
Each select loads the next level with HTMX from `region_picker` (which lists only regions inside the user's
subtree) and swaps the chosen code into the hidden input that the filter form submits; `?region=CODE` from a
link renders the same chain of selects pre-selected."""

from __future__ import annotations

import re

import django_filters
from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from minzheng.core import regioncodes, regions
from minzheng.core.models import User

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]{0,60}")


def _chain(root: str, code: str | None) -> list[str]:
    """Codes from the root down to `code` (inclusive); just the root when `code` is empty or not below it."""
    if not code or not regioncodes.in_subtree(code, root):
        return [root]
    chain = [code]
    while chain[-1] != root:
        parent = regioncodes.parent_code(chain[-1])
        if parent is None:
            return [root]
        chain.append(parent)
    return list(reversed(chain))


def levels(root: str, code: str | None) -> list[dict]:
    """One select per level that has children: its options and which one is chosen (the level's own code = 全部)."""
    chain = _chain(root, code)
    out = []
    for i, node in enumerate(chain):
        options = regions.children_within(node, root)
        if not options:
            break
        out.append({"parent": node, "options": options, "selected": chain[i + 1] if i + 1 < len(chain) else node})
    return out


class RegionPicker(forms.Widget):
    """The filter form's widget; `root` (the user's region code) is set per form by `RegionField.bind_user`."""

    template_name = "core/pages/_region_picker.html"
    root: str | None = None
    root_name: str | None = None  # the user's region's name when it came with the user (core.auth.get_user)

    def valid_code(self, value) -> str | None:
        try:
            code = regioncodes.normalize(value)
        except regioncodes.RegionCodeError:
            return None
        return code if self.root and regioncodes.in_subtree(code, self.root) else None

    def render(self, name, value, attrs=None, renderer=None):
        field_id = (attrs or {}).get("id") or f"id_{name}"
        if not self.root:
            return ""
        code = self.valid_code(value) if value else None
        context = {"name": name, "field_id": field_id, "value": code or "",
                   "root_name": self.root_name or regions.names_for([self.root]).get(self.root, self.root),
                   "levels": levels(self.root, code)}
        return render_to_string(self.template_name, context)


class RegionField(forms.CharField):
    """A region code inside the user's subtree, picked by name (RegionPicker) or given as `?region=CODE`."""

    widget = RegionPicker

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.root: str | None = None

    def bind_user(self, user) -> None:
        self.root = getattr(user, "region_id", None)
        self.widget.root = self.root
        loaded = isinstance(user, User) and User.region.is_cached(user)
        self.widget.root_name = user.region.name if loaded else None

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        if len(text) > 12:
            raise ValidationError("区划代码格式不正确：应为 2、4、6、9 或 12 位数字")
        try:
            return regioncodes.normalize(text)
        except regioncodes.RegionCodeError as exc:
            raise ValidationError(str(exc)) from None

    def validate(self, value):
        super().validate(value)
        if not value:
            return
        if not self.root or not regioncodes.in_subtree(value, self.root):
            raise ValidationError(f"区划“{value}”不在您的管辖范围内")
        if not regions.exists(value):
            raise ValidationError(f"区划代码“{value}”不存在")


class RegionFilter(django_filters.Filter):
    """The region subtree, as a range on the code column: `RegionFilter("region_code")`, or `"region_id"` /
    `"region__code"` for a Region foreign key."""

    field_class = RegionField

    def __init__(self, field_name: str, *, label: str = "区划", **kwargs):
        super().__init__(field_name, label=label, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(**regioncodes.subtree_lookup(self.field_name, value))


@login_required
@require_GET
def region_picker(request):
    """HTMX: the next level of the picker after a choice, plus the hidden input with the chosen code."""
    name, field_id = request.GET.get("name", ""), request.GET.get("field_id", "")
    if not (_NAME.fullmatch(name) and _NAME.fullmatch(field_id)):
        return HttpResponseBadRequest("参数不正确")
    try:
        code = regioncodes.normalize(request.GET.get("code", ""))
        parent = regioncodes.normalize(request.GET.get("parent", ""))
    except regioncodes.RegionCodeError as exc:
        return HttpResponseBadRequest(str(exc))
    root = request.user.region_id
    if not (regioncodes.in_subtree(code, root) and regioncodes.in_subtree(parent, root)):
        return HttpResponse("不在您的管辖范围内", status=404)
    options = [] if code == parent else regions.children_within(code, root)
    level = {"parent": code, "options": options, "selected": code}
    return render(request, "core/pages/_region_level.html",
                  {"name": name, "field_id": field_id, "value": code, "level": level})
