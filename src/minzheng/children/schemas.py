"""Inputs (services, pages, CLI, files, API bodies) and outputs (API) of the children's app."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Schema
from pydantic import BaseModel, ConfigDict, model_validator
from pydantic_core import PydanticCustomError

from minzheng.children import codes
from minzheng.core.api_schemas import BodyIn
from minzheng.core.validation import Day, Field, Filled, Flag, Id, Integer, RegionCode, Text, choice
from minzheng.volunteers.schemas import Hours

Required = Annotated[Text[2000], Filled]
EARLIEST = dt.date(2000, 1, 1)


def _sensible(day: dt.date | None, title: str) -> None:
    if day is not None and not EARLIEST <= day <= dt.date(2100, 12, 31):
        raise PydanticCustomError("rule", "{title}超出合理范围（2000–2100）", {"title": title})


class In(BaseModel):
    model_config = ConfigDict(extra="ignore")


# ---- register -----------------------------------------------------------------------------------------------------


class ChildIn(In):
    """Putting a child on the register (or back on it)."""

    person_id: Id = Field(..., title="儿童")
    category: choice(codes.CATEGORIES, "儿童类别") = Field(..., title="儿童类别")
    tier: Text[20] = Field("", title="分级")
    registered_on: Day = Field(..., title="登记日期")
    schooling: choice({"": "", **codes.SCHOOLING}, "就学情况") = Field("", title="就学情况")
    school: Text[100] = Field("", title="学校")
    grade: Text[20] = Field("", title="年级")
    health: choice({"": "", **codes.HEALTH}, "健康状况") = Field("", title="健康状况")
    health_note: Text[200] = Field("", title="健康情况说明")
    care_note: Text[500] = Field("", title="监护照料情况")
    director_id: Id | None = Field(None, title="儿童主任")
    supervisor_id: Id | None = Field(None, title="儿童督导员")

    @model_validator(mode="after")
    def _dates(self):
        _sensible(self.registered_on, "登记日期")
        return self


class ChildEditIn(In):
    schooling: choice({"": "", **codes.SCHOOLING}, "就学情况") = Field("", title="就学情况")
    school: Text[100] = Field("", title="学校")
    grade: Text[20] = Field("", title="年级")
    health: choice({"": "", **codes.HEALTH}, "健康状况") = Field("", title="健康状况")
    health_note: Text[200] = Field("", title="健康情况说明")
    care_note: Text[500] = Field("", title="监护照料情况")
    director_id: Id | None = Field(None, title="儿童主任")
    supervisor_id: Id | None = Field(None, title="儿童督导员")


class CategoryIn(In):
    """A move to another category or tier; `category` empty = the child leaves the register."""

    category: choice({"": "", **codes.CATEGORIES}, "新类别") = Field("", title="新类别")
    tier: Text[20] = Field("", title="新分级")
    changed_on: Day = Field(..., title="变更日期")
    reason: Annotated[Text[500], Filled] = Field(..., title="变更原因")

    @model_validator(mode="after")
    def _dates(self):
        _sensible(self.changed_on, "变更日期")
        return self


class GuardianIn(In):
    name: Annotated[Text[50], Filled] = Field(..., title="姓名")
    relation: choice(codes.GUARDIAN_RELATIONS, "关系") = Field(..., title="关系")
    role: choice(codes.GUARDIAN_ROLES, "身份") = Field(..., title="身份")
    phone: Text[20] = Field("", title="联系电话")
    works_in: Text[100] = Field("", title="务工地或所在地")
    able: Flag = Field(True, title="有监护能力")


class WorkerIn(In):
    kind: choice(codes.WORKER_KINDS, "类别") = Field(..., title="类别")
    name: Annotated[Text[50], Filled] = Field(..., title="姓名")
    region_code: RegionCode = Field(..., title="所在村(社区)或乡镇(街道)")
    phone: Text[20] = Field("", title="工作电话")
    user_id: Id | None = Field(None, title="平台账号")


# ---- policy data (files and the 示例 set) ------------------------------------------------------------------------


class _Dated(In):
    region_code: RegionCode = Field(..., title="区划代码")
    effective_from: Day = Field(..., title="生效日期")
    source: Annotated[Text[500], Filled] = Field(..., title="依据")

    @model_validator(mode="after")
    def _dates(self):
        _sensible(self.effective_from, "生效日期")
        return self


class TierIn(_Dated):
    category: choice(codes.CATEGORIES, "儿童类别") = Field(..., title="儿童类别")
    code: Annotated[Text[20], Filled] = Field(..., title="分级代码")
    name: Annotated[Text[50], Filled] = Field(..., title="分级名称")
    rank: Integer(1, 20) = Field(1, title="顺序")


class PlanIn(_Dated):
    category: choice(codes.CATEGORIES, "儿童类别") = Field(..., title="儿童类别")
    tier: Text[20] = Field("", title="分级")
    kind: choice(codes.PLAN_KINDS, "方式") = Field(..., title="方式")
    every: Integer(1, 366) = Field(..., title="周期")
    unit: choice(codes.PLAN_UNITS, "周期单位") = Field(..., title="周期单位")


class LimitIn(_Dated):
    step: choice(codes.LIMIT_STEPS, "环节") = Field(..., title="环节")
    urgency: choice({"": "", **codes.URGENCY}, "紧急程度") = Field("", title="紧急程度")
    hours: Integer(1, 8760) = Field(..., title="时限（小时）")


# ---- visits -------------------------------------------------------------------------------------------------------


class ChildVisitIn(BodyIn):
    child_id: Id = Field(..., title="儿童", description="儿童名册编号（GET /children 的 id）")
    visited_on: Day = Field(..., title="走访日期")
    kind: choice(codes.VISIT_KINDS, "方式") = Field(..., title="方式")
    visitor: Annotated[Text[100], Filled] = Field(..., title="走访人")
    seen: Annotated[Text[200], Filled] = Field(..., title="见到或联系的人")
    findings: Required = Field(..., title="走访情况")
    concern: Flag = Field(False, title="发现风险")
    # Volunteers who went along (volunteers app): their service hours are recorded from the visit.
    volunteer_ids: list[Id] = Field(default_factory=list, title="参加走访的志愿者", max_length=20)
    volunteer_hours: Hours | None = Field(None, title="志愿服务时长")


class VisitVolunteersIn(BodyIn):
    """The volunteers of a recorded visit, saved again: the hours follow without being counted twice."""

    volunteer_ids: list[Id] = Field(default_factory=list, title="参加走访的志愿者", max_length=20)
    volunteer_hours: Hours | None = Field(None, title="志愿服务时长")


# ---- minors protection ---------------------------------------------------------------------------------------------


class MinorsReportIn(BodyIn):
    """A 强制报告 (or any report) received: who reported, how, when, about which child, what happened."""

    reporter_name: Annotated[Text[100], Filled] = Field(..., title="报告人")
    reporter_type: choice(codes.REPORTER_TYPES, "报告主体") = Field(..., title="报告主体")
    reporter_phone: Text[20] = Field("", title="报告人电话")
    channel: choice(codes.CHANNELS, "报告渠道") = Field(..., title="报告渠道")
    reported_at: dt.datetime = Field(..., title="报告时间", description="ISO 8601，如 2026-04-10T09:30:00+08:00")
    region_code: RegionCode = Field(..., title="儿童所在地区划代码")
    child_name: Annotated[Text[50], Filled] = Field(..., title="儿童姓名")
    child_sex: choice({"": "", "1": "男", "2": "女"}, "性别") = Field("", title="性别")
    child_age: Integer(0, 17) | None = Field(None, title="年龄")
    person_id: Id | None = Field(None, title="儿童（人员库编号）")
    harm: choice(codes.HARMS, "侵害情形") = Field(..., title="侵害情形")
    urgency: choice(codes.URGENCY, "紧急程度") = Field(..., title="紧急程度")
    description: Required = Field(..., title="报告内容")
    restricted: Flag = Field(False, title="限制访问")

    @model_validator(mode="after")
    def _time(self):
        _sensible(self.reported_at.date(), "报告时间")
        return self


class StepIn(In):
    """A step of a case (respond / assess / intervene / follow_up / close): what was done, and the step's facts."""

    note: Required = Field(..., title="办理情况")
    risk_level: choice({"": "", **codes.RISK_LEVELS}, "风险等级") = Field("", title="风险等级")
    intervention: choice({"": "", **codes.INTERVENTIONS}, "干预措施") = Field("", title="干预措施")


