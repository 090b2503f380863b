"""Output rows of the place-name API: the schemas filled with labels and region names for a page of records at
once (a fixed number of queries per page, whatever its size)."""

from __future__ import annotations

from minzheng.core import regions
from minzheng.placenames import codes, selectors
from minzheng.placenames.schemas import (
    AddressOut,
    AliasOut,
    ApplicationOut,
    BoundaryDisputeOut,
    BoundaryFindingOut,
    BoundaryInspectionOut,
    BoundaryLineOut,
    BoundaryMarkerOut,
    BoundaryMediationOut,
    DoorplateOut,
    PlaceNameOut,
    RegionGeometryOut,
)


def placename_rows(items) -> list[PlaceNameOut]:
    names = regions.names_for({p.region_id for p in items})
    aliases = selectors.aliases_of([p.pk for p in items])
    categories = selectors.category_names()
    return [PlaceNameOut(
        id=p.pk, name=p.name, category=p.category_id, category_name=categories.get(p.category_id or "", ""),
        region_code=p.region_id, region_name=names.get(p.region_id, p.region_id), pinyin=p.pinyin,
        initials=p.initials, roman=p.roman, status=p.status, status_label=codes.STATUS[p.status],
        cleanup_task=p.cleanup_task, meaning=p.meaning, geometry=p.geometry,
        aliases=[AliasOut(name=a.name, form=a.form, form_label=codes.NAME_FORMS[a.form], valid_from=a.valid_from,
                          valid_to=a.valid_to) for a in aliases.get(p.pk, [])]) for p in items]


def application_row(app, names: dict | None = None) -> ApplicationOut:
    names = names if names is not None else regions.names_for([app.region_id])
    return ApplicationOut(
        id=app.pk, kind=app.kind, kind_label=codes.APPLICATION_KINDS[app.kind], proposed_name=app.proposed_name,
        place_id=app.place_id, region_code=app.region_id, region_name=names.get(app.region_id, app.region_id),
        applicant=app.applicant, state=app.state, state_label=codes.APPLICATION_STATES[app.state],
        approval_level=app.approval_level, consultation_days=app.consultation_days,
        consultation_start=app.consultation_start, consultation_end=app.consultation_end, decided_on=app.decided_on,
        published_on=app.published_on, certificate_no=app.certificate_no)


def address_row(a) -> AddressOut:
    plate = getattr(a, "doorplate", None) if hasattr(a, "doorplate") else None
    return AddressOut(id=a.pk, full_text=a.full_text, region_code=a.region_id, place_id=a.place_id,
                      place_name=a.place.name, number=a.number, building=a.building, unit=a.unit, room=a.room,
                      doorplate_token=plate.token if plate else None)


class _Rows:
    """A queryset the paginator slices, whose slices come out as schemas (region names read once per page)."""

    def __init__(self, qs):
        self.qs = qs

    def count(self) -> int:
        return self.qs.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key):
        rows = list(self.qs[key])
        return self.convert(rows)


class ApplicationRows(_Rows):
    def convert(self, rows):
        names = regions.names_for({r.region_id for r in rows})
        return [application_row(r, names) for r in rows]


class AddressRows(_Rows):
    def convert(self, rows):
        return [address_row(r) for r in rows]


def doorplate_row(p) -> DoorplateOut:
    return DoorplateOut(id=p.pk, address_id=p.address_id, full_text=p.address.full_text, region_code=p.region_id,
                        token=p.token, kind=p.kind, kind_label=codes.DOORPLATE_KINDS[p.kind],
                        installed_on=p.installed_on, condition=p.condition,
                        condition_label=codes.CONDITIONS[p.condition])


def line_row(line) -> BoundaryLineOut:
    return BoundaryLineOut(
        id=line.pk, name=line.name, level=line.level, level_label=codes.BOUNDARY_LEVELS[line.level],
        left_region=line.left_region_id, right_region=line.right_region_id, region_code=line.region_id,
        agreement=line.agreement, length_km=str(line.length_km) if line.length_km is not None else None,
        segments=line.segments.count())


def marker_row(m) -> BoundaryMarkerOut:
    return BoundaryMarkerOut(
        id=m.pk, line_id=m.line_id, number=m.number, kind=m.kind, kind_label=codes.MARKER_KINDS[m.kind],
        lon=str(m.lon), lat=str(m.lat), condition=m.condition, condition_label=codes.CONDITIONS[m.condition])


def inspection_row(r) -> BoundaryInspectionOut:
    return BoundaryInspectionOut(
        id=r.pk, name=r.name, round_no=r.round_no, started_on=r.started_on, finished_on=r.finished_on,
        region_code=r.region_id, findings=r.findings.count())


def finding_row(f) -> BoundaryFindingOut:
    return BoundaryFindingOut(
        id=f.pk, inspection_id=f.inspection_id, line_id=f.line_id, marker_id=f.marker_id, kind=f.kind,
        kind_label=codes.FINDING_KINDS[f.kind], description=f.description, rectification=f.rectification,
        rectified_on=f.rectified_on)


def dispute_row(d) -> BoundaryDisputeOut:
    return BoundaryDisputeOut(
        id=d.pk, line_id=d.line_id, title=d.title, parties=d.parties, opened_on=d.opened_on, state=d.state,
        state_label=codes.DISPUTE_STATES[d.state], region_code=d.region_id,
        mediation=[BoundaryMediationOut(**m) for m in d.mediation or []])


def outline_row(g) -> RegionGeometryOut:
    return RegionGeometryOut(region_code=g.region_id, region_name=regions.names_for([g.region_id]).get(
        g.region_id, g.region_id), geometry=g.geometry, source=g.source, state=g.state,
        state_label=codes.GEOMETRY_STATES[g.state])
