"""Output rows of the place-name API: the schemas filled with labels and region names for a page of records at
once (a fixed number of queries per page, whatever its size)."""

from __future__ import annotations

from minzheng.core import regions
from minzheng.placenames import codes, selectors
from minzheng.placenames.schemas import AddressOut, AliasOut, ApplicationOut, PlaceNameOut


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
