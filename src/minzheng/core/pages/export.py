"""Excel/CSV export of a list page's filtered rows: the page's columns and labels, typed cells, streamed.

Rows are read in chunks (`QuerySet.iterator`) and each chunk goes through the page's table, so an export shows
exactly what the page shows (names, labels, masked values) with one query per chunk for records and one for
region names. Text that a spreadsheet would run as a formula is defused by the one rule of core.spreadsheets
(`safe_text`: a leading `= + - @`, tab or CR gets a `'` in front); numbers written as numbers are left alone.
Downloads carry `Cache-Control: no-store`; nothing is left on disk. A list page sends an export of more than
MINZHENG_EXPORT_INLINE_ROWS rows to a background job instead (core.pages.export_jobs), which writes the same bytes
with `write_csv`/`write_xlsx` into the encrypted file store."""

from __future__ import annotations

import csv
import datetime as dt
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import IO

from django.http import FileResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from minzheng import home
from minzheng.core import audit, clock
from minzheng.core.spreadsheets import safe_text, save_workbook, write_only_sheet

FORMATS = ("xlsx", "csv")
CHUNK = 2000
SPOOL_BYTES = 64 * 1024 * 1024  # an xlsx export stays in memory up to this size
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MONEY_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"
XLSX_TEXT_LIMIT = 32767  # characters in one Excel cell
XLSX_MAX_ROWS = 1_048_575  # data rows in one Excel sheet (1,048,576 with the header): a longer list goes to CSV
XLSX_TOO_MANY = ("Excel 工作表最多容纳 1,048,575 行数据，本次筛选结果超过此数，无法导出为 Excel：请改用 CSV 导出，"
                 "或缩小筛选范围后再导出。")


def headers(table_class) -> list[str]:
    return [str(c.header) for c in table_class([]).export_columns()]


def rows(table_class, queryset, chunk: int = CHUNK, on_chunk: Callable[[int], None] | None = None) -> Iterator[list]:
    """Typed values of every row, read `chunk` records at a time; `on_chunk(rows so far)` after each chunk."""
    batch, done = [], 0
    for record in queryset.iterator(chunk_size=chunk):
        batch.append(record)
        if len(batch) >= chunk:
            yield from _values(table_class, batch)
            done += len(batch)
            batch = []
            if on_chunk:
                on_chunk(done)
    if batch:
        yield from _values(table_class, batch)
        if on_chunk:
            on_chunk(done + len(batch))


def _values(table_class, records: list) -> Iterator[list]:
    return table_class(records).export_values()


def csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        return format(value, "f")  # exact: 1234.50, never a float's 1234.5 or 1.2345E+3
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return safe_text(str(value))


def xlsx_cell(sheet, value):
    if value is None or (isinstance(value, (int, float)) and not isinstance(value, bool)):
        return value
    if isinstance(value, Decimal):  # openpyxl writes Decimal as its exact text: a numeric cell, no float
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = MONEY_FORMAT
        return cell
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    text = "是" if value is True else "否" if value is False else str(value)
    # Control characters make openpyxl refuse the whole file; hostile text must not turn an export into a 500.
    return safe_text(ILLEGAL_CHARACTERS_RE.sub("", text))[:XLSX_TEXT_LIMIT]


class _Echo:
    def write(self, line: str) -> str:
        return line


def csv_lines(header: list[str], data: Iterable[list]) -> Iterator[bytes]:
    """UTF-8 with BOM (Excel in China opens it as UTF-8 then), line by line."""
    writer = csv.writer(_Echo())
    yield "\ufeff".encode()
    yield writer.writerow(header).encode()
    for row in data:
        yield writer.writerow([csv_cell(v) for v in row]).encode()


def write_csv(out: IO[bytes], header: list[str], data: Iterable[list]) -> int:
    """The bytes `csv_response` would send, into a binary file object; returns the number of rows."""
    lines = 0
    for line in csv_lines(header, data):
        out.write(line)
        lines += 1
    return lines - 2  # the BOM and the header


def _in_pieces(lines: Iterable[bytes], size: int = 64 * 1024) -> Iterator[bytes]:
    """Lines joined into pieces of about `size` bytes: the server writes each piece the response yields to the socket
    on its own (with its own chunk header), so line by line a village's 4,000 persons meant 4,000 writes."""
    piece, length = [], 0
    for line in lines:
        piece.append(line)
        length += len(line)
        if length >= size:
            yield b"".join(piece)
            piece, length = [], 0
    if piece:
        yield b"".join(piece)


def csv_response(header: list[str], data: Iterable[list], filename: str) -> StreamingHttpResponse:
    """Streamed (`csv_lines`) in pieces of about 64 KB."""
    response = StreamingHttpResponse(_in_pieces(csv_lines(header, data)), content_type="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = content_disposition_header(True, filename)
    response.headers["Cache-Control"] = "no-store"
    return response


def _sheet_title(title: str) -> str:
    return re.sub(r"[\\/?*\[\]:]", "", title)[:31] or "Sheet1"


def write_xlsx(out: IO[bytes], header: list[str], data: Iterable[list], title: str) -> int:
    """One sheet in openpyxl's write-only mode (sheet XML in memory, never a temp file), bold frozen header row,
    typed cells; saved into `out` (seeking not needed). Returns the number of rows."""
    book = Workbook(write_only=True)
    sheet = write_only_sheet(book, _sheet_title(title))
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    head = []
    for text in header:
        cell = WriteOnlyCell(sheet, value=safe_text(text))
        cell.font = bold
        head.append(cell)
    sheet.append(head)
    count = 0
    for row in data:
        sheet.append([xlsx_cell(sheet, v) for v in row])
        count += 1
    save_workbook(book, out)
    return count


def xlsx_response(header: list[str], data: Iterable[list], filename: str, title: str) -> tuple[FileResponse, int]:
    """`write_xlsx` into a spooled buffer: in memory up to SPOOL_BYTES, beyond that an unnamed file under
    MINZHENG_HOME/tmp (unlinked from the start, so nothing stays when the process ends); the buffer is released when
    the response closes it after sending."""
    handle = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES, dir=home.home_dir("tmp"))  # noqa: SIM115
    count = write_xlsx(handle, header, data, title)
    handle.seek(0)
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX_TYPE)
    response.headers["Cache-Control"] = "no-store"
    return response, count


def export_filename(title: str, fmt: str) -> str:
    return f"{title}-{clock.today():%Y%m%d}.{fmt}"


def record(user, object_type: str, count: int, fmt: str, filters: dict, **extra) -> None:
    """The export's audit entry: rows, format and the filters used (sensitive ones masked)."""
    audit.record(user, audit.Event("export", object_type, "", user.region_id,
                                   {"rows": count, "format": fmt, "filters": filters, **extra}))


def export_response(user, *, table_class, queryset, fmt: str, title: str, object_type: str, filters: dict,
                    count: int | None = None):
    """The download for `fmt` plus its audit entry. `count`: the rows, when the caller has counted them already."""
    name = export_filename(title, fmt)
    header, data = headers(table_class), rows(table_class, queryset)
    if fmt == "xlsx":
        response, count = xlsx_response(header, data, name, title)
    else:
        if count is None:  # the CSV streams after this view returns: count first, audit before sending
            count = queryset.count()
        response = csv_response(header, data, name)
    record(user, object_type, count, fmt, filters)
    return response
