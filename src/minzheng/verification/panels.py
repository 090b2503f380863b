"""The verification app's panel on the case page: the case's 家庭经济状况核对报告 and the button to request one."""

from __future__ import annotations

from minzheng.benefits import workflow
from minzheng.benefits.panels import CasePanel
from minzheng.core import roles
from minzheng.verification import selectors


def reports_context(user, case) -> dict | None:
    if not roles.has_perm(user, "verification.view"):
        return None
    reports = list(selectors.reports_of(user, case)[:5])
    can_request = roles.has_perm(user, "verification.request") and case.state in workflow.OPEN
    if not reports and not can_request:
        return None
    return {"reports": reports, "can_request_report": can_request}


REPORTS = CasePanel("verification_reports", "verification/_case_reports.html", reports_context, order=50)
