"""Registry endpoints (/api/v1): persons, households, members, code tables. Handlers are thin: schemas in
(registry.schemas), services or selectors, schemas out. Lists take the list pages' filters (a malformed value is a
422 with the page's Chinese message) and page with ?limit=&offset= → {"items": [...], "count": N}."""


from ninja import Query, Router, Status
from ninja.pagination import paginate

from minzheng.core.api_auth import requires
from minzheng.core.api_schemas import Page, responses
from minzheng.core.pages.filters import filter_errors_to_validation
from minzheng.core.validation import Id
from minzheng.registry import codes, selectors, services
from minzheng.registry.filters import HouseholdFilters, PersonFilters
from minzheng.registry.schemas import (
    AddMemberIn,
    ChainEventOut,
    ChangeHeadIn,
    CodeTables,
    HouseholdIn,
    HouseholdOut,
    HouseholdPatch,
    HouseholdQuery,
    MoveMemberIn,
    PersonIn,
    PersonOut,
    PersonPatch,
    PersonQuery,
    RemoveMemberIn,
    household_out,
    person_out,
)

router = Router(tags=["registry"])


class Built:
    """A queryset whose rows become output schemas one page at a time: what @paginate slices and counts."""

    def __init__(self, queryset, build):
        self.queryset, self.build = queryset, build

    def all(self):
        return self.queryset.all()  # @paginate counts through .all().count()

    def __getitem__(self, window: slice):
        return [self.build(row) for row in self.queryset[window]]


def _filtered(request, filterset_class, queryset):
    """The list page's filter set over the query string (the `Query` schema only documents the parameters)."""
    filters = filterset_class(request.GET, queryset=queryset, user=request.user)
    if not filters.is_valid():
        raise filter_errors_to_validation(filters)
    return filters.qs


# ---- persons ----------------------------------------------------------------------------------------------

@router.post("/persons", auth=requires("people.change"),
             response=responses(PersonOut, 201), summary="登记人员")
def create_person(request, payload: PersonIn):
    person = services.create_person(request.user, payload.dict(exclude_unset=True))
    return Status(201, person_out(person))


@router.get("/persons", response=responses(list[PersonOut]),
            summary="查询人员（身份证号、电话精确匹配；姓名、区划、性别、残疾、生存状态）")
@paginate(Page)
def list_persons(request, filters: Query[PersonQuery]):
    rows = _filtered(request, PersonFilters, selectors.persons_for(request.user))
    return Built(rows.order_by("region_id", "name", "id"), person_out)


@router.get("/persons/{person_id}", response=responses(PersonOut),
            summary="人员详情（unmask=true：明文，须有查看明文权限，记录审计日志）")
def get_person(request, person_id: Id, unmask: bool = False):
    person = selectors.get_person(request.user, person_id)
    member = selectors.current_household(person)
    household_id = member.household_id if member else None
    if unmask:
        phone = services.reveal(request.user, person, "phone") if person.phone_enc else ""
        return person_out(person, household_id, services.reveal(request.user, person, "id_number"), phone)
    return person_out(person, household_id)


@router.patch("/persons/{person_id}", response=responses(PersonOut), summary="修改人员（只改发送的字段）")
def update_person(request, person_id: Id, payload: PersonPatch):
    return person_out(services.update_person(request.user, person_id, payload.dict(exclude_unset=True)))


# ---- households -------------------------------------------------------------------------------------------

@router.post("/households", auth=requires("people.change"),
             response=responses(HouseholdOut, 201), summary="建户（含成员）")
def create_household(request, payload: HouseholdIn):
    household = services.create_household(request.user, payload.dict(exclude_unset=True))
    return Status(201, household_out(selectors.household_with_members(request.user, household.pk)))


@router.get("/households", response=responses(list[HouseholdOut]), summary="查询家庭（区划、户主姓名、城乡、户编号）")
@paginate(Page)
def list_households(request, filters: Query[HouseholdQuery]):
    rows = _filtered(request, HouseholdFilters, selectors.households_with_members(request.user))
    return Built(rows, household_out)


@router.get("/households/{household_id}", response=responses(HouseholdOut), summary="家庭详情")
def get_household(request, household_id: Id):
    return household_out(selectors.household_with_members(request.user, household_id))


@router.get("/households/{household_id}/chain", response=responses(list[ChainEventOut]),
            summary="一户一条救助链（该户全部救助项目、案件、决定、待遇变更、疑点、发放、追回，按时间倒序）")
def household_chain(request, household_id: Id):
    return selectors.household_chain(request.user, household_id)


@router.patch("/households/{household_id}", response=responses(HouseholdOut), summary="修改家庭（只改发送的字段）")
def update_household(request, household_id: Id, payload: HouseholdPatch):
    services.update_household(request.user, household_id, payload.dict(exclude_unset=True))
    return household_out(selectors.household_with_members(request.user, household_id))


@router.post("/households/{household_id}/members",
             auth=requires("people.change", found=("household_id", selectors.get_household)),
             response=responses(HouseholdOut, 201), summary="添加成员")
def add_member(request, household_id: Id, payload: AddMemberIn):
    services.add_member(request.user, household_id, payload.person_id, payload.relation, payload.reason,
                        payload.joined_on)
    return Status(201, household_out(selectors.household_with_members(request.user, household_id)))


@router.post("/households/{household_id}/members/{person_id}/remove",
             auth=requires("people.change", found=("household_id", selectors.get_household)),
             response=responses(HouseholdOut),
             summary="移出成员")
def remove_member(request, household_id: Id, person_id: Id, payload: RemoveMemberIn):
    services.remove_member(request.user, household_id, person_id, payload.reason, payload.left_on)
    return household_out(selectors.household_with_members(request.user, household_id))


@router.post("/persons/{person_id}/move",
             auth=requires("people.change", found=("person_id", selectors.get_person)),
             response=responses(HouseholdOut), summary="迁移成员到另一家庭")
def move_member(request, person_id: Id, payload: MoveMemberIn):
    services.move_member(request.user, person_id, payload.to_household_id, payload.relation, payload.reason,
                         payload.on)
    return household_out(selectors.household_with_members(request.user, payload.to_household_id))


@router.post("/households/{household_id}/head",
             auth=requires("people.change", found=("household_id", selectors.get_household)),
             response=responses(HouseholdOut), summary="变更户主")
def change_head(request, household_id: Id, payload: ChangeHeadIn):
    services.change_head(request.user, household_id, payload.new_head_id, payload.old_head_relation)
    return household_out(selectors.household_with_members(request.user, household_id))


@router.get("/codes", response=responses(CodeTables), summary="代码表")
def code_tables(request):
    return CodeTables(relations=codes.RELATIONS, ethnicities=codes.ETHNICITIES,
                      disability_categories=codes.DISABILITY_CATEGORIES, disability_grades=codes.DISABILITY_GRADES,
                      labour_capacity=codes.LABOUR_CAPACITY, schooling=codes.SCHOOLING, employment=codes.EMPLOYMENT,
                      marital_status=codes.MARITAL_STATUS, urban_rural=codes.URBAN_RURAL, sex=codes.SEX)
