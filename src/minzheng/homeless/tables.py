"""Tables of the rescue-station pages (typed columns: labels, region names, money)."""

from __future__ import annotations

from django.utils.html import format_html

from minzheng.core.pages.columns import (
    EMPTY,
    CodeColumn,
    CountColumn,
    DateColumn,
    LinkColumn,
    MoneyColumn,
    PageTable,
    RegionColumn,
    TextColumn,
    TypedColumn,
    permitted_url,
)
from minzheng.homeless import codes


class DecideColumn(TypedColumn):
    """Links to record a match's outcome (confirm / rule out) for the row's person or report."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("orderable", False)
        kwargs.setdefault("exclude_from_export", True)
        super().__init__(*args, accessor="score", **kwargs)

    def display(self, raw, record, table):
        url = permitted_url("homeless_match", [table.intake_id])
        if url is None:
            return EMPTY
        key = f"person_id={record['person_id']}" if record["person_id"] else \
            f"missing_person_id={record['missing_person_id']}"
        return format_html('<a class="btn btn-sm btn-outline-success me-1" href="{}?{}&outcome=confirmed">确认身份</a>'
                           '<a class="btn btn-sm btn-outline-secondary" href="{}?{}&outcome=rejected">排除</a>',
                           url, key, url, key)


class IntakeTable(PageTable):
    shown_name = LinkColumn("姓名", "homeless_intake", url_args=("pk",), accessor="shown_name", order_by=("name",))
    sex = CodeColumn(codes.SEX, "性别")
    estimated_birth_year = TextColumn("估计出生年份")
    found_on = DateColumn("发现日期")
    found_at = TextColumn("发现地点", orderable=False)
    found_by = CodeColumn(codes.FOUND_BY, "发现/护送方式")
    region_code = RegionColumn("发现地区划")
    admitted_on = DateColumn("入站日期")
    left_on = DateColumn("离站日期")
    status = CodeColumn(codes.STATUS, "状态")


class MissingTable(PageTable):
    name = TextColumn("姓名")
    sex = CodeColumn(codes.SEX, "性别")
    birth_year = TextColumn("出生年份")
    region_code = RegionColumn("家庭所在地")
    features = TextColumn("体貌特征", orderable=False)
    missing_since = DateColumn("走失日期")
    reported_by = TextColumn("报告人")
    contact_phone_masked = TextColumn("联系电话", orderable=False)
    status = CodeColumn(codes.MISSING_STATUS, "状态")


class ExpenseTable(PageTable):
    kind = CodeColumn(codes.EXPENSE_KINDS, "费用类别", orderable=False)
    on_date = DateColumn("日期", orderable=False)
    quantity = TextColumn("数量", orderable=False)
    amount = MoneyColumn("金额（元）", orderable=False)
    provider = TextColumn("机构", orderable=False)
    note = TextColumn("说明", orderable=False)


class PropertyTable(PageTable):
    description = TextColumn("物品", orderable=False)
    quantity = TextColumn("数量", orderable=False)
    kept_on = DateColumn("登记保管日期", orderable=False)
    returned_on = DateColumn("归还日期", orderable=False)
    returned_to = TextColumn("归还给", orderable=False)


class MatchTable(PageTable):
    name = TextColumn("姓名", orderable=False)
    kind = CodeColumn(codes.MATCH_KINDS, "来源", orderable=False)
    birth_year = TextColumn("出生年份", orderable=False)
    region_code = RegionColumn("户籍/居住地", orderable=False)
    score = TextColumn("匹配分", orderable=False)
    reason_text = TextColumn("匹配理由", orderable=False)
    decide = DecideColumn("核实")


class OutcomeTable(PageTable):
    decided_on = DateColumn("核实日期", orderable=False)
    outcome = CodeColumn(codes.MATCH_OUTCOMES, "结果", orderable=False)
    score = TextColumn("匹配分", orderable=False)
    note = TextColumn("核实情况", orderable=False)


class BandTable(PageTable):
    band = TextColumn("在站时长", orderable=False)
    count = CountColumn("人数", orderable=False)

