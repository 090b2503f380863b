"""Filter sets of the place-name lists, shared by the pages and the API (a bad value is the same Chinese 422)."""

from __future__ import annotations

from minzheng.core.pages.filters import ChoiceFilter, ContainsFilter, PageFilterSet, TextFilter
from minzheng.core.pages.region_picker import RegionFilter
from minzheng.placenames import codes, selectors


class SearchFilter(TextFilter):
    """`q`: Chinese (name or alias), full pinyin or initials (selectors.search)."""

    def filter(self, qs, value):
        return selectors.search(qs, value) if value else qs


class PlaceNameFilters(PageFilterSet):
    q = SearchFilter(label="名称、拼音或首字母")
    region_code = RegionFilter("region_id", label="所在区划")
    status = ChoiceFilter("status", label="状态", choices=codes.STATUS)
    category = TextFilter("category_id", label="类别代码")


class ApplicationFilters(PageFilterSet):
    proposed_name = ContainsFilter("proposed_name", label="拟用名称")
    region_code = RegionFilter("region_id", label="所在区划")
    kind = ChoiceFilter("kind", label="类型", choices=codes.APPLICATION_KINDS)
    state = ChoiceFilter("state", label="状态", choices=codes.APPLICATION_STATES)


class AddressFilters(PageFilterSet):
    full_text = ContainsFilter("full_text", label="地址")
    region_code = RegionFilter("region_id", label="所在村(社区)")
    state = ChoiceFilter("state", label="状态", choices=codes.ADDRESS_STATES)


class DoorplateFilters(PageFilterSet):
    address = ContainsFilter("address__full_text", label="地址")
    region_code = RegionFilter("region_id", label="所在村(社区)")
    condition = ChoiceFilter("condition", label="状况", choices=codes.CONDITIONS)


class LineFilters(PageFilterSet):
    name = ContainsFilter("name", label="界线名称")
    region_code = RegionFilter("region_id", label="管理区划")
    level = ChoiceFilter("level", label="界线级别", choices=codes.BOUNDARY_LEVELS)


class MarkerFilters(PageFilterSet):
    number = ContainsFilter("number", label="界桩编号")
    region_code = RegionFilter("region_id", label="管理区划")
    condition = ChoiceFilter("condition", label="状况", choices=codes.CONDITIONS)


class ProposalFilters(PageFilterSet):
    title = ContainsFilter("title", label="方案名称")
    region_code = RegionFilter("region_id", label="涉及区划")
    state = ChoiceFilter("state", label="状态", choices=codes.PROPOSAL_STATES)


class DisputeFilters(PageFilterSet):
    title = ContainsFilter("title", label="争议事项")
    region_code = RegionFilter("region_id", label="管理区划")
    state = ChoiceFilter("state", label="状态", choices=codes.DISPUTE_STATES)


class InspectionFilters(PageFilterSet):
    name = ContainsFilter("name", label="联检名称")
    region_code = RegionFilter("region_id", label="组织区划")


class OutlineFilters(PageFilterSet):
    region_code = RegionFilter("region_id", label="区划")
    state = ChoiceFilter("state", label="状态", choices=codes.GEOMETRY_STATES)
