"""Scoped reads of verification: findings (the township inbox, lists, a finding's page and the outcomes a user may
apply), verification reports, and the catalogue of loaded department data. Findings and reports are read through
`Model.objects.visible_to(user)` (core.scoping: the user's region subtree); outside it a record is a 404."""

from __future__ import annotations

from django.db.models import BooleanField, Case, QuerySet, Value, When

from minzheng.benefits import codes as benefit_codes
from minzheng.benefits import programs
from minzheng.benefits import selectors as benefits_selectors
from minzheng.core import clock, roles
from minzheng.core.errors import Forbidden, NotFound
from minzheng.verification.codes import FACT_OUTCOMES, FINDING_OUTCOMES
from minzheng.verification.models import ComparisonRun, FeedSnapshot, Finding, VerificationReport


def require_view(user) -> None:
    if not roles.has_perm(user, "verification.view"):
        raise Forbidden("您的角色无权查看核对比对结果")


# ---- findings --------------------------------------------------------------------------------------------------------


def findings_for(user) -> QuerySet[Finding]:
    """The findings in the user's region (403 for roles that may not see them), newest month first, with `overdue`
    (open and past its deadline) computed in the query."""
    require_view(user)
    overdue = Case(When(status="open", due_on__lt=clock.today(), then=Value(True)), default=Value(False),
                   output_field=BooleanField())
    return (Finding.objects.visible_to(user).select_related("person").annotate(overdue=overdue)
            .order_by("-month", "due_on", "id"))


def pending_findings(user) -> QuerySet[Finding]:
    """Open findings the user may see, nearest deadline first (for the general inbox). Empty for roles that may
    not see them."""
    if not roles.has_perm(user, "verification.view"):
        return Finding.objects.none()
    return Finding.objects.visible_to(user).filter(status="open").select_related("person").order_by("due_on", "id")


def get_finding(user, finding_id) -> Finding:
    found = (findings_for(user).select_related("household__head", "entitlement", "decided_by")
             .filter(pk=finding_id).first())
    if found is None:
        raise NotFound()
    return found


def outcomes_for(user, finding: Finding) -> dict[str, str]:
    """The outcomes this user may apply when confirming: the county all of them; the township 暂停发放, and 停发 or
    减发 only where the county has delegated confirmation of the program to it (benefits.services.entitlements: these
    are the confirming level's decision)."""
    fitting = {k: v for k, v in FINDING_OUTCOMES.items() if FACT_OUTCOMES.get(k, finding.rule) == finding.rule}
    if user.role != roles.TOWNSHIP:
        return fitting
    params = programs.PROCEDURES.get(finding.program)
    delegated = bool(params and params.delegable
                     and benefits_selectors.delegated(finding.program, finding.region_code, clock.today()))
    return {k: v for k, v in fitting.items() if delegated or k not in benefit_codes.DECIDING_ACTIONS}


# ---- verification reports --------------------------------------------------------------------------------------------


def get_report(user, report_id) -> VerificationReport:
    if not roles.has_perm(user, "verification.view"):
        raise Forbidden("您的角色无权查看核对报告")
    found = VerificationReport.objects.visible_to(user).select_related("requested_by").filter(pk=report_id).first()
    if found is None:
        raise NotFound()
    return found


def reports_of(user, case) -> QuerySet[VerificationReport]:
    """A case's reports the user may see, newest first."""
    return VerificationReport.objects.visible_to(user).filter(case=case).order_by("-id")


# ---- department data -------------------------------------------------------------------------------------------------


def runs_for(user) -> QuerySet[ComparisonRun]:
    """The comparison runs (the whole installation's, like the lake), for those who run them."""
    if not roles.has_perm(user, "verification.manage"):
        raise Forbidden("您的角色无权查看比对记录")
    return ComparisonRun.objects.select_related("started_by")


def snapshots_for(user) -> QuerySet[FeedSnapshot]:
    """The loaded department files. The data lake is one per installation (the comparison reads all of it), so the
    catalogue has no region: it is read by those who load feeds (county and city, verification.manage)."""
    if not roles.has_perm(user, "verification.manage"):
        raise Forbidden("您的角色无权查看部门比对数据")
    return FeedSnapshot.objects.select_related("loaded_by").order_by("-loaded_at", "-id")
