"""Input and output schemas of the registry.

The input schemas are the API's bodies and also what the services validate plain dicts against (pages, the CLI,
other apps), so a value is judged by one set of rules with Chinese messages (core.validation) wherever it comes
from. Formats are checked here; the rules that need the database or the ID number (scope, uniqueness, the birth
date and sex inside the number, code tables that accept labels too) stay in the services.

Output schemas are built from records by the small builders at the end (`person_out`, `household_out`): ID
numbers and phones leave the system masked unless the caller asked for plaintext and holds the right."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Schema
from pydantic import BeforeValidator, Field

from minzheng.core.api_schemas import BodyIn
from minzheng.core.validation import Day, Flag, Id, MoneyOut, RegionCode, Text
from minzheng.registry import codes


def _blank_is_none(value):
    return None if isinstance(value, str) and not value.strip() else value


# An optional region or day where an empty text means "none" (forms send "", JSON clients may send null).
OptionalRegion = Annotated[RegionCode | None, BeforeValidator(_blank_is_none)]
OptionalDay = Annotated[Day | None, BeforeValidator(_blank_is_none)]


# ---- persons ----------------------------------------------------------------------------------------------

class PersonIn(BodyIn):
    """A person to register. Code fields take the code or its Chinese label (ethnicity: 01 or 汉族)."""

    name: Text[50] = Field(..., title="姓名")
    id_number: Text[30] = Field(..., title="身份证号", description="18 位（末位可为 X）或 15 位旧号码")
    phone: Text[20] | None = Field(None, title="联系电话")
    region_code: RegionCode = Field(..., title="经常居住地", description="区划代码（本人管辖范围内）")
    hukou_region_code: OptionalRegion = Field(None, title="户籍地", description="区划代码（可在管辖范围外：人户分离）")
    birth_date: OptionalDay = Field(None, title="出生日期", description="可选；须与身份证号一致")
    sex: Text[2] | None = Field(None, title="性别", description="可选；M/F 或 男/女，须与身份证号一致")
    ethnicity: Text[20] | None = Field(None, title="民族")
    disability_category: Text[10] | None = Field(None, title="残疾类别")
    disability_grade: int | None = Field(None, title="残疾等级", description="1–4")
    disability_cert_no: Text[30] | None = Field(None, title="残疾人证号")
    serious_illness: Flag = Field(False, title="患重特大疾病")
    illness_kind: Text[100] | None = Field(None, title="疾病名称")
    labour_capacity: Text[20] | None = Field(None, title="劳动能力")
    schooling: Text[20] | None = Field(None, title="在校情况")
    employment: Text[20] | None = Field(None, title="就业状况")
    marital_status: Text[10] | None = Field(None, title="婚姻状况")
    death_date: OptionalDay = Field(None, title="死亡日期")


class PersonPatch(BodyIn):
    """Only the fields sent change. `null` clears a field that may be empty; for 姓名, 身份证号, 经常居住地 and
    患重特大疾病 it is refused (422)."""

    # Defaults are never validated, a value sent is: a null for these fails their validators (or the service).
    name: Text[50] = Field(None, title="姓名")
    id_number: Text[30] = Field(None, title="身份证号")
    region_code: RegionCode = Field(None, title="经常居住地")
    serious_illness: Flag = Field(None, title="患重特大疾病")
    phone: Text[20] | None = Field(None, title="联系电话")
    hukou_region_code: OptionalRegion = Field(None, title="户籍地")
    birth_date: OptionalDay = Field(None, title="出生日期")
    sex: Text[2] | None = Field(None, title="性别")
    ethnicity: Text[20] | None = Field(None, title="民族")
    disability_category: Text[10] | None = Field(None, title="残疾类别")
    disability_grade: int | None = Field(None, title="残疾等级")
    disability_cert_no: Text[30] | None = Field(None, title="残疾人证号")
    illness_kind: Text[100] | None = Field(None, title="疾病名称")
    labour_capacity: Text[20] | None = Field(None, title="劳动能力")
    schooling: Text[20] | None = Field(None, title="在校情况")
    employment: Text[20] | None = Field(None, title="就业状况")
    marital_status: Text[10] | None = Field(None, title="婚姻状况")
    death_date: OptionalDay = Field(None, title="死亡日期")


class PersonOut(Schema):
    id: int
    name: str
    id_number: str = Field(..., description="脱敏；有查看明文权限并请求 unmask=true 时为明文（记录审计日志）")
    phone: str = Field(..., description="脱敏，同上")
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
    household_id: int | None = Field(None, description="当前所在家庭（仅详情返回）")


class PersonQuery(Schema):
    """Filters of the person list (the same as the 人员 page; a malformed value is a 422)."""

    name: str = Field("", description="姓名包含")
    id_number: str = Field("", description="身份证号（精确，15 或 18 位）")
    phone: str = Field("", description="联系电话（精确）")
    region_code: str = Field("", description="经常居住地区划代码（含下级）")
    sex: str = Field("", description="M 或 F")
    disability: str = Field("", description="yes 残疾人 / no 非残疾人")
    alive: str = Field("", description="yes 在世 / no 已故")


# ---- households -------------------------------------------------------------------------------------------

class MemberIn(BodyIn):
    person_id: Id = Field(..., title="人员编号")
    relation: Text[10] = Field(..., title="与户主关系",
                               description="GB/T 4761 代码（02、10、20…）或名称（户主、配偶、子…）")


class HouseholdIn(BodyIn):
    region_code: RegionCode = Field(..., title="所在村(社区)")
    urban_rural: Text[10] = Field(..., title="城乡属性", description="urban/城市 或 rural/农村")
    address: Text[200] = Field("", title="住址")
    ref: Text[50] | None = Field(None, title="户编号")
    members: list[MemberIn] = Field(..., title="成员", description="有且只有一名户主")
    joined_on: OptionalDay = Field(None, title="建户日期", description="缺省为今天")


class HouseholdPatch(BodyIn):
    region_code: RegionCode = Field(None, title="所在村(社区)")
    urban_rural: Text[10] = Field(None, title="城乡属性")
    address: Text[200] | None = Field(None, title="住址")


class AddMemberIn(BodyIn):
    person_id: Id = Field(..., title="人员编号")
    relation: Text[10] = Field(..., title="与户主关系")
    reason: Text[200] = Field("", title="加入原因")
    joined_on: OptionalDay = Field(None, title="加入日期", description="缺省为今天")


class RemoveMemberIn(BodyIn):
    reason: Text[200] = Field(..., title="移出原因")
    left_on: OptionalDay = Field(None, title="离开日期", description="缺省为今天")


class MoveMemberIn(BodyIn):
    to_household_id: Id = Field(..., title="迁入家庭")
    relation: Text[10] = Field(..., title="在新家庭中与户主关系")
    reason: Text[200] = Field(..., title="迁移原因")
    on: OptionalDay = Field(None, title="迁移日期", description="缺省为今天")


class ChangeHeadIn(BodyIn):
    new_head_id: Id = Field(..., title="新户主")
    old_head_relation: Text[10] = Field(..., title="原户主与新户主关系")


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
    members: list[MemberOut] = Field(..., description="在册成员")
    history: list[MemberOut] = Field(..., description="全部成员关系（含已离开）")


class HouseholdQuery(Schema):
    region_code: str = Field("", description="区划代码（含下级）")
    head_name: str = Field("", description="户主姓名包含")
    urban_rural: str = Field("", description="urban 或 rural")
    ref: str = Field("", description="户编号（精确）")


class CodeTables(Schema):
    relations: dict[str, str]
    ethnicities: dict[str, str]
    disability_categories: dict[str, str]
    disability_grades: dict[int, str]
    labour_capacity: dict[str, str]
    schooling: dict[str, str]
    employment: dict[str, str]
    marital_status: dict[str, str]
    urban_rural: dict[str, str]
    sex: dict[str, str]


# ---- builders ---------------------------------------------------------------------------------------------

def person_out(person, household_id: int | None = None, id_number: str | None = None,
               phone: str | None = None) -> PersonOut:
    """A person as the API shows it; plaintext `id_number`/`phone` only when the caller passes them (unmask)."""
    return PersonOut(
        id=person.pk, name=person.name, id_number=id_number or person.id_number_masked,
        phone=phone if phone is not None else person.phone_masked, birth_date=person.birth_date, sex=person.sex,
        ethnicity=person.ethnicity, region_code=person.region_id, hukou_region_code=person.hukou_region_id,
        disability_category=person.disability_category, disability_grade=person.disability_grade,
        serious_illness=person.serious_illness, illness_kind=person.illness_kind,
        labour_capacity=person.labour_capacity, schooling=person.schooling, employment=person.employment,
        marital_status=person.marital_status, death_date=person.death_date, household_id=household_id)


def member_out(m) -> MemberOut:
    return MemberOut(person_id=m.person_id, name=m.person.name, relation=m.relation,
                     relation_name=codes.RELATIONS.get(m.relation, m.relation), joined_on=m.joined_on,
                     join_reason=m.join_reason, left_on=m.left_on, leave_reason=m.leave_reason)


def household_out(household) -> HouseholdOut:
    """A household with its members; expects `memberships` prefetched with their persons
    (selectors.households_with_members), so a page of households costs a fixed number of queries."""
    rows = sorted(household.memberships.all(), key=lambda m: (m.joined_on, m.pk))
    history = [member_out(m) for m in rows]
    return HouseholdOut(id=household.pk, region_code=household.region_id, urban_rural=household.urban_rural,
                        address=household.address, ref=household.ref, head_id=household.head_id,
                        members=[out for m, out in zip(rows, history, strict=True) if m.left_on is None],
                        history=history)


class ChainEventOut(Schema):
    """One event of 一户一条救助链 (registry.chain)."""

    day: dt.date = Field(title="日期")
    kind: str = Field(title="事项代码")
    kind_label: str = Field(title="事项")
    program: str = Field(title="救助项目代码")
    program_label: str = Field(title="救助项目")
    text: str = Field(title="内容")
    amount: MoneyOut | None = Field(None, title="金额（元）")
    url: str = Field(title="页面")
