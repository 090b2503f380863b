"""Region outlines (区划界域): a region's own GeoJSON polygon, validated (Polygon or MultiPolygon, closed rings,
WGS84 ranges), drawn on the offline map instead of the polygon of the region's place name. Set or replaced by the
county bureau (placenames.change) for a current region in its own region; the audit keeps the previous outline's
size and source."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from minzheng.core import audit, regions, roles, validation
from minzheng.core.errors import Forbidden, ValidationFailed
from minzheng.placenames import codes
from minzheng.placenames.models import RegionGeometry
from minzheng.placenames.schemas import RegionGeometryIn
from minzheng.placenames.services import places


def _points(geometry: dict | None) -> int:
    if not geometry:
        return 0
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return sum(len(ring) for polygon in polygons for ring in polygon)


def set_outline(actor, data: dict[str, Any]) -> RegionGeometry:
    if not roles.has_perm(actor, "placenames.change"):
        raise Forbidden("您的角色不能维护区划界域（县级民政部门办理）")
    d = validation.validate(RegionGeometryIn, data)
    places._check_region(actor, d.region_code)
    if regions.get_region(d.region_code).valid_to is not None:
        raise ValidationFailed.one("region_code", "该区划已停用（已调整），不能再设置界域")
    with transaction.atomic():
        row = RegionGeometry.objects.select_for_update().filter(region_id=d.region_code).first()
        before = (row.state, _points(row.geometry), row.source) if row else (None, 0, None)
        if row is None:
            row = RegionGeometry(region_id=d.region_code)
        row.geometry, row.source, row.state = d.geometry, d.source or f"{actor.username} 录入", "current"
        row.save()
        audit.record(actor, audit.Event("create" if before[0] is None else "update", "region_geometry",
                                        row.region_id, row.region_id, {
                                            "points": [before[1] or None, _points(row.geometry)],
                                            "source": [before[2], row.source],
                                            "state": [codes.GEOMETRY_STATES.get(before[0]) if before[0] else None,
                                                      codes.GEOMETRY_STATES["current"]]}))
    return row

