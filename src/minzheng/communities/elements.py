"""Communities' data elements (core.data_elements): the floor area of community service stations open at the
period's end, by village (community)."""

from __future__ import annotations

from django.db.models import Q, Sum

from minzheng.communities.models import Station
from minzheng.core.data_elements import DataElement, Period


def _area(p: Period):
    return (Station.objects.filter(opened_on__lte=p.end).filter(Q(closed_on__isnull=True) | Q(closed_on__gt=p.end))
            .values_list("region_code").annotate(n=Sum("floor_area")).order_by())


ELEMENTS = [DataElement("communities.station_area", "城乡社区综合服务设施建筑面积", "平方米", _area)]
