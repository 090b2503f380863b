"""Filter sets of the 特困 care lists, shared by the pages and the API (a bad value is the same Chinese 422)."""

from __future__ import annotations

from minzheng.assistance import codes
from minzheng.core import clock
from minzheng.core.pages.filters import ChoiceFilter, ContainsFilter, DateRangeFilter, PageFilterSet, YesNoFilter
from minzheng.core.pages.region_picker import RegionFilter


class NullYesNoFilter(YesNoFilter):
    """是 = the column is empty (current assessment, open agreement or placement)."""

    def filter(self, qs, value):
        if value in ("", None):
            return qs
        return qs.filter(**{f"{self.field_name}__isnull": value == "1"})


class AssessmentFilters(PageFilterSet):
    name = ContainsFilter("person__name", label="姓名")
    region_code = RegionFilter("region_code", label="村(社区)")
    band = ChoiceFilter("band", label="生活自理能力", choices=codes.CARE_BANDS)
    current = NullYesNoFilter("superseded_by", label="当前有效")
    assessed_on = DateRangeFilter("assessed_on", label="评估日期")


class ActiveAgreementFilter(YesNoFilter):
    """在履行: not ended early and its term not past."""

    def filter(self, qs, value):
        if value in ("", None):
            return qs
        from django.db.models import Q

        active = Q(ended_on__isnull=True) & (Q(end_on__isnull=True) | Q(end_on__gte=clock.today()))
        return qs.filter(active) if value == "1" else qs.exclude(active)


class AgreementFilters(PageFilterSet):
    name = ContainsFilter("person__name", label="特困人员姓名")
    carer = ContainsFilter("carer_name", label="照料人姓名")
    region_code = RegionFilter("region_code", label="村(社区)")
    active = ActiveAgreementFilter("ended_on", label="在履行")


class InstitutionFilters(PageFilterSet):
    name = ContainsFilter("name", label="机构名称")
    kind = ChoiceFilter("kind", label="机构类型", choices=codes.INSTITUTION_KINDS)
    region_code = RegionFilter("region_code", label="所在区划")
    active = YesNoFilter("active", label="在用")


class PlacementFilters(PageFilterSet):
    name = ContainsFilter("person__name", label="特困人员姓名")
    institution = ContainsFilter("institution__name", label="机构名称")
    region_code = RegionFilter("region_code", label="村(社区)")
    open = NullYesNoFilter("to_on", label="在院")


class ReserveFilters(PageFilterSet):
    region_code = RegionFilter("region_code", label="乡镇(街道)")
    kind = ChoiceFilter("kind", label="类别", choices=codes.RESERVE_KINDS)
    on = DateRangeFilter("on", label="日期")
