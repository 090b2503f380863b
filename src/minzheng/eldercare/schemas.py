"""养老服务 inputs (validated by the services with core.validation: Chinese messages, every field at once, nothing
written) and API outputs (masked numbers, labels next to codes, money as decimal text). Dates are bounded to
2000–2100 and counts to sensible ranges, so no fuzzed value can make a request run away."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from ninja import Schema
from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from minzheng.assistance import codes as assistance_codes
from minzheng.benefits.schemas.fields import BankAccount, BlankAsNone, In, Int, rule
from minzheng.core import crypto
from minzheng.core.validation import Day, Filled, Flag, Id, Money, MoneyOut, Month, MonthOut, RegionCode, Text, choice
from minzheng.eldercare import codes
from minzheng.eldercare.policy.settlement import yuan


def _bounded(value: dt.date) -> dt.date:
    if not 2000 <= value.year <= 2100:
        raise PydanticCustomError("rule", "日期应在 2000 年至 2100 年之间")
    return value


BDay = Annotated[Day, AfterValidator(_bounded)]
OptBDay = Annotated[BDay | None, BlankAsNone]
BMonth = Annotated[Month, AfterValidator(_bounded)]
OptBMonth = Annotated[BMonth | None, BlankAsNone]
OptId = Annotated[Id | None, BlankAsNone]
Price = Annotated[Money, AfterValidator(lambda v: _limit(v, Decimal("99999.99")))]
Beds = Int(0, 100000)


def _limit(value: Decimal, limit: Decimal) -> Decimal:
    if value > limit:
        raise PydanticCustomError("money_too_large", "金额过大")
    return value


def _phone(value):
    if isinstance(value, bool) or not isinstance(value, (str, int, type(None))):
        raise rule("应为文本")
    try:
        return crypto.normalize_phone(str(value) if value is not None else None) or ""
    except crypto.PhoneError as exc:
        raise rule(str(exc)) from None


Phone = Annotated[str, BeforeValidator(_phone), WithJsonSchema({"type": "string", "example": "13800138000"})]


def _score(value: Any) -> Decimal:
    if isinstance(value, (float, bool)) or not isinstance(value, (int, str, Decimal)):
        raise PydanticCustomError("rule", "得分应为整数或一位小数的文本（如 \"110.5\"）")
    text = str(value).strip()
    if not text.replace(".", "", 1).isdigit() or len(text) > 6 or ("." in text and len(text.split(".")[1]) > 1):
        raise PydanticCustomError("rule", "得分应为整数或一位小数的文本（如 \"110.5\"）")
    return Decimal(text)


Score = Annotated[Decimal, BeforeValidator(_score), WithJsonSchema({"type": "string", "example": "110.5"})]


def _coordinate(limit: int):
    def check(value: Any) -> Decimal | None:
        if value is None or value == "":
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
            raise PydanticCustomError("rule", "坐标应为数值")
        try:
            number = Decimal(str(value)).quantize(Decimal("0.000001"))
        except ArithmeticError:
            raise PydanticCustomError("rule", "坐标应为数值") from None
        if not number.is_finite() or abs(number) > limit:
            raise PydanticCustomError("rule", f"坐标超出范围（±{limit}）")
        return number

    return Annotated[Decimal | None, BeforeValidator(check),
                     WithJsonSchema({"type": "number", "minimum": -limit, "maximum": limit})]


Lat, Lng = _coordinate(90), _coordinate(180)


# ---- institutions --------------------------------------------------------------------------------------------------


class ProfileIn(In):
    """What the 养老机构 register adds to an institution of the register (性质, 备案, capacity by bed type)."""

    ownership: choice(codes.OWNERSHIP, "性质") = Field(..., title="性质")
    licence_kind: choice(codes.LICENCE_KINDS, "登记方式") = Field(..., title="登记方式")
    licence_no: Text[60] = Field("", title="备案回执/许可证号")
    licence_on: OptBDay = Field(None, title="备案/许可日期")
    credit_code: Text[18] = Field("", title="统一社会信用代码")
    beds_nursing: Beds = Field(0, title="护理型床位")
    beds_dementia: Beds = Field(0, title="认知症床位")
    beds_general: Beds = Field(0, title="普通床位")


class InstitutionRegisterIn(ProfileIn):
    """A new 养老机构: the register's own fields (assistance) and the profile."""

    name: Annotated[Text[100], Filled] = Field(..., title="机构名称")
    kind: choice(assistance_codes.INSTITUTION_KINDS, "机构类型") = Field(..., title="机构类型")
    region_code: RegionCode = Field(..., title="所在区划")
    operator: Text[100] = Field("", title="运营方")
    bank_name: Annotated[Text[100], Filled] = Field(..., title="开户行")
    account: Annotated[BankAccount, Filled] = Field(..., title="银行账号")


