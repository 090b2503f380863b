"""Person writes: register, correct, reveal a sensitive value. Formats are checked by the schemas
(registry.schemas through core.validation); the rules here need the database or the ID number."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from minzheng.core import audit, clock, crypto, idnumber, protected, regioncodes, roles
from minzheng.core.errors import FieldError, Forbidden, NotFound, ValidationFailed
from minzheng.core.models import Region
from minzheng.core.validation import validate
from minzheng.registry import codes, names
from minzheng.registry.models import Person
from minzheng.registry.schemas import PersonIn, PersonPatch
from minzheng.registry.selectors import get_person


def require_change(actor) -> None:
    if not roles.has_perm(actor, "people.change"):
        raise Forbidden("您的角色只能查看，不能修改民政对象数据")


def scoped_region(actor, field: str, code12: str, errors: list[FieldError], level: str | None = None) -> Region | None:
    """The region of a (normalised) code inside the actor's region, of the given level; else a field error."""
    region = Region.objects.filter(code=code12).first()
    if region is None:
        errors.append(FieldError(field, f"区划代码 {code12} 不存在"))
    elif not regioncodes.in_subtree(code12, actor.region_id):
        errors.append(FieldError(field, f"区划“{region.name}”（{code12}）不在您的管辖范围内"))
    elif level and region.level != level:
        label = regioncodes.LEVEL_LABEL[level]
        errors.append(FieldError(field, f"“{region.name}”不是{label}级区划，请选择{label}"))
    else:
        return region
    return None


def _code(field: str, label: str, table: dict, value: Any, errors: list[FieldError]) -> str:
    """A code table value given as its code or its Chinese label ('' stays '')."""
    code = codes.lookup(table, value)
    if code is None:
        errors.append(FieldError(field, f"{label}“{value}”无效，可选：{'、'.join(str(v) for v in table.values())}"))
        return ""
    return code


CODE_FIELDS = (("disability_category", "残疾类别", codes.DISABILITY_CATEGORIES),
               ("labour_capacity", "劳动能力", codes.LABOUR_CAPACITY),
               ("schooling", "在校情况", codes.SCHOOLING),
               ("employment", "就业状况", codes.EMPLOYMENT),
               ("marital_status", "婚姻状况", codes.MARITAL_STATUS))


