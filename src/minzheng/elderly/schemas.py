"""Elderly care: what the services take (validated with core.validation: Chinese messages, 422 with every field)
and what the API answers (labels next to codes, phone numbers masked)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from ninja import Schema
from pydantic import BeforeValidator, Field, WithJsonSchema, model_validator
from pydantic import ValidationError as PydanticValidationError

from minzheng.benefits.schemas.fields import Int, OptDay, fail, fail_with, keep, rule
from minzheng.core import crypto
from minzheng.core.api_schemas import BodyIn
from minzheng.core.validation import Day, Filled, Flag, Id, Text, choice
from minzheng.elderly import codes
from minzheng.elderly.policy import capability

ITEMS_SCHEMA = {"type": "object", "description": "评估项目编号 → 得分（GB/T 42195-2022 表B，共26项；"
                                                 "minzheng elderly assess --items 列出编号与满分）",
                "additionalProperties": {"type": "integer", "minimum": 0, "maximum": 4},
                "example": capability.with_total(90)}


def _phone(value):
    if isinstance(value, bool) or not isinstance(value, (str, int, type(None))):
        raise rule("应为文本")
    try:
        return crypto.normalize_phone(str(value) if value is not None else None) or ""
    except crypto.PhoneError as exc:
        raise rule(str(exc)) from None


Phone = Annotated[str, BeforeValidator(_phone), WithJsonSchema({"type": "string", "example": "13800138000"})]


def _object(value):
    if not isinstance(value, dict):
        raise rule("应为“评估项目编号: 得分”的对象")
    return value


def _codes(value):
    if value is None:
        return []
    if not isinstance(value, list):
        raise rule("应为 ICD-10 编码的列表")
    return value


def _scale_errors(data: dict) -> list[tuple[tuple, str]]:
    """GB/T 42195-2022's own checks of the raw item scores and the ICD-10 codes (elderly.policy.capability)."""
    items, diagnoses = data.get("items"), data.get("diagnoses") or []
    if not isinstance(items, dict) or not isinstance(diagnoses, list):
        return []
    facts = capability.Facts(items=items, diagnoses=tuple(diagnoses))
    return [(tuple(where.split(".", 1)), message) for where, message in capability.check(facts)]


# ---- inputs ----------------------------------------------------------------------------------------------------------


class ElderlyAssessmentIn(BodyIn):
    """老年人能力评估 (GB/T 42195-2022): the reason, form B's 26 raw item scores, coma, diagnoses, care-risk events,
    two assessors. A 复评 names the disputed assessment it reviews."""

    person_id: Id = Field(..., title="评估对象（人员ID）")
    assessed_on: OptDay = Field(None, title="评估基准日期", description="默认：今天")
    reason: choice(codes.REASONS, "评估原因") = Field(..., title="评估原因")
    items: Annotated[dict[str, Any], BeforeValidator(_object), WithJsonSchema(ITEMS_SCHEMA)] = Field(
        ..., title="各项得分")
    coma: Flag = Field(False, title="昏迷")
    diagnoses: Annotated[list[Any], BeforeValidator(_codes),
                         WithJsonSchema({"type": "array", "items": {"type": "string", "example": "F03"},
                                         "maxItems": capability.DIAGNOSES_LIMIT})] = Field(
        [], title="疾病诊断（ICD-10 编码）")
    risk_events_30d: Int(0, capability.RISK_EVENTS_LIMIT) = Field(0, title="近30天照护风险事件次数")
    assessor_1: Annotated[Text[50], Filled] = Field(..., title="评估员（一）")
    assessor_2: Annotated[Text[50], Filled] = Field(..., title="评估员（二）")
    agency: Text[100] = Field("", title="评估机构")
    informant: Text[50] = Field("", title="信息提供者")
    review_of: Id | None = Field(None, title="复评的评估（评估ID）", description="评估原因为复评时必填")
    note: Text[1000] = Field("", title="说明")

    @model_validator(mode="wrap")
    @classmethod
    def _every_problem(cls, data, handler):
        """The item scores and diagnoses are checked by the standard's scale even when another field is wrong, so
        every problem is reported at once."""
        try:
            return handler(data)
        except PydanticValidationError as exc:
            fail_with(keep(exc), _scale_errors(data) if isinstance(data, dict) else [])

    @model_validator(mode="after")
    def _checked(self):
        errors = _scale_errors({"items": self.items, "diagnoses": self.diagnoses})
        if self.assessor_1.strip() == self.assessor_2.strip():
            errors.append((("assessor_2",), "两名评估员应为不同的人（GB/T 42195-2022：由2名评估员共同评估）"))
        if self.reason == "reassessment" and self.review_of is None:
            errors.append((("review_of",), "复评须指明对哪一次评估有异议"))
        if self.reason != "reassessment" and self.review_of is not None:
            errors.append((("reason",), "指明了复评的评估时，评估原因应为“复评”"))
        if errors:
            fail(errors)
        self.diagnoses = [capability.normalise_diagnosis(c) for c in self.diagnoses]
        return self

    def facts(self) -> capability.Facts:
        return capability.Facts(items=self.items, coma=self.coma, diagnoses=tuple(self.diagnoses),
                                risk_events_30d=self.risk_events_30d)


class DisputeIn(BodyIn):
    """The elder or the family disputes a result: a 复评 is then due (the inbox lists it)."""

    disputed_on: OptDay = Field(None, title="提出异议日期", description="默认：今天")
    reason: Annotated[Text[500], Filled] = Field(..., title="异议理由")


