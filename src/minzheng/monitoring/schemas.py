"""Inputs (services, CLI, files, API bodies) and outputs (API) of the monitoring app."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from ninja import Schema
from pydantic import BaseModel, BeforeValidator, ConfigDict, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from minzheng.core.api_schemas import BodyIn
from minzheng.core.validation import Day, Field, Filled, Id, Integer, MoneyOut, MonthOut, RegionCode, Text, choice
from minzheng.monitoring import codes
from minzheng.volunteers.schemas import Hours

Required = Annotated[Text[2000], Filled]


def _layers(value: Any) -> list[str]:
    """Layers as a list of codes, or as text separated by 、，,; (codes or Chinese names); empty = every layer."""
    if value is None or value == "":
        return []
    items = value if isinstance(value, list) else re.split(r"[、，,;；\s]+", str(value).strip())
    by_name = {v: k for k, v in codes.LAYERS.items()}
    out = []
    for item in items:
        item = str(item).strip()
        if not item:
            continue
        code = item if item in codes.LAYERS else by_name.get(item)
        if code is None:
            raise PydanticCustomError("rule", "监测类别“{item}”无效，应为：{allowed}",
                                      {"item": item[:20], "allowed": "、".join(codes.LAYERS.values())})
        if code not in out:
            out.append(code)
    return out


def _threshold(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, (bool, float)):
        raise PydanticCustomError("rule", "阈值须写成十进制文本")
    text = str(value).strip()
    if not re.fullmatch(r"\d{1,10}(\.\d{1,4})?", text):
        raise PydanticCustomError("rule", "阈值应为不小于 0 的数，最多四位小数")
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern guarantees a decimal
        raise PydanticCustomError("rule", "阈值格式不正确") from None


def _enabled(value: Any) -> bool:
    if value in (None, "", True, 1, "1", "是", "true", "True", "yes", "启用"):
        return True
    if value in (False, 0, "0", "否", "false", "False", "no", "停用"):
        return False
    raise PydanticCustomError("rule", "启用应为 是 或 否")


Layers = Annotated[list[str], BeforeValidator(_layers),
                   WithJsonSchema({"type": "array", "items": {"type": "string", "enum": list(codes.LAYERS)}})]
Threshold = Annotated[Decimal | None, BeforeValidator(_threshold),
                      WithJsonSchema({"type": ["string", "null"], "pattern": r"^\d{1,10}(\.\d{1,4})?$"})]


class In(BaseModel):
    model_config = ConfigDict(extra="ignore")


class RuleIn(In):
    """One signal rule (a file row, the rules page or the API)."""

    code: choice(codes.RULE_CODES, "信号") = Field(..., title="信号")
    region_code: RegionCode = Field(..., title="区划代码")
    effective_from: Day = Field(..., title="生效日期")
    effective_to: Day | None = Field(None, title="终止日期")
    window_months: Integer(1, 36) = Field(1, title="观察期（月）")
    threshold: Threshold = Field(None, title="阈值")
    weight: Integer(0, 100) = Field(0, title="权重")
    layers: Layers = Field(default_factory=list, title="监测类别")
    enabled: Annotated[bool, BeforeValidator(_enabled)] = Field(True, title="启用")
    source: Annotated[Text[500], Filled] = Field(..., title="依据")

    @model_validator(mode="after")
    def _period(self):
        if self.effective_to is not None and self.effective_to < self.effective_from:
            raise PydanticCustomError("rule", "终止日期不能早于生效日期")
        if not dt.date(2000, 1, 1) <= self.effective_from <= dt.date(2100, 12, 31):
            raise PydanticCustomError("rule", "生效日期超出合理范围（2000–2100）")
        return self


class OtherAddIn(In):
    """A township adds a person to 其他困难人员 with a reason."""

    person_id: Id = Field(..., title="人员")
    reason: Required = Field(..., title="纳入理由")


class ExitIn(In):
    reason: Required = Field(..., title="移出理由")


class OutcomeIn(BodyIn):
    """The outcome of a warning: assist (open a case in `program`), refer (to `referral_to`, the receiving body in
    `receiving_body`), or dismiss (with `reason`)."""

    outcome: choice(codes.OUTCOMES, "处理结果") = Field(..., title="处理结果")
    program: Text[30] = Field("", title="救助项目", description="assist 时必填，如 dibao、tekun、temporary")
    referral_to: Text[12] = Field("", title="转介事项", description="refer 时必填：" + "、".join(codes.REFERRAL_TO))
    receiving_body: Text[200] = Field("", title="接收单位", description="refer 时必填")
    reason: Text[2000] = Field("", title="理由/说明", description="dismiss 时必填")
    person_id: Id | None = Field(None, title="救助对象", description="按人申请的项目（如特困）的对象，默认预警涉及人员")
    support_payer_able: bool | None = Field(
        None, title="赡养、抚养、扶养义务人有无能力",
        description="特困申请须填写：核实走访所见（true 有履行能力 / false 无履行能力），记入申请的调查事实")


class ReferralAnswerIn(BodyIn):
    status: choice({k: v for k, v in codes.REFERRAL_STATUS.items() if k != "sent"}, "答复结果") = Field(
        ..., title="答复结果")
    answer: Annotated[Text[2000], Filled] = Field(..., title="接收单位答复")


class VisitPlanIn(In):
    """One visit plan (a file row, the plans page or the API): a group is visited every N months in a region from a
    date (the most specific region's plan in force wins)."""

    group: choice(codes.VISIT_GROUPS, "走访对象") = Field(..., title="走访对象")
    region_code: RegionCode = Field(..., title="区划代码")
    every_months: Integer(1, 24) = Field(..., title="走访周期（月）")
    effective_from: Day = Field(..., title="生效日期")
    source: Annotated[Text[500], Filled] = Field(..., title="依据")


class VisitIn(In):
    person_id: Id = Field(..., title="走访对象")
    visited_on: Day = Field(..., title="走访日期")
    visitor: Annotated[Text[100], Filled] = Field(..., title="走访人")
    seen: Annotated[Text[200], Filled] = Field(..., title="见到的人")
    findings: Annotated[Text[2000], Filled] = Field(..., title="走访情况")
    warning_id: Id | None = Field(None, title="相关预警")
    # Volunteers who went along (volunteers app): their service hours are recorded from the visit.
    volunteer_ids: list[Id] = Field(default_factory=list, title="参加走访的志愿者", max_length=20)
    volunteer_hours: Hours | None = Field(None, title="志愿服务时长")


# ---- outputs ---------------------------------------------------------------------------------------------------------


class MonitoredPersonOut(Schema):
    id: int
    person_id: int
    household_id: int | None
    name: str = Field(..., description="姓名")
    id_number: str = Field(..., description="身份证号（脱敏）")
    region_code: str
    layer: str = Field(..., description="监测类别：" + "、".join(f"{k}（{v}）" for k, v in codes.LAYERS.items()))
    layer_label: str
    tags: list[str] = Field(..., description="标签（中文）")
    source: str
    entered_on: dt.date
    exited_on: dt.date | None

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.person.name

    @staticmethod
    def resolve_id_number(obj) -> str:
        return obj.person.id_number_masked

    @staticmethod
    def resolve_layer_label(obj) -> str:
        return codes.LAYERS.get(obj.layer, obj.layer)

    @staticmethod
    def resolve_tags(obj) -> list[str]:
        return [codes.TAGS.get(t, t) for t in obj.tags or []]


class WarningOut(Schema):
    id: int
    month: MonthOut
    household_id: int
    person_id: int
    region_code: str
    level: str = Field(..., description="red（红色）、orange（橙色）、yellow（黄色）")
    score: int
    signals: list[str] = Field(..., description="触发信号代码")
    reasons: list[str] = Field(..., description="预警理由（中文）")
    status: str = Field(..., description="、".join(f"{k}（{v}）" for k, v in codes.WARNING_STATUS.items()))
    due_date: dt.date = Field(..., description="核实（走访）期限")
    outcome: str
    case_id: int | None

    @staticmethod
    def resolve_due_date(obj) -> dt.date:
        return obj.due_on


class ReferralOut(Schema):
    id: int
    warning_id: int
    household_id: int
    referral_to: str
    receiving_body: str
    referred_on: dt.date
    status: str
    answer: str
    answered_on: dt.date | None


class OutcomeOut(Schema):
    warning: WarningOut
    case_id: int | None = Field(None, description="纳入救助时发起的申请")
    referral: ReferralOut | None = None


class DiscoveryOut(Schema):
    id: int
    month: MonthOut
    household_id: int
    region_code: str
    programs: list[str] = Field(..., description="可能符合的项目代码")
    estimated_monthly_amount: MoneyOut
    reasons: list[str]
    unknowns: list[str] = Field(..., description="尚需核实的情况")
    rank: int
    status: str


class VisitPlanOut(Schema):
    id: int
    group: str
    region_code: str
    every_months: int
    effective_from: dt.date
    source: str


class RuleOut(Schema):
    id: int
    code: str
    region_code: str
    effective_from: dt.date
    effective_to: dt.date | None
    window_months: int
    threshold: str | None
    weight: int
    layers: list[str]
    enabled: bool
    source: str

    @staticmethod
    def resolve_threshold(obj) -> str | None:
        return None if obj.threshold is None else format(obj.threshold.normalize(), "f")
