"""Per-row error reports of imports and department feeds (行号, 列, 原值, 原因): formula-safe like every written
file, and with ID, phone and account numbers masked — a report is for finding the row in the file, not for carrying
the number again. Reports the application keeps are stored encrypted for their owner (core.filestore, category
"error_report", expiring); a command-line import may also write one to a path the operator names."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from minzheng.core import clock, crypto, filestore, idnumber, spreadsheets
from minzheng.core.spreadsheets import RowError

HEADER = ["行号", "列", "原值", "原因"]


def mask_numbers(text: str) -> str:
    """Every run of 7 or more digits (with a trailing X: an ID number) masked: a mobile number as 138****0000,
    anything else (ID, account, fixed line) like an ID number on a notice (first 6 and last 2 characters)."""

    def one(m) -> str:
        number = m.group(0)
        return crypto.mask_phone(number) if len(number) == 11 and number[0] == "1" else idnumber.mask(number)

    return spreadsheets.LONG_NUMBER.sub(one, text)


def rows(errors: Iterable[RowError], extra: Iterable[tuple] = ()):
    for e in errors:
        yield (e.row, str(e.column), mask_numbers(str(e.value)), mask_numbers(str(e.reason)))
    yield from extra


def store(errors: list[RowError], name: str, actor=None, extra: Iterable[tuple] = ()):
    """The report as .xlsx in the encrypted store, downloadable by `actor` only; returns the StoredFile."""
    stamp = clock.now().strftime("%Y%m%d-%H%M%S")
    with filestore.writer("error_report", f"{name}-错误报告-{stamp}.xlsx", actor=actor,
                          content_type=spreadsheets.XLSX_TYPE) as out:
        spreadsheets.write_xlsx(out, HEADER, rows(errors, extra), "错误报告")
    return out.stored


def write(path: Path | str, errors: list[RowError], extra: Iterable[tuple] = ()) -> Path:
    """The report at a path the operator chose (.xlsx or .csv), owner-only."""
    return spreadsheets.write_rows(Path(path), HEADER, rows(errors, extra), "错误报告")
