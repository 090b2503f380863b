"""Filter sets of the 城乡社区治理 lists (pages and the indicators page)."""

from __future__ import annotations

from minzheng.communities import codes
from minzheng.core.pages.filters import ChoiceFilter, ContainsFilter, DateRangeFilter, PageFilterSet, YesNoFilter
from minzheng.core.pages.region_picker import RegionFilter


class OpenFilter(YesNoFilter):
    def filter(self, qs, value):
        if value in ("", None):
            return qs
        return qs.filter(**{f"{self.field_name}__isnull": value == "1"})


class MemberFilters(PageFilterSet):
    name = ContainsFilter("name", label="姓名")
    committee = ChoiceFilter("committee", label="组织", choices=codes.COMMITTEES)
    post = ChoiceFilter("post", label="职务", choices=codes.POSTS)
    current = OpenFilter("to_on", label="在任")
    region_code = RegionFilter("region_code", label="村（社区）")


class ElectionFilters(PageFilterSet):
    held_on = DateRangeFilter("held_on", label="选举日期")
    region_code = RegionFilter("region_code", label="村（社区）")


class MeetingFilters(PageFilterSet):
    topic = ContainsFilter("topic", label="议题")
    kind = ChoiceFilter("kind", label="会议类型", choices=codes.MEETING_KINDS)
    held_on = DateRangeFilter("held_on", label="召开日期")
    region_code = RegionFilter("region_code", label="村（社区）")


class TaskFilters(PageFilterSet):
    title = ContainsFilter("title", label="事项")
    list_kind = ChoiceFilter("list_kind", label="清单", choices=codes.TASK_LISTS)


class StationFilters(PageFilterSet):
    name = ContainsFilter("name", label="名称")
    region_code = RegionFilter("region_code", label="村（社区）")


class CatalogueFilters(PageFilterSet):
    name = ContainsFilter("name", label="服务事项")


class TicketFilters(PageFilterSet):
    applicant = ContainsFilter("applicant", label="申请人")
    state = ChoiceFilter("state", label="状态", choices=codes.TICKET_STATES)
    received_on = DateRangeFilter("received_on", label="受理日期")
    region_code = RegionFilter("region_code", label="受理村（社区）")


class FundFilters(PageFilterSet):
    direction = ChoiceFilter("direction", label="收支", choices=codes.FUND_DIRECTIONS)
    category = ChoiceFilter("category", label="科目", choices=codes.FUND_CATEGORIES)
    on = DateRangeFilter("on", label="日期")
    region_code = RegionFilter("region_code", label="村（社区）")


class IndicatorFilters(PageFilterSet):
    region_code = RegionFilter("region_code", label="区划")
