"""Spreadsheet files: reading (CSV in UTF-8 or GBK/GB18030, XLSX) as rows of strings, for every importer."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


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


def iter_rows(path: Path) -> tuple[list[str], Iterator[list[str]]]:
    """(header, rows). Row numbers as the user sees them: the header is row 1, data starts at row 2."""
    path = Path(path)
    if not path.exists():
        raise UnreadableFile(f"文件不存在：{path}")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        try:
            from openpyxl import load_workbook

            wb = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:
            raise UnreadableFile(f"无法读取 Excel 文件：{exc}") from None
        rows = wb.worksheets[0].iter_rows(values_only=True)
        header = [_cell(v) for v in next(rows, ())]

        def gen():
            for values in rows:
                yield [_cell(v) for v in values]
            wb.close()

        return header, gen()
    if suffix in (".csv", ".txt"):
        try:
            text = _decode(path.read_bytes())
        except OSError as exc:
            raise UnreadableFile(f"无法读取文件：{exc}") from None
        reader = csv.reader(io.StringIO(text))
        try:
            header = [h.strip() for h in next(reader)]
        except StopIteration:
            raise UnreadableFile("文件为空") from None
        except csv.Error as exc:
            raise UnreadableFile(f"CSV 格式错误：{exc}") from None
        return header, ([c.strip() for c in row] for row in reader)
    raise UnreadableFile(f"不支持的文件类型“{suffix}”：请上传 .xlsx 或 .csv 文件")


def write_rows(path: Path, header: list[str], rows, sheet_title: str = "Sheet1") -> Path:
    """Write a CSV (UTF-8 with BOM, so Excel opens it correctly) or an XLSX by the file's suffix."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".xlsx":
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet(sheet_title)
        ws.append(header)
        for row in rows:
            ws.append(list(row))
        wb.save(path)
    else:
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(header)
            writer.writerows(rows)
    return path
