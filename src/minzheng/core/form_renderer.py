"""Django's form renderer, with the built-in widget templates every form uses built in Python instead.

Django renders each widget through its template: `text.html` includes `input.html`, which includes `attrs.html`, and
a select includes `select_option.html` once per option. Those includes are most of a form's cost: the person list's
seven filters took 3.8 ms of an ID search's 15 ms of CPU, on every list page and every form page. The functions below
write the same HTML, byte for byte, from the same context the widget builds (`Widget.get_context`, so values,
attributes and choices are still Django's); core/tests/test_form_renderer.py compares the two on every kind of value.
Any other template (radio buttons, our own widgets) is rendered by Django as before.

Settings: FORM_RENDERER = "minzheng.core.form_renderer.FormRenderer"."""

from __future__ import annotations

from django.forms.renderers import DjangoTemplates
from django.template.base import render_value_in_context
from django.template.context import Context
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe

WIDGETS = "django/forms/widgets/"
_INPUTS = ("text", "number", "email", "url", "password", "hidden", "date", "datetime", "time", "search", "tel",
           "color", "checkbox")
OPTION = WIDGETS + "select_option.html"
_VALUES = Context()  # how `{{ value }}` prints: autoescape on, localised as the page is


def _shown(value) -> str:
    """`{{ value }}`."""
    return render_value_in_context(value, _VALUES)


def _string(value) -> str:
    """`{{ value|stringformat:'s' }}`: str() of the value, escaped unless it was marked safe."""
    if isinstance(value, tuple):
        value = str(value)
    try:
        text = "%s" % value  # noqa: UP031 — as the stringformat filter does it
    except (ValueError, TypeError):
        return ""
    return conditional_escape(mark_safe(text) if isinstance(value, SafeData) else text)


def _attrs(attrs: dict) -> str:
    """attrs.html: ` name="value"` each; True alone (` required`), False left out."""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        out.append(f" {_shown(name)}" if value is True else f' {_shown(name)}="{_string(value)}"')
    return "".join(out)


def _input(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{_string(widget["value"])}"'
    return f'<input type="{_shown(widget["type"])}" name="{_shown(widget["name"])}"{value}{_attrs(widget["attrs"])}>'


def _option(widget: dict) -> str:
    # select_option.html ends in a newline, which an include keeps.
    return f'<option value="{_string(widget["value"])}"{_attrs(widget["attrs"])}>{_shown(widget["label"])}</option>\n'


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget")
        if widget is None or not template_name.startswith(WIDGETS):
            return super().render(template_name, context, request)
        kind = template_name[len(WIDGETS):].removesuffix(".html")
        if kind in _INPUTS or kind == "input":
            return _input(widget)
        if kind == "select":
            return self._select(widget, context, request)
        if kind == "select_option":
            return _option(widget).strip()
        if kind == "textarea":
            text = _shown(widget["value"]) if widget["value"] else ""
            return f'<textarea name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>\n{text}</textarea>'
        return super().render(template_name, context, request)

    def _select(self, widget: dict, context: dict, request) -> str:
        out = [f'<select name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                out.append(f'\n  <optgroup label="{_shown(group_name)}">')
            for option in group_choices:
                if option["template_name"] == OPTION:
                    out.append("\n  " + _option(option))
                else:  # a select of our own options: Django renders them, as `{% include %}` would
                    out.append("\n  " + self.get_template(option["template_name"]).render(
                        {**context, "widget": option}, request=request))
            if group_name:
                out.append("\n  </optgroup>")
        out.append("\n</select>")
        return "".join(out)
