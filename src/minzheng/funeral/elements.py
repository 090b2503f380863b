"""Funeral's data elements (core.data_elements): deaths registered, cremations and eco-burials of the deaths of the
period (by the date of death, the deceased's village) — the same counts as the funeral indicators page."""

from __future__ import annotations

from django.db.models import Count

from minzheng.core.data_elements import DataElement
from minzheng.funeral.models import CremationRecord, DeathRegistration, EcoBurial


def _grouped(model, field: str):
    return lambda p: (model.objects.filter(**{f"{field}__range": (p.start, p.end)}).values_list("region_code")
                      .annotate(n=Count("pk")).order_by())


ELEMENTS = [
    DataElement("funeral.deaths", "死亡登记人数", "人", _grouped(DeathRegistration, "death_date"), kind="flow"),
    DataElement("funeral.cremations", "火化人数", "人", _grouped(CremationRecord, "death__death_date"), kind="flow"),
    DataElement("funeral.eco_burials", "节地生态安葬人数", "人", _grouped(EcoBurial, "death__death_date"), kind="flow"),
]
