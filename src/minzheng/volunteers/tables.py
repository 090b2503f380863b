"""The volunteers pages' tables and detail sections (core.pages typed columns): names and labels, masked ID numbers
and phones, hours as numbers in the exports."""

from __future__ import annotations

from decimal import Decimal

from minzheng.core.pages.columns import (
    BooleanColumn,
    CodeColumn,
    DateColumn,
    LinkColumn,
    MaskedColumn,
    PageTable,
    RegionColumn,
    TextColumn,
    TypedColumn,
)
from minzheng.core.pages.detail import Section
from minzheng.volunteers import codes


class HoursColumn(TypedColumn):
    """Hours to a tenth, right-aligned; exported as a number."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", {"th": {"class": "text-end"}, "td": {"class": "text-end text-nowrap"}})
        super().__init__(*args, **kwargs)

    def display(self, raw, record, table):
        return f"{Decimal(raw):.1f}"

    def export(self, raw, record, table):
        return Decimal(raw)


class VolunteerTable(PageTable):
    name = LinkColumn("姓名", "volunteer_detail", url_args=("pk",))
    sex = CodeColumn(codes.SEX, "性别")
    id_number = MaskedColumn("证件号", accessor="id_number_masked")
    phone = MaskedColumn("联系方式", accessor="phone_masked")
    region_code = RegionColumn("居住区域")
    categories = TextColumn("服务类别", accessor="category_names", orderable=False)
    total_hours = HoursColumn("累计时长（小时）")
    registered_on = DateColumn("注册日期")
    status = CodeColumn(codes.STATUS, "状态")


class RecordTable(PageTable):
    volunteer = TextColumn("志愿者", accessor="volunteer__name", order_by=("volunteer__name",))
    activity_name = TextColumn("活动名称", wrap=True)
    served_on = DateColumn("服务日期")
    hours = HoursColumn("时长（小时）")
    organiser = TextColumn("组织单位")
    region_code = RegionColumn("区划")
    recorded_on = DateColumn("记录日期")
    due_on = DateColumn("应记录截止日")
    late = BooleanColumn("逾期补录")


class VolunteerRecordTable(PageTable):
    activity_name = TextColumn("活动名称", wrap=True)
    served_on = DateColumn("服务日期")
    hours = HoursColumn("时长（小时）")
    organiser = TextColumn("组织单位")
    content = TextColumn("服务内容", wrap=True)
    recorded_on = DateColumn("记录日期")
    late = BooleanColumn("逾期补录")


class ActivityTable(PageTable):
    name = TextColumn("活动名称", wrap=True)
    category = CodeColumn(codes.CATEGORIES, "服务类别")
    region_code = RegionColumn("活动区划")
    starts_on = DateColumn("开始日期")
    ends_on = DateColumn("结束日期")
    organisation = TextColumn("组织单位", accessor="organisation__name", order_by=("organisation__name",))
    risky = BooleanColumn("有人身风险")
    insurer = TextColumn("承保单位")
    covered_to = DateColumn("保险止期")


class OrganisationTable(PageTable):
    name = TextColumn("名称")
    kind = CodeColumn(codes.ORG_KINDS, "类型")
    credit_code = TextColumn("统一社会信用代码")
    region_code = RegionColumn("所在区划")
    contact = TextColumn("负责人")


class StationTable(PageTable):
    name = TextColumn("站点名称")
    region_code = RegionColumn("所在区划")
    organisation = TextColumn("依托单位", accessor="organisation__name", order_by=("organisation__name",))
    address = TextColumn("地址", wrap=True)
    opened_on = DateColumn("设立日期")
    closed_on = DateColumn("撤销日期")


VOLUNTEER_SECTIONS = [
    Section("实名注册信息", {
        "name": TextColumn("姓名"), "sex": CodeColumn(codes.SEX, "性别"), "birth_date": DateColumn("出生日期"),
        "id_number_masked": MaskedColumn("证件号"), "phone_masked": MaskedColumn("联系方式"),
        "region_code": RegionColumn("居住区域"), "skills": TextColumn("专业技能"),
        "category_names": TextColumn("服务类别"), "organisation": TextColumn("所属组织", accessor="organisation__name"),
        "registered_on": DateColumn("注册日期"), "status": CodeColumn(codes.STATUS, "状态")}),
    Section("服务时长", {"total_hours": HoursColumn("累计服务时长（小时）"),
                      "star_label": TextColumn("星级")}),
]
