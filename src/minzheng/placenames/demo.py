"""Demo data of the place-name app (`make demo`): the place names of the demo county's townships and villages (the
regions' own names, with pinyin and a point or square where they lie), roads and 小区 taken from the households'
own addresses, standard addresses and doorplates for some of them, the households matched to them (the rest left
for the matcher's report), one boundary between two townships with markers, two joint-inspection rounds with
findings per marker (one rectified, one open), a dispute with a mediation record, the two townships' own
outlines (the others fall back to their place name's polygon), one naming application in consultation and two
division-change proposals (a merge with two of its four artefacts, a level change submitted with all four)."""

from __future__ import annotations

import random

from django.db import transaction

from minzheng.core import app_registry, regioncodes
from minzheng.core.models import Region
from minzheng.placenames import policy
from minzheng.placenames.models import (
    BoundaryDispute,
    BoundaryLine,
    BoundaryMarker,
    BoundarySegment,
    DivisionProposal,
    Doorplate,
    InspectionFinding,
    InspectionRound,
    NamingApplication,
    PlaceName,
    RegionGeometry,
    StandardAddress,
)
from minzheng.placenames.services import addresses
from minzheng.placenames.services import places as places_services
from minzheng.registry.models import Household


def _place(name: str, region: str, geometry=None, names_region: str | None = None, category="2000") -> PlaceName:
    p = policy.generate(name)
    return PlaceName(name=name, category_id=category, region_id=region, names_region_id=names_region,
                     pinyin=p.toned, pinyin_key=p.key, initials=p.initials, roman=p.roman, geometry=geometry)


def _square(lon: float, lat: float, d: float) -> dict:
    return {"type": "Polygon", "coordinates": [[[lon - d, lat - d], [lon + d, lat - d], [lon + d, lat + d],
                                                [lon - d, lat + d], [lon - d, lat - d]]]}


