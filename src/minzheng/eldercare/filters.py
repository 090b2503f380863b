"""Filter sets of the 养老服务 lists, shared by the pages and the API (a bad value is the same Chinese 422)."""

from __future__ import annotations

from minzheng.assistance import codes as assistance_codes
from minzheng.core.pages.filters import ChoiceFilter, ContainsFilter, MonthFilter, PageFilterSet, YesNoFilter
from minzheng.core.pages.region_picker import RegionFilter
from minzheng.eldercare import codes


class NullYesNoFilter(YesNoFilter):
    """是 = the column is empty (an open residence, an unacknowledged alarm …)."""

    def filter(self, qs, value):
        if value in ("", None):
            return qs
        return qs.filter(**{f"{self.field_name}__isnull": value == "1"})


class FlaggedFilter(YesNoFilter):
    """列入名单: 重点关注 or 失信 (selectors.flagged)."""

    def filter(self, qs, value):
        from django.db.models import Q

        if value in ("", None):
            return qs
        flagged = Q(overdue__gt=0) | Q(vetoes__gt=0)
        return qs.filter(flagged) if value == "1" else qs.exclude(flagged)


class InstitutionFilters(PageFilterSet):
    name = ContainsFilter("name", label="机构名称")
    ownership = ChoiceFilter("eldercare_profile__ownership", label="性质", choices=codes.OWNERSHIP)
    kind = ChoiceFilter("kind", label="机构类型", choices=assistance_codes.INSTITUTION_KINDS)
    level = ChoiceFilter("level", label="等级", choices={str(k): v for k, v in codes.GRADE_LEVELS.items()})
    region_code = RegionFilter("region_code", label="所在区划")
    active = YesNoFilter("active", label="在用")


class CreditFilters(PageFilterSet):
    name = ContainsFilter("name", label="机构名称")
    region_code = RegionFilter("region_code", label="所在区划")
    flagged = FlaggedFilter("overdue", label="列入重点关注/失信名单")


class ResidentFilters(PageFilterSet):
    name = ContainsFilter("person__name", label="老人姓名")
    institution = ContainsFilter("institution__name", label="机构名称")
    bed_type = ChoiceFilter("bed_type", label="床位类型", choices=codes.BED_TYPES)
    payer = ChoiceFilter("payer", label="费用来源", choices=codes.PAYERS)
    region_code = RegionFilter("region_code", label="机构所在区划")
    open = NullYesNoFilter("discharged_on", label="在院")


class WorkerFilters(PageFilterSet):
    name = ContainsFilter("name", label="姓名")
    role = ChoiceFilter("role", label="岗位", choices=codes.STAFF_ROLES)
    certificate = ChoiceFilter("certificate", label="证书", choices=codes.CERTIFICATES)
    region_code = RegionFilter("region_code", label="区划")
    active = NullYesNoFilter("left_on", label="在职")


class GradingFilters(PageFilterSet):
    institution = ContainsFilter("institution__name", label="机构名称")
    level = ChoiceFilter("level", label="等级", choices={str(k): v for k, v in codes.GRADE_LEVELS.items()})
    region_code = RegionFilter("region_code", label="区划")


class InspectionFilters(PageFilterSet):
    institution = ContainsFilter("institution__name", label="机构名称")
    result = ChoiceFilter("result", label="检查结果", choices=codes.INSPECTION_RESULTS)
    region_code = RegionFilter("region_code", label="区划")
    open = NullYesNoFilter("rectified_on", label="未完成整改")


class RoundFilters(PageFilterSet):
    title = ContainsFilter("title", label="检查任务")


class ProviderFilters(PageFilterSet):
    name = ContainsFilter("name", label="服务组织名称")
    kind = ChoiceFilter("kind", label="类型", choices=codes.PROVIDER_KINDS)
    region_code = RegionFilter("region_code", label="所在区划")
    active = YesNoFilter("active", label="在用")


class ItemFilters(PageFilterSet):
    name = ContainsFilter("name", label="服务项目")
    provider = ContainsFilter("provider__name", label="服务组织")
    unit = ChoiceFilter("unit", label="计价单位", choices=codes.ITEM_UNITS)


class QuotaFilters(PageFilterSet):
    name = ContainsFilter("person__name", label="老人姓名")
    source = ChoiceFilter("source", label="额度来源", choices=codes.QUOTA_SOURCES)
    region_code = RegionFilter("region_code", label="村(社区)")


class OrderFilters(PageFilterSet):
    name = ContainsFilter("person__name", label="老人姓名")
    provider = ContainsFilter("provider__name", label="服务组织")
    state = ChoiceFilter("state", label="状态", choices=codes.ORDER_STATES)
    source = ChoiceFilter("source", label="来源", choices=codes.ORDER_SOURCES)
    service_month = MonthFilter("service_month", label="服务月份")
    region_code = RegionFilter("region_code", label="村(社区)")


class SettlementFilters(PageFilterSet):
    provider = ContainsFilter("provider__name", label="服务组织")
    month = MonthFilter("month", label="结算月份")


class MealPointFilters(PageFilterSet):
    name = ContainsFilter("name", label="助餐点名称")
    region_code = RegionFilter("region_code", label="所在区划")


class MealRecordFilters(PageFilterSet):
    point = ContainsFilter("point__name", label="助餐点")
    served_on = MonthFilter("served_on", label="月份")
    region_code = RegionFilter("region_code", label="区划")


class DayCenterFilters(PageFilterSet):
    name = ContainsFilter("name", label="中心名称")
    region_code = RegionFilter("region_code", label="所在区划")


class AttendanceFilters(PageFilterSet):
    center = ContainsFilter("center__name", label="日间照料中心")
    name = ContainsFilter("person__name", label="老人姓名")
    on = MonthFilter("on", label="月份")
    region_code = RegionFilter("region_code", label="区划")


class BedFilters(PageFilterSet):
    name = ContainsFilter("person__name", label="老人姓名")
    provider = ContainsFilter("provider__name", label="服务组织")
    state = ChoiceFilter("state", label="状态", choices=codes.BED_STATES)
    region_code = RegionFilter("region_code", label="村(社区)")


class DeviceFilters(PageFilterSet):
    serial = ContainsFilter("serial", label="设备编号")
    kind = ChoiceFilter("kind", label="设备类型", choices=codes.DEVICE_KINDS)
    region_code = RegionFilter("region_code", label="村(社区)")


class AlarmFilters(PageFilterSet):
    state = ChoiceFilter("state", label="状态", choices=codes.ALARM_STATES)
    kind = ChoiceFilter("kind", label="告警类型", choices=codes.ALARM_KINDS)
    target = ChoiceFilter("target", label="派送至", choices=codes.ALARM_TARGETS)
    name = ContainsFilter("person__name", label="老人姓名")
    region_code = RegionFilter("region_code", label="村(社区)")