def clean_person(actor, data: dict[str, Any], instance: Person | None = None) -> dict[str, Any]:
    """Validate person input (create: every field, absent ones take their defaults; update: only the keys sent).
    Returns model values; every problem at once as ValidationFailed."""
    creating = instance is None
    payload = validate(PersonIn if creating else PersonPatch, data)
    sent = payload.model_fields_set

    def given(key: str) -> bool:
        return creating or key in sent

    errors: list[FieldError] = []
    values: dict[str, Any] = {}
    if given("name"):
        name = payload.name or ""
        if not name:
            errors.append(FieldError("name", "姓名不能为空"))
        values.update(name=name, name_pinyin=names.pinyin_key(name))
    parsed = None
    if given("id_number"):
        try:
            parsed = idnumber.parse(payload.id_number or "")
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
    # A declared birth date or sex must agree with the ID number (GB 11643-1999 §5: 出生日期码, 顺序码 parity).
    if parsed is not None:
        if payload.birth_date and payload.birth_date != parsed.birth_date:
            errors.append(FieldError("birth_date",
                                     f"出生日期 {payload.birth_date} 与身份证号中的 {parsed.birth_date} 不一致"))
        declared_sex = codes.lookup(codes.SEX, payload.sex or "")
        if declared_sex is None:
            errors.append(FieldError("sex", "性别应为 M/F 或 男/女"))
        elif declared_sex and declared_sex != parsed.sex:
            errors.append(FieldError("sex", f"性别与身份证号不一致（身份证号显示为{codes.SEX[parsed.sex]}）"))
    if "phone" in sent:
        try:
            phone = crypto.normalize_phone(payload.phone)
        except crypto.PhoneError as exc:
            errors.append(FieldError("phone", str(exc)))
        else:
            values.update(phone_enc=phone, phone_index=crypto.blind_index(phone) if phone else None)
    if given("region_code"):
        if not payload.region_code:
            errors.append(FieldError("region_code", "经常居住地区划代码不能为空"))
        else:
            region = scoped_region(actor, "region_code", payload.region_code, errors)
            if region is not None:
                values["region"] = region
    if "hukou_region_code" in sent:
        code = payload.hukou_region_code
        # Registered residence may lie outside the actor's region (人户分离): only its existence is checked.
        if code and not Region.objects.filter(code=code).exists():
            errors.append(FieldError("hukou_region_code", f"区划代码 {code} 不存在"))
        else:
            values["hukou_region_id"] = code or None
    if "ethnicity" in sent:
        code = codes.ethnicity_code(payload.ethnicity or "")
        if code is None:
            errors.append(FieldError("ethnicity", f"民族“{payload.ethnicity}”无效"))
        else:
            values["ethnicity"] = code
    for key, label, table in CODE_FIELDS:
        if key in sent:
            values[key] = _code(key, label, table, getattr(payload, key), errors)
    if "disability_grade" in sent:
        grade = payload.disability_grade
        if grade is not None and grade not in codes.DISABILITY_GRADES:
            errors.append(FieldError("disability_grade", f"残疾等级“{grade}”无效，应为 1–4"))
        values["disability_grade"] = grade
    if "disability_cert_no" in sent:
        values["disability_cert_enc"] = (payload.disability_cert_no or "").upper() or None
    category = values.get("disability_category", instance.disability_category if instance else "")
    grade = values.get("disability_grade", instance.disability_grade if instance else None)
    if bool(category) != bool(grade):
        errors.append(FieldError("disability_grade", "残疾类别与残疾等级须同时填写或同时为空"))
    if "serious_illness" in sent or creating:
        values["serious_illness"] = bool(payload.serious_illness)
    if "illness_kind" in sent:
        values["illness_kind"] = payload.illness_kind or ""
    if "death_date" in sent:
        death = payload.death_date
        birth = values.get("birth_date", instance.birth_date if instance else None)
        if death and death > clock.today():
            errors.append(FieldError("death_date", "死亡日期不能晚于今天"))
        elif death and birth and death < birth:
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
    """Set cleaned values; sensitive ones are sealed to the person's ID-number index. A changed ID number changes
    that index, so the values not being changed are re-sealed to the new one as well."""
    index = values.get("id_number_index", person.id_number_index)
    plain = {}
    if person.pk and index != person.id_number_index:
        plain = {f: protected.unseal(person, f) for f in _ENCRYPTED if f not in values}
    for key, value in values.items():
        if key in _ENCRYPTED:
            plain[key] = value
        else:
            setattr(person, key, value)
    for key, value in plain.items():
        setattr(person, key, protected.seal(Person, key, value, index))


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
    """Change the fields present in `data` (others stay as they are); audited with masked values."""
    require_change(actor)
    with transaction.atomic():
        person = get_person(actor, person_id)
        before = person_snapshot(person)
        _apply(person, clean_person(actor, data, instance=person))
        changes = audit.diff(before, person_snapshot(person))
        if changes:
            person.save()
            audit.record(actor, audit.Event("update", "person", person.pk, person.region_id, changes))
    return person


REVEALABLE = {"id_number": "id_number", "phone": "phone", "disability_cert_no": "disability_cert_no"}


def reveal(actor, person: Person, field: str) -> str:
    """Plaintext of one sensitive field for a user holding the unmask right; audited."""
    if not roles.may_unmask(actor):
        raise Forbidden("您没有查看明文的权限，请联系安全管理员授权")
    if field not in REVEALABLE:
        raise NotFound("字段不存在")
    value = getattr(person, REVEALABLE[field])
    audit.record(actor, audit.Event("unmask", "person", person.pk, person.region_id, {"field": field}))
    return value


def set_marital_status(actor, changes: dict[int, str], source: str) -> dict[int, str]:
    """婚姻状况 (GB/T 2261.2) of registry persons set by another line's decision — a marriage or divorce registered,
    a marriage revoked, a spouse's death — without a clerk's form: `changes` maps person id → code. Set-based (one
    read, one UPDATE per code, one audit batch); persons whose status already is the code are left alone. The line
    that decided has checked its own rights; this records where the change came from (`source`, e.g. the
    certificate number). Returns the previous code of every person changed."""
    unknown = {code for code in changes.values() if code not in codes.MARITAL_STATUS}
    if unknown:
        raise ValueError(f"unknown marital status codes {sorted(unknown)}")
    with transaction.atomic():
        rows = Person.objects.filter(pk__in=list(changes)).values_list("pk", "marital_status", "region_id")
        current = {pk: status for pk, status, _ in rows}
        regions = {pk: region for pk, _, region in rows}
        moved = {pk: code for pk, code in changes.items() if pk in current and current[pk] != code}
        for code in set(moved.values()):
            Person.objects.filter(pk__in=[pk for pk, c in moved.items() if c == code]).update(marital_status=code)
        label = codes.MARITAL_STATUS
        audit.record_many(actor, [audit.Event("update", "person", pk, regions[pk], {
            "marital_status": [label.get(current[pk], current[pk] or "（空）"), label[code]], "source": [None, source]})
            for pk, code in moved.items()])
    return {pk: current[pk] for pk in moved}
