"""Printable documents of 社会组织 (print-friendly HTML on benefits/_print_base.html: 打印 / 另存为PDF): the
registration certificate data sheet (登记证书), the decision notice on an application (准予 / 不予登记决定书), the
annual-report result notice (年检结论通知书) and the evaluation grade certificate or result notice. Read through
selectors only; a document that does not exist yet (no decision, no conclusion) is a 409 with the reason."""

from __future__ import annotations

from minzheng.core import clock
from minzheng.core.errors import Conflict, NotFound
from minzheng.core.pages.base import Page, parse_pk
from minzheng.socialorgs import codes, selectors

VIEW = "socialorgs.view"
CERTIFICATE_TITLES = {"association": "社会团体法人登记证书", "service": "民办非企业单位（法人）登记证书",
                      "foundation": "基金会法人登记证书"}


def registry_name(region_code: str) -> str:
    """The 登记管理机关: the county (or city) bureau above the organisation's place."""
    county = region_code[:6] + "000000"
    return f"{selectors.region_name(county)}民政局"


def _pk(value) -> int:
    pk = parse_pk(value)
    if pk is None:
        raise NotFound()
    return pk


class PrintPage(Page):
    selector = None

    def context(self, obj) -> dict:
        return {}

    def get(self, request, pk: int):
        obj = type(self).selector(request.user, _pk(pk))
        return self.render({"obj": obj, "printed_on": clock.today(), **self.context(obj)})


class OrgCertificate(PrintPage):
    title = "登记证书"
    permission = VIEW
    template_name = "socialorgs/print/certificate.html"
    selector = staticmethod(selectors.get_org)

    def get(self, request, pk: int):
        org = selectors.get_org(request.user, _pk(pk))
        if org.status != "active":
            raise Conflict(f"该社会组织{codes.STATUS[org.status]}，登记证书已缴销")
        app = selectors.registration_of(request.user, org)
        return self.render({"obj": org, "printed_on": clock.today(), "app": app,
                            "heading": CERTIFICATE_TITLES[org.kind], "registry": registry_name(org.region_code),
                            "kind": codes.KINDS[org.kind], "domain": codes.DOMAINS.get(org.domain, org.domain),
                            "region": selectors.region_name(org.region_code),
                            "funds_label": {"association": "活动资金", "service": "开办资金",
                                            "foundation": "原始基金"}[org.kind]})


class DecisionNotice(PrintPage):
    title = "登记决定书"
    permission = VIEW
    template_name = "socialorgs/print/decision.html"
    selector = staticmethod(selectors.decided_application)

    def context(self, app) -> dict:
        kind = codes.APPLICATION_KINDS[app.kind]
        verb = "准予" if app.state == "approved" else "不予"
        return {"heading": f"{verb}{kind}决定书", "kind": kind, "verb": verb,
                "registry": registry_name(app.region_code),
                "org_kind": codes.KINDS.get((app.data or {}).get("kind") or getattr(app.org, "kind", ""), "")}


class ReportNotice(PrintPage):
    title = "年度检查结论通知书"
    permission = VIEW
    template_name = "socialorgs/print/report.html"
    selector = staticmethod(selectors.concluded_report)

    def context(self, report) -> dict:
        return {"result": codes.REPORT_RESULTS.get(report.result, ""), "registry": registry_name(report.region_code),
                "failed_checks": [c for c in report.checks if not c.get("ok")]}


class EvaluationNotice(PrintPage):
    title = "社会组织评估等级证书"
    permission = VIEW
    template_name = "socialorgs/print/evaluation.html"
    selector = staticmethod(selectors.graded_evaluation)

    def context(self, ev) -> dict:
        graded = ev.state in ("graded", "superseded", "expired") and bool(ev.grade)
        return {"graded": graded, "grade": codes.GRADES.get(ev.grade, "") if ev.grade is not None else "",
                "state": codes.EVALUATION_STATES[ev.state], "sanction": codes.SANCTIONS.get(ev.sanction, ""),
                "registry": registry_name(ev.region_code),
                "heading": "社会组织评估等级证书" if graded else "社会组织评估结果通知书"}
