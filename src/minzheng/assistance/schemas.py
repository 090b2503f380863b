"""特困 care: what the services take (validated with core.validation: Chinese messages, 422 with every field) and what
the API answers (masked phone and account numbers, labels next to codes)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from ninja import Schema
from pydantic import BeforeValidator, Field, WithJsonSchema, model_validator

from minzheng.assistance import codes
from minzheng.benefits.schemas.fields import BankAccount, In, OptDay, rule
from minzheng.core import crypto
from minzheng.core.validation import Day, Filled, Flag, Id, Money, MoneyOut, RegionCode, Text, choice, nonnegative

FEE_LIMIT = Decimal("99999999.99")
Fee = Annotated[Money, nonnegative(FEE_LIMIT)]


def _phone(value):
    if isinstance(value, bool) or not isinstance(value, (str, int, type(None))):
        raise rule("应为文本")
    try:
        return crypto.normalize_phone(str(value) if value is not None else None) or ""
    except crypto.PhoneError as exc:
        raise rule(str(exc)) from None


# Stored encrypted by the service (normalised: +86, spaces and dashes dropped).
Phone = Annotated[str, BeforeValidator(_phone), WithJsonSchema({"type": "string", "example": "13800138000"})]


# ---- inputs ----------------------------------------------------------------------------------------------------------


class AssessmentIn(In):
    """生活自理能力评估: the six items (true = 能够达到), the date and a note. The assessor is the caller."""

    person_id: Id = Field(..., title="被评估人（人员ID）")
    assessed_on: OptDay = Field(None, title="评估日期", description="默认：今天")
    eating: Flag = Field(..., title=codes.SELF_CARE_ITEMS["eating"])
    dressing: Flag = Field(..., title=codes.SELF_CARE_ITEMS["dressing"])
    transfer: Flag = Field(..., title=codes.SELF_CARE_ITEMS["transfer"])
    toileting: Flag = Field(..., title=codes.SELF_CARE_ITEMS["toileting"])
    walking: Flag = Field(..., title=codes.SELF_CARE_ITEMS["walking"])
    bathing: Flag = Field(..., title=codes.SELF_CARE_ITEMS["bathing"])
    note: Text[500] = Field("", title="说明")

    def items(self) -> dict[str, bool]:
        return {key: getattr(self, key) for key in codes.SELF_CARE_ITEMS}


class AgreementIn(In):
    """委托照料服务协议 of a 分散供养 特困 person."""

    person_id: Id = Field(..., title="特困人员（人员ID）")
    carer_name: Annotated[Text[50], Filled] = Field(..., title="照料人姓名")
    carer_relation: Annotated[Text[20], Filled] = Field(..., title="与特困人员关系")
    carer_phone: Phone = Field("", title="照料人电话")
    duties: Annotated[Text[1000], Filled] = Field(..., title="照料服务内容")
    monthly_fee: Fee = Field(..., title="照料服务费（元/月）")
    visit_frequency: choice(codes.VISIT_FREQUENCIES, "探访频次") = Field(..., title="探访频次")
    start_on: Day = Field(..., title="协议起始日期")
    end_on: OptDay = Field(None, title="协议终止日期")
    signed_on: Day = Field(..., title="签订日期")

    @model_validator(mode="after")
    def _period(self):
        if self.end_on is not None and self.end_on < self.start_on:
            raise rule("协议终止日期不能早于起始日期")
        return self


class EndIn(In):
    """Ending an agreement or a placement: the day and why."""

    on: Day = Field(..., title="终止日期")
    reason: Annotated[Text[200], Filled] = Field(..., title="终止原因")


class InstitutionIn(In):
    """供养服务机构 in the register (county)."""

    name: Annotated[Text[100], Filled] = Field(..., title="机构名称")
    kind: choice(codes.INSTITUTION_KINDS, "机构类型") = Field(..., title="机构类型")
    region_code: RegionCode = Field(..., title="所在区划")
    beds: int = Field(..., ge=0, le=100000, title="床位数")
    operator: Text[100] = Field("", title="运营方")
    bank_name: Annotated[Text[100], Filled] = Field(..., title="开户行")
    account: Annotated[BankAccount, Filled] = Field(..., title="银行账号")


class PlacementIn(In):
    """集中供养: a 特困 person placed in an institution (county)."""

    person_id: Id = Field(..., title="特困人员（人员ID）")
    institution_id: Id = Field(..., title="供养服务机构")
    from_on: Day = Field(..., title="入住日期")
    room: Text[40] = Field("", title="房间/床位")
    reason: Annotated[Text[200], Filled] = Field(..., title="入住原因")


# ---- outputs ---------------------------------------------------------------------------------------------------------


class AssessmentOut(Schema):
    id: int
    person_id: int
    person_name: str
    region_code: str
    assessed_on: dt.date
    assessor: str = Field(..., description="评估人")
    items: dict[str, bool] = Field(..., description="六项是否能够达到（eating 自主吃饭 … bathing 自主洗澡）")
    unmet: int = Field(..., description="不能达到的项数")
    band: str
    band_label: str
    note: str
    current: bool = Field(..., description="是否为该人员当前有效的评估（新的评估取代旧的，旧的保留）")

    @staticmethod
    def resolve_person_name(obj) -> str:
        return obj.person.name

    @staticmethod
    def resolve_assessor(obj) -> str:
        return obj.assessor.full_name or obj.assessor.username

    @staticmethod
    def resolve_band_label(obj) -> str:
        return codes.CARE_BANDS[obj.band]


class AgreementOut(Schema):
    id: int
    person_id: int
    person_name: str
    region_code: str
    carer_name: str
    carer_relation: str
    carer_phone: str = Field(..., description="照料人电话（遮蔽）")
    duties: str
    monthly_fee: MoneyOut
    visit_frequency: str
    visit_frequency_label: str
    start_on: dt.date
    end_on: dt.date | None
    signed_on: dt.date
    ended_on: dt.date | None
    end_reason: str
    open: bool

    @staticmethod
    def resolve_person_name(obj) -> str:
        return obj.person.name

    @staticmethod
    def resolve_carer_phone(obj) -> str:
        return obj.carer_phone_masked

    @staticmethod
    def resolve_visit_frequency_label(obj) -> str:
        return codes.VISIT_FREQUENCIES.get(obj.visit_frequency, obj.visit_frequency)


class InstitutionOut(Schema):
    id: int
    name: str
    kind: str
    kind_label: str
    region_code: str
    beds: int
    operator: str
    bank_name: str
    account: str = Field(..., description="银行账号（遮蔽）")
    active: bool

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return codes.INSTITUTION_KINDS.get(obj.kind, obj.kind)

    @staticmethod
    def resolve_account(obj) -> str:
        return obj.account_masked


class PlacementOut(Schema):
    id: int
    person_id: int
    person_name: str
    region_code: str
    institution_id: int
    institution_name: str
    from_on: dt.date
    to_on: dt.date | None
    room: str
    reason: str
    end_reason: str
    entitlement_id: int | None = Field(..., description="在机构安置期间支付到机构账户的特困待遇")
    open: bool

    @staticmethod
    def resolve_person_name(obj) -> str:
        return obj.person.name

    @staticmethod
    def resolve_institution_name(obj) -> str:
        return obj.institution.name


# ---- 临时救助备用金 (assistance.reserve) ---------------------------------------------------------------------


class TopUpIn(In):
    region_code: RegionCode = Field(..., title="乡镇(街道)")
    amount: Money = Field(..., title="金额")
    on: Day | None = Field(None, title="日期")
    note: Text[200] = Field("", title="说明")


class AdvanceIn(In):
    case_id: Id = Field(..., title="临时救助案件")
    amount: Money = Field(..., title="先行救助金额")
    on: Day | None = Field(None, title="支付日期")
    note: Annotated[Text[200], Filled] = Field(..., title="说明", description="领取人、方式（如：现金，户主签收）")


class ReimburseIn(In):
    case_id: Id = Field(..., title="临时救助案件")
    note: Text[200] = Field("", title="说明")
