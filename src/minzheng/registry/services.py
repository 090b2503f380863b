"""Registry writes. Each function is one business action in one transaction: it checks the actor's role and
region scope, validates everything first (all field errors at once, nothing written on error) and audits."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction

from minzheng.core import audit, clock, crypto, idnumber, regioncodes, roles
from minzheng.core.errors import Conflict, FieldError, Forbidden, NotFound, ValidationFailed
from minzheng.core.models import Region
from minzheng.registry import codes, names
from minzheng.registry.models import Household, Membership, Person
from minzheng.registry.selectors import get_household, get_person

PERSON_FIELDS = ("name", "id_number", "phone", "region_code", "hukou_region_code", "ethnicity",
                 "disability_category", "disability_grade", "disability_cert_no", "serious_illness",
                 "illness_kind", "labour_capacity", "schooling", "employment", "marital_status", "death_date",
                 "birth_date", "sex")


def require_change(actor) -> None:
    if not roles.has_perm(actor, "people.change"):
        raise Forbidden("您的角色只能查看，不能修改民政对象数据")


def _scoped_region(actor, field: str, code: Any, errors: list[FieldError], level: str | None = None) -> Region | None:
    if code in (None, ""):
        return None
    try:
        code12 = regioncodes.normalize(code)
    except regioncodes.RegionCodeError as exc:
        errors.append(FieldError(field, str(exc)))
        return None
    region = Region.objects.filter(code=code12).first()
    if region is None:
        errors.append(FieldError(field, f"区划代码 {code} 不存在"))
    elif not regioncodes.in_subtree(code12, actor.region_id):
        errors.append(FieldError(field, f"区划 {code} 不在您的管辖范围内"))
    elif level and region.level != level:
        errors.append(FieldError(field, f"区划 {code} 不是{regioncodes.LEVEL_LABEL[level]}级"))
    else:
        return region
    return None


def _date(field: str, value: Any, errors: list[FieldError]) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        errors.append(FieldError(field, f"日期“{value}”格式不正确，应为 YYYY-MM-DD"))
        return None


def _code(field: str, label: str, table: dict, value: Any, errors: list[FieldError]) -> str:
    code = codes.lookup(table, value)
    if code is None:
        errors.append(FieldError(field, f"{label}“{value}”无效，可选：{'、'.join(str(v) for v in table.values())}"))
        return ""
    return code


def clean_person(actor, data: dict[str, Any], instance: Person | None = None) -> dict[str, Any]:
    """Validate person input (create: all given fields; update: only the keys present). Returns model values."""
    errors: list[FieldError] = []
    values: dict[str, Any] = {}
    creating = instance is None

    def present(key):  # on create absent keys take model defaults; on update absent keys are left alone
        return key in data

    if creating or "name" in data:
        name = (data.get("name") or "").strip()
        if not name:
            errors.append(FieldError("name", "姓名不能为空"))
        elif len(name) > 50:
            errors.append(FieldError("name", "姓名不能超过 50 个字符"))
        values["name"] = name
        values["name_pinyin"] = names.pinyin_key(name)
    parsed = None
    if creating or "id_number" in data:
        try:
            parsed = idnumber.parse(data.get("id_number") or "")
        except idnumber.IdNumberError as exc:
            errors.append(FieldError("id_number", str(exc)))
        else:
            index = crypto.blind_index(parsed.number)
            clash = Person.objects.filter(id_number_index=index)
            if instance is not None:
                clash = clash.exclude(pk=instance.pk)
            if clash.exists():
                errors.append(FieldError("id_number", "该身份证号已登记，一人只能登记一次"))
            values.update(id_number_enc=parsed.number, id_number_index=index,
                          birth_date=parsed.birth_date, sex=parsed.sex)
    # Declared birth date / sex, when given, must agree with the ID number (GB 11643 §5).
    if parsed is not None:
        declared_birth = _date("birth_date", data.get("birth_date"), errors)
        if declared_birth and declared_birth != parsed.birth_date:
            errors.append(FieldError("birth_date", f"出生日期 {declared_birth} 与身份证号中的 {parsed.birth_date} 不一致"))
        declared_sex = codes.lookup(codes.SEX, data.get("sex") or "")
        if declared_sex and declared_sex != parsed.sex:
            errors.append(FieldError("sex", f"性别与身份证号不一致（身份证号显示为{codes.SEX[parsed.sex]}）"))
    if present("phone"):
        try:
            phone = crypto.normalize_phone(data.get("phone"))
        except crypto.PhoneError as exc:
            errors.append(FieldError("phone", str(exc)))
        else:
            values.update(phone_enc=phone, phone_index=crypto.blind_index(phone))
    if creating or "region_code" in data:
        if not data.get("region_code"):
            errors.append(FieldError("region_code", "经常居住地区划代码不能为空"))
        else:
            region = _scoped_region(actor, "region_code", data.get("region_code"), errors)
            if region is not None:
                values["region"] = region
    if present("hukou_region_code"):
        code = data.get("hukou_region_code")
        if code:  # registered residence may lie outside the actor's scope (人户分离): only existence is checked
            try:
                code12 = regioncodes.normalize(code)
                if not Region.objects.filter(code=code12).exists():
                    errors.append(FieldError("hukou_region_code", f"区划代码 {code} 不存在"))
                else:
                    values["hukou_region_id"] = code12
            except regioncodes.RegionCodeError as exc:
                errors.append(FieldError("hukou_region_code", str(exc)))
        else:
            values["hukou_region_id"] = None
    if present("ethnicity"):
        code = codes.ethnicity_code(data.get("ethnicity") or "")
        if code is None:
            errors.append(FieldError("ethnicity", f"民族“{data.get('ethnicity')}”无效"))
        else:
            values["ethnicity"] = code
    for key, label, table in (("disability_category", "残疾类别", codes.DISABILITY_CATEGORIES),
                              ("labour_capacity", "劳动能力", codes.LABOUR_CAPACITY),
                              ("schooling", "在校情况", codes.SCHOOLING),
                              ("employment", "就业状况", codes.EMPLOYMENT),
                              ("marital_status", "婚姻状况", codes.MARITAL_STATUS)):
        if present(key):
            values[key] = _code(key, label, table, data.get(key), errors)
    if present("disability_grade"):
        grade = data.get("disability_grade")
        if grade in (None, ""):
            values["disability_grade"] = None
        else:
            try:
                grade = int(str(grade).strip().replace("级", ""))
                if grade not in codes.DISABILITY_GRADES:
                    raise ValueError
                values["disability_grade"] = grade
            except ValueError:
                errors.append(FieldError("disability_grade", f"残疾等级“{grade}”无效，应为 1–4"))
    if present("disability_cert_no"):
        cert = (data.get("disability_cert_no") or "").strip().upper()
        values["disability_cert_enc"] = cert or None
    category = values.get("disability_category", instance.disability_category if instance else "")
    grade = values.get("disability_grade", instance.disability_grade if instance else None)
    if bool(category) != bool(grade):
        errors.append(FieldError("disability_grade", "残疾类别与残疾等级须同时填写或同时为空"))
    if present("serious_illness"):
        flag = data.get("serious_illness")
        values["serious_illness"] = flag in (True, "true", "True", "1", 1, "是", "on")
    if present("illness_kind"):
        values["illness_kind"] = (data.get("illness_kind") or "").strip()[:100]
    if present("death_date"):
        death = _date("death_date", data.get("death_date"), errors)
        if death and death > clock.today():
            errors.append(FieldError("death_date", "死亡日期不能晚于今天"))
        birth = values.get("birth_date", instance.birth_date if instance else None)
        if death and birth and death < birth:
            errors.append(FieldError("death_date", "死亡日期不能早于出生日期"))
        values["death_date"] = death
    if errors:
        raise ValidationFailed(errors)
    return values


def person_snapshot(person: Person) -> dict[str, Any]:
    """Auditable view of a person: sensitive values masked."""
    return {
        "name": person.name, "id_number": person.id_number_masked, "phone": person.phone_masked,
        "region": person.region_id, "hukou_region": person.hukou_region_id, "ethnicity": person.ethnicity,
        "disability_category": person.disability_category, "disability_grade": person.disability_grade,
        "disability_cert_no": person.disability_cert_masked, "serious_illness": person.serious_illness,
        "illness_kind": person.illness_kind, "labour_capacity": person.labour_capacity,
        "schooling": person.schooling, "employment": person.employment, "marital_status": person.marital_status,
        "death_date": person.death_date,
    }


_ENCRYPTED = ("id_number_enc", "phone_enc", "disability_cert_enc")


def _apply(person: Person, values: dict[str, Any]) -> None:
    for key, value in values.items():
        if key in _ENCRYPTED:
            value = crypto.encrypt(value)
        setattr(person, key, value)


def create_person(actor, data: dict[str, Any]) -> Person:
    require_change(actor)
    values = clean_person(actor, data)
    person = Person()
    _apply(person, values)
    try:
        with transaction.atomic():
            person.save()
            audit.record(actor, audit.Event("create", "person", person.pk, person.region_id,
                                            audit.diff({}, person_snapshot(person))))
    except IntegrityError:  # a concurrent insert of the same ID number won the race
        raise ValidationFailed.one("id_number", "该身份证号已登记，一人只能登记一次") from None
    return person


def update_person(actor, person_id, data: dict[str, Any]) -> Person:
    require_change(actor)
    with transaction.atomic():
        person = get_person(actor, person_id)
        before = person_snapshot(person)
        values = clean_person(actor, {k: v for k, v in data.items() if k in PERSON_FIELDS}, instance=person)
        _apply(person, values)
        changes = audit.diff(before, person_snapshot(person))
        if changes:
            person.save()
            audit.record(actor, audit.Event("update", "person", person.pk, person.region_id, changes))
    return person


def reveal(actor, person: Person, field: str) -> str:
    """Plaintext of one sensitive field for a user holding the unmask right; audited."""
    if not roles.may_unmask(actor):
        raise Forbidden("您没有查看明文的权限，请联系安全管理员授权")
    value = {"id_number": person.id_number, "phone": person.phone,
             "disability_cert_no": person.disability_cert_no}.get(field)
    if value is None:
        raise NotFound("字段不存在")
    audit.record(actor, audit.Event("unmask", "person", person.pk, person.region_id, {"field": field}))
    return value


# ---- households -------------------------------------------------------------------------------------------

def _relation(field: str, value: Any, errors: list[FieldError]) -> str | None:
    code = codes.relation_code(str(value or ""))
    if code is None:
        errors.append(FieldError(field, f"与户主关系“{value}”无效：应为 GB/T 4761 代码（如 02、10、20）或名称（如 户主、配偶、子）"))
    return code


def _active_elsewhere(person_ids, exclude_household=None) -> dict[int, int]:
    qs = Membership.objects.filter(person_id__in=person_ids, left_on__isnull=True)
    if exclude_household is not None:
        qs = qs.exclude(household_id=exclude_household)
    return dict(qs.values_list("person_id", "household_id"))


def _household_snapshot(h: Household) -> dict[str, Any]:
    return {"region": h.region_id, "urban_rural": h.urban_rural, "address": h.address, "head": h.head_id,
            "ref": h.ref}


def create_household(actor, data: dict[str, Any]) -> Household:
    require_change(actor)
    errors: list[FieldError] = []
    region = None
    if not data.get("region_code"):
        errors.append(FieldError("region_code", "所在村(社区)区划代码不能为空"))
    else:
        region = _scoped_region(actor, "region_code", data.get("region_code"), errors, level="village")
    urban_rural = codes.lookup(codes.URBAN_RURAL, data.get("urban_rural") or "")
    if not urban_rural:
        errors.append(FieldError("urban_rural", "城乡属性应为 urban/城市 或 rural/农村"))
    address = (data.get("address") or "").strip()
    if len(address) > 200:
        errors.append(FieldError("address", "住址不能超过 200 个字符"))
    ref = (data.get("ref") or "").strip() or None
    if ref and Household.objects.filter(ref=ref).exists():
        errors.append(FieldError("ref", f"户编号 {ref} 已存在"))
    members = data.get("members") or []
    if not members:
        errors.append(FieldError("members", "家庭至少要有一名成员（户主）"))
    parsed: list[tuple[Person, str]] = []
    visible = {p.pk: p for p in Person.objects.visible_to(actor).filter(
        pk__in=[m.get("person_id") for m in members if isinstance(m, dict)])}
    seen = set()
    for i, m in enumerate(members):
        field = f"members[{i}]"
        pid = m.get("person_id") if isinstance(m, dict) else None
        person = visible.get(pid)
        if person is None:
            errors.append(FieldError(f"{field}.person_id", f"人员 {pid} 不存在或不在您的管辖范围内"))
            continue
        if pid in seen:
            errors.append(FieldError(f"{field}.person_id", f"人员 {person.name} 重复出现"))
            continue
        seen.add(pid)
        relation = _relation(f"{field}.relation", m.get("relation"), errors)
        if relation:
            parsed.append((person, relation))
    heads = [p for p, r in parsed if r == codes.HEAD]
    if members and len(heads) != 1:
        errors.append(FieldError("members", f"家庭须有且只有一名户主（现有 {len(heads)} 名）"))
    busy = _active_elsewhere([p.pk for p, _ in parsed])
    for i, (person, _) in enumerate(parsed):
        if person.pk in busy:
            errors.append(FieldError("members", f"{person.name} 已是另一家庭（编号 {busy[person.pk]}）的在册成员，请使用“迁移成员”"))
    if errors:
        raise ValidationFailed(errors)
    today = clock.today()
    joined = _date_or_today(data.get("joined_on"), today)
    try:
        with transaction.atomic():
            household = Household.objects.create(region=region, urban_rural=urban_rural, address=address,
                                                 head=heads[0], ref=ref)
            Membership.objects.bulk_create([
                Membership(household=household, person=p, relation=r, joined_on=joined, join_reason="建户")
                for p, r in parsed
            ])
            events = [audit.Event("create", "household", household.pk, region.code,
                                  audit.diff({}, _household_snapshot(household)))]
            events += [audit.Event("member_add", "household", household.pk, region.code,
                                   {"person": [None, p.pk], "relation": [None, r]}) for p, r in parsed]
            audit.record_many(actor, events)
    except IntegrityError:
        raise Conflict("有成员已被同时加入其他家庭，请刷新后重试") from None
    return household


def _date_or_today(value, today: dt.date) -> dt.date:
    errors: list[FieldError] = []
    day = _date("date", value, errors)
    if errors:
        raise ValidationFailed(errors)
    if day and day > today:
        raise ValidationFailed.one("date", "日期不能晚于今天")
    return day or today


def update_household(actor, household_id, data: dict[str, Any]) -> Household:
    require_change(actor)
    with transaction.atomic():
        household = get_household(actor, household_id)
        before = _household_snapshot(household)
        errors: list[FieldError] = []
        if "region_code" in data:
            region = _scoped_region(actor, "region_code", data["region_code"], errors, level="village")
            if region is not None:
                household.region = region
        if "urban_rural" in data:
            value = codes.lookup(codes.URBAN_RURAL, data.get("urban_rural") or "")
            if not value:
                errors.append(FieldError("urban_rural", "城乡属性应为 urban/城市 或 rural/农村"))
            else:
                household.urban_rural = value
        if "address" in data:
            address = (data.get("address") or "").strip()
            if len(address) > 200:
                errors.append(FieldError("address", "住址不能超过 200 个字符"))
            household.address = address
        if errors:
            raise ValidationFailed(errors)
        changes = audit.diff(before, _household_snapshot(household))
        if changes:
            household.save()
            audit.record(actor, audit.Event("update", "household", household.pk, household.region_id, changes))
    return household


def add_member(actor, household_id, person_id, relation, reason: str = "", joined_on=None) -> Membership:
    require_change(actor)
    errors: list[FieldError] = []
    code = _relation("relation", relation, errors)
    if errors:
        raise ValidationFailed(errors)
    if code == codes.HEAD:
        raise ValidationFailed.one("relation", "家庭已有户主；如需更换户主请使用“变更户主”")
    with transaction.atomic():
        household = get_household(actor, household_id)
        person = get_person(actor, person_id)
        busy = _active_elsewhere([person.pk])
        if busy:
            raise Conflict(f"{person.name} 已是家庭 {busy[person.pk]} 的在册成员，请使用“迁移成员”")
        day = _date_or_today(joined_on, clock.today())
        member = Membership.objects.create(household=household, person=person, relation=code, joined_on=day,
                                           join_reason=reason)
        audit.record(actor, audit.Event("member_add", "household", household.pk, household.region_id,
                                        {"person": [None, person.pk], "relation": [None, code], "reason": reason}))
    return member


def _leave(actor, household: Household, person: Person, day: dt.date, reason: str) -> Membership:
    member = household.memberships.filter(person=person, left_on__isnull=True).first()
    if member is None:
        raise NotFound(f"{person.name} 不是该家庭的在册成员")
    if member.relation == codes.HEAD and household.memberships.filter(left_on__isnull=True).count() > 1:
        raise Conflict("户主不能直接移出：请先“变更户主”")
    if day < member.joined_on:
        raise ValidationFailed.one("date", f"离开日期不能早于加入日期 {member.joined_on}")
    member.left_on, member.leave_reason = day, reason
    member.save(update_fields=["left_on", "leave_reason"])
    if member.relation == codes.HEAD:
        household.head = None
        household.save(update_fields=["head", "updated_at"])
    return member


def remove_member(actor, household_id, person_id, reason: str, left_on=None) -> Membership:
    require_change(actor)
    if not (reason or "").strip():
        raise ValidationFailed.one("reason", "请填写移出原因（如 死亡、迁出、分户）")
    with transaction.atomic():
        household = get_household(actor, household_id)
        person = get_person(actor, person_id)
        member = _leave(actor, household, person, _date_or_today(left_on, clock.today()), reason)
        audit.record(actor, audit.Event("member_remove", "household", household.pk, household.region_id,
                                        {"person": [person.pk, None], "reason": reason}))
    return member


def move_member(actor, person_id, to_household_id, relation, reason: str, on=None) -> Membership:
    """One audited action: leave the current household and join another on the same day."""
    require_change(actor)
    if not (reason or "").strip():
        raise ValidationFailed.one("reason", "请填写迁移原因")
    errors: list[FieldError] = []
    code = _relation("relation", relation, errors)
    if errors:
        raise ValidationFailed(errors)
    if code == codes.HEAD:
        raise ValidationFailed.one("relation", "迁入的成员不能直接作为户主；迁入后可“变更户主”")
    with transaction.atomic():
        person = get_person(actor, person_id)
        target = get_household(actor, to_household_id)
        day = _date_or_today(on, clock.today())
        current = person.memberships.filter(left_on__isnull=True).select_related("household").first()
        if current and current.household_id == target.pk:
            raise Conflict(f"{person.name} 已在该家庭中")
        source = None
        if current is not None:
            source = get_household(actor, current.household_id)  # the source must be in scope too
            _leave(actor, source, person, day, reason)
        member = Membership.objects.create(household=target, person=person, relation=code, joined_on=day,
                                           join_reason=reason)
        audit.record(actor, audit.Event("member_move", "person", person.pk, target.region_id, {
            "household": [source.pk if source else None, target.pk], "relation": [current.relation if current else None, code],
            "reason": reason}))
    return member


def change_head(actor, household_id, new_head_id, old_head_relation) -> Household:
    require_change(actor)
    errors: list[FieldError] = []
    old_code = _relation("old_head_relation", old_head_relation, errors)
    if errors:
        raise ValidationFailed(errors)
    if old_code == codes.HEAD:
        raise ValidationFailed.one("old_head_relation", "原户主的新关系不能仍为户主")
    with transaction.atomic():
        household = get_household(actor, household_id)
        members = {m.person_id: m for m in household.memberships.filter(left_on__isnull=True)}
        if new_head_id not in members:
            raise ValidationFailed.one("new_head_id", "新户主必须是该家庭的在册成员")
        old_head = household.head_id
        if old_head in members and old_head != new_head_id:
            Membership.objects.filter(pk=members[old_head].pk).update(relation=old_code)
        Membership.objects.filter(pk=members[new_head_id].pk).update(relation=codes.HEAD)
        household.head_id = new_head_id
        household.save(update_fields=["head", "updated_at"])
        audit.record(actor, audit.Event("head_change", "household", household.pk, household.region_id,
                                        {"head": [old_head, new_head_id]}))
    return household
