"""The template a department fills for one kind of data (数据模板): the kind's column headers in Chinese on the first
sheet, and on the second what each column takes (type, required, accepted values, other accepted headers) — the
same specification the upload page shows, so a file made from it loads without header mapping."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from minzheng.verification import codes, kinds


def template_xlsx(kind_code: str) -> tuple[str, bytes]:
    """(file name, .xlsx bytes) for the kind (KeyError for an unknown kind)."""
    kind = kinds.KINDS[kind_code]
    wb = Workbook()
    data = wb.active
    data.title = "数据"
    data.append([c.label for c in kind.columns])
    for cell in data[1]:
        cell.font = Font(bold=True)
        data.column_dimensions[cell.column_letter].width = max(12, len(cell.value) * 2 + 4)
    spec = wb.create_sheet("填写说明")
    spec.append(["列名", "类型", "是否必填", "可选值", "也接受的列名"])
    for c in kind.columns:
        spec.append([c.label, codes.COLUMN_TYPES[c.type], "必填" if c.required else "选填",
                     "、".join(a[1] if len(a) > 1 else a[0] for _, a in c.choices), "、".join(c.aliases)])
    for cell in spec[1]:
        cell.font = Font(bold=True)
    buffer = io.BytesIO()
    wb.save(buffer)
    return f"{kind.label}数据模板.xlsx", buffer.getvalue()
