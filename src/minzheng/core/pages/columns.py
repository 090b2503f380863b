"""Typed table columns (django-tables2) for list, detail and export.

Each column shows a cell for people (names and labels, not codes) and gives a typed value for exports through
`value()`: `Decimal` for money, `date` for dates, text otherwise; `core.pages.export` turns those into numeric,
date and text cells. A `PageTable` is built for one page (or one export chunk) of records at a time, so that it
can look up the region names of all its rows in one query instead of one per row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

import django_tables2 as tables2
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django_tables2.utils import Accessor

from minzheng.core import context, crypto, regions, roles

EMPTY = "—"
CENT = Decimal("0.01")


class TypedColumn(tables2.Column):
    """Base of the typed columns. Resolves the raw value itself (django-tables2 would hand over the
    `get_FOO_display()` text for fields with choices, losing the code) and derives both the cell and the
    export value from it; empty values render as a dash and export as an empty cell."""

    empty_values = ()  # render()/value() are called for None too, so empties look the same everywhere

    def raw(self, record, bound_column):
        return Accessor(bound_column.accessor).resolve(record, quiet=True)

    def render(self, record, bound_column, table):
        raw = self.raw(record, bound_column)
        if raw is None or raw == "":
            return EMPTY
        return self.display(raw, record, table)

    def value(self, record, bound_column, table):
        raw = self.raw(record, bound_column)
        if raw is None or raw == "":
            return None
        return self.export(raw, record, table)

    def display(self, raw, record, table):
        return str(raw)

    def export(self, raw, record, table):
        return str(raw)


class TextColumn(TypedColumn):
    """Plain text; `wrap=True` for long text (notes, addresses) that should wrap instead of widening the table."""

    def __init__(self, *args, wrap: bool = False, **kwargs):
        if wrap:
            kwargs.setdefault("attrs", {"td": {"class": "mz-wrap"}})
        super().__init__(*args, **kwargs)


class MoneyColumn(TypedColumn):
    """Amounts in yuan: `Decimal` input, or integer fen with `fen=True` (how payroll stores money). Shown
    `1,234.50` right-aligned; exported as a `Decimal` (a numeric cell, never a float)."""

    def __init__(self, *args, fen: bool = False, **kwargs):
        kwargs.setdefault("attrs", {"th": {"class": "text-end"}, "td": {"class": "text-end text-nowrap"}})
        super().__init__(*args, **kwargs)
        self.fen = fen

    def amount(self, raw) -> Decimal | None:
        try:
            value = Decimal(int(raw)) / 100 if self.fen else Decimal(str(raw))
            return value.quantize(CENT)
        except (InvalidOperation, TypeError, ValueError):
            return None

    def display(self, raw, record, table):
        amount = self.amount(raw)
        return EMPTY if amount is None else f"{amount:,.2f}"

    def export(self, raw, record, table):
        return self.amount(raw)


def _as_date(raw) -> dt.date | None:
    if isinstance(raw, dt.datetime):
        return timezone.localtime(raw).date() if timezone.is_aware(raw) else raw.date()
    return raw if isinstance(raw, dt.date) else None


class DateColumn(TypedColumn):
    """`2026-11-02`; a date cell in exports. Date-times are shown as their local date."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", {"td": {"class": "text-nowrap"}})
        super().__init__(*args, **kwargs)

    def display(self, raw, record, table):
        day = _as_date(raw)
        return day.isoformat() if day else str(raw)

    def export(self, raw, record, table):
        return _as_date(raw) or str(raw)


class MonthColumn(DateColumn):
    """`2026-11` for a month stored as its first day (or already as `YYYY-MM` text)."""

    def display(self, raw, record, table):
        day = _as_date(raw)
        return f"{day.year:04d}-{day.month:02d}" if day else str(raw)

    def export(self, raw, record, table):
        return self.display(raw, record, table)


