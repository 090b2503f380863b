"""Inputs and outputs of the charity app (bodies derive from core.api_schemas.BodyIn; money is decimal text)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from ninja import Schema
from pydantic import field_validator
from pydantic_core import PydanticCustomError

from minzheng.charity import codes
from minzheng.core.api_schemas import BodyIn
from minzheng.core.validation import Day, Field, Filled, Flag, Id, Money, MoneyOut, RegionCode, Text, choice


def _bounded(value):
    if value is not None and not dt.date(1980, 1, 1) <= value <= dt.date(2100, 12, 31):
        raise PydanticCustomError("rule", "日期超出合理范围")
    return value


class _Dated(BodyIn):
    @field_validator("*")
    @classmethod
    def _dates(cls, v):
        return _bounded(v) if isinstance(v, dt.date) else v


class OrganisationIn(_Dated):
    name: Annotated[Text[200], Filled] = Field(..., title="名称")
    credit_code: Annotated[Text[18], Filled] = Field(..., title="统一社会信用代码")
    form: choice(codes.ORG_FORMS, "组织形式") = Field(..., title="组织形式")
    region_code: RegionCode = Field(..., title="登记管理机关所在区划")
    registered_on: Day = Field(..., title="登记日期")
    recognised_on: Day | None = Field(None, title="认定日期")
    recognition_no: Text[50] = Field("", title="认定文号")


class QualificationIn(_Dated):
    qualified_on: Day = Field(..., title="取得公开募捐资格日期")
    qualification_no: Annotated[Text[50], Filled] = Field(..., title="公开募捐资格证书编号")


class ProjectIn(_Dated):
    org_id: Id = Field(..., title="慈善组织")
    name: Annotated[Text[200], Filled] = Field(..., title="项目名称")
    region_code: RegionCode = Field(..., title="服务区域")
    domain: choice(codes.DOMAINS, "领域") = Field(..., title="领域")
    starts_on: Day = Field(..., title="开始日期")
    ends_on: Day | None = Field(None, title="结束日期")
    budget: Money = Field(Decimal("0"), title="预算")
    beneficiaries: Text[200] = Field("", title="受益对象")
    accepts_referrals: Flag = Field(True, title="接受民政转介")
    contact: Text[100] = Field("", title="联系人及电话")


class FilingIn(_Dated):
    org_id: Id = Field(..., title="慈善组织")
    project_id: Id | None = Field(None, title="慈善项目")
    title: Annotated[Text[200], Filled] = Field(..., title="募捐方案名称")
    platform: choice(codes.PLATFORMS, "互联网公开募捐服务平台") = Field(..., title="平台")
    starts_on: Day = Field(..., title="募捐开始日期")
    ends_on: Day = Field(..., title="募捐结束日期")
    target: Money = Field(..., title="募捐目标")


class DonationIn(_Dated):
    org_id: Id = Field(..., title="受赠慈善组织")
    project_id: Id | None = Field(None, title="定向项目")
    donor_name: Annotated[Text[200], Filled] = Field(..., title="捐赠人")
    donor_kind: choice(codes.DONOR_KINDS, "捐赠人类型") = Field(..., title="捐赠人类型")
    form: choice(codes.DONATION_FORMS, "捐赠形式") = Field(..., title="捐赠形式")
    amount: Money | None = Field(None, title="金额")
    goods_description: Text[200] = Field("", title="物资名称及数量")
    goods_value: Money | None = Field(None, title="物资折合金额")
    received_on: Day = Field(..., title="接收日期")


class DisclosureIn(_Dated):
    org_id: Id = Field(..., title="慈善组织")
    project_id: Id | None = Field(None, title="慈善项目")
    kind: choice(codes.DISCLOSURE_KINDS, "公开事项") = Field(..., title="公开事项")
    title: Annotated[Text[200], Filled] = Field(..., title="标题")
    published_on: Day = Field(..., title="公开日期")
    where: Text[200] = Field("慈善中国", title="公开渠道")


class TrustIn(_Dated):
    name: Annotated[Text[200], Filled] = Field(..., title="信托名称")
    region_code: RegionCode = Field(..., title="备案区划")
    trustee: Annotated[Text[200], Filled] = Field(..., title="受托人")
    settlor: Annotated[Text[200], Filled] = Field(..., title="委托人")
    supervisor: Text[200] = Field("", title="监察人")
    purpose: Annotated[Text[200], Filled] = Field(..., title="慈善目的")
    property_value: Money = Field(..., title="信托财产")
    filed_on: Day = Field(..., title="备案日期")
    filing_no: Annotated[Text[50], Filled] = Field(..., title="备案编号")


class ComplaintIn(_Dated):
    org_id: Id | None = Field(None, title="被投诉组织")
    region_code: RegionCode = Field(..., title="区划")
    received_on: Day = Field(..., title="受理日期")
    complainant: Text[100] = Field("", title="投诉举报人")
    content: Annotated[Text[2000], Filled] = Field(..., title="投诉举报内容")


class CloseComplaintIn(BodyIn):
    result: Annotated[Text[2000], Filled] = Field(..., title="处理结果")


class OrganisationOut(Schema):
    id: int
    name: str
    credit_code: str
    form: str
    region_code: str
    registered_on: dt.date
    recognised_on: dt.date | None
    qualified_on: dt.date | None
    status: str


class ProjectOut(Schema):
    id: int
    org_id: int
    org_name: str = Field(..., alias="org.name")
    name: str
    region_code: str
    domain: str
    starts_on: dt.date
    ends_on: dt.date | None
    budget: MoneyOut
    beneficiaries: str
    accepts_referrals: bool
    contact: str
    status: str


class FilingOut(Schema):
    id: int
    org_id: int
    project_id: int | None
    title: str
    platform: str
    starts_on: dt.date
    ends_on: dt.date
    target: MoneyOut
    filed_on: dt.date
    filing_no: str


class DonationOut(Schema):
    id: int
    org_id: int
    project_id: int | None
    donor_name: str
    donor_kind: str
    form: str
    amount: MoneyOut | None
    goods_description: str
    goods_value: MoneyOut | None
    received_on: dt.date
    receipt_no: str
