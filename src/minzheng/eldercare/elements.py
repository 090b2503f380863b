"""The elderly-care services' data elements (core.data_elements): institutions, beds by type and care workers by the
institution's region, as of the period's end (the same rows as eldercare.indicators)."""

from __future__ import annotations

from django.db.models import Count, Q, Sum

from minzheng.core.data_elements import DataElement, Period
from minzheng.eldercare.models import CareWorker, InstitutionProfile


def _beds(*fields: str):
    def query(p: Period):
        total = sum((Sum(f) for f in fields[1:]), Sum(fields[0]))
        return InstitutionProfile.objects.values_list("region_code").annotate(n=total).order_by()
    return query


def _workers(certified: bool):
    def query(p: Period):
        qs = (CareWorker.objects.filter(role="care_worker", hired_on__lte=p.end)
              .filter(Q(left_on__isnull=True) | Q(left_on__gt=p.end)))
        if certified:
            qs = qs.exclude(certificate="none")
        return qs.values_list("region_code").annotate(n=Count("pk")).order_by()
    return query


ELEMENTS = [
    DataElement("eldercare.institutions", "养老机构数", "个",
                lambda p: InstitutionProfile.objects.values_list("region_code").annotate(n=Count("pk")).order_by()),
    DataElement("eldercare.beds", "养老机构床位", "张", _beds("beds_nursing", "beds_dementia", "beds_general")),
    DataElement("eldercare.nursing_beds", "护理型床位", "张", _beds("beds_nursing"),
                description="与养老服务指标页同一口径（认知症照护床位单列）"),
    DataElement("eldercare.care_workers", "养老护理员", "人", _workers(False)),
    DataElement("eldercare.certified_care_workers", "持证养老护理员", "人", _workers(True)),
]