class AdmitIn(In):
    person_id: Id = Field(..., title="入住老人（人员ID）")
    bed_type: choice(codes.BED_TYPES, "床位类型") = Field(..., title="床位类型")
    room: Text[40] = Field("", title="房间/床位号")
    payer: choice(codes.PAYERS, "费用来源") = Field(..., title="费用来源")
    admitted_on: BDay = Field(..., title="入住日期")


class EndIn(In):
    on: BDay = Field(..., title="日期")
    reason: Annotated[Text[200], Filled] = Field(..., title="原因")


class WorkerIn(In):
    institution_id: OptId = Field(None, title="机构")
    provider_id: OptId = Field(None, title="服务组织")
    name: Annotated[Text[50], Filled] = Field(..., title="姓名")
    role: choice(codes.STAFF_ROLES, "岗位") = Field(..., title="岗位")
    certificate: choice(codes.CERTIFICATES, "证书") = Field("none", title="证书")
    certificate_no: Text[40] = Field("", title="证书编号")
    phone: Phone = Field("", title="联系电话")
    hired_on: BDay = Field(..., title="入职日期")

    @model_validator(mode="after")
    def _one_employer(self):
        if (self.institution_id is None) == (self.provider_id is None):
            raise rule("请在机构和服务组织中选择且只选择一个")
        return self


class GradingIn(In):
    assessed_on: BDay = Field(..., title="评定日期")
    environment: Score = Field(..., title="环境得分（满分120）")
    facilities: Score = Field(..., title="设施设备得分（满分130）")
    management: Score = Field(..., title="运营管理得分（满分150）")
    service: Score = Field(..., title="服务得分（满分600）")
    vetoes: list[choice(codes.VETOES, "否决项")] = Field(default_factory=list, title="否决项", max_length=10)
    assessors: Annotated[Text[200], Filled] = Field(..., title="评定人员")
    note: Text[1000] = Field("", title="说明")


class DrawIn(In):
    title: Annotated[Text[100], Filled] = Field(..., title="检查任务")
    institutions: Int(1, 500) = Field(..., title="抽取机构数")
    team_size: Int(1, 10) = Field(2, title="每组检查人员数")
    inspector_ids: list[Id] = Field(..., title="检查人员库", min_length=1, max_length=500)
    seed: Annotated[Int(0, 2**62) | None, BlankAsNone] = Field(None, title="随机种子（留空自动生成）")


class InspectionIn(In):
    inspected_on: BDay = Field(..., title="检查日期")
    result: choice(codes.INSPECTION_RESULTS, "检查结果") = Field(..., title="检查结果")
    findings: Text[2000] = Field("", title="发现问题")
    veto_found: Flag = Field(False, title="发现否决项情形")
    rectify_by: OptBDay = Field(None, title="整改期限")

    @model_validator(mode="after")
    def _deadline(self):
        if self.result != "pass" and (self.rectify_by is None or not self.findings):
            raise rule("存在问题时须填写发现问题和整改期限")
        if self.rectify_by is not None and self.rectify_by < self.inspected_on:
            raise rule("整改期限不能早于检查日期")
        return self


class RectifyIn(In):
    rectified_on: BDay = Field(..., title="整改完成日期")
    note: Annotated[Text[1000], Filled] = Field(..., title="整改情况")


