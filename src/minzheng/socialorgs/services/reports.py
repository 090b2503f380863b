"""Annual work reports (年度工作报告 / 年检): filed by the organisation (or by staff on its behalf), reviewed by the
业务主管单位 (skipped for an organisation registered directly, without one), concluded by the registry (合格 /
基本合格 / 不合格, or returned). The deadlines are rules as data (`report_due` by kind and region); a 基金会's accounts
are checked against 基金会管理条例 第二十九条 when filed, and a report failing them cannot be concluded 合格."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction

from minzheng.core import audit, clock, validation
from minzheng.core.errors import Conflict, ValidationFailed
from minzheng.socialorgs import codes, policy, selectors
from minzheng.socialorgs.models import AnnualReport, SocialOrg
from minzheng.socialorgs.schemas import RegistryReviewIn, ReportIn, SupervisorReviewIn
from minzheng.socialorgs.services.common import not_future, require, rule_value

FILE, SUPERVISE, MANAGE = "socialorgs.file", "socialorgs.supervise", "socialorgs.manage"
FOUNDATION_FIGURES = {"mission_spending": "公益事业支出", "pay_and_admin": "工资福利和行政办公支出",
                      "last_year_income": "上年总收入", "last_year_fund_balance": "上年基金余额"}
FIGURES = ("summary", "income", "total_spending", "net_assets", "mission_spending", "pay_and_admin",
           "last_year_income", "last_year_fund_balance", "audited")


def _checks(org: SocialOrg, d: ReportIn) -> list[dict]:
    if org.kind != "foundation":
        return []
    missing = [(f, label) for f, label in FOUNDATION_FIGURES.items() if getattr(d, f) is None]
    if org.fundraising == "public":
        missing = [m for m in missing if m[0] != "last_year_fund_balance"]
    else:
        missing = [m for m in missing if m[0] != "last_year_income"]
    if missing:
        raise ValidationFailed([validation.FieldError(f, f"基金会须填写{label}") for f, label in missing])
    if d.pay_and_admin > d.total_spending or d.mission_spending > d.total_spending:
        raise ValidationFailed.one("total_spending", "公益事业支出、工资福利和行政办公支出均不能大于本年总支出")
    accounts = policy.FoundationAccounts(
        public=org.fundraising == "public", last_year_income=d.last_year_income or Decimal(0),
        last_year_fund_balance=d.last_year_fund_balance or Decimal(0), mission_spending=d.mission_spending,
        pay_and_admin=d.pay_and_admin, total_spending=d.total_spending)
    return [c.__dict__ for c in policy.spending_checks(accounts)]


def file_report(actor, org: SocialOrg | int, data: dict[str, Any]) -> AnnualReport:
    """The report on a past year; a report returned for correction is filed again in place."""
    require(actor, FILE, "年度工作报告由社会组织报送（乡镇（街道）或县级工作人员可代为录入）")
    org = org if isinstance(org, SocialOrg) else selectors.get_org(actor, org)
    d = validation.validate(ReportIn, data)
    filed_on = d.filed_on or clock.today()
    not_future(filed_on, "filed_on", "报送日期")
    if org.status != "active":
        raise Conflict("该社会组织已注销，不再报送年度工作报告")
    if d.year >= filed_on.year:
        raise ValidationFailed.one("year", f"只能报送已结束年度的工作报告（{filed_on.year - 1} 年度及以前）")
    if d.year < org.registered_on.year:
        raise ValidationFailed.one("year", f"该组织 {org.registered_on} 成立，不能报送 {d.year} 年度的报告")
    checks = _checks(org, d)
    supervisor_due, registry_due = policy.report_due(d.year, rule_value("report_due", org.region_code,
                                                                          filed_on, org.kind))
    due = supervisor_due if org.supervisor else registry_due
    values = {f: getattr(d, f) for f in FIGURES}
    state = "filed" if org.supervisor else "supervised"  # 直接登记: no supervisor to review first
    try:
        with transaction.atomic():
            existing = AnnualReport.objects.select_for_update().filter(org=org, year=d.year).first()
            if existing is not None and existing.state != "returned":
                raise Conflict(f"{d.year} 年度工作报告已报送（{codes.REPORT_STATES[existing.state]}）")
            row = existing or AnnualReport(org=org, year=d.year, region_code=org.region_code)
            for f, v in values.items():
                setattr(row, f, v)
            row.filed_on, row.filed_by, row.state = filed_on, actor, state
            row.supervisor_due, row.registry_due, row.late = supervisor_due, registry_due, filed_on > due
            row.checks, row.checks_ok = checks, all(c["ok"] for c in checks)
            row.supervisor_opinion, row.supervised_on, row.supervised_by = "", None, None
            row.save()
            audit.record(actor, audit.Event("report_file", "socialorg_report", row.pk, row.region_code, {
                "org": [None, org.name], "year": [None, d.year], "late": [None, row.late],
                "income": [None, d.income], "total_spending": [None, d.total_spending],
                "checks": [None, [c["message"] for c in checks]], "refiled": [None, existing is not None]}))
    except IntegrityError:
        raise Conflict(f"{d.year} 年度工作报告已报送") from None
    return row


def _locked(actor, report) -> AnnualReport:
    report = report if isinstance(report, AnnualReport) else selectors.get_report(actor, report)
    return AnnualReport.objects.select_for_update().select_related("org").get(pk=report.pk)


def supervisor_review(actor, report: AnnualReport | int, data: dict[str, Any]) -> AnnualReport:
    """业务主管单位初审: agree (on to the registry) or return for correction."""
    require(actor, SUPERVISE, "业务主管单位初审由乡镇（街道）或县级工作人员录入")
    if not isinstance(report, AnnualReport):
        report = selectors.get_report(actor, report)
    d = validation.validate(SupervisorReviewIn, data)
    with transaction.atomic():
        row = _locked(actor, report)
        if row.state != "filed":
            raise Conflict(f"该报告{codes.REPORT_STATES[row.state]}，不在业务主管单位初审环节")
        row.state = "supervised" if d.decision == "agree" else "returned"
        row.supervisor_opinion, row.supervised_on, row.supervised_by = d.opinion, clock.today(), actor
        row.save(update_fields=["state", "supervisor_opinion", "supervised_on", "supervised_by"])
        audit.record(actor, audit.Event("report_review", "socialorg_report", row.pk, row.region_code, {
            "step": [None, "业务主管单位初审"], "decision": [None, codes.SUPERVISOR_DECISIONS[d.decision]],
            "opinion": [None, d.opinion]}))
    return row


def registry_review(actor, report: AnnualReport | int, data: dict[str, Any]) -> AnnualReport:
    """登记管理机关审查: the conclusion, or return for correction. Not by the person who did the first review."""
    require(actor, MANAGE, "年检结论由登记管理机关（县级民政部门）作出")
    if not isinstance(report, AnnualReport):
        report = selectors.get_report(actor, report)
    d = validation.validate(RegistryReviewIn, data)
    with transaction.atomic():
        row = _locked(actor, report)
        if row.state != "supervised":
            raise Conflict(f"该报告{codes.REPORT_STATES[row.state]}，不在登记管理机关审查环节")
        if row.supervised_by_id == actor.pk:
            raise Conflict("业务主管单位初审和登记管理机关审查不能由同一人办理")
        if d.decision == "pass" and not row.checks_ok:
            failed = "；".join(c["message"] for c in row.checks if not c["ok"])
            raise Conflict(f"基金会支出比例不符合《基金会管理条例》第二十九条（{failed}），年检结论不能为合格")
        if d.decision == "return":
            row.state = "returned"
        else:
            row.state, row.result, row.concluded_on = "concluded", d.decision, clock.today()
        row.registry_opinion, row.concluded_by = d.opinion, actor
        row.save(update_fields=["state", "result", "concluded_on", "registry_opinion", "concluded_by"])
        audit.record(actor, audit.Event("report_review", "socialorg_report", row.pk, row.region_code, {
            "step": [None, "登记管理机关审查"], "decision": [None, codes.REGISTRY_DECISIONS[d.decision]],
            "opinion": [None, d.opinion]}))
    return row
