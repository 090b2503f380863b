"""Scoped reads of the place-name app (core.scoping): place names and their search (Chinese, full pinyin,
initials), applications, addresses and doorplates, division changes and old codes, boundaries, the map layers."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from minzheng.core import regioncodes, regions, roles
from minzheng.core.errors import Forbidden, NotFound
from minzheng.placenames import policy
from minzheng.placenames.models import (
    BoundaryDispute,
    BoundaryLine,
    BoundaryMarker,
    Category,
    DivisionChange,
    DivisionProposal,
    Doorplate,
    HouseholdAddress,
    InspectionFinding,
    InspectionRound,
    NamingApplication,
    PlaceName,
    PlaceNameAlias,
    PlaceNameChange,
    RegionGeometry,
    RegionSuccession,
    StandardAddress,
)

VIEW = "placenames.view"


def _require(user, perm: str = VIEW) -> None:
    if not roles.has_perm(user, perm):
        raise Forbidden("您的角色无权查看区划地名")


def _get(qs: QuerySet, pk):
    pk = getattr(pk, "pk", pk)  # pages hand the services the object they loaded, the API its id
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise NotFound() from None
    found = qs.filter(pk=pk).first() if 0 < pk < 2**63 else None
    if found is None:
        raise NotFound()
    return found


def categories() -> QuerySet:
    return Category.objects.all()


def category_names() -> dict[str, str]:
    return dict(Category.objects.values_list("code", "name"))


def category_exists(code: str) -> bool:
    return Category.objects.filter(code=code).exists()


# ---- place names ----------------------------------------------------------------------------------------------------


def placenames_for(user, action: str = "view") -> QuerySet:
    _require(user)
    return PlaceName.objects.visible_to(user, action).select_related("category")


def search(qs: QuerySet, q: str) -> QuerySet:
    """Chinese text: the name or any alias contains it; Latin letters: the full pinyin or the initials contain it
    (`dhq`, `dinghai`, `ding hai` all find 定海区)."""
    q = (q or "").strip()[:50]
    if not q:
        return qs
    if policy.search_kind(q) == "pinyin":
        key = policy.plain(q.replace(" ", "").replace("'", ""))
        return qs.filter(Q(pinyin_key__contains=key) | Q(initials__contains=key))
    aliases = PlaceNameAlias.objects.filter(name__contains=q).values("place_id")
    return qs.filter(Q(name__contains=q) | Q(pk__in=aliases))


def get_placename(user, pk, action: str = "view") -> PlaceName:
    return _get(placenames_for(user, action), pk)


def aliases_of(place_ids) -> dict[int, list[PlaceNameAlias]]:
    out: dict[int, list[PlaceNameAlias]] = {}
    for a in PlaceNameAlias.objects.filter(place_id__in=list(place_ids)).order_by("place_id", "valid_from", "id"):
        out.setdefault(a.place_id, []).append(a)
    return out


def changes_of(place: PlaceName) -> QuerySet:
    return PlaceNameChange.objects.filter(place=place).select_related("application")


def photos_of(place: PlaceName) -> QuerySet:
    return place.photos.select_related("file")


def get_photo(user, place_id, photo_id):
    place = get_placename(user, place_id)
    return _get(place.photos.select_related("file"), photo_id)


def placename_page(user, pk) -> dict:
    place = get_placename(user, pk)
    return {"place": place, "aliases": aliases_of([place.pk]).get(place.pk, []), "changes": list(changes_of(place)),
            "photos": list(photos_of(place)), "addresses": list(place.addresses.order_by("full_text")[:50]),
            "applications": list(place.applications.order_by("-id"))}


def region_name(code: str) -> str:
    return regions.names_for([code]).get(code, code)


def region_path_names(code12: str) -> list[str]:
    """Names from the county down to the region (what a standard address starts with)."""
    wanted, node = [], code12
    while node and regioncodes.level_of(node) not in ("province", "city"):
        wanted.append(node)
        node = regioncodes.parent_code(node)
    names = regions.names_for(wanted)
    return [names[c] for c in reversed(wanted) if c in names]


# ---- applications ---------------------------------------------------------------------------------------------------


def applications_for(user, action: str = "view") -> QuerySet:
    _require(user)
    return NamingApplication.objects.visible_to(user, action).select_related("place", "category")


def get_application(user, pk, action: str = "view") -> NamingApplication:
    return _get(applications_for(user, action), pk)


def certificates_in_year(county_prefix: str, year: int) -> int:
    return NamingApplication.objects.filter(certificate_no__startswith=f"DM{county_prefix}{year}").count()


# ---- addresses ------------------------------------------------------------------------------------------------------


def addresses_for(user, action: str = "view") -> QuerySet:
    _require(user)
    return StandardAddress.objects.visible_to(user, action).select_related("place", "doorplate")


def road_choices(user) -> list[tuple[int, str]]:
    """Place names an address may use: roads, lanes, 小区 (not the names of regions) in the user's region."""
    rows = (placenames_for(user).filter(names_region__isnull=True).exclude(status="historical")
            .order_by("name", "id").values_list("pk", "name", "region_id")[:1000])
    names = regions.names_for({r[2] for r in rows})
    return [(pk, f"{name}（{names.get(code, code)}）") for pk, name, code in rows]


