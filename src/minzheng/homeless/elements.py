"""The rescue station's data elements (core.data_elements): stays of identified people ended in the period, and those
of them escorted or gone home (the return rate's terms, 国务院令第381号 第十一条), by the place found."""

from __future__ import annotations

from django.db.models import Count

from minzheng.core.data_elements import DataElement, Period
from minzheng.homeless.models import Intake


def _ended(p: Period):
    return Intake.objects.filter(person__isnull=False, left_on__range=(p.start, p.end))


ELEMENTS = [
    DataElement("homeless.identified_ended", "查明身份且结束救助人数", "人",
                lambda p: _ended(p).values_list("region_code").annotate(n=Count("pk")).order_by(), kind="flow"),
    DataElement("homeless.returned", "接送返回人数", "人",
                lambda p: _ended(p).filter(status="returned").values_list("region_code").annotate(n=Count("pk"))
                .order_by(), kind="flow"),
]
