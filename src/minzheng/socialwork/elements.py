"""Social work's data elements (core.data_elements): certified social workers in post at the period's end, by their
work region."""

from __future__ import annotations

from django.db.models import Count, Q

from minzheng.core.data_elements import DataElement, Period
from minzheng.socialwork.models import SocialWorker


def _certified(p: Period):
    return (SocialWorker.objects.exclude(level="none").filter(Q(certified_on__isnull=True) | Q(certified_on__lte=p.end))
            .filter(Q(left_on__isnull=True) | Q(left_on__gt=p.end)).exclude(status="left")
            .values_list("region_code").annotate(n=Count("pk")).order_by())


ELEMENTS = [DataElement("socialwork.certified_workers", "持证社会工作者", "人", _certified,
                        description="持有助理社会工作师、社会工作师或高级社会工作师证书且在岗")]
