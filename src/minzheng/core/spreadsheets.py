"""Spreadsheet files: reading (CSV in UTF-8 or GBK/GB18030, XLSX) as rows of strings, for every importer, and the
one formula-safe rule every writer of xlsx/csv files applies.

Formula safety (OWASP "CSV injection"): text that a spreadsheet would run as a formula — a leading `= + - @`, tab or
CR — gets a `'` in front (`safe_text`). Numbers passed as numbers (int, Decimal) are left alone, so only text from
people (names, addresses, reasons, values from uploaded files) is touched. openpyxl would otherwise store a string
starting with "=" as a live formula. Fixed-width bank text files keep values verbatim (see docs/security/files.md).

Reading never shows library text, SQL or file paths: a damaged file is `UnreadableFile` with a Chinese reason.
Writing xlsx keeps the sheet's XML in memory (openpyxl's write-only mode would otherwise put it, in plaintext, in a
named file under the system temp directory until the workbook is saved)."""

from __future__ import annotations

import csv
import io
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

log = logging.getLogger(__name__)

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LONG_NUMBER = re.compile(r"\d{7,}[Xx]?")  # ID, phone and account numbers in free text (error reports mask them)


def safe_text(text: str) -> str:
    """The one formula-safe rule: text a spreadsheet would evaluate gets a leading apostrophe."""
    return "'" + text if text.startswith(FORMULA_START) else text


def safe_cell(value):
    """`safe_text` for text; numbers, dates and None as they are."""
    return safe_text(value) if isinstance(value, str) else value


def write_only_sheet(book, title: str):
    """A sheet of a write-only workbook whose XML stays in memory (never a plaintext temp file on disk); save the
    workbook with `save_workbook`."""
    from openpyxl.worksheet._writer import WorksheetWriter

    class _MemoryWriter(WorksheetWriter):
        in_memory = True

        def __init__(self, ws):
            super().__init__(ws, out=io.BytesIO())

        def cleanup(self):
            self.out = None

    sheet = book.create_sheet(title)
    sheet._writer = _MemoryWriter(sheet)
    sheet._writer.write_top()
    return sheet


def save_workbook(book, fh: IO[bytes]) -> None:
    """openpyxl's save, except that in-memory sheets (write_only_sheet) go into the zip from memory (openpyxl's
    own writer adds a sheet to the zip by file name)."""
    import datetime as dt
    from zipfile import ZIP_DEFLATED, ZipFile

    from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
    from openpyxl.writer.excel import ExcelWriter

    class _Writer(ExcelWriter):
        def write_worksheet(self, ws):
            writer = getattr(ws, "_writer", None)
            if not getattr(writer, "in_memory", False):
                return super().write_worksheet(ws)
            ws._drawing = SpreadsheetDrawing()
            ws._drawing.charts, ws._drawing.images = ws._charts, ws._images
            if not ws.closed:
                ws.close()
            ws._rels = writer._rels
            self._archive.writestr(ws.path[1:], writer.read())
            self.manifest.append(ws)
            writer.cleanup()
            return None

    book.properties.modified = dt.datetime.now(tz=dt.UTC).replace(tzinfo=None)
    _Writer(book, ZipFile(fh, "w", ZIP_DEFLATED, allowZip64=True)).save()


@dataclass
class RowError:
    """One rejected cell of an imported file: row number as the user sees it (header = row 1), column, the value
    as given and the reason in Chinese. Every importer reports with it."""

    row: int
    column: str
    value: str
    reason: str

    def text(self) -> str:
        return f"第 {self.row} 行 [{self.column}] “{self.value}”：{self.reason}"


class UnreadableFile(Exception):
    """The file as a whole cannot be read (not a row problem); the message is in Chinese."""