def get_address(user, pk, action: str = "view") -> StandardAddress:
    return _get(addresses_for(user, action), pk)


def doorplates_for(user, action: str = "view") -> QuerySet:
    _require(user)
    return Doorplate.objects.visible_to(user, action).select_related("address", "address__place")


def get_doorplate(user, pk, action: str = "view") -> Doorplate:
    return _get(doorplates_for(user, action), pk)


def doorplate_by_token(token: str) -> Doorplate | None:
    """The public scan: a doorplate by its QR token (no user; the page shows only public address facts)."""
    if not token or len(token) > 32 or not token.isalnum():
        return None
    return Doorplate.objects.select_related("address", "address__place").filter(token=token).first()


def households_at(user, address: StandardAddress) -> list:
    """Households linked to the address that the user may see (people.view in their subtree)."""
    if not roles.has_perm(user, "people.view"):
        return []
    links = (HouseholdAddress.objects.visible_to(user).filter(address=address)
             .select_related("household", "household__head"))
    return [link.household for link in links]


def addresses_in(region_code: str, road: str) -> QuerySet:
    """Candidate addresses for the matcher: the region's subtree, the road/place name as written."""
    qs = StandardAddress.objects.filter(state="active", **regioncodes.subtree_lookup("region_id", region_code))
    if road:
        qs = qs.filter(Q(place__name=road) | Q(place__name__endswith=road) | Q(place__aliases__name=road))
    return qs.select_related("place", "doorplate").distinct()


def places_named(region_code: str, names: list[str]) -> QuerySet:
    return PlaceName.objects.filter(name__in=names, **regioncodes.subtree_lookup("region_id", region_code))


# ---- division changes -----------------------------------------------------------------------------------------------


def changes_for(user) -> QuerySet:
    _require(user)
    return DivisionChange.objects.visible_to(user)


def proposals_for(user, action: str = "view") -> QuerySet:
    _require(user)
    return DivisionProposal.objects.visible_to(user, action).select_related("change")


def get_proposal(user, pk, action: str = "view") -> DivisionProposal:
    return _get(proposals_for(user, action), pk)


def resolve_code(code12: str) -> str:
    """The current code of a region given any of its codes, old or new (follows successive changes)."""
    seen = set()
    while code12 not in seen:
        seen.add(code12)
        nxt = RegionSuccession.objects.filter(old_code=code12).values_list("new_code", flat=True).first()
        if nxt is None:
            return code12
        code12 = nxt
    return code12


def successions_for(user) -> QuerySet:
    _require(user)
    return RegionSuccession.objects.select_related("change").order_by("-effective_from", "old_code")


# ---- boundaries -----------------------------------------------------------------------------------------------------


def lines_for(user, action: str = "view") -> QuerySet:
    _require(user)
    return BoundaryLine.objects.visible_to(user, action)


def get_line(user, pk, action: str = "view") -> BoundaryLine:
    return _get(lines_for(user, action), pk)


def markers_for(user, action: str = "view") -> QuerySet:
    _require(user)
    return BoundaryMarker.objects.visible_to(user, action).select_related("line")


def get_marker(user, pk, action: str = "view") -> BoundaryMarker:
    return _get(markers_for(user, action).select_related("photo"), pk)


def inspections_for(user, action: str = "view") -> QuerySet:
    _require(user)
    return InspectionRound.objects.visible_to(user, action)


