"""The benefits kernel's data elements (core.data_elements): for every declared program, the entitlements in force at
the period's end and their monthly amounts, by the entitlement's village."""

from __future__ import annotations

from django.db.models import Count, Q, Sum

from minzheng.benefits import programs
from minzheng.benefits.models import Entitlement
from minzheng.core.data_elements import DataElement, Period


def _in_force(program: str, p: Period):
    month = p.end.replace(day=1)
    return (Entitlement.objects.filter(program=program).exclude(status="stopped").filter(start_month__lte=month)
            .filter(Q(end_month__isnull=True) | Q(end_month__gte=month)))


def _count(program: str):
    return lambda p: _in_force(program, p).values_list("region_code").annotate(n=Count("pk")).order_by()


def _amount(program: str):
    return lambda p: (_in_force(program, p).values_list("region_code").annotate(n=Sum("monthly_amount"))
                      .order_by())


def elements() -> list[DataElement]:
    """Built on use: the programs are declared by apps loaded after this one."""
    out = []
    for program in programs.all_programs():
        name = programs.name(program.code)
        out.append(DataElement(f"benefits.{program.code}.in_force", f"{name}在保对象（户或人）", "户/人",
                               _count(program.code)))
        out.append(DataElement(f"benefits.{program.code}.monthly_amount", f"{name}月保障金额", "元",
                               _amount(program.code)))
    return out