class ReferralIn(In):
    to: choice(codes.REFERRAL_TO, "转介部门") = Field(..., title="转介部门")
    body: Annotated[Text[200], Filled] = Field(..., title="接收单位")
    sent_on: Day = Field(..., title="转介日期")
    note: Required = Field(..., title="转介事项")

    @model_validator(mode="after")
    def _dates(self):
        _sensible(self.sent_on, "转介日期")
        return self


class OfficersIn(In):
    restricted: Flag = Field(False, title="限制访问")
    officer_ids: list[Id] = Field(default_factory=list, title="经办人员", max_length=20)


class IntakeIn(In):
    centre: Annotated[Text[100], Filled] = Field(..., title="未保中心")
    admitted_on: Day = Field(..., title="入住日期")
    reason: Annotated[Text[500], Filled] = Field(..., title="入住原因")

    @model_validator(mode="after")
    def _dates(self):
        _sensible(self.admitted_on, "入住日期")
        return self


class DischargeIn(In):
    left_on: Day = Field(..., title="离开日期")
    outcome: choice(codes.STAY_OUTCOMES, "去向") = Field(..., title="去向")
    outcome_note: Text[500] = Field("", title="去向说明")


# ---- outputs --------------------------------------------------------------------------------------------------------


class ChildOut(Schema):
    id: int
    person_id: int
    name: str
    id_number: str = Field(..., description="脱敏")
    sex: str
    birth_date: dt.date
    region_code: str = Field(..., description="所在村(社区)")
    category: str
    category_label: str
    tier: str
    schooling: str
    school: str
    health: str
    registered_on: dt.date
    exited_on: dt.date | None
    director: str = Field(..., description="儿童主任")
    supervisor: str = Field(..., description="儿童督导员")
    benefits: list[str] = Field(..., description="正在享受的待遇（救助项目名称）")

    @staticmethod
    def build(child, benefits: list[str]) -> ChildOut:
        p = child.person
        return ChildOut(id=child.pk, person_id=p.pk, name=p.name, id_number=p.id_number_masked, sex=p.sex,
                        birth_date=p.birth_date, region_code=child.region_code, category=child.category,
                        category_label=codes.CATEGORIES[child.category], tier=child.tier, schooling=child.schooling,
                        school=child.school, health=child.health, registered_on=child.registered_on,
                        exited_on=child.exited_on, director=child.director.name if child.director_id else "",
                        supervisor=child.supervisor.name if child.supervisor_id else "", benefits=benefits)


class ChildVisitOut(Schema):
    id: int
    child_id: int
    region_code: str
    visited_on: dt.date
    kind: str
    visitor: str
    seen: str
    findings: str
    concern: bool
    next_due: dt.date | None = Field(None, description="按走访计划下次应走访日期（最早的一项）")
    overdue: bool = Field(False, description="该儿童仍有逾期未走访的计划")


class ChildDueOut(Schema):
    child_id: int
    person_id: int
    name: str
    category: str
    region_code: str
    director: str
    plan: str
    last_visit: dt.date | None
    due_on: dt.date
    overdue: bool


class MinorsDeadlineOut(Schema):
    step: str
    label: str
    due_at: dt.datetime | None
    done_at: dt.datetime | None
    late: bool


class MinorsCaseOut(Schema):
    id: int
    region_code: str
    child_name: str
    person_id: int | None
    reporter_name: str
    reporter_type: str
    channel: str
    reported_at: dt.datetime
    harm: str
    urgency: str
    state: str
    state_label: str
    due_at: dt.datetime | None = Field(None, description="当前环节的期限")
    overdue: bool
    restricted: bool
    deadlines: list[MinorsDeadlineOut]
