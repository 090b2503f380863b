"""Marriage registry inputs (validated with core.validation: Chinese messages, 422 with every field) and outputs
(labels next to codes, ID numbers masked)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Schema
from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema, model_validator

from minzheng.benefits.schemas.fields import Int, OptDay, rule
from minzheng.core import crypto, documents
from minzheng.core.api_schemas import BodyIn
from minzheng.core.validation import Day, Filled, Flag, Id, Text, choice
from minzheng.marriage import codes

EARLIEST, LATEST_YEARS = dt.date(1900, 1, 1), 2  # dates outside [1900, today + 2 years] are refused


def _bounded(value: dt.date) -> dt.date:
    if not EARLIEST <= value <= dt.date.today() + dt.timedelta(days=366 * LATEST_YEARS):
        raise rule("日期超出合理范围")
    return value


BoundedDay = Annotated[Day, AfterValidator(_bounded)]
OptBoundedDay = Annotated[OptDay, AfterValidator(lambda v: v if v is None else _bounded(v))]


DocNumber = Annotated[Text[30], WithJsonSchema({"type": "string", "example": "33090219980101001X", "maxLength": 30})]
Sex = choice({"M": "男", "F": "女"}, "性别")
DocumentType = choice(documents.TYPES, "证件类型")


class PartyIn(BodyIn):
    """One party. A mainland resident shows the 居民身份证; residents of Hong Kong, Macau and Taiwan, overseas Chinese
    and foreigners their own document (core.documents), registered only where the province designated the registry
    for them (《婚姻登记条例》: the provincial 民政 or a registry it designates)."""

    name: Annotated[Text[50], Filled] = Field(..., title="姓名")
    sex: Sex = Field(..., title="性别")
    document_type: DocumentType = Field(documents.ID_CARD, title="证件类型")
    id_number: DocNumber = Field(..., title="证件号码", description="居民身份证号，或所选证件的号码")
    nationality: Text[3] = Field("", title="国籍", description="持护照、外国人永久居留身份证的，ISO 3166-1 三字母代码")
    birth_date: BoundedDay = Field(..., title="出生日期")
    voluntary: Flag = Field(True, title="本人自愿", description="当场询问：本人完全自愿（民法典第1046条）")
    phone: Text[20] = Field("", title="手机号", description="离婚登记申请：冷静期提醒短信发到此号（可不填）")

    @model_validator(mode="after")
    def _valid_document(self):
        try:
            doc = documents.parse(self.document_type, self.id_number, self.nationality)
        except documents.DocumentError as exc:
            raise rule(str(exc)) from None
        self.id_number, self.nationality = doc.number, doc.nationality
        if self.phone:
            try:
                self.phone = crypto.normalize_phone(self.phone) or ""
            except crypto.PhoneError as exc:
                raise rule(str(exc)) from None
        what = "身份证号" if doc.type == documents.ID_CARD else "证件号码"
        if doc.birth_date is not None and doc.birth_date != self.birth_date:
            raise rule(f"出生日期与{what}不一致（{what}记载 {doc.birth_date:%Y-%m-%d}）")
        if doc.sex and doc.sex != self.sex:
            raise rule(f"性别与{what}不一致（{what}记载为{codes_sex(doc.sex)}）")
        return self

    @property
    def document(self) -> documents.Document:
        return documents.parse(self.document_type, self.id_number, self.nationality)


def codes_sex(value: str) -> str:
    return {"M": "男", "F": "女"}.get(value, value)


class RegistrationIn(BodyIn):
    """结婚、离婚申请、补领 (国务院令第804号: any registry, 居民身份证, no 户口簿). A divorce names the 结婚证 and opens
    the cooling-off (民法典第1077条); the 离婚证 is issued when both appear after it."""

    type: choice(codes.REQUEST_KINDS, "登记类型") = Field(..., title="登记类型")
    party_a: PartyIn = Field(..., title="甲方")
    party_b: PartyIn = Field(..., title="乙方")
    registry: Annotated[Text[20], Filled] = Field(..., title="婚姻登记机关代码")
    date: OptBoundedDay = Field(None, title="登记（受理）日期", description="默认：今天")
    marriage_certificate_no: Text[40] = Field("", title="结婚证字号", description="离婚登记申请时必填")
    declaration_signed: Flag = Field(True, title="已签署声明",
                                     description="双方签署无配偶、无禁止结婚亲属关系的声明（结婚登记）")
    agreement_signed: Flag = Field(True, title="已提交书面离婚协议")
    counselling: Flag = Field(False, title="转介婚姻家庭辅导", description="离婚登记申请时双方同意转介辅导")

    @model_validator(mode="after")
    def _divorce_needs_certificate(self):
        if self.type == "divorce" and not self.marriage_certificate_no:
            raise rule("离婚登记申请须填写结婚证字号")
        return self


class RegistrationResultOut(Schema):
    type: str = Field(..., description="marriage | divorce | reissue")
    registration_id: int | None = None
    certificate_no: str | None = Field(None, description="结婚证/补领结婚证字号（离婚申请时为空）")
    application_id: int | None = Field(None, description="离婚登记申请编号（冷静期）")
    withdrawal_deadline: dt.date | None = None
    appearance_deadline: dt.date | None = None


class RegistrationOut(Schema):
    id: int
    kind: str
    kind_label: str
    registry: str
    registry_name: str
    registered_on: dt.date
    certificate_no: str
    name_a: str
    id_a: str = Field(..., description="甲方证件号码（脱敏）")
    document_a: str = Field("居民身份证", description="甲方证件类型")
    nationality_a: str = Field("中国", description="甲方国籍（地区）")
    name_b: str
    id_b: str = Field(..., description="乙方证件号码（脱敏）")
    document_b: str = Field("居民身份证", description="乙方证件类型")
    nationality_b: str = Field("中国", description="乙方国籍（地区）")
    standing: str
    standing_label: str
    marriage_id: int | None = None
    revoked_on: dt.date | None = None
    revocation_decision: str = ""

    @staticmethod
    def build(r) -> RegistrationOut:
        return RegistrationOut(
            id=r.pk, kind=r.kind, kind_label=codes.KINDS[r.kind], registry=r.registry.code,
            registry_name=r.registry.name, registered_on=r.registered_on, certificate_no=r.certificate_no,
            name_a=r.name_a, id_a=r.id_a_masked, name_b=r.name_b, id_b=r.id_b_masked, document_a=r.doc_a_label,
            document_b=r.doc_b_label, nationality_a=r.nationality_a_label, nationality_b=r.nationality_b_label,
            standing=r.standing,
            standing_label=codes.MARRIAGE_STANDING[r.standing], marriage_id=r.marriage_id, revoked_on=r.revoked_on,
            revocation_decision=r.revocation_decision)


class DivorceApplicationOut(Schema):
    id: int
    received: dt.date
    withdrawal_deadline: dt.date
    appearance_deadline: dt.date
    status: str = Field(..., description="cooling | awaiting | withdrawn | registered")
    status_label: str
    withdrawn_on: dt.date | None = None
    withdrawn_by: str = ""
    deadline_note: str = ""
    marriage_certificate_no: str
    names: str
    divorce_certificate_no: str | None = None
    counselled: bool = False


class WithdrawIn(BodyIn):
    party: choice(codes.PARTIES, "撤回方") = Field(..., title="撤回方")
    date: OptBoundedDay = Field(None, title="撤回日期", description="默认：今天")


class AppearIn(BodyIn):
    date: OptBoundedDay = Field(None, title="到场日期", description="默认：今天")
    both_present: Flag = Field(True, title="双方亲自到场")


class RevokeIn(BodyIn):
    basis: choice(codes.REVOCATION_BASIS, "撤销依据") = Field(..., title="撤销依据")
    decision: Annotated[Text[100], Filled] = Field(..., title="判决书或决定书文号")
    reason: Annotated[Text[500], Filled] = Field(..., title="撤销理由")
    date: OptBoundedDay = Field(None, title="撤销日期", description="默认：今天")


class AppointmentIn(BodyIn):
    registry: Annotated[Text[20], Filled] = Field(..., title="婚姻登记机关代码")
    day: BoundedDay = Field(..., title="预约日期")
    slot: choice(codes.SLOTS, "时段") = Field(..., title="时段")
    kind: choice(codes.KINDS, "业务") = Field(..., title="业务")
    name_a: Annotated[Text[50], Filled] = Field(..., title="甲方姓名")
    name_b: Text[50] = Field("", title="乙方姓名")


class AppointmentOut(Schema):
    id: int
    registry: str
    day: dt.date
    slot: str
    slot_label: str
    kind: str
    name_a: str
    name_b: str
    status: str


class MarriageSlotOut(Schema):
    slot: str
    slot_label: str
    capacity: int
    booked: int
    free: int


class CounsellingIn(BodyIn):
    application_id: Annotated[Id | None, BeforeValidator(lambda v: None if v in ("", None) else v)] = Field(
        None, title="离婚登记申请编号")
    registry: Text[20] = Field("", title="婚姻登记机关代码", description="不关联离婚申请时必填")
    names: Text[120] = Field("", title="当事人")
    provider: Annotated[Text[100], Filled] = Field(..., title="辅导机构/辅导员")
    topics: list[choice(codes.COUNSELLING_TOPICS, "辅导主题")] = Field([], title="辅导主题", max_length=6)
    date: OptBoundedDay = Field(None, title="转介日期")


class SessionIn(BodyIn):
    held_on: BoundedDay = Field(..., title="辅导日期")
    counsellor: Annotated[Text[50], Filled] = Field(..., title="辅导员")
    minutes: Int(1, 600) = Field(..., title="时长（分钟）")
    both_present: Flag = Field(True, title="双方到场")
    note: Text[500] = Field("", title="记录")


class CloseCounsellingIn(BodyIn):
    outcome: choice(codes.COUNSELLING_OUTCOMES, "辅导结果") = Field(..., title="辅导结果")
    date: OptBoundedDay = Field(None, title="结束日期")
    note: Text[500] = Field("", title="说明")


class CounsellingOut(Schema):
    id: int
    application_id: int | None
    names: str
    provider: str
    referred_on: dt.date
    status: str
    outcome: str
    sessions: int = 0


class StatRowOut(Schema):
    month: str = Field(..., description="YYYY-MM")
    registry: str
    registry_name: str
    kind: str
    kind_label: str
    count: int


class StatsOut(Schema):
    rows: list[StatRowOut]
    divorce_applications: int = Field(..., description="期间收到的离婚登记申请")
    counselled: int = Field(..., description="其中转介婚姻家庭辅导的")
    counselled_share: str = Field(..., description="辅导率（百分比，一位小数）")


class StatsQuery(Schema):
    year: Int(2000, 2100) = Field(..., title="年度")
    registry: Text[20] = Field("", title="婚姻登记机关代码")


class SlotsQuery(Schema):
    day: BoundedDay = Field(..., title="日期")