class ProfileIn(BodyIn):
    """The register's stored facts (what the registry does not know)."""

    living: choice({"": "按户籍家庭判断", **codes.LIVING}, "居住情况") = Field("", title="居住情况",
                                                                  description="空白：按户籍家庭成员判断")
    left_behind: Flag = Field(False, title="留守老年人（子女外出）")
    dementia: Flag = Field(False, title="失智（认知障碍）")
    family_planning: Flag = Field(False, title="计划生育特殊家庭")
    care_arrangement: choice({"": "未登记", **codes.CARE_ARRANGEMENTS}, "养老方式") = Field("", title="养老方式")
    note: Text[1000] = Field("", title="说明")


class ContactIn(BodyIn):
    name: Annotated[Text[50], Filled] = Field(..., title="姓名")
    relation: choice(codes.CONTACT_RELATIONS, "关系") = Field(..., title="关系")
    phone: Phone = Field("", title="联系电话")
    guardian: Flag = Field(False, title="监护人")
    emergency: Flag = Field(False, title="紧急联系人")
    note: Text[200] = Field("", title="说明")


class SurvivalIn(BodyIn):
    """生存认证 seen by a village clerk (or a matched feed row)."""

    person_id: Id = Field(..., title="老年人（人员ID）")
    checked_on: OptDay = Field(None, title="认证日期", description="默认：今天")
    method: choice(codes.SURVIVAL_METHODS, "认证方式") = Field("visit", title="认证方式")
    source: Text[100] = Field("", title="数据来源")
    note: Text[200] = Field("", title="说明")


class FeedRowIn(BodyIn):
    """One row of a matched feed: an ID number seen alive on a day."""

    id_number: Annotated[Text[18], Filled] = Field(..., title="身份证号")
    checked_on: Day = Field(..., title="认证日期")


# ---- outputs ---------------------------------------------------------------------------------------------------------


class ElderlyAssessmentOut(Schema):
    id: int
    person_id: int
    person_name: str
    region_code: str
    assessed_on: dt.date
    reason: str
    reason_label: str
    standard: str = Field(..., description="评估标准及版本（按原始得分可重新计算）")
    items: dict[str, int] = Field(..., description="各项原始得分")
    parts: dict[str, int] = Field(..., description="一级指标得分 B.1 自理能力 … B.4 感知觉与社会参与")
    total: int
    preliminary_level: int = Field(..., description="按总分的初步等级")
    level: int = Field(..., description="能力等级 0–4（0 能力完好 … 4 完全丧失）")
    level_name: str
    adjusted_from: int | None = Field(..., description="等级经调整时为初步等级")
    adjustments: list[str] = Field(..., description="等级调整依据")
    coma: bool
    diagnoses: list[str]
    risk_events_30d: int
    assessor_1: str
    assessor_2: str
    agency: str
    reassess_due: dt.date | None = Field(..., description="下次常规评估日期（按复评间隔标准）")
    review_of: int | None
    disputed_on: dt.date | None
    dispute_reason: str
    current: bool

    @staticmethod
    def resolve_person_name(obj) -> str:
        return obj.person.name

    @staticmethod
    def resolve_reason_label(obj) -> str:
        return codes.REASONS.get(obj.reason, obj.reason)

    @staticmethod
    def resolve_items(obj) -> dict[str, int]:
        return obj.item_scores

    @staticmethod
    def resolve_adjusted_from(obj) -> int | None:
        return obj.preliminary_level if obj.level != obj.preliminary_level else None

    @staticmethod
    def resolve_review_of(obj) -> int | None:
        return obj.review_of_id


class ElderlyOut(Schema):
    """One elder of the register: who, where, age, situations, the latest assessment and the benefits received."""

    person_id: int
    name: str
    id_number: str = Field(..., description="身份证号（遮蔽）")
    sex: str
    birth_date: dt.date
    age: int
    region_code: str
    situations: list[str] = Field(..., description="老年人情况代码（alone 独居 … family_planning 计划生育特殊家庭）")
    situation_labels: list[str]
    level: int | None = Field(..., description="最近一次能力评估等级（未评估为空）")
    level_name: str
    benefits: list[str] = Field(..., description="正在享受的待遇（项目名称）")

    @staticmethod
    def resolve_person_id(obj) -> int:
        return obj.pk

    @staticmethod
    def resolve_id_number(obj) -> str:
        return obj.id_number_masked

    @staticmethod
    def resolve_age(obj) -> int:
        return obj.age_today

    @staticmethod
    def resolve_region_code(obj) -> str:
        return obj.region_id

    @staticmethod
    def resolve_situations(obj) -> list[str]:
        return obj.situation_codes

    @staticmethod
    def resolve_situation_labels(obj) -> list[str]:
        return [codes.SITUATIONS[c] for c in obj.situation_codes]

    @staticmethod
    def resolve_level_name(obj) -> str:
        return codes.LEVELS[str(obj.level)] if obj.level is not None else "未评估"

    @staticmethod
    def resolve_benefits(obj) -> list[str]:
        return obj.benefit_names


class SurvivalOut(Schema):
    id: int
    person_id: int
    person_name: str
    region_code: str
    checked_on: dt.date
    method: str
    method_label: str
    source: str
    note: str

    @staticmethod
    def resolve_person_name(obj) -> str:
        return obj.person.name

    @staticmethod
    def resolve_method_label(obj) -> str:
        return codes.SURVIVAL_METHODS.get(obj.method, obj.method)
