"""Pure rules of the charity app, each citing 《中华人民共和国慈善法》 (2016, 修正 2023-12-29, in force 2024-09-05).

- 第二十二条: a charitable organisation registered for at least `min_years` may apply for the public-fundraising
  qualification (2016 text: 满二年; 2023 修正: 满一年 ❓ — the figure is a parameter).
- 第二十三条: online public fundraising through a platform designated by 民政部 (codes.PLATFORMS, a 示例 list).
- 第二十四条: the fundraising plan is filed (备案) with the registering 民政部门 before the fundraising starts.
- 第三十八条 (2016 numbering): a receipt for every donation; donations in money or in kind (goods valued).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

QUALIFICATION_MIN_YEARS = 1  # ❓ 2023 修正 第二十二条 (2016: 2)


def years_between(start: dt.date, end: dt.date) -> int:
    years = end.year - start.year
    if (end.month, end.day) < (start.month, start.day):
        years -= 1
    return years


def qualification_problems(recognised: bool, registered_on: dt.date | None, today: dt.date,
                           min_years: int = QUALIFICATION_MIN_YEARS) -> list[str]:
    out = []
    if not recognised:
        out.append("须先认定为慈善组织")
    if registered_on is None or years_between(registered_on, today) < min_years:
        out.append(f"依法登记满{min_years}年的慈善组织才可申请公开募捐资格（《慈善法》第二十二条）")
    return out


def filing_problems(qualified_on: dt.date | None, filed_on: dt.date, starts_on: dt.date,
                    ends_on: dt.date) -> list[tuple[str, str]]:
    out = []
    if qualified_on is None or qualified_on > filed_on:
        out.append(("org_id", "该慈善组织没有公开募捐资格，不能备案公开募捐（《慈善法》第二十二条）"))
    if ends_on < starts_on:
        out.append(("ends_on", "募捐结束日期不能早于开始日期"))
    if starts_on < filed_on:
        out.append(("starts_on", "公开募捐方案应在募捐开始前备案（《慈善法》第二十四条）"))
    return out


def donation_problems(form: str, amount: Decimal | None, goods: str, goods_value: Decimal | None) -> list[tuple]:
    if form == "money":
        return [] if amount and amount > 0 else [("amount", "资金捐赠须填写大于 0 的金额")]
    out = []
    if not goods:
        out.append(("goods_description", "物资捐赠须填写物资名称和数量"))
    if goods_value is None or goods_value <= 0:
        out.append(("goods_value", "物资捐赠须填写折合金额（用于开具捐赠票据）"))
    return out
