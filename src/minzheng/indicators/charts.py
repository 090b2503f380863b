"""Chart data as Excel: every chart of the indicator page and of the funds and caseload board exports the numbers it
draws (`?export=xlsx&chart=NAME`), and the board exports all of them as one workbook, a sheet per chart. Written
through core.spreadsheets (formula-safe text, sheet XML in memory) and audited like every export."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.http import FileResponse

from minzheng.core import audit
from minzheng.core.errors import ValidationFailed
from minzheng.core.pages import export
from minzheng.core.spreadsheets import XLSX_TYPE, safe_text, save_workbook, write_only_sheet


@dataclass
class Chart:
    """One chart's data: a sheet title, the header and the rows (numbers as Decimal, text as str)."""

    name: str
    title: str
    header: list[str]
    rows: list[list]


def pick(charts: list[Chart], name: str) -> Chart:
    found = next((c for c in charts if c.name == name), None)
    if found is None:
        raise ValidationFailed.one("chart", "图表取值无效，应为：" + "、".join(c.name for c in charts))
    return found


def _record(user, object_type: str, region_code: str, rows: int, filters: dict) -> None:
    audit.record(user, audit.Event("export", object_type, "", region_code,
                                   {"rows": rows, "format": "xlsx", "filters": filters}))


def chart_response(user, chart: Chart, filename: str, object_type: str, region_code: str, filters: dict):
    """One chart's data as a one-sheet workbook."""
    response, count = export.xlsx_response(chart.header, chart.rows, filename, chart.title)
    _record(user, object_type, region_code, count, {**filters, "chart": chart.name})
    return response


def workbook_response(user, charts: list[Chart], filename: str, object_type: str, region_code: str,
                      filters: dict) -> FileResponse:
    """Every chart's data, a sheet each (small: aggregates by month, program and region), built in memory."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    count = 0
    for chart in charts:
        sheet = write_only_sheet(book, export._sheet_title(chart.title))
        sheet.append([safe_text(h) for h in chart.header])
        for row in chart.rows:
            sheet.append([export.xlsx_cell(sheet, v) for v in row])
            count += 1
    buffer = io.BytesIO()
    save_workbook(book, buffer)
    buffer.seek(0)
    response = FileResponse(buffer, as_attachment=True, filename=filename, content_type=XLSX_TYPE)
    response.headers["Cache-Control"] = "no-store"
    _record(user, object_type, region_code, count, filters)
    return response
