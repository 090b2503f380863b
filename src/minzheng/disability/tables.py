"""Tables of the disability pages (typed columns: region names, code labels, masked numbers)."""

from __future__ import annotations

from minzheng.core.pages.columns import (
    BooleanColumn,
    CodeColumn,
    CountColumn,
    DateColumn,
    LinkColumn,
    MonthColumn,
    PageTable,
    RegionColumn,
    TextColumn,
)
from minzheng.disability import codes

GRADES = {str(k): v for k, v in codes.DISABILITY_GRADES.items()}


class VillageTable(PageTable):
    region = RegionColumn("村(社区)", orderable=False)
    living_eligible = CountColumn("生活补贴·符合条件", orderable=False)
    living_covered = CountColumn("生活补贴·已发放", orderable=False)
    living_gaps = CountColumn("生活补贴·应保未保", orderable=False)
    care_eligible = CountColumn("护理补贴·符合条件", orderable=False)
    care_covered = CountColumn("护理补贴·已发放", orderable=False)
    care_gaps = CountColumn("护理补贴·应保未保", orderable=False)


class CheckGapTable(PageTable):
    name = TextColumn("姓名", orderable=False)
    program = CodeColumn(codes.PROGRAMS, "补贴项目", orderable=False)
    region = RegionColumn("村(社区)", orderable=False)
    reason = TextColumn("符合条件的依据", orderable=False)


class GapTable(PageTable):
    person__name = LinkColumn("姓名", "disability_gap", url_args=("pk",))
    program = CodeColumn(codes.PROGRAMS, "补贴项目")
    region_code = RegionColumn("村(社区)")
    category = CodeColumn(codes.DISABILITY_CATEGORIES, "残疾类别")
    grade = CodeColumn(GRADES, "残疾等级")
    reason = TextColumn("符合条件的依据", orderable=False)
    found_month = MonthColumn("发现月份")
    status = CodeColumn(codes.GAP_STATUS, "状态")
    closed_note = TextColumn("办结说明", orderable=False)


class ReviewTable(PageTable):
    person__name = TextColumn("姓名")
    year = TextColumn("年度")
    region_code = RegionColumn("村(社区)")
    certificate_valid = BooleanColumn("残疾人证有效")
    outcome = CodeColumn(codes.REVIEW_OUTCOMES, "复核结论")
    note = TextColumn("复核情况", orderable=False)
    reviewed_on = DateColumn("复核日期")


class HoldTable(PageTable):
    entitlement__person__name = LinkColumn("姓名", "disability_hold", url_args=("pk",))
    entitlement__program = CodeColumn(codes.PROGRAMS, "补贴项目")
    region_code = RegionColumn("村(社区)")
    reason = TextColumn("原因", orderable=False)
    from_month = MonthColumn("暂停支付起始月份")
    placed_on = DateColumn("暂停日期")
    released_on = DateColumn("处理日期")
    outcome = CodeColumn({"confirmed": "停发", "released": "恢复发放"}, "处理结果")


class DueTable(PageTable):
    person__name = TextColumn("姓名")
    program = CodeColumn(codes.PROGRAMS, "补贴项目")
    region_code = RegionColumn("村(社区)")
    start_month = MonthColumn("起始月份")
    person_id = TextColumn("人员ID")
