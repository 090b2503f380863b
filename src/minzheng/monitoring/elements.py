"""The monitoring's data elements (core.data_elements): the monitored low-income population at the period's end and
the warnings raised during the period."""

from __future__ import annotations

from django.db.models import Count, Q

from minzheng.core.data_elements import DataElement, Period
from minzheng.monitoring.models import MonitoredPerson, Warning


def _monitored(p: Period):
    return (MonitoredPerson.objects.filter(entered_on__lte=p.end)
            .filter(Q(exited_on__isnull=True) | Q(exited_on__gt=p.end))
            .values_list("region_code").annotate(n=Count("person_id", distinct=True)).order_by())


ELEMENTS = [
    DataElement("monitoring.monitored_persons", "低收入监测对象", "人", _monitored),
    DataElement("monitoring.warnings", "监测预警", "户次",
                lambda p: Warning.objects.filter(month__gte=p.start, month__lte=p.end).values_list("region_code")
                .annotate(n=Count("pk")).order_by(), kind="flow"),
]
