"""Disaster relief's data elements (core.data_elements) for the plan indicators: people affected and houses
collapsed (from each village's latest report of events started in the period), relief material in stock by the
warehouse's region (as of now: the ledger keeps no dated snapshots beyond its balances)."""

from __future__ import annotations

from django.db.models import Count, Sum

from minzheng.core.data_elements import DataElement, Period
from minzheng.relief.models import AffectedHousehold, DamageReport, Stock


def _reports(field: str):
    def query(p: Period):
        # 核报 where there is one (it is the figure of record), else the latest report: the final stage's rows.
        rows = DamageReport.objects.filter(event__started_on__gte=p.start, event__started_on__lte=p.end,
                                           stage="final")
        return rows.values_list("region_code").annotate(n=Sum(field)).order_by()
    return query


ELEMENTS = [
    DataElement("relief.affected_persons", "受灾人口（核报）", "人", _reports("affected_persons"), kind="flow",
                description="期内发生的灾害，各村核报的受灾人口"),
    DataElement("relief.houses_collapsed", "倒塌房屋（核报）", "间", _reports("houses_collapsed"), kind="flow"),
    DataElement("relief.affected_households", "登记受灾家庭", "户",
                lambda p: AffectedHousehold.objects.filter(event__started_on__gte=p.start,
                                                           event__started_on__lte=p.end)
                .values_list("region_code").annotate(n=Count("pk")).order_by(), kind="flow"),
    DataElement("relief.stock_units", "救灾物资库存（件、套等合计）", "件",
                lambda p: Stock.objects.values_list("region_code").annotate(n=Sum("quantity")).order_by()),
]
