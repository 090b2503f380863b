"""Reads of the indicators app (scoped by the one rule: values and manual entries by their region)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from minzheng.core import regioncodes, roles
from minzheng.core.data_elements import Period
from minzheng.core.errors import Forbidden, NotFound, ValidationFailed
from minzheng.indicators import codes, policy
from minzheng.indicators.models import Indicator, IndicatorValue, ManualValue

VIEW = "indicators.view"


def require_view(user) -> None:
    if not roles.has_perm(user, VIEW):
        raise Forbidden("您的角色无权查看规划指标")


def region_in_scope(user, region_code: str) -> str:
    """The 12-digit code of a region the user asked for (default: their own), inside their subtree: 422 on a malformed
    code, 404 outside the subtree (existence not revealed)."""
    try:
        code = regioncodes.normalize(region_code or user.region_id)
    except regioncodes.RegionCodeError as exc:
        raise ValidationFailed.one("region_code", str(exc)) from None
    if not regioncodes.in_subtree(code, user.region_id):
        raise NotFound()
    return code


def indicators_for(user) -> QuerySet[Indicator]:
    """Definitions are reference data: every role with indicators.view reads them all."""
    require_view(user)
    return Indicator.objects.order_by("plan", "id")


def get_indicator(user, code: str) -> Indicator:
    found = indicators_for(user).filter(code=code).first()
    if found is None:
        raise NotFound()
    return found


def values_for(user) -> QuerySet[IndicatorValue]:
    require_view(user)
    return IndicatorValue.objects.visible_to(user).select_related("indicator")


def manual_for(user) -> QuerySet[ManualValue]:
    require_view(user)
    return (ManualValue.objects.visible_to(user).select_related("indicator", "entered_by", "decided_by")
            .order_by("-entered_at", "-id"))


def get_manual(user, pk) -> ManualValue:
    found = manual_for(user).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def latest_period(user) -> str:
    """The most recent period computed (the board's default)."""
    found = values_for(user).order_by("-period_end", "-period").values_list("period", flat=True).first()
    return found or ""


@dataclass(frozen=True)
class BoardRow:
    indicator: Indicator
    value: Decimal | None
    target: Decimal | None
    status: str
    source: str

    @property
    def status_label(self) -> str:
        return codes.STATUS[self.status]

    @property
    def final_target(self) -> str:
        targets = self.indicator.targets or {}
        if not targets:
            return ""
        year = max(targets, key=int)
        return f"{targets[year]}（{year}年）"


def board(user, plan: str, region_code: str, period: str) -> list[BoardRow]:
    """Every indicator of the plan with its value for the region and period (no value: 无数据)."""
    require_view(user)
    root = region_code or user.region_id
    if not regioncodes.in_subtree(root, user.region_id):
        raise NotFound()
    found = {v.indicator_id: v for v in values_for(user).filter(region_code=root, period=period)}
    rows = []
    year = Period.parse(period).year if period else None
    for ind in indicators_for(user).filter(plan=plan) if plan else indicators_for(user):
        v = found.get(ind.pk)
        if v is not None:
            rows.append(BoardRow(ind, v.value, v.target, v.status, v.source))
        else:
            expected = policy.target_for(year, ind.baseline_year, ind.baseline_value, ind.targets) if year else None
            rows.append(BoardRow(ind, None, expected, "no_data", ""))
    return rows


def children_values(user, indicator: Indicator, region_code: str, period: str) -> list[IndicatorValue]:
    """The indicator's values for the region's direct children (drill-down and region comparison)."""
    require_view(user)
    level = regioncodes.level_of(region_code)
    depth = regioncodes.LEVELS.index(level)
    if depth + 1 >= len(regioncodes.LEVELS):
        return []
    width = regioncodes.LEVEL_LENGTH[regioncodes.LEVELS[depth + 1]]
    rows = (values_for(user).filter(indicator=indicator, period=period)
            .filter(region_code__startswith=regioncodes.prefix(region_code)).order_by("region_code"))
    return [r for r in rows if len(regioncodes.prefix(r.region_code)) == width]


def _granularity(period: str) -> str:
    return "quarter" if "Q" in period else "month" if "-" in period else "year"


def trend(user, indicator: Indicator, region_code: str, period: str = "") -> list[IndicatorValue]:
    """The region's values over time, periods of the same kind as `period` (quarters with quarters …)."""
    require_view(user)
    rows = values_for(user).filter(indicator=indicator, region_code=region_code).order_by("period_end", "period")
    kind = _granularity(period) if period else None
    return [r for r in rows if kind is None or _granularity(r.period) == kind]


def returns_for(user) -> QuerySet:
    from minzheng.indicators.models import StatReturn

    require_view(user)
    return StatReturn.objects.visible_to(user).select_related("submitted_by").order_by("-period", "region_code")


def get_return(user, pk):
    found = returns_for(user).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found
