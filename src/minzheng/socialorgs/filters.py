"""Filter sets of the 社会组织 lists, shared by the pages and the API (a bad value is the same Chinese 422)."""

from __future__ import annotations

from minzheng.core.pages.filters import ChoiceFilter, ContainsFilter, PageFilterSet, YesNoFilter
from minzheng.core.pages.region_picker import RegionFilter
from minzheng.socialorgs import codes

GRADE_CHOICES = {str(k): v for k, v in codes.GRADES.items() if k}


class NullYesNoFilter(YesNoFilter):
    """是 = the column is empty (still on the list …)."""

    def filter(self, qs, value):
        if value in ("", None):
            return qs
        return qs.filter(**{f"{self.field_name}__isnull": value == "1"})


class OrgFilters(PageFilterSet):
    name = ContainsFilter("name", label="名称")
    uscc = ContainsFilter("uscc", label="统一社会信用代码")
    kind = ChoiceFilter("kind", label="类型", choices=codes.KINDS)
    domain = ChoiceFilter("domain", label="业务领域", choices=codes.DOMAINS)
    status = ChoiceFilter("status", label="状态", choices=codes.STATUS)
    credit = ChoiceFilter("credit", label="名录名单", choices=codes.CREDIT)
    region_code = RegionFilter("region_code", label="所在区划")


class ApplicationFilters(PageFilterSet):
    name = ContainsFilter("name", label="组织名称")
    kind = ChoiceFilter("kind", label="申请类型", choices=codes.APPLICATION_KINDS)
    state = ChoiceFilter("state", label="状态", choices=codes.APPLICATION_STATES)
    region_code = RegionFilter("region_code", label="区划")


class ReportFilters(PageFilterSet):
    name = ContainsFilter("org__name", label="组织名称")
    year = ChoiceFilter("year", label="年度", choices={str(y): f"{y} 年度" for y in range(2015, 2031)})
    state = ChoiceFilter("state", label="状态", choices=codes.REPORT_STATES)
    result = ChoiceFilter("result", label="年检结论", choices=codes.REPORT_RESULTS)
    late = YesNoFilter("late", label="逾期报送")
    region_code = RegionFilter("region_code", label="区划")


class EvaluationFilters(PageFilterSet):
    name = ContainsFilter("org__name", label="组织名称")
    state = ChoiceFilter("state", label="状态", choices=codes.EVALUATION_STATES)
    grade = ChoiceFilter("grade", label="等级", choices=GRADE_CHOICES)
    region_code = RegionFilter("region_code", label="区划")


class ListFilters(PageFilterSet):
    name = ContainsFilter("org__name", label="组织名称")
    list = ChoiceFilter("list", label="名单", choices=codes.LISTS)
    reason = ChoiceFilter("reason", label="列入事由", choices=codes.LIST_REASONS)
    current = NullYesNoFilter("removed_on", label="仍在名单")
    automatic = YesNoFilter("automatic", label="满2年自动转入")
    region_code = RegionFilter("region_code", label="区划")


class InspectionFilters(PageFilterSet):
    name = ContainsFilter("org__name", label="组织名称")
    result = ChoiceFilter("result", label="检查结果", choices=codes.INSPECTION_RESULTS)
    region_code = RegionFilter("region_code", label="区划")


class RoundFilters(PageFilterSet):
    title = ContainsFilter("title", label="检查任务")


class IndicatorFilters(PageFilterSet):
    region_code = RegionFilter("region_code", label="区划")
