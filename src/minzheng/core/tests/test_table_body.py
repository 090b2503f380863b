"""A page table writes its rows (`body_html`) and its export values (`export_values`) without django-tables2's generic
per-cell path, for speed; these tests hold both to what that path gives, cell by cell, for every kind of column a
table may have: typed columns, a table's own `render_<name>`/`value_<name>`, a linked column, a plain django-tables2
column, per-record `<td>` attributes, the select column, empty values and text that must be escaped."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import django_tables2 as tables2
import pytest
from django.template.loader import render_to_string
from django.utils.html import conditional_escape

from minzheng.core.pages.columns import CodeColumn, DateColumn, MoneyColumn, PageTable, TextColumn


class Mixed(PageTable):
    name = TextColumn("姓名")
    amount = MoneyColumn("金额")
    day = DateColumn("日期")
    relation = CodeColumn({"02": "配偶"}, "关系")
    note = TextColumn("备注", wrap=True)
    overridden = TextColumn("改写", accessor="name")
    linked = TextColumn("链接", accessor="name", linkify=lambda record: f"/x/{record.pk}/")
    plain = tables2.Column("普通", accessor="name")
    striped = TextColumn("条纹", accessor="name", attrs={"td": {"class": lambda record: f"row-{record.pk % 2}"}})

    def render_overridden(self, value, record):
        return f"{value}#{record.pk}"

    def value_overridden(self, value, record):
        return f"{value}@{record.pk}"


def _records():
    return [SimpleNamespace(pk=1, name="<b>张三</b> & co", amount=Decimal("12.5"), day=dt.date(2026, 11, 2),
                            relation="02", note="=HYPERLINK(\"x\")"),
            SimpleNamespace(pk=2, name="", amount=None, day=None, relation="99", note=None)]


def _oracle_body(table) -> str:
    """What `core/pages/_table.html` rendered before `body_html`: django-tables2's own loop."""
    return "\n".join("<tr>" + "".join(f"<td {column.attrs['td'].as_html()}>{conditional_escape(cell)}</td>"
                                      for column, cell in row.items()) + "</tr>" for row in table.rows)


@pytest.mark.parametrize("select", [False, True])
def test_body_html_is_cell_for_cell_what_django_tables2_renders(select):
    mine, theirs = Mixed(_records(), select=select), Mixed(_records(), select=select)
    body = str(mine.body_html())
    assert body == _oracle_body(theirs)
    # and it says what it should: escaped text, the table's own render, the link, per-record attributes
    assert "&lt;b&gt;张三&lt;/b&gt; &amp;amp; co" not in body and "&lt;b&gt;张三&lt;/b&gt; &amp; co" in body
    assert "#1</td>" in body and 'href="/x/2/"' in body and 'class="row-1"' in body and 'class="row-0"' in body
    assert body.count("<tr>") == 2 and ('name="ids" value="2"' in body) == select


def test_export_values_are_what_get_cell_value_gives():
    mine, theirs = Mixed(_records()), Mixed(_records())
    expected = [[row.get_cell_value(c.name) for c in theirs.export_columns()] for row in theirs.rows]
    assert list(mine.export_values()) == expected
    first = dict(zip([c.name for c in mine.export_columns()], expected[0], strict=True))
    assert first["amount"] == Decimal("12.50") and first["overridden"] == "<b>张三</b> & co@1"
    assert first["day"] == dt.date(2026, 11, 2) and "ids" not in first


def test_an_empty_table_renders_its_empty_text():
    html = render_to_string("core/pages/_table.html", {"table": Mixed([], empty_text="没有记录")})
    assert "没有记录" in html and 'colspan="9"' in html and "<tr><td" in html
