"""Place names: categories (the GB/T 18521 table as data), create, update, rename, pinyin corrections, aliases,
photos."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.http import content_disposition_header

from minzheng.core import audit, clock, filestore, regioncodes, regions, roles, validation
from minzheng.core.errors import Forbidden, NotFound, ValidationFailed
from minzheng.placenames import policy, selectors
from minzheng.placenames.models import Category, PlaceName, PlaceNameAlias, PlaceNameChange, PlaceNamePhoto
from minzheng.placenames.schemas import AliasIn, CategoryIn, CorrectionIn, PlaceNameIn, PlaceNameUpdate

CHANGE = "placenames.change"
PHOTO_TYPES = {"image/jpeg", "image/png", "image/webp"}
PHOTO_LIMIT = 10 * 1024 * 1024


def _require(actor, message: str = "您的角色不能维护地名（县级民政部门办理）") -> None:
    if not roles.has_perm(actor, CHANGE):
        raise Forbidden(message)


def _check_region(actor, code12: str, field: str = "region_code") -> None:
    if not regions.exists(code12):
        raise ValidationFailed.one(field, f"区划代码 {code12} 不存在")
    if not regioncodes.in_subtree(code12, actor.region_id):
        raise ValidationFailed.one(field, "该区划不在您的管辖范围内")


def _check_category(code: str | None) -> None:
    if code and not selectors.category_exists(code):
        raise ValidationFailed.one("category", f"类别代码 {code} 不在地名类别表中（可由管理员补充）")


def apply_pinyin(place: PlaceName) -> None:
    """Regenerate the pinyin from the name, keeping the corrections that still fit."""
    place.pinyin_corrections = policy.kept_corrections(place.name, place.pinyin_corrections or [])
    p = policy.generate(place.name, place.pinyin_corrections)
    place.pinyin, place.pinyin_key, place.initials = p.toned, p.key, p.initials
    if not place.roman:
        place.roman = p.roman


def load_known_categories(model=None) -> int:
    """The known part of the GB/T 18521 table (data/categories.csv), idempotent: the migration loads it, and the
    demo makes sure of it (a test database flushed between transactional tests loses migration-loaded rows)."""
    import csv
    from pathlib import Path

    model = model or Category
    path = Path(__file__).resolve().parent.parent / "data" / "categories.csv"
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    made = 0
    for row in rows:
        _, created = model.objects.get_or_create(code=row["code"], defaults={
            "name": row["name"], "level": row["level"], "source": row["source"]})
        made += created
    return made


def add_category(actor, data: dict[str, Any]) -> Category:
    _require(actor, "您的角色不能补充地名类别")
    d = validation.validate(CategoryIn, data)
    if selectors.category_exists(d.code):
        raise ValidationFailed.one("code", f"类别代码 {d.code} 已存在")
    level = str(min(max(len(d.code.rstrip("0")), 1), 4))
    with transaction.atomic():
        row = Category.objects.create(code=d.code, name=d.name, level=level,
                                      source=d.source or f"管理员补充（{actor.username}）")
        audit.record(actor, audit.Event("create", "placename_category", row.code, "", {"name": [None, d.name]}))
    return row


def create(actor, data: dict[str, Any], note: str = "登记") -> PlaceName:
    _require(actor)
    d = validation.validate(PlaceNameIn, data)
    _check_region(actor, d.region_code)
    _check_category(d.category)
    place = PlaceName(name=d.name, category_id=d.category, region_id=d.region_code, status=d.status,
                      meaning=d.meaning, history_notes=d.history_notes, roman=d.roman,
                      cleanup_task=d.cleanup_task or ("待清理整治" if d.status == "nonstandard" else ""),
                      geometry=d.geometry)
    if regioncodes.level_of(d.region_code) in ("township", "village") and data.get("names_region"):
        place.names_region_id = d.region_code
    apply_pinyin(place)
    with transaction.atomic():
        place.save()
        PlaceNameChange.objects.create(place=place, new_name=place.name, changed_on=clock.today(), note=note)
        audit.record(actor, audit.Event("create", "placename", place.pk, place.region_id, {
            "name": [None, place.name], "pinyin": [None, place.pinyin], "status": [None, place.status]}))
    return place


UPDATABLE = ("category", "status", "meaning", "history_notes", "roman", "cleanup_task", "geometry")


def update(actor, place_id, data: dict[str, Any]) -> PlaceName:
    _require(actor)
    d = validation.validate(PlaceNameUpdate, data)
    with transaction.atomic():
        place = selectors.get_placename(actor, place_id, "change")
        place = PlaceName.objects.select_for_update().get(pk=place.pk)
        before = {f: getattr(place, "category_id" if f == "category" else f) for f in UPDATABLE}
        for f in UPDATABLE:
            if f in d.model_fields_set:
                value = getattr(d, f)
                if f == "category":
                    _check_category(value)
                    place.category_id = value
                elif value is not None or f == "geometry":
                    setattr(place, f, value)
        if place.status == "nonstandard" and not place.cleanup_task:
            place.cleanup_task = "待清理整治"
        place.save()
        after = {f: getattr(place, "category_id" if f == "category" else f) for f in UPDATABLE}
        audit.record(actor, audit.Event("update", "placename", place.pk, place.region_id, audit.diff(before, after)))
    return place


def correct_pinyin(actor, place_id, data: dict[str, Any]) -> PlaceName:
    """Correct the reading of one character (a polyphonic one); kept when the pinyin is regenerated."""
    _require(actor)
    d = validation.validate(CorrectionIn, data)
    with transaction.atomic():
        place = selectors.get_placename(actor, place_id, "change")
        place = PlaceName.objects.select_for_update().get(pk=place.pk)
        if d.index >= len(place.name) or not policy._HAN.match(place.name[d.index]):
            raise ValidationFailed.one("index", f"第 {d.index} 个字不是汉字（名称“{place.name}”，从0起计）")
        before = place.pinyin
        kept = [c for c in place.pinyin_corrections or [] if c.get("index") != d.index]
        place.pinyin_corrections = [*kept, {"index": d.index, "char": place.name[d.index], "syllable": d.syllable}]
        place.roman = ""
        apply_pinyin(place)
        place.save()
        audit.record(actor, audit.Event("update", "placename", place.pk, place.region_id,
                                        {"pinyin": [before, place.pinyin]}))
    return place


def regenerate(actor, place_id) -> PlaceName:
    _require(actor)
    with transaction.atomic():
        place = selectors.get_placename(actor, place_id, "change")
        place = PlaceName.objects.select_for_update().get(pk=place.pk)
        before = place.pinyin
        apply_pinyin(place)
        place.save()
        audit.record(actor, audit.Event("update", "placename", place.pk, place.region_id,
                                        {"pinyin": [before, place.pinyin]}))
    return place


def rename_locked(place: PlaceName, new_name: str, day, application=None, note: str = "") -> str:
    """Rename inside the caller's transaction: history, the old name as a historical name, pinyin regenerated
    (corrections on unchanged characters kept). Returns the old name."""
    old = place.name
    PlaceNameAlias.objects.create(place=place, name=old, form="historical", valid_to=day,
                                  note=note or "更名前名称")
    place.name = new_name
    place.roman = ""
    apply_pinyin(place)
    place.save()
    PlaceNameChange.objects.create(place=place, old_name=old, new_name=new_name, changed_on=day,
                                   application=application, note=note)
    return old


def add_alias(actor, place_id, data: dict[str, Any]) -> PlaceNameAlias:
    _require(actor)
    d = validation.validate(AliasIn, data)
    if d.valid_from and d.valid_to and d.valid_to < d.valid_from:
        raise ValidationFailed.one("valid_to", "停用日期不能早于起用日期")
    with transaction.atomic():
        place = selectors.get_placename(actor, place_id, "change")
        row = PlaceNameAlias.objects.create(place=place, name=d.name, form=d.form, valid_from=d.valid_from,
                                            valid_to=d.valid_to, note=d.note)
        audit.record(actor, audit.Event("update", "placename", place.pk, place.region_id,
                                        {"alias": [None, f"{d.name}（{d.form}）"]}))
    return row


# The first bytes of each accepted image type: the declared content type alone is the client's word.
PHOTO_MAGIC = {"image/jpeg": (b"\xff\xd8\xff",), "image/png": (b"\x89PNG\r\n\x1a\n",), "image/webp": (b"RIFF",)}


def check_photo(upload) -> None:
    """An uploaded photo: present, JPEG/PNG/WebP by its declared type and its first bytes, at most 10 MB."""
    if upload is None:
        raise ValidationFailed.one("photo", "请选择照片")
    content_type = getattr(upload, "content_type", "") or ""
    if content_type not in PHOTO_TYPES:
        raise ValidationFailed.one("photo", "照片应为 JPEG、PNG 或 WebP 格式")
    if upload.size > PHOTO_LIMIT:
        raise ValidationFailed.one("photo", "照片不能超过 10 MB")
    upload.seek(0)
    head = upload.read(12)
    upload.seek(0)
    if not head.startswith(PHOTO_MAGIC[content_type]) or (content_type == "image/webp" and head[8:12] != b"WEBP"):
        raise ValidationFailed.one("photo", "文件内容不是 JPEG、PNG 或 WebP 图片")


def add_photo(actor, place_id, upload, caption: str = "") -> PlaceNamePhoto:
    """A photo of the place, stored encrypted (core.filestore, category placename_photo)."""
    _require(actor)
    place = selectors.get_placename(actor, place_id, "change")  # 404 before 422
    check_photo(upload)
    name = (upload.name or "photo")[:200]
    with transaction.atomic():
        stored = filestore.save(upload.chunks(), category="placename_photo", name=name, actor=actor,
                                region_code=place.region_id, content_type=upload.content_type)
        row = PlaceNamePhoto.objects.create(place=place, file=stored, caption=(caption or "")[:200])
        audit.record(actor, audit.Event("update", "placename", place.pk, place.region_id,
                                        {"photo": [None, f"{name}（照片 {row.pk}）"]}))
    return row


def photo_response(actor, place_id, photo_id):
    """One photo of a place the user may see, decrypted and streamed inline (404 outside the user's region)."""
    row = selectors.get_photo(actor, place_id, photo_id)
    if row is None:
        raise NotFound()
    return inline_photo(row.file)


def inline_photo(stored):
    """A stored photo streamed for an <img> or a new tab: inline, never cached, never sniffed (the type is one of
    PHOTO_TYPES, checked with the first bytes on upload)."""
    resp = filestore.response(stored, stored.name, stored.content_type)
    resp.headers["Content-Disposition"] = content_disposition_header(False, stored.name)
    return resp
