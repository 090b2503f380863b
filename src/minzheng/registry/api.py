"""Registry endpoints: persons and households. Handlers are thin: schemas in, services/selectors, schemas out."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Query, Router, Schema, Status

from minzheng.registry import codes, selectors, services
from minzheng.registry.models import Household, Person

router = Router(tags=["registry"])


class PersonIn(Schema):
    name: str = Field(..., max_length=50)
    id_number: str
    phone: str | None = None
    region_code: str
    hukou_region_code: str | None = None
    birth_date: str | None = None
    sex: str | None = None
    ethnicity: str | None = None
    disability_category: str | None = None
    disability_grade: int | None = None
    disability_cert_no: str | None = None
    serious_illness: bool = False
    illness_kind: str | None = None
    labour_capacity: str | None = None
    schooling: str | None = None
    employment: str | None = None
    marital_status: str | None = None
    death_date: str | None = None


class PersonPatch(Schema):
    name: str | None = Field(None, max_length=50)
    id_number: str | None = None
    phone: str | None = None
    region_code: str | None = None
    hukou_region_code: str | None = None
    ethnicity: str | None = None
    disability_category: str | None = None
    disability_grade: int | None = None
    disability_cert_no: str | None = None
    serious_illness: bool | None = None
    illness_kind: str | None = None
    labour_capacity: str | None = None
    schooling: str | None = None
    employment: str | None = None
    marital_status: str | None = None
    death_date: str | None = None


class PersonOut(Schema):
    id: int
    name: str
    id_number: str  # masked unless the caller asked for and holds the unmask right
    phone: str
    birth_date: dt.date
    sex: str
    ethnicity: str
    region_code: str
    hukou_region_code: str | None
    disability_category: str
    disability_grade: int | None
    serious_illness: bool
    illness_kind: str
    labour_capacity: str
    schooling: str
    employment: str
    marital_status: str
    death_date: dt.date | None
    household_id: int | None = None


def person_out(p: Person, household_id: int | None = None, id_number: str | None = None,
               phone: str | None = None) -> dict:
    return {
        "id": p.pk, "name": p.name, "id_number": id_number or p.id_number_masked,
        "phone": phone if phone is not None else p.phone_masked, "birth_date": p.birth_date, "sex": p.sex,
        "ethnicity": p.ethnicity, "region_code": p.region_id, "hukou_region_code": p.hukou_region_id,
        "disability_category": p.disability_category, "disability_grade": p.disability_grade,
        "serious_illness": p.serious_illness, "illness_kind": p.illness_kind, "labour_capacity": p.labour_capacity,
        "schooling": p.schooling, "employment": p.employment, "marital_status": p.marital_status,
        "death_date": p.death_date, "household_id": household_id,
    }


@router.post("/persons", response={201: PersonOut}, summary="登记人员")
def create_person(request, payload: PersonIn):
    person = services.create_person(request.user, payload.dict(exclude_unset=True))
    return Status(201, person_out(person))


@router.get("/persons", response=list[PersonOut], summary="查询人员（身份证号/电话精确匹配，姓名、区划）")
def list_persons(request, id_number: str = "", phone: str = "", name: str = "", region_code: str = "",
                 limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0)):
    qs = selectors.search_persons(request.user, id_number=id_number, phone=phone, name=name, region_code=region_code)
    return [person_out(p) for p in qs[offset: offset + limit]]


@router.get("/persons/{person_id}", response=PersonOut, summary="人员详情")
def get_person(request, person_id: int, unmask: bool = False):
    person = selectors.get_person(request.user, person_id)
    member = selectors.current_household(person)
    household_id = member.household_id if member else None
    if unmask:
        return person_out(person, household_id, services.reveal(request.user, person, "id_number"),
                          services.reveal(request.user, person, "phone") if person.phone_enc else "")
    return person_out(person, household_id)


@router.patch("/persons/{person_id}", response=PersonOut, summary="修改人员")
def update_person(request, person_id: int, payload: PersonPatch):
    person = services.update_person(request.user, person_id, payload.dict(exclude_unset=True))
    return person_out(person)


class MemberIn(Schema):
    person_id: int
    relation: str


class HouseholdIn(Schema):
    region_code: str
    urban_rural: str
    address: str = ""
    ref: str | None = None
    members: list[MemberIn]


class HouseholdPatch(Schema):
    region_code: str | None = None
    urban_rural: str | None = None
    address: str | None = None


class MemberOut(Schema):
    person_id: int
    name: str
    relation: str
    relation_name: str
    joined_on: dt.date
    join_reason: str
    left_on: dt.date | None
    leave_reason: str


class HouseholdOut(Schema):
    id: int
    region_code: str
    urban_rural: str
    address: str
    ref: str | None
    head_id: int | None
    members: list[MemberOut]
    history: list[MemberOut]


def household_out(h: Household) -> dict:
    rows = list(h.memberships.select_related("person").order_by("joined_on", "id"))

    def one(m):
        return {"person_id": m.person_id, "name": m.person.name, "relation": m.relation,
                "relation_name": m.relation_label, "joined_on": m.joined_on, "join_reason": m.join_reason,
                "left_on": m.left_on, "leave_reason": m.leave_reason}

    return {"id": h.pk, "region_code": h.region_id, "urban_rural": h.urban_rural, "address": h.address,
            "ref": h.ref, "head_id": h.head_id, "members": [one(m) for m in rows if m.left_on is None],
            "history": [one(m) for m in rows]}


@router.post("/households", response={201: HouseholdOut}, summary="建户（含成员）")
def create_household(request, payload: HouseholdIn):
    household = services.create_household(request.user, payload.dict())
    return Status(201, household_out(household))


@router.get("/households", response=list[HouseholdOut], summary="查询家庭")
def list_households(request, region_code: str = "", head_name: str = "", urban_rural: str = "", ref: str = "",
                    limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0)):
    qs = selectors.search_households(request.user, region_code=region_code, head_name=head_name,
                                     urban_rural=urban_rural, ref=ref)
    return [household_out(h) for h in qs[offset: offset + limit]]


@router.get("/households/{household_id}", response=HouseholdOut, summary="家庭详情")
def get_household(request, household_id: int):
    return household_out(selectors.get_household(request.user, household_id))


@router.patch("/households/{household_id}", response=HouseholdOut, summary="修改家庭")
def update_household(request, household_id: int, payload: HouseholdPatch):
    return household_out(services.update_household(request.user, household_id, payload.dict(exclude_unset=True)))


class AddMemberIn(Schema):
    person_id: int
    relation: str
    reason: str = ""
    joined_on: str | None = None


@router.post("/households/{household_id}/members", response={201: HouseholdOut}, summary="添加成员")
def add_member(request, household_id: int, payload: AddMemberIn):
    services.add_member(request.user, household_id, payload.person_id, payload.relation, payload.reason,
                        payload.joined_on)
    return Status(201, household_out(selectors.get_household(request.user, household_id)))


class RemoveMemberIn(Schema):
    reason: str
    left_on: str | None = None


@router.post("/households/{household_id}/members/{person_id}/remove", response=HouseholdOut, summary="移出成员")
def remove_member(request, household_id: int, person_id: int, payload: RemoveMemberIn):
    services.remove_member(request.user, household_id, person_id, payload.reason, payload.left_on)
    return household_out(selectors.get_household(request.user, household_id))


class MoveMemberIn(Schema):
    to_household_id: int
    relation: str
    reason: str
    on: str | None = None


@router.post("/persons/{person_id}/move", response=HouseholdOut, summary="迁移成员到另一家庭")
def move_member(request, person_id: int, payload: MoveMemberIn):
    services.move_member(request.user, person_id, payload.to_household_id, payload.relation, payload.reason,
                         payload.on)
    return household_out(selectors.get_household(request.user, payload.to_household_id))


class ChangeHeadIn(Schema):
    new_head_id: int
    old_head_relation: str


@router.post("/households/{household_id}/head", response=HouseholdOut, summary="变更户主")
def change_head(request, household_id: int, payload: ChangeHeadIn):
    return household_out(services.change_head(request.user, household_id, payload.new_head_id,
                                              payload.old_head_relation))


class CodeTable(Schema):
    relations: dict[str, str]
    ethnicities: dict[str, str]
    disability_categories: dict[str, str]
    labour_capacity: dict[str, str]
    schooling: dict[str, str]
    employment: dict[str, str]
    marital_status: dict[str, str]


@router.get("/codes", response=CodeTable, summary="代码表")
def code_tables(request):
    return {"relations": codes.RELATIONS, "ethnicities": codes.ETHNICITIES,
            "disability_categories": codes.DISABILITY_CATEGORIES, "labour_capacity": codes.LABOUR_CAPACITY,
            "schooling": codes.SCHOOLING, "employment": codes.EMPLOYMENT, "marital_status": codes.MARITAL_STATUS}
