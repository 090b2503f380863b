from minzheng.core import app_registry
from minzheng.core.app_registry import NavEntry
from minzheng.core.audit_display import AuditObject


class DisabilityConfig(app_registry.MinzhengAppConfig):
    """残疾人福利: declares 困难残疾人生活补贴、重度残疾人护理补贴 into the benefits kernel and runs them: the coverage
    check against the registry and the 残联 feed (gaps as tasks), annual reviews, stops on death and holds on an
    expired certificate through the kernel, and the 残联 reconciliation file."""

    name = "minzheng.disability"
    audit_actions = {
        "disability_coverage": "两项补贴覆盖核查",
        "disability_review": "两项补贴年度复核",
        "disability_sweep": "两项补贴到期停发核查",
    }
    label = "disability"
    verbose_name = "残疾人福利"
    benefit_programs = "minzheng.disability.programs.PROGRAMS"
    url_prefix = "disability/"
    api_router = "minzheng.disability.api.router"
    cli_commands = "minzheng.disability.commands"
    nav_group = "儿童和残疾人"
    nav = [NavEntry("disability_coverage", "两项补贴", "people.view", order=29)]
    inbox = ["minzheng.disability.inbox.GAPS", "minzheng.disability.inbox.HOLDS"]
    demo_data = ["minzheng.disability.demo.seed"]
    audit_objects = {"disability_gap": AuditObject("两项补贴应保未保", "disability.CoverageGap"),
                     "disability_review": AuditObject("两项补贴年度复核", "disability.AnnualReview")}
