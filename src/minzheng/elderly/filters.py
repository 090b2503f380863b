"""Filter sets of the elderly-care lists, shared by the pages and the API (a bad value is the same Chinese 422)."""

from __future__ import annotations

from minzheng.core import clock
from minzheng.core.pages.filters import (
    ChoiceFilter,
    ContainsFilter,
    DateRangeFilter,
    IdNumberFilter,
    PageFilterSet,
    YesNoFilter,
)
from minzheng.core.pages.region_picker import RegionFilter
from minzheng.elderly import codes, selectors
from minzheng.registry import codes as registry_codes


class NullYesNoFilter(YesNoFilter):
    """是 = the column is empty (`empty=True`) or filled (`empty=False`)."""

    def __init__(self, *args, empty: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.empty = empty

    def filter(self, qs, value):
        if value in ("", None):
            return qs
        return qs.filter(**{f"{self.field_name}__isnull": (value == "1") == self.empty})


class AssessmentFilters(PageFilterSet):
    name = ContainsFilter("person__name", label="姓名")
    region_code = RegionFilter("region_code", label="村(社区)")
    level = ChoiceFilter("level", label="能力等级", choices=codes.LEVELS)
    reason = ChoiceFilter("reason", label="评估原因", choices=codes.REASONS)
    current = NullYesNoFilter("superseded_by", label="当前有效")
    disputed = NullYesNoFilter("disputed_on", label="有异议", empty=False)
    assessed_on = DateRangeFilter("assessed_on", label="评估日期")


class ElderlyFilters(PageFilterSet):
    name = ContainsFilter("name", label="姓名")
    id_number = IdNumberFilter("id_number_index")
    region_code = RegionFilter("region_id", label="村(社区)")
    situation = ChoiceFilter(label="老年人情况", choices=codes.SITUATIONS, method="filter_situation")
    age_band = ChoiceFilter(label="年龄段", choices=codes.AGE_BANDS, method="filter_age_band")
    level = ChoiceFilter("level", label="能力等级", choices={**codes.LEVELS, "none": "未评估"},
                         method="filter_level")
    sex = ChoiceFilter("sex", label="性别", choices=registry_codes.SEX)

    def filter_situation(self, qs, name, value):
        return qs.filter(selectors.situation_q(value, clock.today())) if value else qs

    def filter_age_band(self, qs, name, value):
        if not value:
            return qs
        today = clock.today()
        low = int(value.rstrip("+").split("-")[0])
        qs = qs.filter(birth_date__lte=selectors.years_ago(today, low))
        if value.endswith("+"):
            return qs
        return qs.filter(birth_date__gt=selectors.years_ago(today, low + 10))

    def filter_level(self, qs, name, value):
        if value == "none":
            return qs.filter(level__isnull=True)
        return qs.filter(level=int(value)) if value else qs


class SurvivalFilters(PageFilterSet):
    name = ContainsFilter("person__name", label="姓名")
    region_code = RegionFilter("region_code", label="村(社区)")
    method = ChoiceFilter("method", label="认证方式", choices=codes.SURVIVAL_METHODS)
    checked_on = DateRangeFilter("checked_on", label="认证日期")


class IndicatorFilters(PageFilterSet):
    """The indicators page: which region (default: the user's own); its child regions are the rows."""

    region_code = RegionFilter("region_code", label="区划")
