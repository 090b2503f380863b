"""Special care's data elements (core.data_elements): entitled persons in the register by category group, and
光荣院 residents, as of the period's end, by the person's region when registered."""

from __future__ import annotations

from django.db.models import Count, Q

from minzheng.core.data_elements import DataElement, Period
from minzheng.specialcare.models import EntitledPerson, GloryHomeResident


def _entitled(*categories: str):
    def query(p: Period):
        qs = (EntitledPerson.objects.filter(registered_on__lte=p.end)
              .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=p.end)))
        if categories:
            qs = qs.filter(category__in=categories)
        return qs.values_list("region_code").annotate(n=Count("pk")).order_by()
    return query


ELEMENTS = [
    DataElement("specialcare.entitled_persons", "优抚对象", "人", _entitled()),
    DataElement("specialcare.disabled_veterans", "残疾军人", "人", _entitled("disabled_veteran")),
    DataElement("specialcare.glory_home_residents", "光荣院在院人员", "人",
                lambda p: GloryHomeResident.objects.filter(admitted_on__lte=p.end)
                .filter(Q(left_on__isnull=True) | Q(left_on__gt=p.end))
                .values_list("region_code").annotate(n=Count("pk")).order_by()),
]
