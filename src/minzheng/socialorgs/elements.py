"""Social organisations' data elements (core.data_elements): organisations registered and not deregistered at the
period's end, by the organisation's region (its 住所)."""

from __future__ import annotations

from django.db.models import Count, Q

from minzheng.core.data_elements import DataElement, Period
from minzheng.socialorgs.models import SocialOrg


def _active(p: Period):
    return (SocialOrg.objects.filter(registered_on__lte=p.end)
            .filter(Q(deregistered_on__isnull=True) | Q(deregistered_on__gt=p.end))
            .values_list("region_code").annotate(n=Count("pk")).order_by())


ELEMENTS = [DataElement("socialorgs.active", "登记社会组织数", "个", _active,
                        description="成立登记不晚于统计期末、未注销的社会团体、社会服务机构和基金会")]
