"""The disability pages: coverage by village with the gaps, the lists with Excel export, the 残联 file."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


def test_coverage_page_and_lists(planted, staff, client_for):
    client = client_for(staff["township"])
    page = client.get("/disability/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "甲残" in text and "丁残" in text and "应保未保" in text
    assert client.get("/disability/?region_code=33x").status_code == 422
    assert client.post("/disability/").status_code == 302
    gaps = client.get("/disability/gaps/")
    assert gaps.status_code == 200 and "庚残" in gaps.content.decode()
    export = client.get("/disability/gaps/?export=xlsx")
    assert export.status_code == 200
    for url in ("/disability/holds/", "/disability/reviews/", "/disability/reviews/due/", "/disability/sweep/",
                "/disability/reviews/new/"):
        assert client.get(url).status_code == 200, url
    assert client_for(staff["auditor"]).get("/disability/").status_code == 403


def test_reconciliation_file(planted, staff, client_for):
    response = client_for(staff["county"]).get("/disability/reconciliation.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][-1] == "核对结果" and len(rows) == 1 + 6  # b ×2, e, f (dead, not yet swept), g, h
    assert client_for(staff["village"]).get("/disability/reconciliation.xlsx").status_code in (200, 403)
