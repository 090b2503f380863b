"""Writes of the charity app, one transaction each (role, region, validation, rule checks citing 《慈善法》, audit):
organisations and their recognition, the public-fundraising qualification, projects, fundraising filings (备案 before
the fundraising starts, only with the qualification), donations with a receipt number, disclosures, trusts,
complaints and their closing."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from minzheng.charity import codes, policy, selectors
from minzheng.charity.models import (
    CharitableTrust,
    CharityOrganisation,
    Complaint,
    Disclosure,
    Donation,
    FundraisingFiling,
    Project,
)
from minzheng.charity.schemas import (
    CloseComplaintIn,
    ComplaintIn,
    DisclosureIn,
    DonationIn,
    FilingIn,
    OrganisationIn,
    ProjectIn,
    QualificationIn,
    TrustIn,
)
from minzheng.core import audit, clock, regioncodes, roles, validation
from minzheng.core.errors import Conflict, FieldError, Forbidden, NotFound, ValidationFailed
from minzheng.core.models import Region

PERMISSION = "charity.manage"


def _require(actor) -> None:
    if not roles.has_perm(actor, PERMISSION):
        raise Forbidden("您的角色不能办理慈善事项")


def _region(actor, code: str, field: str = "region_code") -> str:
    if not regioncodes.in_subtree(code, actor.region_id):
        raise ValidationFailed.one(field, "区划应在您的辖区范围内")
    if not Region.objects.filter(code=code).exists():
        raise ValidationFailed.one(field, f"区划代码 {code} 不存在")
    return code


def _ref(actor, getter, pk, field: str):
    if pk is None:
        return None
    try:
        return getter(actor, pk)
    except NotFound:
        raise ValidationFailed.one(field, "所选记录不存在或不在您的辖区内") from None


def _not_future(day, field: str, label: str) -> None:
    if day > clock.today():
        raise ValidationFailed.one(field, f"{label}不能晚于今天")


def _fail(problems: list[tuple[str, str]]) -> None:
    if problems:
        raise ValidationFailed([FieldError(f, m) for f, m in problems])


def _create(actor, model, object_type: str, fields: dict, summary: dict):
    with transaction.atomic():
        try:
            with transaction.atomic():
                row = model.objects.create(**fields)
        except IntegrityError:
            raise Conflict("编号已存在，请核对后重新填写") from None
        audit.record(actor, audit.Event("create", object_type, row.pk, row.region_code,
                                        {k: [None, v] for k, v in summary.items()}))
    return row


def add_organisation(actor, data: dict[str, Any]) -> CharityOrganisation:
    """Record a registered organisation, recognised as charitable when `recognised_on` is given (第十条)."""
    _require(actor)
    d = validation.validate(OrganisationIn, data)
    _region(actor, d.region_code)
    _not_future(d.registered_on, "registered_on", "登记日期")
    if d.recognised_on and d.recognised_on < d.registered_on:
        raise ValidationFailed.one("recognised_on", "认定日期不能早于登记日期")
    if CharityOrganisation.objects.filter(credit_code=d.credit_code).exists():
        raise Conflict("该统一社会信用代码的组织已登记")
    return _create(actor, CharityOrganisation, "charity_org", d.model_dump(),
                   {"name": d.name, "form": codes.ORG_FORMS[d.form], "recognised_on": d.recognised_on})


def grant_qualification(actor, org_id, data: dict[str, Any], comment: str | None = None) -> CharityOrganisation:
    """公开募捐资格 (《慈善法》第二十二条): a recognised organisation registered long enough."""
    _require(actor)
    org = selectors.get_organisation(actor, org_id)
    d = validation.validate(QualificationIn, data)
    if org.qualified_on:
        raise Conflict(f"该组织已于 {org.qualified_on} 取得公开募捐资格")
    problems = policy.qualification_problems(org.recognised_on is not None and org.status == "active",
                                             org.registered_on, d.qualified_on)
    if problems:
        raise Conflict("；".join(problems))
    with transaction.atomic():
        org.qualified_on, org.qualification_no = d.qualified_on, d.qualification_no
        org.save(update_fields=["qualified_on", "qualification_no"])
        audit.record(actor, audit.Event("update", "charity_org", org.pk, org.region_code, {
            "qualified_on": [None, d.qualified_on], "qualification_no": [None, d.qualification_no],
            "comment": [None, comment or ""]}))
    return org


def add_project(actor, data: dict[str, Any]) -> Project:
    _require(actor)
    d = validation.validate(ProjectIn, data)
    org = _ref(actor, selectors.get_organisation, d.org_id, "org_id")
    _region(actor, d.region_code)
    if d.ends_on and d.ends_on < d.starts_on:
        raise ValidationFailed.one("ends_on", "结束日期不能早于开始日期")
    fields = {**d.model_dump(exclude={"org_id"}), "org": org}
    return _create(actor, Project, "charity_project", fields, {"name": d.name, "org": org.name})


def file_fundraising(actor, data: dict[str, Any]) -> FundraisingFiling:
    """公开募捐方案备案 (第二十三、二十四条): qualification held, a designated platform, filed before it starts."""
    _require(actor)
    d = validation.validate(FilingIn, data)
    org = _ref(actor, selectors.get_organisation, d.org_id, "org_id")
    project = _ref(actor, selectors.get_project, d.project_id, "project_id")
    today = clock.today()
    _fail(policy.filing_problems(org.qualified_on, today, d.starts_on, d.ends_on))
    if project is not None and project.org_id != org.pk:
        raise ValidationFailed.one("project_id", "所选项目不属于该慈善组织")
    with transaction.atomic():
        row = FundraisingFiling.objects.create(
            org=org, project=project, region_code=org.region_code, title=d.title, platform=d.platform,
            starts_on=d.starts_on, ends_on=d.ends_on, target=d.target, filed_on=today, filing_no="pending")
        row.filing_no = f"MJBA-{org.region_code[:6]}-{today:%Y}-{row.pk:06d}"
        row.save(update_fields=["filing_no"])
        audit.record(actor, audit.Event("create", "charity_filing", row.pk, row.region_code, {
            "title": [None, row.title], "platform": [None, codes.PLATFORMS[row.platform]],
            "period": [None, f"{row.starts_on} 至 {row.ends_on}"], "target": [None, row.target]}))
    return row


def record_donation(actor, data: dict[str, Any]) -> Donation:
    """A donation in money or in kind, given a receipt number (捐赠票据) of the organisation's series."""
    _require(actor)
    d = validation.validate(DonationIn, data)
    org = _ref(actor, selectors.get_organisation, d.org_id, "org_id")
    project = _ref(actor, selectors.get_project, d.project_id, "project_id")
    _not_future(d.received_on, "received_on", "接收日期")
    _fail(policy.donation_problems(d.form, d.amount, d.goods_description, d.goods_value))
    if project is not None and project.org_id != org.pk:
        raise ValidationFailed.one("project_id", "所选项目不属于该慈善组织")
    money = d.form == "money"
    with transaction.atomic():
        row = Donation.objects.create(
            org=org, project=project, region_code=org.region_code, donor_name=d.donor_name,
            donor_kind=d.donor_kind, form=d.form, amount=d.amount if money else None,
            goods_description="" if money else d.goods_description, goods_value=None if money else d.goods_value,
            received_on=d.received_on, receipt_no=f"pending-{clock.now().timestamp()}-{actor.pk}",
            recorded_by=actor)
        row.receipt_no = f"JZ{org.pk:05d}-{d.received_on:%Y}-{row.pk:07d}"
        row.save(update_fields=["receipt_no"])
        audit.record(actor, audit.Event("create", "charity_donation", row.pk, row.region_code, {
            "org": [None, org.name], "form": [None, codes.DONATION_FORMS[row.form]], "value": [None, row.value],
            "receipt_no": [None, row.receipt_no]}))
    return row