def seed(context: app_registry.DemoContext) -> dict:
    county = context.county
    if PlaceName.objects.filter(**regioncodes.subtree_lookup("region_id", county.code)).exists():
        return {"placenames": 0}
    places_services.load_known_categories()
    rng = random.Random(context.seed)
    county_user = context.users.get("county")
    townships = list(Region.objects.filter(parent=county).order_by("code"))
    base_lon, base_lat = 122.10, 30.02
    made = {"placenames": 0, "addresses": 0, "doorplates": 0, "households_matched": 0, "markers": 0}
    with transaction.atomic():
        rows = [_place(county.name, county.code, {"type": "Point", "coordinates": [base_lon, base_lat]}, county.code)]
        villages_of = {}
        for i, t in enumerate(townships):
            lon, lat = base_lon + (i % 4) * 0.08, base_lat + (i // 4) * 0.08
            rows.append(_place(t.name, t.code, _square(lon, lat, 0.035), t.code))
            villages_of[t.code] = list(Region.objects.filter(parent=t).order_by("code"))
            for j, v in enumerate(villages_of[t.code]):
                rows.append(_place(v.name, v.code, {"type": "Point", "coordinates": [
                    round(lon - 0.03 + (j % 6) * 0.012, 6), round(lat - 0.03 + (j // 6) * 0.012, 6)]}, v.code))
        PlaceName.objects.bulk_create(rows)
        made["placenames"] = len(rows)
        # Roads and 小区 from the households' own addresses in the first township (the demo village's).
        first = townships[0] if townships else None
        if first is not None:
            households = list(Household.objects.filter(region_id__in=[v.code for v in villages_of[first.code]])
                              .order_by("id").values_list("region_id", "address")[:600])
            places: dict[tuple[str, str], PlaceName] = {}
            wanted = []
            for village, text in households:
                parts = policy.parse_address(text or "")
                if parts is None or not parts.road:
                    continue
                if (village, parts.road) not in places:
                    places[(village, parts.road)] = _place(parts.road, village, None, None)
                wanted.append((village, parts))
            PlaceName.objects.bulk_create(list(places.values()))
            made["placenames"] += len(places)
            seen, addrs = set(), []
            for n, (village, parts) in enumerate(wanted):
                if n % 5 == 4:
                    continue  # every fifth address is left out: the matcher reports it
                key = (village, parts.road, parts.number, parts.building, parts.unit, parts.room)
                if key in seen:
                    continue
                seen.add(key)
                place = places[(village, parts.road)]
                addrs.append(StandardAddress(
                    region_id=village, place=place, number=parts.number, building=parts.building, unit=parts.unit,
                    room=parts.room, full_text=addresses.full_text(village, place.name, parts.number, parts.building,
                                                                     parts.unit, parts.room)))
            StandardAddress.objects.bulk_create(addrs)
            made["addresses"] = len(addrs)
            plates = [Doorplate(address=a, region_id=a.region_id, token=f"{rng.getrandbits(80):020x}",
                                installed_on=context.month) for a in addrs[:60]]
            Doorplate.objects.bulk_create(plates)
            made["doorplates"] = len(plates)
        if len(townships) >= 2:
            a, b = townships[0], townships[1]
            coords = [[base_lon + 0.04, base_lat - 0.035], [base_lon + 0.04, base_lat], [base_lon + 0.04,
                                                                                          base_lat + 0.035]]
            line = BoundaryLine.objects.create(name=f"{a.name}—{b.name}界线", level="township", left_region=a,
                                               right_region=b, region=county, agreement="示例界线协议书",
                                               geometry={"type": "LineString", "coordinates": coords},
                                               length_km="7.800")
            BoundarySegment.objects.bulk_create([
                BoundarySegment(line=line, seq=1, description="自南端界桩沿山脊向北",
                                geometry={"type": "LineString", "coordinates": coords[:2]}),
                BoundarySegment(line=line, seq=2, description="沿溪流中心线至北端界桩",
                                geometry={"type": "LineString", "coordinates": coords[1:]})])
            markers = [BoundaryMarker(line=line, number=f"{county.code[:6]}-{k + 1:03d}", kind="double",
                                      lon=f"{c[0]:.6f}", lat=f"{c[1]:.6f}", region=county)
                       for k, c in enumerate(coords)]
            BoundaryMarker.objects.bulk_create(markers)
            made["markers"] = len(markers)
            inspection = InspectionRound.objects.create(name="第五轮乡级界线联检（示例）", round_no=5,
                                                        started_on=context.month, region=county)
            InspectionFinding.objects.create(inspection=inspection, line=line, marker=markers[1],
                                             kind="marker_damaged", description="界桩底座松动",
                                             rectification="加固底座")
            InspectionFinding.objects.create(inspection=inspection, line=line, marker=markers[0],
                                             kind="marker_moved", description="界桩因修路移位约 3 米",
                                             rectification="按协议书坐标复位", rectified_on=context.month)
            InspectionFinding.objects.create(inspection=inspection, line=line, kind="line_unclear",
                                             description="北段溪流改道，界线走向需双方确认")
            BoundaryMarker.objects.filter(pk=markers[1].pk).update(condition="damaged")
            previous = InspectionRound.objects.create(name="第四轮乡级界线联检（示例）", round_no=4,
                                                      started_on=context.month.replace(year=context.month.year - 5),
                                                      finished_on=context.month.replace(year=context.month.year - 5,
                                                                                        day=28), region=county)
            InspectionFinding.objects.create(inspection=previous, line=line, marker=markers[2], kind="other",
                                             description="界桩字迹模糊", rectification="重新描红",
                                             rectified_on=previous.finished_on)
            BoundaryDispute.objects.create(
                line=line, title="北段山林权属争议（示例）", parties=f"{a.name}、{b.name}",
                opened_on=context.month.replace(day=2), state="open", region=county,
                mediation=[{"on": str(context.month.replace(day=9)), "by": "县民政局区划地名科",
                            "record": "召集双方查阅界线协议书和附图，约定联合踏勘"}])
            made["inspection_findings"] = 4
            made["disputes"] = 1
            # Region outlines: the two townships on either side of the line have their own outline (the map
            # draws it instead of the place name's square); the others fall back to their place name.
            outlines = []
            for i, t in enumerate((a, b)):
                lon = base_lon + i * 0.08
                outlines.append(RegionGeometry(region=t, source="示例：乡级界线勘定成果", geometry={
                    "type": "Polygon", "coordinates": [[[lon - 0.04, base_lat - 0.035], [lon + 0.04, base_lat - 0.035],
                                                        [lon + 0.04, base_lat + 0.02], [lon, base_lat + 0.035],
                                                        [lon - 0.04, base_lat + 0.035],
                                                        [lon - 0.04, base_lat - 0.035]]]}))
            RegionGeometry.objects.bulk_create(outlines)
            made["region_outlines"] = len(outlines)
        if county_user is not None and townships:
            NamingApplication.objects.create(
                kind="naming", proposed_name="新安路", category_id="2000", region=townships[0],
                applicant="示例开发公司", reason="新建道路，取“新城安居”之意", materials=["application", "plan", "map"],
                expert_opinion="名称符合地名管理规定，含义健康", consultation_days=30,
                consultation_start=context.month,
                consultation_end=policy.consultation_end(context.month, 30), state="consulting",
                approval_level="county", created_by=county_user)
            proposal = DivisionProposal.objects.create(
                title=f"{townships[0].name}行政区划调整（示例）", kind="merge", region=county,
                summary="拟将两个乡镇合并，以利于统筹发展（示例方案）",
                artefacts={"expert_review": {"done_on": str(context.month), "note": "专家论证通过"},
                           "risk_assessment": {"done_on": str(context.month), "note": "社会稳定风险低"}})
            level = DivisionProposal.objects.create(
                title=f"{townships[-1].name}撤乡设镇（示例）", kind="level", region=county,
                summary="人口和经济规模达到设镇标准，拟撤乡设镇（示例方案）",
                artefacts={code: {"done_on": str(context.month), "note": "已完成（示例）"}
                           for code in ("expert_review", "risk_assessment", "public_consultation", "field_survey")},
                state="submitted", submitted_on=context.month)
            made["proposals"] = 2 if proposal.pk and level.pk else 0
    if county_user is not None and made["addresses"]:
        report = addresses.match_households(county_user, townships[0].code)
        made["households_matched"] = report.matched
        made["households_unmatched"] = len(report.unmatched)
    return made
