"""The payroll's data elements (core.data_elements): money paid and people paid during the period, by the line's
village (a flow: the lines of payrolls of the period's months that reached the account)."""

from __future__ import annotations

from django.db.models import Count, Sum

from minzheng.core.data_elements import DataElement, Period
from minzheng.payroll.models import PayrollLine


def _paid(p: Period):
    return PayrollLine.objects.filter(month__gte=p.start, month__lte=p.end, status="paid")


ELEMENTS = [
    DataElement("payroll.paid_amount", "已发放资金", "元",
                lambda p: _paid(p).values_list("region_code").annotate(n=Sum("amount_fen")).order_by(),
                kind="flow", divisor=100, description="统计期内各月发放名册中已到账的金额（分存储，按元汇总）"),
    DataElement("payroll.paid_lines", "已发放人次", "人次",
                lambda p: _paid(p).values_list("region_code").annotate(n=Count("pk")).order_by(), kind="flow"),
]