class DateTimeColumn(DateColumn):
    """`2026-11-02 09:30:15` in local time (audit entries, uploads), or to the minute with `seconds=False`; exported
    as the same text."""

    def __init__(self, *args, seconds: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.format = "%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M"

    def display(self, raw, record, table):
        if isinstance(raw, dt.datetime):
            local = timezone.localtime(raw) if timezone.is_aware(raw) else raw
            return local.strftime(self.format)
        return str(raw)

    def export(self, raw, record, table):
        return self.display(raw, record, table)


class CountColumn(TypedColumn):
    """A count: right-aligned, a number cell in exports."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", {"th": {"class": "text-end"}, "td": {"class": "text-end"}})
        super().__init__(*args, **kwargs)

    def display(self, raw, record, table):
        return f"{int(raw):,}"

    def export(self, raw, record, table):
        return int(raw)


class UserColumn(TypedColumn):
    """A staff member by name (the user name when no name is recorded)."""

    def display(self, raw, record, table):
        return raw.full_name or raw.username

    def export(self, raw, record, table):
        return self.display(raw, record, table)


class CodeColumn(TypedColumn):
    """The label of a code value (`02` → 配偶), the code in the title for hover; exports the label."""

    def __init__(self, choices, *args, **kwargs):
        super().__init__(*args, **kwargs)
        pairs = choices.items() if isinstance(choices, dict) else choices
        self.labels = {str(code): label for code, label in pairs}

    def label(self, raw) -> str:
        return str(self.labels.get(str(raw), raw))

    def display(self, raw, record, table):
        return format_html('<span title="{}">{}</span>', raw, self.label(raw))

    def export(self, raw, record, table):
        return self.label(raw)


def _foreign_key(record, path: str):
    if not isinstance(record, models.Model) or Accessor.SEPARATOR in path or "." in path:
        return None
    try:
        field = record._meta.get_field(path)
    except FieldDoesNotExist:
        return None
    return field if field.many_to_one else None


class RegionColumn(TypedColumn):
    """A region shown by name (code in the title), exported by name. The record holds a 12-digit code
    (`region_code`, `region_id`) or a Region foreign key (`region`): the table reads the names of all codes on
    the page in one query and fills the foreign keys' cache with them, so no row triggers a query."""

    def code_of(self, record, path: str):
        field = _foreign_key(record, path)
        if field is not None:
            return getattr(record, field.attname)
        raw = Accessor(path).resolve(record, quiet=True)
        return getattr(raw, "code", raw)

    def raw(self, record, bound_column):
        return self.code_of(record, bound_column.accessor)

    def name(self, code, table) -> str:
        return getattr(table, "region_names", {}).get(code, code)

    def display(self, raw, record, table):
        return format_html('<span title="{}">{}</span>', raw, self.name(raw, table))

    def export(self, raw, record, table):
        return self.name(raw, table)


class _Unreadable(str):
    """The cell value of a ciphertext that failed authentication (exports as this text)."""


CIPHERTEXT_FAILED = _Unreadable("密文校验失败")


class MaskedColumn(TypedColumn):
    """An already-masked attribute (`id_number_masked`), monospace; exports the masked text, never plaintext.
    Not orderable: the stored value is encrypted, an order on it means nothing."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("orderable", False)
        super().__init__(*args, **kwargs)

    def raw(self, record, bound_column):
        # A ciphertext that does not belong to its row (moved or edited in the database) is shown as such in its
        # cell, not as an empty value and not as a failed page.
        try:
            return Accessor(bound_column.accessor).resolve(record)
        except crypto.CiphertextError:
            return CIPHERTEXT_FAILED
        except Exception:  # as quiet resolution: a missing attribute is an empty cell
            return None

    def display(self, raw, record, table):
        if isinstance(raw, _Unreadable):
            return format_html('<span class="text-danger" title="{}">{}</span>', crypto.CiphertextError().message, raw)
        return format_html('<span class="masked text-nowrap">{}</span>', raw)


_PAGE_PERMISSIONS: dict[str, object] = {}  # url name -> the role permission its page asks (None: any signed-in user)


def _page_permission(url_name: str, url: str):
    """The role permission the page behind `url` requires (its view class's `permission`), read once per url name."""
    if url_name not in _PAGE_PERMISSIONS:
        try:
            view = getattr(resolve(url).func, "view_class", None)
        except Resolver404:
            view = None
        _PAGE_PERMISSIONS[url_name] = getattr(view, "permission", None)
    return _PAGE_PERMISSIONS[url_name]


def permitted_url(url_name: str, args) -> str | None:
    """The URL of a page, or None when this request's user has a role that may not open it: a table shows such a
    row's text without its link, and leaves out an action (办结, 更正) the user could not take."""
    url = reverse(url_name, args=args)
    permission, user = _page_permission(url_name, url), context.user()
    if permission and user is not None and not roles.has_perm(user, permission):
        return None
    return url


class LinkColumn(TypedColumn):
    """Text linking to a detail page: `LinkColumn("姓名", "person_detail", url_args=("pk",), accessor="name")`;
    `url_args` are accessors on the record. Exports the text. A user whose role may not open that page (its
    `permission`) sees the text without the link, instead of a link to a 403."""

    def __init__(self, verbose_name, url_name: str, *args, url_args=("pk",), **kwargs):
        super().__init__(verbose_name, *args, **kwargs)
        self.url_name, self.url_args = url_name, tuple(url_args)

    def display(self, raw, record, table):
        url = permitted_url(self.url_name, [Accessor(a).resolve(record) for a in self.url_args])
        return format_html('<a href="{}">{}</a>', url, raw) if url else format_html("{}", raw)


class BooleanColumn(TypedColumn):
    def __init__(self, *args, yes: str = "是", no: str = "否", **kwargs):
        super().__init__(*args, **kwargs)
        self.yes, self.no = yes, no

    def display(self, raw, record, table):
        return self.yes if raw else self.no

    export = display


class SelectColumn(tables2.Column):
    """Row checkboxes for bulk actions (`ids`); added by the list page, never exported."""

    empty_values = ()

    def __init__(self):
        super().__init__(verbose_name="", accessor="pk", orderable=False, exclude_from_export=True,
                         attrs={"td": {"class": "mz-select"}, "th": {"class": "mz-select"}})

    @property
    def header(self):
        # Behaviour in static/minzheng/app.js (no inline script: Content-Security-Policy).
        return mark_safe('<input type="checkbox" class="form-check-input" aria-label="全选本页" data-mz-select-all>')

    def render(self, record):
        return format_html('<input type="checkbox" class="form-check-input" name="ids" value="{}" aria-label="选择">',
                           record.pk)


def _typed_own(bound, method: str) -> bool:
    """Whether django-tables2 would call the typed column's own `render` or `value` (the table defines no
    `render_<name>`/`value_<name>` for it). A typed column reads its record itself and never falls back to a default
    (`empty_values = ()`), so calling that method directly gives the same cell."""
    return isinstance(bound.column, TypedColumn) and getattr(bound, method) == getattr(bound.column, method)


def _computed(column) -> bool:
    """Whether a column's cell attributes depend on the record (callables in `attrs`)."""
    own = column.column.attrs or {}
    return any(callable(v) for part in ("td", "cell") for v in (own.get(part) or {}).values())


class PageTable(tables2.Table):
    """Base table: takes the records of one page or chunk (a list, never a whole queryset), renders with
    `core/pages/_table.html`, and loads what its columns need for all rows at once (region names)."""

    empty_text_default = "没有符合条件的记录"
    css = "table table-sm table-hover align-middle mb-0"

    def __init__(self, records, *, select: bool = False, empty_text: str | None = None, **kwargs):
        records = list(records)
        if not self._meta.attrs:  # django-tables2 does not inherit Meta: subclasses get the style here
            kwargs.setdefault("attrs", {"class": self.css})
        extra = [("ids", SelectColumn())] if select else None
        sequence = ("ids", "...") if select else None
        super().__init__(records, extra_columns=extra, sequence=sequence,
                         empty_text=empty_text or self.empty_text_default, **kwargs)
        self.sort_links: dict[str, tuple[str, str]] = {}  # column name -> (url, "asc" | "desc" | "")
        self.region_names: dict[str, str] = {}
        self.prepare(records)

    def prepare(self, records: list) -> None:
        region_columns = [(c.column, c.accessor) for c in self.columns.iterall() if isinstance(c.column, RegionColumn)]
        if not region_columns or not records:
            return
        codes = {column.code_of(r, path) for column, path in region_columns for r in records}
        found = regions.lookup(codes)
        self.region_names = {code: region.name for code, region in found.items()}
        for column, path in region_columns:
            for record in records:
                field = _foreign_key(record, path)
                code = column.code_of(record, path)
                if field is not None and code in found and not field.is_cached(record):
                    field.set_cached_value(record, found[code])

    def body_html(self) -> SafeString:
        """The rows, `<tr>` by `<tr>`, written here rather than by a template loop: a page of 30 rows has some 300
        cells, and the template's loop, with django-tables2 recomputing each column's attributes for every cell, took
        12–16 ms of a list page's 28–37 ms of CPU. Each cell is escaped as `{{ cell }}` would be. A typed column's
        cell comes straight from its `render`, since it reads the record itself (django-tables2's `get_cell` would
        first resolve and look up the field's display value, then drop it); any other column, or one the table
        renders or links itself, goes through `get_cell`. Each column's `<td>` attributes are worked out once, unless
        they are computed per record (callables), then per cell as django-tables2 does."""
        columns = list(self.columns)
        fixed = [None if _computed(c) else c.attrs["td"].as_html() for c in columns]
        direct = [_typed_own(c, "render") and not c.link for c in columns]
        rows = []
        for row in self.rows:
            cells = []
            for column, td, own in zip(columns, fixed, direct, strict=True):
                cell = column.column.render(row.record, column, self) if own else row.get_cell(column.name)
                attrs = td
                if attrs is None:  # per-record attributes: django-tables2 reads the record from the bound column
                    column.current_record, column.current_value = row.record, cell
                    attrs = column.attrs["td"].as_html()
                cells.append(f"<td {attrs}>{conditional_escape(cell)}</td>")
            rows.append("<tr>" + "".join(cells) + "</tr>")
        return mark_safe("\n".join(rows))  # every cell escaped above; the attributes are escaped by as_html

    def export_values(self) -> Iterator[list]:
        """Each row's typed values for the export columns (what `get_cell_value` gives), a typed column's straight
        from its `value` for the reason `body_html` gives: 4,241 persons' CSV took 9.8 s under the profiler, 8.6 s of
        it in django-tables2's generic path around 1.9 s of the columns' own work."""
        columns = self.export_columns()
        direct = [_typed_own(c, "value") for c in columns]
        for row in self.rows:
            yield [column.column.value(row.record, column, self) if own else row.get_cell_value(column.name)
                   for column, own in zip(columns, direct, strict=True)]

    @property
    def header_cells(self) -> list[dict]:
        cells = []
        for column in self.columns:
            url, state = self.sort_links.get(column.name, ("", ""))
            cells.append({"column": column, "label": column.header, "url": url, "state": state})
        return cells

    def export_columns(self) -> list:
        return [c for c in self.columns.iterall() if not c.column.exclude_from_export]
