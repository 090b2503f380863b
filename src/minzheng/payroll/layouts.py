"""Bank file layouts (代发文件格式), configurable per bank: `payroll/data/bank_layouts.json`, plus an optional
`$MINZHENG_HOME/bank_layouts.json` whose layouts add to or replace the bundled ones. A layout names its columns
(field, header; fixed-width: width, align, pad, truncate), the encoding (UTF-8 or GBK; `"gb18030": true` when the
bank also accepts GB18030, used for names GBK cannot write, e.g. 王𠮷), whether the text format
is fixed-width, the control line (count and total; first or last line) and the return file's column headers."""

from __future__ import annotations

import json
from pathlib import Path

from minzheng import home
from minzheng.core.errors import ValidationFailed

BUNDLED = Path(__file__).with_name("data") / "bank_layouts.json"
FIELDS = {"ref": "流水号（名册号-待遇号）", "payee_name": "领取人姓名", "id_number": "领取人身份证号",
          "account": "账号",
          "amount": "金额（元，两位小数）", "amount_fen": "金额（分）", "bank_name": "开户行", "summary": "摘要",
          "program_name": "救助项目", "month": "发放月份", "region_code": "区划代码", "count": "笔数（控制行）",
          "total": "总金额（元，控制行）", "total_fen": "总金额（分，控制行）"}
NEVER_TRUNCATE = {"ref", "account", "amount", "amount_fen", "id_number", "count", "total", "total_fen"}


def all_layouts() -> dict[str, dict]:
    layouts = json.loads(BUNDLED.read_text(encoding="utf-8"))
    local = home.home() / "bank_layouts.json"
    if local.is_file():
        layouts.update(json.loads(local.read_text(encoding="utf-8")))
    return layouts


def get(code: str | None) -> dict:
    layouts = all_layouts()
    code = code or "default"
    if code not in layouts:
        raise ValidationFailed.one("layout", f"没有名为“{code}”的银行文件格式，可用：{'、'.join(layouts)}")
    layout = dict(layouts[code], code=code)
    for col in layout["columns"] + [f for f in layout.get("control", {}).get("fields", []) if "field" in f]:
        if col["field"] not in FIELDS:
            raise ValidationFailed.one("layout", f"格式“{code}”的字段“{col['field']}”不存在")
        if layout.get("fixed_width") and "width" not in col:
            raise ValidationFailed.one("layout", f"定长格式“{code}”的字段“{col['field']}”缺少宽度")
    return layout


def fixed(value: str, col: dict, encoding: str, ref: str) -> bytes:
    """One fixed-width field: padded to `width` bytes in the file's encoding (a Chinese character is 2 bytes in
    GBK). Too long: truncated at a character boundary where allowed, otherwise refused (an account or an amount is
    never cut)."""
    width = col["width"]
    raw = value.encode(encoding)  # strict: bank_files._encoding_for checked the names first
    if len(raw) > width:
        if not col.get("truncate") or col.get("field") in NEVER_TRUNCATE:
            raise ValidationFailed.one("layout", f"第 {ref} 笔的“{FIELDS.get(col.get('field'), col.get('text'))}”"
                                                 f"长度 {len(raw)} 字节，超过格式规定的 {width} 字节")
        while len(raw) > width:
            value = value[:-1]
            raw = value.encode(encoding)
    pad = col.get("pad", " ").encode(encoding)
    fill = pad * (width - len(raw))
    return fill + raw if col.get("align") == "right" else raw + fill