# ---- home and community care ---------------------------------------------------------------------------------------


class ProviderIn(In):
    name: Annotated[Text[100], Filled] = Field(..., title="服务组织名称")
    kind: choice(codes.PROVIDER_KINDS, "类型") = Field(..., title="类型")
    region_code: RegionCode = Field(..., title="所在区划")
    credit_code: Text[18] = Field("", title="统一社会信用代码")
    contact_name: Text[50] = Field("", title="联系人")
    phone: Phone = Field("", title="联系电话")
    bank_name: Text[100] = Field("", title="开户行")
    account: Annotated[BankAccount | None, BlankAsNone] = Field(None, title="银行账号")


class ItemIn(In):
    provider_id: Id = Field(..., title="服务组织")
    name: Annotated[Text[60], Filled] = Field(..., title="服务项目")
    unit: choice(codes.ITEM_UNITS, "计价单位") = Field(..., title="计价单位")
    price: Price = Field(..., title="单价（元）")


class QuotaIn(In):
    person_id: Id = Field(..., title="老人（人员ID）")
    source: choice(codes.QUOTA_SOURCES, "额度来源") = Field(..., title="额度来源")
    monthly: Price = Field(..., title="每月额度（元）")
    from_month: BMonth = Field(..., title="起始月份")
    to_month: OptBMonth = Field(None, title="终止月份")
    @model_validator(mode="after")
    def _months(self):
        if self.to_month is not None and self.to_month < self.from_month:
            raise rule("终止月份不能早于起始月份")
        return self


class OrderIn(In):
    person_id: Id = Field(..., title="老人（人员ID）")
    item_id: Id = Field(..., title="服务项目")
    quantity: Int(1, 1000) = Field(1, title="数量")
    scheduled_on: BDay = Field(..., title="预约日期")
    source: choice(codes.ORDER_SOURCES, "来源") = Field("clerk", title="来源")
    bed_id: OptId = Field(None, title="家庭养老床位")
    note: Text[200] = Field("", title="需求说明")


class DispatchIn(In):
    worker_id: Id = Field(..., title="服务人员")


class PlaceIn(In):
    lat: Lat = Field(None, title="纬度")
    lng: Lng = Field(None, title="经度")


class ConfirmIn(In):
    rating: Int(1, 5) = Field(..., title="评价（1–5）")
    feedback: Text[200] = Field("", title="评价意见")


class CancelIn(In):
    reason: Annotated[Text[200], Filled] = Field(..., title="取消原因")


class OrderActionIn(In):
    """One step of an order through the API: dispatch (worker_id), check_in / check_out (lat, lng), confirm (rating,
    feedback) or cancel (reason)."""

    action: choice({"dispatch": "派单", "check_in": "签到", "check_out": "签退", "confirm": "确认评价",
                    "cancel": "取消"}, "操作") = Field(..., title="操作")
    worker_id: OptId = Field(None, title="服务人员")
    lat: Lat = Field(None, title="纬度")
    lng: Lng = Field(None, title="经度")
    rating: Annotated[Int(1, 5) | None, BlankAsNone] = Field(None, title="评价（1–5）")
    feedback: Text[200] = Field("", title="评价意见")
    reason: Text[200] = Field("", title="取消原因")


class SettleIn(In):
    month: BMonth = Field(..., title="结算月份")


class MealPointIn(In):
    name: Annotated[Text[100], Filled] = Field(..., title="助餐点名称")
    region_code: RegionCode = Field(..., title="所在区划")
    provider_id: OptId = Field(None, title="运营服务组织")
    seats: Int(0, 10000) = Field(0, title="就餐座位")
    meal_price: Price = Field(Decimal("0"), title="餐标（元/餐）")


class MealRecordIn(In):
    served_on: BDay = Field(..., title="日期")
    meals: Int(0, 100000) = Field(..., title="供餐数")
    elderly_meals: Int(0, 100000) = Field(..., title="其中老年人用餐")
    delivered: Int(0, 100000) = Field(0, title="其中送餐上门")

    @model_validator(mode="after")
    def _counts(self):
        if self.elderly_meals > self.meals or self.delivered > self.meals:
            raise rule("老年人用餐数和送餐数不能超过供餐数")
        return self


