"""The two registers the case workflow reads: delegation of confirmation (审核确认委托) and the conflict-of-interest
register (近亲属备案) — what POST takes and what the API answers. The checks that need the database or the caller
(the region exists, lies in the caller's county, the relative is in the caller's region) stay in
benefits.services.registers."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Schema
from pydantic import Field, field_validator

from minzheng.benefits import programs
from minzheng.benefits.schemas.fields import In, OptDay, OptId, Present, rule
from minzheng.core import regioncodes
from minzheng.core.validation import Filled, Flag, Id, RegionCode, Text, choice

STAFF_KINDS = {"staff": "民政经办人员", "committee": "村(居)委会成员"}


class DelegationIn(In):
    """A county delegates (or takes back) confirmation of a program for all its townships or one of them."""

    program: str = Field(..., title="救助项目")
    region_code: Annotated[RegionCode, Present] = Field(..., title="区划",
                                                        description="本县（全部乡镇）或一个乡镇(街道)")
    delegated: Flag = Field(..., title="是否委托", description="true 委托，false 收回")
    effective_from: OptDay = Field(None, title="生效日期", description="默认：今天")
    document: Annotated[Text[200], Filled] = Field(..., title="委托依据（文件名称、文号）")

    @field_validator("program")
    @classmethod
    def _delegable(cls, value: str) -> str:
        params = programs.PROCEDURES.get(value)
        if params is None:
            raise rule(f"救助项目“{value}”无效或未配置办理流程")
        if not params.delegable:
            raise rule("该项目的审核确认不能委托乡镇(街道)")
        return value

    @field_validator("region_code")
    @classmethod
    def _level(cls, value: str) -> str:
        if regioncodes.level_of(value) not in ("county", "township"):
            raise rule("应为县级或乡镇(街道)级区划")
        return value


class DelegationOut(Schema):
    id: int
    program: str
    region_code: str
    delegated: bool
    effective_from: dt.date
    document: str


class ConflictIn(In):
    """近亲属备案 (57号 第十一条): a relative of a civil-affairs worker or of a village/residents' committee member."""

    relative_id: Id = Field(..., title="近亲属（人员ID）")
    staff_kind: choice(STAFF_KINDS, "身份") = Field(..., title="身份")
    staff_name: Annotated[Text[50], Filled] = Field(..., title="经办人员或村(居)委会成员姓名")
    relation: Annotated[Text[20], Filled] = Field(..., title="近亲属关系（如 配偶、父母、子女、兄弟姐妹）")
    staff_user_id: OptId = Field(None, title="经办人员的用户ID")
    note: Text[200] = Field("", title="说明")


class ConflictOut(Schema):
    id: int
    relative_id: int
    relative_name: str
    staff_kind: str
    staff_name: str
    relation: str
    registered_on: dt.date
    active: bool

    @staticmethod
    def resolve_relative_name(obj) -> str:
        return obj.relative.name
