"""The form renderer writes Django's built-in widgets in Python: the HTML must be Django's own, byte for byte."""

from __future__ import annotations

import datetime
import inspect
from decimal import Decimal

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.utils.safestring import mark_safe

from minzheng.core.form_renderer import FormRenderer

AWKWARD = ['<b>"引号" & \'单引号\'</b>', mark_safe("<i>已标记安全</i>"), "=1+1", "", "  空格  ", 0, 12345678,
           Decimal("1234.50"), datetime.date(2026, 12, 6), None, True, False, ("a", "b")]


class Everything(forms.Form):
    text = forms.CharField(label="文字", max_length=20, widget=forms.TextInput(attrs={"class": "c", "data-x": '"<>'}))
    number = forms.IntegerField(required=False, widget=forms.NumberInput(attrs={"min": 0, "readonly": True,
                                                                               "disabled": False}))
    money = forms.DecimalField(required=False)
    day = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    email = forms.EmailField(required=False)
    secret = forms.CharField(required=False, widget=forms.PasswordInput(render_value=True))
    hidden = forms.CharField(required=False, widget=forms.HiddenInput)
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    agree = forms.BooleanField(required=False)
    kind = forms.ChoiceField(required=False,
                             choices=[("", "全部"), ("a", "<甲>"), (1, 2), ("b", mark_safe("<b>乙</b>"))])
    grouped = forms.ChoiceField(required=False, choices=[("第一组", [("x", "X"), ("y", "Y")]), ("z", "Z"),
                                                         ("<组&>", [("w", "W")])])
    many = forms.MultipleChoiceField(required=False, choices=[("a", "甲"), ("b", "乙"), ("c", "丙")])
    yes_no = forms.NullBooleanField(required=False)


def both(bound_field) -> tuple[str, str]:
    field, name = bound_field.field, bound_field.html_name
    value = bound_field.value()
    django = field.widget.render(name, value, attrs={"id": bound_field.auto_id}, renderer=DjangoTemplates())
    ours = field.widget.render(name, value, attrs={"id": bound_field.auto_id}, renderer=FormRenderer())
    return django, ours


@pytest.mark.parametrize("value", AWKWARD, ids=[repr(v)[:20] for v in AWKWARD])
def test_every_widget_matches_django_for_awkward_values(value):
    form = Everything(data=dict.fromkeys(Everything.base_fields, value) | {"many": [value, "b"]})
    for bound in form:
        django, ours = both(bound)
        assert ours == django, bound.name


def test_unbound_and_initial_values_match_django():
    for form in (Everything(), Everything(initial={"text": "初值", "kind": "a", "many": ["a", "c"], "agree": True,
                                                     "day": datetime.date(2026, 1, 31), "note": "第一行\n第二行"})):
        for bound in form:
            django, ours = both(bound)
            assert ours == django, bound.name
            assert ours  # something was written


def test_a_select_with_options_of_its_own_template_still_renders_them():
    class Fancy(forms.Select):
        option_template_name = "django/forms/widgets/input_option.html"

    widget = Fancy(choices=[("a", "甲"), ("b", "乙")])
    django = widget.render("f", "a", renderer=DjangoTemplates())
    assert widget.render("f", "a", renderer=FormRenderer()) == django
    assert 'type="select"' in django  # the option template really was used


def test_the_project_renders_forms_with_it():
    assert isinstance(get_default_renderer(), FormRenderer)


def _forms_of_the_apps():
    """Every form class the line-of-business apps and core declare that builds with no arguments."""
    import importlib
    import pkgutil

    import minzheng

    found = {}
    for info in pkgutil.walk_packages(minzheng.__path__, "minzheng."):
        if ".tests" in info.name or ".migrations" in info.name or not info.name.endswith(("forms", "filters")):
            continue
        module = importlib.import_module(info.name)
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                found[f"{info.name}.{name}"] = cls
    return found


@pytest.mark.django_db
def test_the_apps_own_forms_render_as_django_would():
    checked = 0
    for name, cls in _forms_of_the_apps().items():
        try:
            form = cls()
        except TypeError:  # needs a user or an object: covered by the pages' tests
            continue
        for bound in form:
            django, ours = both(bound)
            assert ours == django, f"{name}.{bound.name}"
            checked += 1
    assert checked > 50, checked  # the apps' forms were found