def get_inspection(user, pk, action: str = "view") -> InspectionRound:
    return _get(inspections_for(user, action), pk)


def findings_for(user, action: str = "view") -> QuerySet:
    _require(user)
    return InspectionFinding.objects.visible_to(user, action).select_related("line", "marker", "inspection")


def get_finding(user, pk, action: str = "view") -> InspectionFinding:
    return _get(findings_for(user, action), pk)


def findings_of(inspection: InspectionRound) -> QuerySet:
    return inspection.findings.select_related("line", "marker").order_by("line__name", "marker__number", "id")


def inspection_counts(rows) -> dict[int, tuple[int, int]]:
    """{round id: (findings, not yet rectified)} for a page of rounds (one query)."""
    from django.db.models import Count

    out = {}
    for r in (InspectionFinding.objects.filter(inspection_id__in=[r.pk for r in rows]).values("inspection_id")
              .annotate(n=Count("id"), open=Count("id", filter=Q(rectified_on__isnull=True)))):
        out[r["inspection_id"]] = (r["n"], r["open"])
    return out


def line_choices(user) -> list[tuple[int, str]]:
    return list(lines_for(user).order_by("name", "id").values_list("pk", "name")[:500])


def marker_choices(user) -> list[tuple[int, str]]:
    return [(pk, f"{number}（{line}）") for pk, number, line in markers_for(user).order_by("line__name", "number")
            .values_list("pk", "number", "line__name")[:2000]]


def disputes_for(user, action: str = "view") -> QuerySet:
    _require(user)
    return BoundaryDispute.objects.visible_to(user, action).select_related("line")


def get_dispute(user, pk, action: str = "view") -> BoundaryDispute:
    return _get(disputes_for(user, action), pk)


def mediation_of(user, dispute: BoundaryDispute) -> list[dict]:
    return list(dispute.mediation or [])


# ---- region outlines ------------------------------------------------------------------------------------------------


def region_geometries_for(user, action: str = "view") -> QuerySet:
    _require(user)
    return RegionGeometry.objects.visible_to(user, action)


def region_geometry(code12: str) -> RegionGeometry | None:
    return RegionGeometry.objects.filter(region_id=code12).first()


def line_page(user, pk) -> dict:
    line = get_line(user, pk)
    return {"line": line, "segments": list(line.segments.all()), "markers": list(line.markers.all()),
            "disputes": list(line.disputes.all())}


# ---- the map --------------------------------------------------------------------------------------------------------


def map_layers(user, limit: int = 5000) -> dict:
    """The stored geometries the user may see, as GeoJSON feature collections (one per layer)."""
    def coll(features):
        return {"type": "FeatureCollection", "features": features}

    places = placenames_for(user).filter(geometry__isnull=False)[:limit]
    outlines = list(region_geometries_for(user).filter(region__valid_to__isnull=True)[:limit])
    own = {g.region_id for g in outlines}
    names = regions.names_for({p.region_id for p in places} | own)
    place_features = []
    region_features = [{"type": "Feature", "geometry": g.geometry,
                        "properties": {"name": names.get(g.region_id, g.region_id), "region_code": g.region_id,
                                       "source": "区划界域", "state": g.state}} for g in outlines]
    for p in places:
        feature = {"type": "Feature", "geometry": p.geometry,
                   "properties": {"id": p.pk, "name": p.name, "pinyin": p.pinyin, "status": p.status,
                                  "region": names.get(p.region_id, p.region_id), "region_code": p.region_id}}
        if p.names_region_id and p.geometry.get("type", "").endswith("Polygon"):
            if p.names_region_id not in own:  # the region's own outline wins; its place name's polygon otherwise
                feature["properties"]["source"] = "地名"
                region_features.append(feature)
        else:
            place_features.append(feature)
    lines = [{"type": "Feature", "geometry": line.geometry, "properties": {"id": line.pk, "name": line.name,
                                                                          "level": line.level}}
             for line in lines_for(user).filter(geometry__isnull=False)[:limit]]
    markers = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [float(m.lon), float(m.lat)]},
                "properties": {"id": m.pk, "number": m.number, "line": m.line.name, "condition": m.condition}}
               for m in markers_for(user)[:limit]]
    return {"regions": coll(region_features), "places": coll(place_features), "boundaries": coll(lines),
            "markers": coll(markers)}