def _decode(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030")  # superset of GBK and GB2312, what Excel in China writes
    except UnicodeDecodeError:
        raise UnreadableFile("文件编码无法识别：请保存为 UTF-8 或 GBK 编码的 CSV 文件") from None


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # Excel stores 12-digit codes typed as numbers as floats
    if hasattr(value, "date") and hasattr(value, "hour"):
        value = value.date()
    return str(value).strip()


BAD_XLSX = "无法读取 Excel 文件：文件已损坏或不是有效的 .xlsx 文件，请在 Excel 中打开后另存为 .xlsx 再上传"
BAD_CSV = "无法读取 CSV 文件：文件已损坏或格式不正确（请另存为 UTF-8 或 GBK 编码的 CSV 文件）"


def guarded(rows: Iterator[list[str]], message: str) -> Iterator[list[str]]:
    """Rows of a file whose damage may only show while reading on: any library error becomes `message` (the
    library's own text, which can name paths or SQL, goes to the log only)."""
    try:
        yield from rows
    except UnreadableFile:
        raise
    except Exception as exc:
        log.warning("unreadable file: %r", exc)
        raise UnreadableFile(message) from None


def iter_rows(source: Path | str | IO[bytes], name: str | None = None) -> tuple[list[str], Iterator[list[str]]]:
    """(header, rows) of a path or of a binary file object (`name` gives its suffix). Row numbers as the user sees
    them: the header is row 1, data starts at row 2."""
    if hasattr(source, "read"):
        suffix = Path(name or "").suffix.lower()
    else:
        source = Path(source)
        if not source.exists():
            raise UnreadableFile(f"文件不存在：{source}")
        suffix = source.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        try:
            from openpyxl import load_workbook

            wb = load_workbook(source, read_only=True, data_only=True)
            rows = wb.worksheets[0].iter_rows(values_only=True)
            header = [_cell(v) for v in next(rows, ())]
        except Exception as exc:
            log.warning("unreadable xlsx: %r", exc)
            raise UnreadableFile(BAD_XLSX) from None

        def gen():
            for values in rows:
                yield [_cell(v) for v in values]
            wb.close()

        return header, guarded(gen(), BAD_XLSX)
    if suffix in (".csv", ".txt"):
        try:
            raw = source.read() if hasattr(source, "read") else source.read_bytes()
        except OSError as exc:
            log.warning("unreadable csv: %r", exc)
            raise UnreadableFile("无法读取文件，请重新上传") from None
        text = _decode(raw)
        del raw
        if "\x00" in text:
            raise UnreadableFile(BAD_CSV)
        reader = csv.reader(io.StringIO(text))
        try:
            header = [h.strip() for h in next(reader)]
        except StopIteration:
            raise UnreadableFile("文件为空") from None
        except csv.Error:
            raise UnreadableFile(BAD_CSV) from None
        return header, guarded(([c.strip() for c in row] for row in reader), BAD_CSV)
    raise UnreadableFile(f"不支持的文件类型“{suffix}”：请上传 .xlsx 或 .csv 文件")


def write_xlsx(fh: IO[bytes], header: list[str], rows, sheet_title: str = "Sheet1") -> None:
    """An .xlsx into a binary file object, every cell formula-safe; text cells are strings, never formulas."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    def clean(value):
        if isinstance(value, str):  # control characters make openpyxl refuse the whole file
            return safe_text(ILLEGAL_CHARACTERS_RE.sub("", value))
        return value

    wb = Workbook(write_only=True)
    ws = write_only_sheet(wb, sheet_title)
    ws.append([clean(h) for h in header])
    for row in rows:
        ws.append([clean(v) for v in row])
    save_workbook(wb, fh)


def write_csv(fh: IO[bytes], header: list[str], rows) -> None:
    """A CSV (UTF-8 with BOM, so Excel opens it correctly) into a binary file object, every cell formula-safe."""
    text = io.TextIOWrapper(fh, encoding="utf-8-sig", newline="", write_through=True)
    writer = csv.writer(text)
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    text.flush()
    text.detach()


def write_rows(path: Path, header: list[str], rows, sheet_title: str = "Sheet1") -> Path:
    """Write a CSV or an XLSX (by the file's suffix) to a path the operator chose, owner-only (0600), formula-safe.
    Files the application keeps go through core.filestore instead (encrypted)."""
    import os

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        write_table(fh, path.name, header, rows, sheet_title)
    return path


def write_table(fh: IO[bytes], name: str, header: list[str], rows, sheet_title: str = "Sheet1") -> None:
    """`write_xlsx` or `write_csv` by the suffix of `name`."""
    if Path(name).suffix.lower() == ".xlsx":
        write_xlsx(fh, header, rows, sheet_title)
    else:
        write_csv(fh, header, rows)
