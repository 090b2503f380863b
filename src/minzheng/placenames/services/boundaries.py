"""Boundaries: lines between regions (with segments), markers (界桩), joint-inspection rounds (界线联检) with their
findings per line and marker and the rectification, disputes with mediation records. County-level work
(placenames.change). Each write: the role (403), the record in the caller's region (404), the input (422, Chinese),
the state (409); one transaction with its audit entry. Services called from a confirmation page take the
confirmation comment (`comment=`) into the audit entry."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from minzheng.core import audit, filestore, regioncodes, roles, validation
from minzheng.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from minzheng.placenames import codes, selectors
from minzheng.placenames.models import (
    BoundaryDispute,
    BoundaryLine,
    BoundaryMarker,
    BoundarySegment,
    InspectionFinding,
    InspectionRound,
)
from minzheng.placenames.schemas import (
    BoundaryDisputeIn,
    BoundaryFindingIn,
    BoundaryFinishIn,
    BoundaryInspectionIn,
    BoundaryLineIn,
    BoundaryMarkerIn,
    BoundaryMediationIn,
    BoundaryRectifyIn,
)
from minzheng.placenames.services import places

CHANGE = "placenames.change"


def _require(actor) -> None:
    if not roles.has_perm(actor, CHANGE):
        raise Forbidden("您的角色不能维护行政区域界线（县级民政部门办理）")


def _with_comment(changes: dict, comment: str | None) -> dict:
    return {**changes, "comment": [None, comment]} if comment else changes


def _common(a: str, b: str) -> str:
    """The lowest common ancestor code: the region that manages a line between a and b."""
    node = a
    while node and not regioncodes.in_subtree(b, node):
        node = regioncodes.parent_code(node)
    return node or a


def create_line(actor, data: dict[str, Any]) -> BoundaryLine:
    _require(actor)
    d = validation.validate(BoundaryLineIn, data)
    places._check_region(actor, d.left_region, "left_region")
    places._check_region(actor, d.right_region, "right_region")
    if d.left_region == d.right_region:
        raise ValidationFailed.one("right_region", "界线两侧应为不同区划")
    if regioncodes.level_of(d.left_region) != regioncodes.level_of(d.right_region):
        raise ValidationFailed.one("right_region", "界线两侧应为同级区划")
    with transaction.atomic():
        line = BoundaryLine.objects.create(name=d.name, level=d.level, left_region_id=d.left_region,
                                           right_region_id=d.right_region, region_id=_common(d.left_region,
                                                                                               d.right_region),
                                           agreement=d.agreement, geometry=d.geometry, length_km=d.length_km)
        BoundarySegment.objects.bulk_create([BoundarySegment(line=line, seq=seq, description=s.description,
                                                             geometry=s.geometry)
                                             for seq, s in enumerate(d.segments, start=1)])
        audit.record(actor, audit.Event("create", "boundary_line", line.pk, line.region_id, {
            "name": [None, d.name], "level": [None, codes.BOUNDARY_LEVELS[d.level]],
            "segments": [None, len(d.segments)]}))
    return line


def add_marker(actor, line_id, data: dict[str, Any]) -> BoundaryMarker:
    _require(actor)
    line = selectors.get_line(actor, line_id, "change")  # 404 before 422
    d = validation.validate(BoundaryMarkerIn, data)
    try:
        with transaction.atomic():
            row = BoundaryMarker.objects.create(line=line, number=d.number, kind=d.kind, lon=d.lon, lat=d.lat,
                                                condition=d.condition, region_id=line.region_id)
            audit.record(actor, audit.Event("create", "boundary_marker", row.pk, row.region_id, {
                "number": [None, d.number], "line": [None, line.name], "lon": [None, str(d.lon)],
                "lat": [None, str(d.lat)]}))
    except IntegrityError:
        raise ValidationFailed.one("number", f"界桩编号 {d.number} 已存在") from None
    return row


def set_marker_photo(actor, marker_id, upload) -> BoundaryMarker:
    """The marker's photo (界桩照片), stored encrypted (core.filestore); a new photo replaces the previous one,
    whose stored file is deleted with it."""
    _require(actor)
    found = selectors.get_marker(actor, marker_id, "change")  # 404 before 422
    places.check_photo(upload)
    name = (upload.name or "photo")[:200]
    with transaction.atomic():
        marker = BoundaryMarker.objects.select_for_update(of=("self",)).select_related("photo").get(pk=found.pk)
        previous = marker.photo
        stored = filestore.save(upload.chunks(), category="marker_photo", name=name, actor=actor,
                                region_code=marker.region_id, content_type=upload.content_type)
        marker.photo = stored
        marker.save(update_fields=["photo"])
        audit.record(actor, audit.Event("update", "boundary_marker", marker.pk, marker.region_id, {
            "photo": [previous.name if previous else None, name]}))
        if previous is not None:  # the row goes with this transaction, the encrypted file once it has committed
            key = previous.key
            previous.delete()
            transaction.on_commit(lambda: filestore.path_of(key).unlink(missing_ok=True))
    return marker


def marker_photo_response(actor, marker_id):
    """The marker's photo, decrypted and streamed inline (404 outside the user's region or without a photo)."""
    marker = selectors.get_marker(actor, marker_id)
    if marker.photo_id is None:
        raise NotFound()
    return places.inline_photo(marker.photo)


def open_inspection(actor, data: dict[str, Any]) -> InspectionRound:
    _require(actor)
    d = validation.validate(BoundaryInspectionIn, data)
    with transaction.atomic():
        row = InspectionRound.objects.create(name=d.name, round_no=d.round_no, started_on=d.started_on,
                                             region_id=actor.region_id)
        audit.record(actor, audit.Event("create", "boundary_inspection", row.pk, row.region_id,
                                        {"name": [None, d.name], "round_no": [None, d.round_no]}))
    return row


def add_finding(actor, inspection_id, data: dict[str, Any]) -> InspectionFinding:
    """A finding of the round on a line, and on one of its markers where the finding is about a marker; a damaged
    or missing marker not yet rectified takes that condition."""
    _require(actor)
    selectors.get_inspection(actor, inspection_id, "change")
    d = validation.validate(BoundaryFindingIn, data)
    if d.kind.startswith("marker_") and not d.marker_id:
        raise ValidationFailed.one("marker_id", "界桩问题须指明界桩")
    if d.rectified_on and not d.rectification:
        raise ValidationFailed.one("rectification", "填写整改完成日期时须填写整改措施")
    with transaction.atomic():
        inspection = InspectionRound.objects.select_for_update().get(pk=selectors.get_inspection(
            actor, inspection_id, "change").pk)
        if inspection.finished_on is not None:
            raise Conflict("该轮联检已结束，不能再登记问题")
        if d.rectified_on and d.rectified_on < inspection.started_on:
            raise ValidationFailed.one("rectified_on", "整改完成日期不能早于联检开始日期")
        line = selectors.lines_for(actor).filter(pk=d.line_id).first()
        if line is None:
            raise ValidationFailed.one("line_id", "界线不存在或不在您的管辖范围内")
        marker = selectors.markers_for(actor).filter(pk=d.marker_id, line=line).first() if d.marker_id else None
        if d.marker_id and marker is None:
            raise ValidationFailed.one("marker_id", "界桩不属于该界线")
        row = InspectionFinding.objects.create(inspection=inspection, line=line, marker=marker, kind=d.kind,
                                               description=d.description, rectification=d.rectification,
                                               rectified_on=d.rectified_on)
        if marker is not None and d.kind in ("marker_damaged", "marker_missing") and not d.rectified_on:
            marker.condition = "damaged" if d.kind == "marker_damaged" else "missing"
            marker.save(update_fields=["condition"])
        audit.record(actor, audit.Event("update", "boundary_inspection", inspection.pk, inspection.region_id, {
            "finding": [None, f"{codes.FINDING_KINDS[d.kind]}：{d.description}"],
            "marker": [None, marker.number if marker else None]}))
    return row


def rectify_finding(actor, finding_id, data: dict[str, Any], comment: str | None = None) -> InspectionFinding:
    """Record the rectification of a finding (irreversible: the page confirms it); a rectified marker finding puts
    the marker back in good condition."""
    _require(actor)
    found = selectors.get_finding(actor, finding_id, "change")
    d = validation.validate(BoundaryRectifyIn, data)
    with transaction.atomic():
        row = (InspectionFinding.objects.select_for_update(of=("self",)).select_related("inspection", "marker")
               .get(pk=found.pk))
        if row.rectified_on is not None:
            raise Conflict(f"该问题已于 {row.rectified_on} 整改完毕")
        if d.rectified_on < row.inspection.started_on:
            raise ValidationFailed.one("rectified_on", "整改完成日期不能早于联检开始日期")
        row.rectification, row.rectified_on = d.rectification, d.rectified_on
        row.save(update_fields=["rectification", "rectified_on"])
        if row.marker is not None and row.kind.startswith("marker_"):
            BoundaryMarker.objects.filter(pk=row.marker_id).update(condition="good")
        audit.record(actor, audit.Event("update", "boundary_inspection", row.inspection_id,
                                        row.inspection.region_id, _with_comment({
                                            "rectified": [None, f"{d.rectified_on} {d.rectification}"]}, comment)))
    return row


def finish_inspection(actor, inspection_id, data: dict[str, Any], comment: str | None = None) -> InspectionRound:
    """Close a round (irreversible): no more findings afterwards. Findings not yet rectified stay open and are
    named in the audit entry."""
    _require(actor)
    selectors.get_inspection(actor, inspection_id, "change")
    d = validation.validate(BoundaryFinishIn, data)
    with transaction.atomic():
        row = InspectionRound.objects.select_for_update().get(pk=int(getattr(inspection_id, "pk", inspection_id)))
        if row.finished_on is not None:
            raise Conflict(f"该轮联检已于 {row.finished_on} 结束")
        if d.finished_on < row.started_on:
            raise ValidationFailed.one("finished_on", "结束日期不能早于开始日期")
        open_findings = row.findings.filter(rectified_on__isnull=True).count()
        row.finished_on = d.finished_on
        row.save(update_fields=["finished_on"])
        audit.record(actor, audit.Event("update", "boundary_inspection", row.pk, row.region_id, _with_comment({
            "finished_on": [None, str(d.finished_on)], "open_findings": [None, open_findings]}, comment)))
    return row


def open_dispute(actor, data: dict[str, Any]) -> BoundaryDispute:
    _require(actor)
    d = validation.validate(BoundaryDisputeIn, data)
    with transaction.atomic():
        line = selectors.lines_for(actor).filter(pk=d.line_id).first()
        if line is None:
            raise ValidationFailed.one("line_id", "界线不存在或不在您的管辖范围内")
        row = BoundaryDispute.objects.create(line=line, title=d.title, parties=d.parties, opened_on=d.opened_on,
                                             region_id=line.region_id)
        audit.record(actor, audit.Event("create", "boundary_dispute", row.pk, row.region_id,
                                        {"title": [None, d.title], "line": [None, line.name]}))
    return row


def add_mediation(actor, dispute_id, data: dict[str, Any], comment: str | None = None) -> BoundaryDispute:
    """Append a mediation record (records are never edited: the page confirms); `state` settles or escalates."""
    _require(actor)
    found = selectors.get_dispute(actor, dispute_id, "change")
    d = validation.validate(BoundaryMediationIn, data)
    with transaction.atomic():
        row = BoundaryDispute.objects.select_for_update().get(pk=found.pk)
        if row.state == "settled":
            raise Conflict("争议已调处完毕，不能再登记调处记录")
        if d.on < row.opened_on:
            raise ValidationFailed.one("on", "调处日期不能早于争议发生日期")
        before = row.state
        row.mediation = [*row.mediation, {"on": d.on.isoformat(), "by": d.by, "record": d.record}]
        row.state = d.state
        row.save(update_fields=["mediation", "state"])
        audit.record(actor, audit.Event("update", "boundary_dispute", row.pk, row.region_id, _with_comment({
            "state": [codes.DISPUTE_STATES[before], codes.DISPUTE_STATES[d.state]], "mediation": [None, d.record]},
            comment)))
    return row
