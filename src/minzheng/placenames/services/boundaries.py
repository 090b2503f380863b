"""Boundaries: lines between regions (with segments), markers (界桩), joint-inspection rounds (界线联检) with their
findings and rectification, disputes with mediation records. County-level work (placenames.change)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from django.db import IntegrityError, transaction
from ninja import Schema
from pydantic import Field

from minzheng.core import audit, roles, validation
from minzheng.core.errors import Conflict, Forbidden, ValidationFailed
from minzheng.placenames import codes, selectors
from minzheng.placenames.models import (
    BoundaryDispute,
    BoundaryLine,
    BoundaryMarker,
    BoundarySegment,
    InspectionFinding,
    InspectionRound,
)
from minzheng.placenames.schemas import Geometry
from minzheng.placenames.services import places

CHANGE = "placenames.change"
Filled = validation.Filled


def _require(actor) -> None:
    if not roles.has_perm(actor, CHANGE):
        raise Forbidden("您的角色不能维护行政区域界线（县级民政部门办理）")


class LineIn(Schema):
    name: Annotated[validation.Text[100], Filled] = Field(..., title="界线名称")
    level: validation.choice(codes.BOUNDARY_LEVELS, "界线级别") = Field(..., title="界线级别")
    left_region: validation.RegionCode = Field(..., title="一侧区划")
    right_region: validation.RegionCode = Field(..., title="另一侧区划")
    agreement: validation.Text[200] = Field("", title="界线协议书")
    geometry: Geometry = Field(None, title="走向")
    segments: list[dict] = Field(default_factory=list, title="界线段")


class MarkerIn(Schema):
    number: Annotated[validation.Text[30], Filled] = Field(..., title="界桩编号")
    kind: validation.choice(codes.MARKER_KINDS, "类型") = Field(..., title="类型")
    lon: validation.Money = Field(..., title="经度")  # decimal text, no floats
    lat: validation.Money = Field(..., title="纬度")
    condition: validation.choice(codes.CONDITIONS, "状况") = Field("good", title="状况")


class InspectionIn(Schema):
    name: Annotated[validation.Text[100], Filled] = Field(..., title="联检名称")
    round_no: validation.Integer(1, 99) = Field(..., title="轮次")
    started_on: validation.Day = Field(..., title="开始日期")


class FindingIn(Schema):
    line_id: validation.Id = Field(..., title="界线")
    marker_id: validation.Id | None = Field(None, title="界桩")
    kind: validation.choice(codes.FINDING_KINDS, "问题类型") = Field(..., title="问题类型")
    description: Annotated[validation.Text[500], Filled] = Field(..., title="情况")
    rectification: validation.Text[500] = Field("", title="整改措施")
    rectified_on: validation.Day | None = Field(None, title="整改完成日期")


class DisputeIn(Schema):
    line_id: validation.Id = Field(..., title="界线")
    title: Annotated[validation.Text[200], Filled] = Field(..., title="争议事项")
    parties: Annotated[validation.Text[300], Filled] = Field(..., title="争议各方")
    opened_on: validation.Day = Field(..., title="发生日期")


class MediationIn(Schema):
    on: validation.Day = Field(..., title="调处日期")
    by: Annotated[validation.Text[100], Filled] = Field(..., title="调处人")
    record: Annotated[validation.Text[2000], Filled] = Field(..., title="调处记录")
    state: validation.choice(codes.DISPUTE_STATES, "状态") = Field("open", title="调处后状态")


def create_line(actor, data: dict[str, Any]) -> BoundaryLine:
    _require(actor)
    d = validation.validate(LineIn, data)
    places._check_region(actor, d.left_region, "left_region")
    places._check_region(actor, d.right_region, "right_region")
    if d.left_region == d.right_region:
        raise ValidationFailed.one("right_region", "界线两侧应为不同区划")
    with transaction.atomic():
        common = _common(d.left_region, d.right_region)
        line = BoundaryLine.objects.create(name=d.name, level=d.level, left_region_id=d.left_region,
                                           right_region_id=d.right_region, region_id=common,
                                           agreement=d.agreement, geometry=d.geometry)
        for seq, seg in enumerate(d.segments[:500], start=1):
            geometry = validation.validate(_SegmentIn, seg)
            BoundarySegment.objects.create(line=line, seq=seq, description=geometry.description,
                                           geometry=geometry.geometry)
        audit.record(actor, audit.Event("create", "boundary_line", line.pk, line.region_id, {"name": [None, d.name]}))
    return line


class _SegmentIn(Schema):
    description: validation.Text[300] = Field("", title="走向说明")
    geometry: Geometry = Field(None, title="走向")


def _common(a: str, b: str) -> str:
    """The lowest common ancestor code: the region that manages a line between a and b."""
    from minzheng.core import regioncodes

    node = a
    while node and not regioncodes.in_subtree(b, node):
        node = regioncodes.parent_code(node)
    return node or a


def add_marker(actor, line_id, data: dict[str, Any]) -> BoundaryMarker:
    _require(actor)
    d = validation.validate(MarkerIn, data)
    if not (Decimal(-180) <= d.lon <= Decimal(180)) or not (Decimal(-90) <= d.lat <= Decimal(90)):
        raise ValidationFailed.one("lon", "经纬度超出范围")
    try:
        with transaction.atomic():
            line = selectors.get_line(actor, line_id, "change")
            row = BoundaryMarker.objects.create(line=line, number=d.number, kind=d.kind, lon=d.lon, lat=d.lat,
                                                condition=d.condition, region_id=line.region_id)
            audit.record(actor, audit.Event("create", "boundary_marker", row.pk, row.region_id,
                                            {"number": [None, d.number]}))
    except IntegrityError:
        raise Conflict(f"界桩编号 {d.number} 已存在") from None
    return row


def open_inspection(actor, data: dict[str, Any]) -> InspectionRound:
    _require(actor)
    d = validation.validate(InspectionIn, data)
    with transaction.atomic():
        row = InspectionRound.objects.create(name=d.name, round_no=d.round_no, started_on=d.started_on,
                                             region_id=actor.region_id)
        audit.record(actor, audit.Event("create", "boundary_inspection", row.pk, row.region_id,
                                        {"name": [None, d.name]}))
    return row


def add_finding(actor, inspection_id, data: dict[str, Any]) -> InspectionFinding:
    _require(actor)
    d = validation.validate(FindingIn, data)
    with transaction.atomic():
        inspection = selectors.get_inspection(actor, inspection_id, "change")
        line = selectors.get_line(actor, d.line_id)
        marker = selectors.markers_for(actor).filter(pk=d.marker_id, line=line).first() if d.marker_id else None
        if d.marker_id and marker is None:
            raise ValidationFailed.one("marker_id", "界桩不属于该界线")
        row = InspectionFinding.objects.create(inspection=inspection, line=line, marker=marker, kind=d.kind,
                                               description=d.description, rectification=d.rectification,
                                               rectified_on=d.rectified_on)
        if marker is not None and d.kind in ("marker_damaged", "marker_missing") and not d.rectified_on:
            marker.condition = "damaged" if d.kind == "marker_damaged" else "missing"
            marker.save(update_fields=["condition"])
        audit.record(actor, audit.Event("update", "boundary_inspection", inspection.pk, inspection.region_id,
                                        {"finding": [None, f"{codes.FINDING_KINDS[d.kind]}：{d.description}"]}))
    return row


def open_dispute(actor, data: dict[str, Any]) -> BoundaryDispute:
    _require(actor)
    d = validation.validate(DisputeIn, data)
    with transaction.atomic():
        line = selectors.get_line(actor, d.line_id)
        row = BoundaryDispute.objects.create(line=line, title=d.title, parties=d.parties, opened_on=d.opened_on,
                                             region_id=line.region_id)
        audit.record(actor, audit.Event("create", "boundary_dispute", row.pk, row.region_id,
                                        {"title": [None, d.title]}))
    return row


def add_mediation(actor, dispute_id, data: dict[str, Any]) -> BoundaryDispute:
    _require(actor)
    d = validation.validate(MediationIn, data)
    with transaction.atomic():
        row = selectors.disputes_for(actor, "change").filter(pk=int(dispute_id)).first()
        if row is None:
            from minzheng.core.errors import NotFound
            raise NotFound()
        row = BoundaryDispute.objects.select_for_update().get(pk=row.pk)
        if row.state == "settled":
            raise Conflict("争议已调处完毕")
        before = row.state
        row.mediation = [*row.mediation, {"on": d.on.isoformat(), "by": d.by, "record": d.record}]
        row.state = d.state
        row.save(update_fields=["mediation", "state"])
        audit.record(actor, audit.Event("update", "boundary_dispute", row.pk, row.region_id,
                                        {"state": [codes.DISPUTE_STATES[before], codes.DISPUTE_STATES[d.state]],
                                         "mediation": [None, d.record]}))
    return row