class DayCenterIn(In):
    name: Annotated[Text[100], Filled] = Field(..., title="中心名称")
    region_code: RegionCode = Field(..., title="所在区划")
    provider_id: OptId = Field(None, title="运营服务组织")
    services: Annotated[Text[300], Filled] = Field(..., title="服务内容")
    places: Int(0, 10000) = Field(0, title="日托床位/位数")


class AttendanceIn(In):
    person_id: Id = Field(..., title="老人（人员ID）")
    on: BDay = Field(..., title="日期")
    services: Text[200] = Field("", title="接受服务")


# ---- family care beds ----------------------------------------------------------------------------------------------


class BedIn(In):
    person_id: Id = Field(..., title="老人（人员ID）")
    provider_id: Id = Field(..., title="服务组织")
    agreement_no: Annotated[Text[40], Filled] = Field(..., title="服务协议编号")
    agreement_from: BDay = Field(..., title="协议起始日期")
    agreement_to: OptBDay = Field(None, title="协议终止日期")
    address: Annotated[Text[200], Filled] = Field(..., title="床位地址")
    required_visits: Annotated[Int(1, 62) | None, BlankAsNone] = Field(None, title="每月应服务次数（留空按能力等级）")
    @model_validator(mode="after")
    def _term(self):
        if self.agreement_to is not None and self.agreement_to < self.agreement_from:
            raise rule("协议终止日期不能早于起始日期")
        return self


# ---- devices and alarms --------------------------------------------------------------------------------------------


class DeviceIn(In):
    serial: Annotated[Text[40], Filled] = Field(..., title="设备编号")
    kind: choice(codes.DEVICE_KINDS, "设备类型") = Field(..., title="设备类型")
    person_id: OptId = Field(None, title="老人（人员ID）")
    bed_id: OptId = Field(None, title="家庭养老床位")
    provider_id: OptId = Field(None, title="响应服务组织")

    @model_validator(mode="after")
    def _whose(self):
        if self.person_id is None and self.bed_id is None:
            raise rule("请填写设备所属老人或家庭养老床位")
        return self


class AlarmIn(In):
    """What a device posts (signed: X-Device-Serial, X-Timestamp, X-Signature = HMAC-SM3 of timestamp + "\\n" +
    body under the device's key)."""

    event_id: Annotated[Text[64], Filled] = Field(..., title="设备事件号")
    kind: choice(codes.ALARM_KINDS, "告警类型") = Field(..., title="告警类型")
    occurred_at: dt.datetime | None = Field(None, title="发生时间")
    lat: Lat = Field(None, title="纬度")
    lng: Lng = Field(None, title="经度")


class AlarmCloseIn(In):
    outcome: choice(codes.ALARM_OUTCOMES, "处置结果") = Field(..., title="处置结果")
    action_taken: Annotated[Text[500], Filled] = Field(..., title="处置情况")


class AlarmActionIn(In):
    action: choice({"acknowledge": "响应", "close": "处置完成"}, "操作") = Field(..., title="操作")
    outcome: Text[20] = Field("", title="处置结果")
    action_taken: Text[500] = Field("", title="处置情况")


# ---- outputs -------------------------------------------------------------------------------------------------------


class PartOut(Schema):
    part: str
    label: str
    score: str
    maximum: int
    share: str = Field(..., description="占该部分满分的百分比")


class GradeOut(Schema):
    institution_id: int
    institution_name: str
    graded: bool = Field(..., description="是否已有等级评定")
    assessed_on: dt.date | None = None
    level: int = Field(0, description="0 未评定等级，1–5 一级至五级")
    level_name: str = ""
    total: str = ""
    parts: list[PartOut] = []
    vetoes: list[str] = Field([], description="否决项（中文）")
    reasons: list[str] = Field([], description="未达更高等级的原因")
    standard: str = ""


