"""The registry's data elements (core.data_elements): people, households and older people by village, as of the
period's last day."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q

from minzheng.core.data_elements import DataElement, Period
from minzheng.registry.models import Household, Person


def _living(p: Period):
    return Person.objects.filter(Q(death_date__isnull=True) | Q(death_date__gt=p.end))


def _years_before(day: dt.date, years: int) -> dt.date:
    return day.replace(year=day.year - years) if (day.month, day.day) != (2, 29) else dt.date(day.year - years, 3, 1)


def _persons(p: Period):
    return _living(p).values_list("region_id").annotate(n=Count("pk")).order_by()


def _aged(years: int):
    def query(p: Period):
        return (_living(p).filter(birth_date__lte=_years_before(p.end, years)).values_list("region_id")
                .annotate(n=Count("pk")).order_by())
    return query


def _households(p: Period):
    return (Household.objects.filter(memberships__left_on__isnull=True)
            .filter(Q(memberships__person__death_date__isnull=True) | Q(memberships__person__death_date__gt=p.end))
            .values_list("region_id").annotate(n=Count("pk", distinct=True)).order_by())


ELEMENTS = [
    DataElement("registry.persons", "在册人口", "人", _persons, description="民政对象统一库中在世人员，按经常居住地"),
    DataElement("registry.households", "在册家庭户数", "户", _households),
    DataElement("registry.elderly_60", "60周岁及以上老年人口", "人", _aged(60)),
    DataElement("registry.elderly_80", "80周岁及以上老年人口", "人", _aged(80)),
]