def add_disclosure(actor, data: dict[str, Any]) -> Disclosure:
    _require(actor)
    d = validation.validate(DisclosureIn, data)
    org = _ref(actor, selectors.get_organisation, d.org_id, "org_id")
    project = _ref(actor, selectors.get_project, d.project_id, "project_id")
    _not_future(d.published_on, "published_on", "公开日期")
    fields = {**d.model_dump(exclude={"org_id", "project_id"}), "org": org, "project": project,
              "region_code": org.region_code}
    return _create(actor, Disclosure, "charity_disclosure", fields,
                   {"title": d.title, "kind": codes.DISCLOSURE_KINDS[d.kind]})


def add_trust(actor, data: dict[str, Any]) -> CharitableTrust:
    _require(actor)
    d = validation.validate(TrustIn, data)
    _region(actor, d.region_code)
    _not_future(d.filed_on, "filed_on", "备案日期")
    return _create(actor, CharitableTrust, "charity_trust", d.model_dump(),
                   {"name": d.name, "trustee": d.trustee, "property_value": d.property_value})


def add_complaint(actor, data: dict[str, Any]) -> Complaint:
    _require(actor)
    d = validation.validate(ComplaintIn, data)
    org = _ref(actor, selectors.get_organisation, d.org_id, "org_id")
    _region(actor, d.region_code)
    _not_future(d.received_on, "received_on", "受理日期")
    fields = {**d.model_dump(exclude={"org_id"}), "org": org}
    return _create(actor, Complaint, "charity_complaint", fields, {"org": org.name if org else ""})


def close_complaint(actor, complaint_id, data: dict[str, Any], comment: str | None = None) -> Complaint:
    _require(actor)
    with transaction.atomic():
        row = selectors.complaints_for(actor).select_for_update(of=("self",)).filter(pk=complaint_id).first()
        if row is None:
            raise NotFound()
        d = validation.validate(CloseComplaintIn, data)
        if row.status == "closed":
            raise Conflict(f"该投诉举报已于 {row.closed_on} 办结")
        row.status, row.result, row.closed_on = "closed", d.result, clock.today()
        row.save(update_fields=["status", "result", "closed_on"])
        audit.record(actor, audit.Event("update", "charity_complaint", row.pk, row.region_code, {
            "status": ["办理中", "已办结"], "result": [None, d.result]}))
    return row
