"""Filter sets (django-filter) for list pages and the API.

A bad filter value is a field error in Chinese, never a silently empty list: the list page answers 422 with the
message at the field, the API raises `filter_errors_to_validation(filterset)` (422, same messages)."""

from __future__ import annotations

import datetime as dt
import re

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import Func, TextField
from django.template.loader import render_to_string
from django.utils import timezone
from django_filters.widgets import SuffixedMultiWidget

from minzheng.core import crypto, idnumber
from minzheng.core.errors import FieldError, ValidationFailed
from minzheng.core.pages.region_picker import RegionFilter  # noqa: F401 (every filter type importable from here)

YEARS = range(1900, 2101)  # beyond these, dates are typing errors (and year 1 overflows timezone conversion)
TEXT_LIMIT = 100


class PageFilterSet(django_filters.FilterSet):
    """Base filter set: knows the acting user (region-scoped filters validate against the user's subtree) and
    styles its widgets for the page. `user` defaults to `request.user` (pass it explicitly from the API)."""

    def __init__(self, data=None, queryset=None, *, request=None, user=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.user = user if user is not None else getattr(request, "user", None)

    @property
    def form(self):
        if not hasattr(self, "_form"):
            form = super().form
            for field in form.fields.values():
                if hasattr(field, "bind_user"):
                    field.bind_user(self.user)
                widget = field.widget
                if isinstance(widget, (forms.TextInput, forms.DateInput)):
                    widget.attrs.setdefault("class", "form-control form-control-sm")
                elif isinstance(widget, forms.Select):
                    widget.attrs.setdefault("class", "form-select form-select-sm")
        return self._form

    def audit_filters(self) -> dict[str, str]:
        """The filters in use, as text for the export's audit entry (ID numbers masked)."""
        out = {}
        for name, value in self.form.cleaned_data.items():
            if value in (None, "", [], ()):
                continue
            audit_text = getattr(self.filters[name], "audit_text", None)
            out[name] = audit_text(value) if audit_text else str(value)
        return out

    def active_count(self) -> int:
        """How many filters have a value (shown on the phone's 筛选条件 button)."""
        count = 0
        for bound in self.form:
            value = bound.data
            values = value if isinstance(value, (list, tuple)) else [value]
            count += any(v not in (None, "") for v in values)
        return count

    def error_list(self) -> list[tuple[str, str]]:
        """(field label, message) pairs for the alert above the table."""
        form = self.form
        for name in form.errors:
            if name in form.fields:
                widget = form.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
        return [(str(form.fields[name].label) if name in form.fields else "", str(message))
                for name, messages in form.errors.items() for message in messages]


def filter_errors_to_validation(filterset) -> ValidationFailed:
    """The filter set's field errors as the service error the API maps to 422."""
    return ValidationFailed([FieldError(name, str(message))
                             for name, messages in filterset.errors.items() for message in messages])


def _text_field_kwargs(kwargs: dict) -> dict:
    kwargs.setdefault("max_length", TEXT_LIMIT)
    kwargs.setdefault("error_messages", {"max_length": "内容过长：最多 %(limit_value)d 个字符"})
    return kwargs


class TextFilter(django_filters.CharFilter):
    """Exact text."""

    def __init__(self, field_name=None, *, label: str, **kwargs):
        super().__init__(field_name, label=label, **_text_field_kwargs(kwargs))


class ContainsFilter(TextFilter):
    def __init__(self, field_name=None, *, label: str, **kwargs):
        super().__init__(field_name, label=label, lookup_expr="contains", **kwargs)


class NameContainsFilter(ContainsFilter):
    """A Chinese name containing the text (王, 建国). A name of one or two characters gives a trigram index nothing to
    use, so on PostgreSQL the rows are first narrowed by the characters they hold — `regexp_split_to_array(name, '')
    @> {王}`, which a GIN index on that expression answers (a migration of the model's app creates it) — and the
    `contains` then keeps the exact text. SQLite has no such index: the plain `contains`."""

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        if value in ("", None) or connection.vendor != "postgresql":
            return qs
        return qs.alias(_name_chars=NameChars(self.field_name)).filter(_name_chars__contains=sorted(set(value)))


class NameChars(Func):
    """`regexp_split_to_array(name, '')`: the characters of a name, as the GIN index of NameContainsFilter reads them
    (the same expression, so PostgreSQL matches the index)."""

    function = "regexp_split_to_array"
    template = "%(function)s(%(expressions)s, '')"

    def __init__(self, expression, **extra):
        from django.contrib.postgres.fields import ArrayField

        super().__init__(expression, output_field=ArrayField(TextField()), **extra)


class ChoiceFilter(django_filters.ChoiceFilter):
    """A select showing labels; `choices` as a dict or (code, label) pairs."""

    def __init__(self, field_name=None, *, label: str, choices, **kwargs):
        pairs = list(choices.items() if isinstance(choices, dict) else choices)
        kwargs.setdefault("error_messages", {"invalid_choice": "“%(value)s”不是可选的值，请从列表中选择"})
        super().__init__(field_name, label=label, choices=pairs, empty_label="全部", **kwargs)


class YesNoFilter(django_filters.Filter):
    """A boolean column as 全部 / 是 / 否 (an unknown value is an error, not "all")."""

    field_class = forms.ChoiceField

    def __init__(self, field_name=None, *, label: str, **kwargs):
        kwargs.setdefault("error_messages", {"invalid_choice": "“%(value)s”不是可选的值：应为 是 或 否"})
        super().__init__(field_name, label=label, choices=[("", "全部"), ("1", "是"), ("0", "否")], **kwargs)

    def filter(self, qs, value):
        if value in ("", None):
            return qs
        return qs.filter(**{self.field_name: value == "1"})


def _is_datetime(model, path: str) -> bool:
    field = None
    for part in path.split("__"):
        if model is None:
            return False
        field = model._meta.get_field(part)
        model = field.related_model
    return isinstance(field, models.DateTimeField)


def _day_range(model, path: str, start: dt.date | None, stop: dt.date | None) -> dict:
    """Lookups for start <= day < stop, as local days when the column holds date-times."""
    lookups = {}
    as_time = _is_datetime(model, path)
    for key, day in (("gte", start), ("lt", stop)):
        if day is not None:
            lookups[f"{path}__{key}"] = (timezone.make_aware(dt.datetime.combine(day, dt.time.min))
                                         if as_time else day)
    return lookups


class MonthField(forms.CharField):
    widget = forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"})

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        match = re.fullmatch(r"(\d{4})-(\d{1,2})", text)
        if not match or int(match[1]) not in YEARS or not 1 <= int(match[2]) <= 12:
            raise ValidationError(f"月份“{text[:20]}”格式不正确：应为 YYYY-MM，例如 2026-11")
        return dt.date(int(match[1]), int(match[2]), 1)


class MonthFilter(django_filters.Filter):
    """`YYYY-MM`; matches every day of that month (months are stored as their first day)."""

    field_class = MonthField

    def filter(self, qs, value):
        if value is None:
            return qs
        stop = (value + dt.timedelta(days=32)).replace(day=1)
        return qs.filter(**_day_range(qs.model, self.field_name, value, stop))

    def audit_text(self, value) -> str:
        return f"{value:%Y-%m}"


class DayField(forms.DateField):
    widget = forms.DateInput(attrs={"type": "date"})
    input_formats = ["%Y-%m-%d"]
    default_error_messages = {"invalid": "日期格式不正确：应为 YYYY-MM-DD，例如 2026-11-02"}

    def validate(self, value):
        super().validate(value)
        if value and value.year not in YEARS:
            raise ValidationError(f"日期 {value.isoformat()} 超出范围（1900—2100 年）")


class DateRangeWidget(SuffixedMultiWidget):
    """Two date inputs named `<name>_from` and `<name>_to`."""

    suffixes = ["from", "to"]

    def __init__(self, attrs=None):
        date = {"type": "date", "class": "form-control form-control-sm"}
        super().__init__((forms.DateInput(attrs=date), forms.DateInput(attrs=date)), attrs)

    def decompress(self, value):
        return list(value) if value else [None, None]

    def render(self, name, value, attrs=None, renderer=None):
        context = self.get_context(name, value, attrs)
        return render_to_string("core/pages/_date_range.html", {"widget": context["widget"]})


class DateRangeField(forms.MultiValueField):
    widget = DateRangeWidget

    def __init__(self, **kwargs):
        kwargs.update(require_all_fields=False, required=False)
        super().__init__((DayField(required=False), DayField(required=False)), **kwargs)

    def compress(self, data_list):
        start, stop = [*data_list, None, None][:2]
        if start and stop and start > stop:
            raise ValidationError("起始日期不能晚于截止日期")
        return (start, stop) if start or stop else None


class DateRangeFilter(django_filters.Filter):
    """From/to dates (both inclusive); works on date and date-time columns (local days)."""

    field_class = DateRangeField

    def filter(self, qs, value):
        if not value:
            return qs
        start, stop = value
        return qs.filter(**_day_range(qs.model, self.field_name, start, stop + dt.timedelta(days=1) if stop else None))

    def audit_text(self, value) -> str:
        return "～".join(d.isoformat() if d else "" for d in value)


class IdNumberField(forms.CharField):
    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        if len(text) > 30:
            raise ValidationError("身份证号格式不正确：应为 18 位（末位可为 X）或 15 位数字")
        try:
            return idnumber.parse(text).number
        except idnumber.IdNumberError as exc:
            reason = str(exc)
            raise ValidationError(reason if "格式不正确" in reason else f"身份证号格式不正确：{reason}") from None


class PhoneField(forms.CharField):
    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        if len(text) > 30:
            raise ValidationError("联系电话格式不正确：过长")
        try:
            return crypto.normalize_phone(text)
        except crypto.PhoneError as exc:
            raise ValidationError(str(exc)) from None


class BlindIndexFilter(django_filters.Filter):
    """Exact match on an encrypted field through its keyed blind index (`<field>_index`): the value is normalised by
    the form field, then hashed; the plaintext is never compared or logged (the audit text is masked)."""

    default_label = ""

    def __init__(self, index_field: str, *, label: str | None = None, **kwargs):
        super().__init__(index_field, label=label or self.default_label, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(**{self.field_name: crypto.blind_index(value)})


class IdNumberFilter(BlindIndexFilter):
    """Exact citizen ID number: `IdNumberFilter("id_number_index")`. 15-digit numbers are converted first; a malformed
    number is a field error."""

    field_class = IdNumberField
    default_label = "身份证号"

    def audit_text(self, value) -> str:
        return idnumber.mask(value)


class PhoneFilter(BlindIndexFilter):
    """Exact phone number (`+86`, spaces and dashes are ignored); a malformed number is a field error, not an empty
    list."""

    field_class = PhoneField
    default_label = "联系电话"

    def audit_text(self, value) -> str:
        return crypto.mask_phone(value)
