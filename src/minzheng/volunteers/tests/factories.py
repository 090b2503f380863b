"""Test data of the volunteers app: valid ID numbers and a registered volunteer."""

from __future__ import annotations

from minzheng.registry.tests.factories import make_id
from minzheng.volunteers import services

VILLAGE = "330902001001"


def volunteer(user, name="志愿者甲", born="19900101", region=VILLAGE, phone="13800001111"):
    return services.register(user, {"name": name, "id_number": make_id(born=born),
                                    "phone": phone, "region_code": region, "categories": ["elderly"]})
