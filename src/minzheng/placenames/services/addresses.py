"""Standard addresses, doorplates (智慧门牌: a QR code to the public address page) and the household address
matcher: the registry's free-text household addresses are parsed (policy.parse_address) and matched to standard
addresses in the household's own village, set-based (one read of the village's addresses, one bulk write); what
could not be matched is reported with the reason."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction

from minzheng.core import audit, regioncodes, roles, validation
from minzheng.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from minzheng.placenames import policy, selectors
from minzheng.placenames.models import Doorplate, HouseholdAddress, PlaceName, StandardAddress
from minzheng.placenames.schemas import AddressCorrectIn, AddressIn, DoorplateCorrectIn, DoorplateIn
from minzheng.placenames.services import places
from minzheng.registry import selectors as registry_selectors

ADDRESS = "placenames.address"


def _require(actor, message: str = "您的角色不能登记标准地址和门牌") -> None:
    if not roles.has_perm(actor, ADDRESS):
        raise Forbidden(message)


def full_text(region_code: str, place_name: str, number: str, building: str, unit: str, room: str) -> str:
    return policy.address_text(selectors.region_path_names(region_code), place_name, number, building, unit, room)


def create(actor, data: dict[str, Any]) -> StandardAddress:
    _require(actor)
    d = validation.validate(AddressIn, data)
    if not (d.number or d.building):
        raise ValidationFailed.one("number", "须填写门牌号或楼栋")
    places._check_region(actor, d.region_code)
    if regioncodes.level_of(d.region_code) != "village":
        raise ValidationFailed.one("region_code", "标准地址应落到村(社区)")
    place = selectors.get_placename(actor, d.place_id)
    if not (regioncodes.in_subtree(d.region_code, place.region_id) or regioncodes.in_subtree(place.region_id,
                                                                                              d.region_code)):
        raise ValidationFailed.one("place_id", f"地名“{place.name}”不在所选村(社区)范围内")
    try:
        with transaction.atomic():
            row = StandardAddress.objects.create(
                region_id=d.region_code, place=place, number=d.number, building=d.building, unit=d.unit, room=d.room,
                full_text=full_text(d.region_code, place.name, d.number, d.building, d.unit, d.room))
            audit.record(actor, audit.Event("create", "standard_address", row.pk, row.region_id,
                                            {"full_text": [None, row.full_text]}))
    except IntegrityError:
        raise Conflict("该标准地址已存在") from None
    return row


def rewrite_for_place(place: PlaceName) -> int:
    """After a rename: rewrite the full text of every address using the name (inside the caller's transaction)."""
    rows = list(StandardAddress.objects.filter(place=place))
    for r in rows:
        r.full_text = full_text(r.region_id, place.name, r.number, r.building, r.unit, r.room)
    StandardAddress.objects.bulk_update(rows, ["full_text"], batch_size=1000)
    return len(rows)


ADDRESS_PARTS = ("number", "building", "unit", "room")


def correct(actor, address_id, data: dict[str, Any], comment: str | None = None) -> StandardAddress:
    """Correct a standard address (its numbers, coordinates, or retire it); the full text is rewritten, and the
    households and doorplate linked to it keep pointing at it. Irreversible for what was written before: the page
    confirms, the audit keeps the old text."""
    _require(actor)
    selectors.get_address(actor, address_id, "change")  # 404 before 422
    d = validation.validate(AddressCorrectIn, data)
    given = {f: getattr(d, f) for f in d.model_fields_set if getattr(d, f) is not None}
    if not given:
        raise ValidationFailed.one("number", "没有要更正的内容")
    try:
        with transaction.atomic():
            row = StandardAddress.objects.select_for_update().select_related("place").get(
                pk=selectors.get_address(actor, address_id, "change").pk)
            before = {f: getattr(row, f) for f in (*ADDRESS_PARTS, "state", "lon", "lat", "full_text")}
            for f, value in given.items():
                setattr(row, f, value)
            if not (row.number or row.building):
                raise ValidationFailed.one("number", "须填写门牌号或楼栋")
            if before["state"] == "retired" and row.state == "active":
                raise Conflict("已注销的标准地址不能恢复，请重新登记")
            row.full_text = full_text(row.region_id, row.place.name, row.number, row.building, row.unit, row.room)
            row.save()
            after = {f: getattr(row, f) for f in before}
            changes = audit.diff({k: str(v) if v is not None else None for k, v in before.items()},
                                 {k: str(v) if v is not None else None for k, v in after.items()})
            if comment:
                changes["comment"] = [None, comment]
            audit.record(actor, audit.Event("update", "standard_address", row.pk, row.region_id, changes))
    except IntegrityError:
        raise Conflict("更正后的标准地址与已有地址重复") from None
    return row


def add_doorplate(actor, address_id, data: dict[str, Any]) -> Doorplate:
    """Issue the doorplate of an address (the page and the API): kind and installation date validated."""
    _require(actor)
    selectors.get_address(actor, address_id, "change")
    d = validation.validate(DoorplateIn, data)
    return issue_doorplate(actor, address_id, d.kind, d.installed_on)


def correct_doorplate(actor, plate_id, data: dict[str, Any]) -> Doorplate:
    """Correct a doorplate's kind, installation date or condition (a damaged or missing plate reported)."""
    _require(actor)
    selectors.get_doorplate(actor, plate_id, "change")
    d = validation.validate(DoorplateCorrectIn, data)
    given = {f: getattr(d, f) for f in d.model_fields_set if getattr(d, f) is not None}
    if not given:
        raise ValidationFailed.one("condition", "没有要更正的内容")
    with transaction.atomic():
        row = Doorplate.objects.select_for_update().get(pk=selectors.get_doorplate(actor, plate_id, "change").pk)
        before = {f: str(getattr(row, f)) if getattr(row, f) is not None else None for f in given}
        for f, value in given.items():
            setattr(row, f, value)
        row.save(update_fields=list(given))
        after = {f: str(getattr(row, f)) for f in given}
        audit.record(actor, audit.Event("update", "doorplate", row.pk, row.region_id, audit.diff(before, after)))
    return row


def issue_doorplate(actor, address_id, kind: str = "house", installed_on=None) -> Doorplate:
    _require(actor)
    with transaction.atomic():
        address = selectors.get_address(actor, address_id, "change")
        if Doorplate.objects.filter(address=address).exists():
            raise Conflict("该地址已有门牌")
        if address.state != "active":
            raise Conflict("已注销的标准地址不能编制门牌")
        row = Doorplate.objects.create(address=address, region_id=address.region_id, token=secrets.token_hex(10),
                                       kind=kind, installed_on=installed_on)
        audit.record(actor, audit.Event("create", "doorplate", row.pk, row.region_id,
                                        {"address": [None, address.full_text]}))
    return row


def qr_svg(url: str) -> str:
    import segno

    return segno.make(url, error="m").svg_inline(scale=5, border=2)


# ---- the matcher ----------------------------------------------------------------------------------------------------


@dataclass
class MatchResult:
    text: str
    parsed: bool
    address: StandardAddress | None = None
    candidates: list[StandardAddress] = field(default_factory=list)
    reason: str = ""


def _key(a: StandardAddress) -> tuple:
    return (a.number, a.building, a.unit, a.room)


def _best_place(road: str, names: list[str]) -> str | None:
    """The place name the written road refers to: equal, or the longest one the text starts with (张村3组 → 张村),
    or the one that starts with the text (城东 → 城东小区)."""
    if road in names:
        return road
    prefixes = [n for n in names if road.startswith(n)]
    if prefixes:
        return max(prefixes, key=len)
    extended = [n for n in names if n.startswith(road)] if road else []
    return extended[0] if len(extended) == 1 else None


def match_in(addresses: list[StandardAddress], text: str) -> MatchResult:
    """Match one free-text address against the standard addresses of a village (or any list)."""
    parts = policy.parse_address(text)
    if parts is None:
        return MatchResult(text, False, reason="无法识别门牌号或楼栋号")
    by_place: dict[str, list[StandardAddress]] = {}
    for a in addresses:
        by_place.setdefault(a.place.name, []).append(a)
    name = _best_place(parts.road, list(by_place))
    if name is None:
        return MatchResult(text, True, reason=f"找不到道路、街巷或小区“{parts.road}”")
    wanted = (parts.number, parts.building, parts.unit, parts.room)
    exact = [a for a in by_place[name] if _key(a) == wanted]
    if len(exact) == 1:
        return MatchResult(text, True, exact[0])
    near = [a for a in by_place[name]
            if (parts.building and a.building == parts.building) or (parts.number and a.number == parts.number)]
    return MatchResult(text, True, candidates=near[:10],
                       reason=f"“{name}”下没有与“{text}”完全一致的标准地址" + ("，列出相近地址" if near else ""))


def match_text(actor, text: str, region_code: str = "") -> MatchResult:
    """`GET /addresses/match?text=`: the standard address or candidates within the user's region (or a narrower
    region given)."""
    if not roles.has_perm(actor, "placenames.view"):
        raise Forbidden("您的角色无权查看区划地名")
    text = (text or "").strip()
    if not text:
        raise ValidationFailed.one("text", "须填写地址")
    if len(text) > 200:
        raise ValidationFailed.one("text", "地址不能超过200个字符")
    root = actor.region_id
    if region_code:
        try:
            code = regioncodes.normalize(region_code)
        except regioncodes.RegionCodeError as exc:
            raise ValidationFailed.one("region_code", str(exc)) from None
        if not regioncodes.in_subtree(code, root):
            raise NotFound()
        root = code
    parts = policy.parse_address(text)
    if parts is None:
        return MatchResult(text, False, reason="无法识别门牌号或楼栋号")
    qs = selectors.addresses_for(actor).filter(state="active", **regioncodes.subtree_lookup("region_id", root))
    return match_in(list(qs.filter(place__name__in=_road_names(qs, parts.road))[:2000]), text)


def _road_names(qs, road: str) -> list[str]:
    names = list(qs.values_list("place__name", flat=True).distinct()[:5000])
    return [n for n in names if n and (n == road or road.startswith(n) or n.startswith(road))]


@dataclass
class MatchReport:
    households: int = 0
    matched: int = 0
    already: int = 0
    unmatched: list[tuple[int, str, str]] = field(default_factory=list)  # (household id, address, reason)


def match_households(actor, region_code: str = "", limit: int = 200_000) -> MatchReport:
    """Link the registry's households (in the user's region, or a narrower one) to standard addresses by their
    free-text address; one read of the addresses per run, one bulk write; reports what could not be matched."""
    _require(actor, "您的角色不能关联家庭标准地址")
    root = region_code or actor.region_id
    if not regioncodes.in_subtree(root, actor.region_id):
        raise NotFound()
    linked = set(HouseholdAddress.objects.filter(**regioncodes.subtree_lookup("region_id", root))
                 .values_list("household_id", flat=True))
    households = registry_selectors.households_for(actor).filter(
        **regioncodes.subtree_lookup("region_id", root)).values_list("id", "region_id", "address")[:limit]
    by_village: dict[str, list[StandardAddress]] = {}
    for a in StandardAddress.objects.filter(state="active", **regioncodes.subtree_lookup("region_id", root)
                                            ).select_related("place"):
        by_village.setdefault(a.region_id, []).append(a)
    report, links = MatchReport(), []
    for hid, village, text in households:
        report.households += 1
        if hid in linked:
            report.already += 1
            continue
        result = match_in(by_village.get(village, []), text or "")
        if result.address is not None:
            links.append(HouseholdAddress(household_id=hid, address=result.address, region_id=village))
        else:
            report.unmatched.append((hid, text or "", result.reason or "没有完全一致的标准地址"))
    with transaction.atomic():
        HouseholdAddress.objects.bulk_create(links, batch_size=2000)
        report.matched = len(links)
        audit.record(actor, audit.Event("update", "household_address", root, root, {
            "matched": [None, report.matched], "unmatched": [None, len(report.unmatched)]}))
    return report
