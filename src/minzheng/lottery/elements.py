"""The welfare-lottery fund's data elements (core.data_elements): received and spent (projects funded, and those in
elderly care) in the period's years, in yuan, by the fund's region."""

from __future__ import annotations

from django.db.models import Sum

from minzheng.core.data_elements import DataElement, Period
from minzheng.lottery import codes
from minzheng.lottery.models import FundReceipt, Project


def _years(p: Period) -> list[int]:
    return list(range(p.start.year, p.end.year + 1))


ELEMENTS = [
    DataElement("lottery.fund_received", "福彩公益金收入", "元",
                lambda p: FundReceipt.objects.filter(year__in=_years(p)).values_list("region_code")
                .annotate(n=Sum("amount")).order_by(), kind="flow", description="按资金年度"),
    DataElement("lottery.fund_spent", "福彩公益金安排项目支出", "元",
                lambda p: Project.objects.filter(year__in=_years(p)).values_list("region_code")
                .annotate(n=Sum("amount")).order_by(), kind="flow"),
    DataElement("lottery.elderly_spent", "福彩公益金用于养老服务", "元",
                lambda p: Project.objects.filter(year__in=_years(p), area=codes.ELDERLY).values_list("region_code")
                .annotate(n=Sum("amount")).order_by(), kind="flow",
                description="与福彩公益金支出之比应不低于55%（国办发〔2016〕91号）"),
]
