"""tables2 asks the signature of a column's method once per function, not once per cell, and gets the same answer."""

from __future__ import annotations

import django_tables2 as tables
from django_tables2 import utils

from minzheng.core.pages import table_signatures


class _Table(tables.Table):
    name = tables.Column()
    double = tables.Column(empty_values=())

    def render_double(self, record):
        return record["n"] * 2

    def value_name(self, value, record):
        return f"{value}-{record['n']}"


def test_signatures_are_asked_once_per_function_with_the_librarys_answer(monkeypatch):
    assert utils.signature is table_signatures.signature  # installed by CoreConfig.ready
    asked, library = [], table_signatures._original

    def counting(fn):
        asked.append(fn)
        return library(fn)

    monkeypatch.setattr(table_signatures, "_original", counting)
    monkeypatch.setattr(table_signatures, "_known", {})
    table = _Table([{"name": f"甲{i}", "n": i} for i in range(50)])
    values = [[row.get_cell_value(c) for c in ("name", "double")] for row in table.rows]
    assert values[3] == ["甲3-3", 6] and len(values) == 50
    assert 0 < len(asked) <= 4  # render_double, value_name (and tables2's own defaults), not 100 cells' worth
    bound = table.render_double
    assert table_signatures.signature(bound) == library(bound) == (("record",), None)
    assert table_signatures.signature(_Table.render_double) == (("self", "record"), None)  # unbound: self stays
