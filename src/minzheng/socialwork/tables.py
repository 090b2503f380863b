"""Tables of the social-work pages (typed columns: labels, region names, numbers in exports)."""

from __future__ import annotations

from minzheng.core.pages.columns import (
    BooleanColumn,
    CodeColumn,
    DateColumn,
    LinkColumn,
    MoneyColumn,
    PageTable,
    RegionColumn,
    TextColumn,
    TypedColumn,
)
from minzheng.core.pages.detail import Section
from minzheng.socialwork import codes


class NumberColumn(TypedColumn):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", {"th": {"class": "text-end"}, "td": {"class": "text-end"}})
        kwargs.setdefault("orderable", False)
        super().__init__(*args, **kwargs)

    def export(self, raw, record, table):
        return raw


class WorkerTable(PageTable):
    name = LinkColumn("姓名", "socialworker_detail", url_args=("pk",))
    sex = CodeColumn(codes.SEX, "性别")
    level = CodeColumn(codes.LEVELS, "职业资格")
    certificate_no = TextColumn("证书编号")
    certified_on = DateColumn("取得资格日期")
    employer = TextColumn("用人单位", accessor="employer__name", order_by=("employer__name",))
    post_grade = TextColumn("岗位等级")
    region_code = RegionColumn("工作区划")
    status = CodeColumn(codes.STATUS, "状态")


class StationTable(PageTable):
    name = TextColumn("站点名称")
    region_code = RegionColumn("乡镇（街道）")
    opened_on = DateColumn("建站日期")
    floor_area = MoneyColumn("场地面积（㎡）")
    has_site = BooleanColumn("有场地")
    has_equipment = BooleanColumn("有设备")
    has_staff = BooleanColumn("有人员")
    has_funding = BooleanColumn("有经费")
    has_rules = BooleanColumn("有制度")
    has_services = BooleanColumn("有服务")
    missing = TextColumn("缺项", orderable=False)


class TrainingTable(PageTable):
    trained_on = DateColumn("培训日期")
    topic = TextColumn("培训内容", wrap=True)
    hours = NumberColumn("学时")
    provider = TextColumn("培训机构")


class GradeTable(PageTable):
    region_code = TextColumn("适用区划")
    effective_from = DateColumn("生效日期")
    sequence = NumberColumn("序列")
    code = TextColumn("等级代码")
    name = TextColumn("岗位等级")
    required_level = CodeColumn(codes.LEVELS, "要求职业资格")
    pay_low = MoneyColumn("月薪下限（元）")
    pay_high = MoneyColumn("月薪上限（元）")
    source = TextColumn("依据", wrap=True)


class IndicatorTable(PageTable):
    region = TextColumn("区划", orderable=False)
    certified = NumberColumn("持证社工（人）")
    assistant = NumberColumn("助理社会工作师")
    social_worker = NumberColumn("社会工作师")
    senior = NumberColumn("高级社会工作师")
    residents = NumberColumn("常住人口")
    per_10k = NumberColumn("每万人持证社工")
    stations = NumberColumn("社工站")
    stations_complete = NumberColumn("“六有”齐全")


WORKER_SECTIONS = [Section("社会工作者", {
    "name": TextColumn("姓名"), "sex": CodeColumn(codes.SEX, "性别"), "level": CodeColumn(codes.LEVELS, "职业资格"),
    "certificate_no": TextColumn("证书编号"), "certified_on": DateColumn("取得资格日期"),
    "employer": TextColumn("用人单位", accessor="employer__name"), "post_grade": TextColumn("岗位等级"),
    "region_code": RegionColumn("工作区划"), "started_on": DateColumn("入职日期"),
    "status": CodeColumn(codes.STATUS, "状态"), "training_hours": TextColumn("累计培训学时")})]
