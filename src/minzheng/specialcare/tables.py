"""Tables of the special-care pages."""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import format_html

from minzheng.benefits.workflow import STATES as CASE_STATES
from minzheng.core.pages.columns import (
    CodeColumn,
    CountColumn,
    DateColumn,
    LinkColumn,
    MoneyColumn,
    PageTable,
    RegionColumn,
    TextColumn,
    TypedColumn,
)
from minzheng.specialcare import codes


class DownloadColumn(TypedColumn):
    """The download link of an export's stored file (its owner only: core.views serves it); not exported."""

    def __init__(self, verbose_name, **kwargs):
        kwargs.setdefault("exclude_from_export", True)
        super().__init__(verbose_name, accessor="pk", **kwargs)

    def display(self, raw, record, table):
        if not record.file_id:
            return "—"
        return format_html('<a href="{}">下载</a>', reverse("specialcare_exchange_download", args=[raw]))


class EntitledTable(PageTable):
    name = LinkColumn("姓名", "specialcare_detail", url_args=("pk",), accessor="person__name")
    category = CodeColumn(codes.CATEGORIES, "优抚类别")
    nature = CodeColumn(codes.NATURES, "残疾性质")
    grade = CodeColumn(codes.GRADES, "残疾等级")
    region_code = RegionColumn("区划")
    certificate_no = TextColumn("证件编号")
    id_verified_on = DateColumn("身份核验")
    registered_on = DateColumn("登记日期")
    status = CodeColumn(codes.STATUS, "状态")


class CertificationTable(PageTable):
    name = TextColumn("姓名", accessor="entitled__person__name")
    category = CodeColumn(codes.CATEGORIES, "优抚类别", accessor="entitled__category")
    year = TextColumn("年度")
    certified_on = DateColumn("确认日期")
    method = CodeColumn(codes.CERTIFICATION_METHODS, "方式")
    region_code = RegionColumn("区划")


class ResidentTable(PageTable):
    name = TextColumn("姓名", accessor="entitled__person__name")
    category = CodeColumn(codes.CATEGORIES, "优抚类别", accessor="entitled__category")
    home = TextColumn("光荣院")
    room = TextColumn("房间")
    admitted_on = DateColumn("入院日期")
    left_on = DateColumn("离院日期")
    region_code = RegionColumn("区划")


class PercentColumn(TypedColumn):
    """A ratio (0.8) as people read it (80%)."""

    def display(self, raw, record, table):
        return f"{(raw * 100).normalize():f}%" if raw is not None else ""

    export = display


class ClaimTable(PageTable):
    name = TextColumn("姓名", accessor="person__name")
    category = CodeColumn(codes.CATEGORIES, "优抚类别", accessor="entitled__category")
    year = TextColumn("年度")
    hospital = TextColumn("医疗机构")
    total_cost = MoneyColumn("医疗费用")
    insurance_paid = MoneyColumn("医保已报销")
    self_pay = MoneyColumn("个人负担")
    share = PercentColumn("补助比例")
    cap = MoneyColumn("年度封顶")
    used_before = MoneyColumn("本年已补助")
    subsidy = MoneyColumn("补助金额")
    state = CodeColumn(CASE_STATES, "办理状态", accessor="case__state")
    region_code = RegionColumn("区划")


class HardshipTable(PageTable):
    name = LinkColumn("姓名", "specialcare_hardship", url_args=("pk",), accessor="entitled__person__name")
    category = CodeColumn(codes.CATEGORIES, "优抚类别", accessor="entitled__category")
    kind = CodeColumn(codes.HARDSHIPS, "困难类别")
    found_on = DateColumn("发现日期")
    description = TextColumn("困难情况")
    help_count = CountColumn("帮扶次数", orderable=False)
    help_amount = MoneyColumn("帮扶金额", orderable=False)
    status = CodeColumn(codes.HARDSHIP_STATUS, "状态")
    closed_on = DateColumn("结案日期")
    region_code = RegionColumn("区划")


class HelpTable(PageTable):
    helped_on = DateColumn("帮扶日期")
    measure = CodeColumn(codes.HELP_MEASURES, "帮扶措施")
    amount = MoneyColumn("折合金额")
    note = TextColumn("说明")


class ExchangeTable(PageTable):
    created_at = DateColumn("时间")
    direction = CodeColumn(codes.EXCHANGE_DIRECTIONS, "方向")
    name = TextColumn("文件名")
    rows = CountColumn("行数")
    matched = CountColumn("一致")
    differences = CountColumn("差异")
    download = DownloadColumn("文件", orderable=False)


class DifferenceTable(PageTable):
    kind = CodeColumn(codes.DIFFERENCES, "差异类别")
    name = TextColumn("姓名")
    id_masked = TextColumn("身份证号")
    ours = TextColumn("本系统")
    theirs = TextColumn("退役军人事务部门")
    row = TextColumn("文件行号")
    region_code = RegionColumn("区划")
    exchange = TextColumn("比对文件", accessor="exchange__name")
