"""What the funeral services take (validated with core.validation: Chinese messages, 422 with every field) and what
the API answers (labels next to codes, money as decimal text)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any

from ninja import Schema
from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from minzheng.benefits.schemas.fields import BankAccount
from minzheng.core.api_schemas import BodyIn
from minzheng.core.validation import Day, Filled, Id, Integer, Money, MoneyOut, Month, RegionCode, Text, choice
from minzheng.funeral import codes

EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2100, 12, 31)


def _bounded(value: dt.date) -> dt.date:
    if not EARLIEST <= value <= LATEST:
        raise PydanticCustomError("date_range", "日期应在 1900-01-01 至 2100-12-31 之间")
    return value


def _time(value: Any) -> dt.time:
    if isinstance(value, dt.time):
        return value
    m = re.fullmatch(r"\s*(\d{1,2}):(\d{2})(?::00)?\s*", value) if isinstance(value, str) else None
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        raise PydanticCustomError("time_format", "时间格式不正确，应为 HH:MM")
    return dt.time(int(m.group(1)), int(m.group(2)))


Date = Annotated[Day, AfterValidator(_bounded)]  # a day, bounded (a fuzzed year 7475 never reaches a query)
Time = Annotated[dt.time, BeforeValidator(_time), WithJsonSchema({"type": "string", "example": "08:00"})]


# ---- input -----------------------------------------------------------------------------------------------------------


class CremationIn(BodyIn):
    funeral_home_id: Id | None = Field(None, title="殡仪馆", description="本地殡仪馆；异地火化时留空并填写异地火化地")
    outside_region: RegionCode | None = Field(None, title="异地火化地")
    cremated_on: Date = Field(..., title="火化日期")
    certificate_no: Text[40] = Field("", title="火化证明编号")
    storage_days: Integer(0, 365) = Field(0, title="暂存天数")
    ash_storage_months: Integer(0, 1200) = Field(0, title="骨灰寄存月数")
    transport_km: Integer(0, 2000) = Field(0, title="接运公里数")

    @model_validator(mode="after")
    def _one_place(self):
        if (self.funeral_home_id is None) == (self.outside_region is None):
            raise PydanticCustomError("place", "须填写本地殡仪馆或异地火化地（二选一）")
        return self


class FuneralDeathIn(BodyIn):
    """死亡登记 → 身后一件事."""

    person_id: Id = Field(..., title="逝者")
    death_date: Date = Field(..., title="死亡日期")
    source: choice(codes.DEATH_SOURCES, "死亡信息来源") = Field(..., title="死亡信息来源")
    certificate_no: Text[40] = Field("", title="死亡证明编号")
    finding_id: Id | None = Field(None, title="比对疑点", description="来源为部门死亡数据时：核对比对的死亡疑点编号")
    place: Text[100] = Field("", title="死亡地点")
    informant_id: Id | None = Field(None, title="申报家属", description="同户的在册家属：丧葬补助等的领取人")
    informant_relation: Text[20] = Field("", title="与逝者关系")
    disposal: choice(codes.DISPOSALS, "遗体处理方式") = Field("cremation", title="遗体处理方式")
    cremation: CremationIn | None = Field(None, title="火化记录")
    bank_account: BankAccount = Field("", title="领取账号",
                                      description="丧葬补助等的领取账号；待补死亡证明时随登记保存（加密）")
    bank_name: Text[100] = Field("", title="开户行")


class CertificateIn(BodyIn):
    certificate_no: Annotated[Text[40], Filled] = Field(..., title="死亡证明编号")
    source: choice({k: v for k, v in codes.DEATH_SOURCES.items() if k in ("hospital", "police")},
                   "证明出具机关") = Field("hospital", title="证明出具机关")
    bank_account: BankAccount = Field("", title="领取账号", description="留空则用家属申报时留存的账号；填写则更正")
    bank_name: Text[100] = Field("", title="开户行")


class BookingIn(BodyIn):
    slot_id: Id = Field(..., title="祭扫时段")
    visitor_name: Annotated[Text[50], Filled] = Field(..., title="预约人")
    party_size: Integer(1, 10) = Field(1, title="人数")


class CheckInIn(BodyIn):
    token: Annotated[Text[40], Filled] = Field(..., title="预约码", description="二维码内容")


class SlotIn(BodyIn):
    cemetery_id: Id = Field(..., title="公墓")
    day: Date = Field(..., title="日期")
    starts: Time = Field(..., title="开始时间")
    ends: Time = Field(..., title="结束时间")
    capacity: Integer(1, 100000) = Field(..., title="可预约人数")

    @model_validator(mode="after")
    def _period(self):
        if self.ends <= self.starts:
            raise PydanticCustomError("period", "结束时间应晚于开始时间")
        return self


class CemeteryIn(BodyIn):
    name: Annotated[Text[100], Filled] = Field(..., title="公墓名称")
    region_code: RegionCode = Field(..., title="所在区划")
    kind: choice(codes.CEMETERY_KINDS, "类型") = Field(..., title="类型")
    address: Text[200] = Field("", title="地址")
    operator: Text[100] = Field("", title="经营管理单位")


class PlotIn(BodyIn):
    cemetery_id: Id = Field(..., title="公墓")
    code: Annotated[Text[30], Filled] = Field(..., title="编号")
    kind: choice(codes.PLOT_KINDS, "类型") = Field(..., title="类型")
    fee: Money = Field(Decimal("0"), title="收费")


class AssignIn(BodyIn):
    holder_name: Annotated[Text[50], Filled] = Field(..., title="使用权人")
    holder_id: Id | None = Field(None, title="使用权人（在册人员）")
    death_id: Id | None = Field(None, title="安葬人（死亡登记）")
    fee: Money = Field(..., title="收费")
    paid_until: Date = Field(..., title="续费到期日")


class RenewIn(BodyIn):
    paid_until: Date = Field(..., title="续费到期日")
    fee: Money = Field(..., title="续费金额")


class TransferIn(BodyIn):
    to_name: Annotated[Text[50], Filled] = Field(..., title="新使用权人")
    reason: Annotated[Text[200], Filled] = Field(..., title="变更原因")
    on: Date = Field(..., title="变更日期")


class EcoBurialIn(BodyIn):
    death_id: Id = Field(..., title="死亡登记")
    kind: choice(codes.ECO_KINDS, "安葬方式") = Field(..., title="安葬方式")
    buried_on: Date = Field(..., title="安葬日期")
    place: Text[100] = Field("", title="安葬地点")
    plot_id: Id | None = Field(None, title="葬位")


class FuneralSettleIn(BodyIn):
    month: Month = Field(..., title="结算月份")


# ---- output ----------------------------------------------------------------------------------------------------------


class StoppedOut(Schema):
    entitlement_id: int
    program: str
    program_name: str
    last_month: str = Field(..., description="最后发放月份（死亡当月），次月起停发")


class ChangedOut(Schema):
    kind: str
    text: str


class PaidOut(Schema):
    kind: str = Field(..., description="subsidy 丧葬补助 | waiver 惠民殡葬减免 | reimbursement 异地火化报销 | "
                                       "eco 生态安葬奖补")
    label: str
    amount: str
    to: str = Field(..., description="领取人或殡仪馆")
    status: str
    case_id: int | None = None
    entitlement_id: int | None = None


class WaiverLineOut(Schema):
    item: str
    label: str
    units: int
    unit_amount: str
    amount: str


class WaiverOut(Schema):
    id: int
    eligible: bool
    group: str
    group_label: str
    total: MoneyOut
    payee: str
    payee_label: str
    status: str
    status_label: str
    lines: list[WaiverLineOut]
    reasons: list[str]


class DeathOut(Schema):
    """身后一件事: what the one application stopped, changed and paid, and what the family still has to do."""

    id: int
    person_id: int
    person_name: str
    region_code: str
    death_date: dt.date
    source: str
    source_label: str
    status: str
    status_label: str
    registered_on: dt.date
    bank_account: str = Field("", description="家属申报时留存的丧葬补助领取账号（遮蔽）")
    bank_name: str = ""
    held: list[StoppedOut] = Field(..., description="已暂停发放、待补死亡证明后停发的待遇")
    stopped: list[StoppedOut]
    changed: list[ChangedOut]
    paid: list[PaidOut]
    todo: list[str]
    waiver: WaiverOut | None = None


class DeathRowOut(Schema):
    id: int
    person_id: int
    person_name: str
    region_code: str
    death_date: dt.date
    source: str
    status: str
    stopped: int
    paid_total: str


class BookingOut(Schema):
    id: int
    token: str
    slot_id: int
    cemetery_id: int
    cemetery_name: str
    day: dt.date
    starts: str
    ends: str
    visitor_name: str
    party_size: int
    status: str
    status_label: str


class FuneralSlotOut(Schema):
    id: int
    cemetery_id: int
    cemetery_name: str
    day: dt.date
    starts: str
    ends: str
    capacity: int
    booked: int
    left: int


class CemeteryOut(Schema):
    id: int
    name: str
    region_code: str
    kind: str
    kind_label: str
    address: str
    operator: str


class PlotOut(Schema):
    id: int
    cemetery_id: int
    code: str
    kind: str
    status: str
    holder_name: str
    occupant_id: int | None
    fee: MoneyOut
    paid_until: dt.date | None


class EcoBurialOut(Schema):
    id: int
    death_id: int
    kind: str
    kind_label: str
    buried_on: dt.date
    reward: MoneyOut
    status: str
    case_id: int | None


class FuneralSettlementOut(Schema):
    id: int
    funeral_home_id: int
    funeral_home_name: str
    month: str
    count: int
    total: MoneyOut


class RateOut(Schema):
    region_code: str
    region_name: str
    deaths: int
    cremations: int
    eco_burials: int
    cremation_rate: str | None = Field(..., description="火化率 %（火化数 ÷ 死亡数）")
    eco_rate: str | None = Field(..., description="生态安葬率 %（生态安葬数 ÷ 死亡数）")


class FuneralIndicatorsOut(Schema):
    year: int
    total: RateOut
    regions: list[RateOut]