class CareInstitutionOut(Schema):
    id: int
    name: str
    region_code: str
    ownership: str
    ownership_label: str
    beds: int
    beds_nursing: int
    beds_dementia: int
    beds_general: int
    residents: int
    level: int
    level_name: str


class OrderOut(Schema):
    id: int
    person_id: int
    person_name: str
    region_code: str
    provider_id: int
    provider_name: str
    item_name: str
    quantity: int
    amount: MoneyOut
    state: str
    state_label: str
    scheduled_on: dt.date
    worker_name: str | None
    checkin_at: dt.datetime | None
    checkout_at: dt.datetime | None
    rating: int | None
    gov_amount: MoneyOut | None
    self_amount: MoneyOut | None

    @staticmethod
    def resolve_person_name(obj) -> str:
        return obj.person.name

    @staticmethod
    def resolve_provider_name(obj) -> str:
        return obj.provider.name

    @staticmethod
    def resolve_item_name(obj) -> str:
        return obj.item.name

    @staticmethod
    def resolve_amount(obj) -> Decimal:
        return yuan(obj.amount_fen)

    @staticmethod
    def resolve_state_label(obj) -> str:
        return codes.ORDER_STATES[obj.state]

    @staticmethod
    def resolve_worker_name(obj) -> str | None:
        return obj.worker.name if obj.worker_id else None

    @staticmethod
    def resolve_gov_amount(obj) -> Decimal | None:
        return None if obj.gov_fen is None else yuan(obj.gov_fen)

    @staticmethod
    def resolve_self_amount(obj) -> Decimal | None:
        return None if obj.self_fen is None else yuan(obj.self_fen)


class SettlementOut(Schema):
    id: int
    provider_id: int
    provider_name: str
    month: MonthOut
    orders: int
    persons: int
    total: MoneyOut
    gov_amount: MoneyOut
    self_amount: MoneyOut
    file_id: int | None

    @staticmethod
    def resolve_provider_name(obj) -> str:
        return obj.provider.name

    @staticmethod
    def resolve_total(obj) -> Decimal:
        return yuan(obj.total_fen)

    @staticmethod
    def resolve_gov_amount(obj) -> Decimal:
        return yuan(obj.gov_fen)

    @staticmethod
    def resolve_self_amount(obj) -> Decimal:
        return yuan(obj.self_fen)


class SettleOut(Schema):
    month: MonthOut
    settlements: int
    orders: int
    total: MoneyOut
    gov_amount: MoneyOut
    self_amount: MoneyOut


class BedOut(Schema):
    id: int
    person_id: int
    person_name: str
    region_code: str
    provider_name: str
    agreement_no: str
    assessed_level: int
    required_visits: int
    state: str

    @staticmethod
    def resolve_person_name(obj) -> str:
        return obj.person.name

    @staticmethod
    def resolve_provider_name(obj) -> str:
        return obj.provider.name


class AlarmOut(Schema):
    id: int
    device_serial: str
    kind: str
    kind_label: str
    region_code: str
    person_name: str | None
    target: str
    target_label: str
    state: str
    state_label: str
    occurred_at: dt.datetime
    received_at: dt.datetime
    acknowledged_at: dt.datetime | None
    ack_seconds: int | None
    closed_at: dt.datetime | None
    outcome: str
    action_taken: str

    @staticmethod
    def resolve_device_serial(obj) -> str:
        return obj.device.serial

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return codes.ALARM_KINDS[obj.kind]

    @staticmethod
    def resolve_person_name(obj) -> str | None:
        return obj.person.name if obj.person_id else None

    @staticmethod
    def resolve_target_label(obj) -> str:
        return codes.ALARM_TARGETS[obj.target]

    @staticmethod
    def resolve_state_label(obj) -> str:
        return codes.ALARM_STATES[obj.state]


class AlarmReceivedOut(Schema):
    id: int = Field(..., description="告警编号")
    state: str
    target: str = Field(..., description="派送至：provider 服务组织 / village 村（社区）")
    duplicate: bool = Field(..., description="同一设备事件号的重复上报（未新建告警）")
