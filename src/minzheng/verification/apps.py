from minzheng.core import app_registry, roles
from minzheng.core.app_registry import NavEntry
from minzheng.core.audit_display import AuditObject

T, C, CITY = roles.TOWNSHIP, roles.COUNTY, roles.CITY


class VerificationConfig(app_registry.MinzhengAppConfig):
    """核对比对: department data feeds, household economic verification reports, the monthly comparison, findings."""

    name = "minzheng.verification"
    file_categories = {"feed": "部门数据文件"}
    audit_actions = {
        "feed_load": "导入部门数据",
        "compare_run": "全量比对",
        "finding_create": "发现比对疑点",
        "finding_confirm": "疑点核实属实",
        "finding_dismiss": "排除比对疑点",
        "report_create": "生成核对报告",
        "feed_hold": "部门数据未替换（拒绝行过多）",
    }
    label = "verification"
    verbose_name = "核对比对"
    url_prefix = "verification/"
    api_router = "minzheng.verification.api.router"
    cli_commands = "minzheng.verification.commands"
    # Reports and findings are read from the township up; townships and counties handle findings; counties and
    # cities load feeds and run comparisons.
    permissions = {
        "verification.view": {T, C, CITY},
        "verification.request": {T, C},
        "findings.handle": {T, C},
        "verification.manage": {C, CITY},
    }
    nav_group = "社会救助"
    nav = [NavEntry("finding_list", "核实待办", "verification.view", order=40),
           NavEntry("compare_runs", "全量比对", "verification.manage", order=41)]
    household_chain = ["minzheng.verification.chain.SOURCE"]  # read by the registry (一户一条救助链)
    audit_objects = {"finding": AuditObject("比对疑点", "verification.Finding"),
                     "verification_report": AuditObject("核对报告", "verification.VerificationReport"),
                     "comparison_run": AuditObject("比对批次", "verification.ComparisonRun"),
                     "feed_snapshot": AuditObject("部门数据快照", "verification.FeedSnapshot")}
    inbox = ["minzheng.verification.inbox.FINDINGS"]
    jobs = ["minzheng.verification.feeds", "minzheng.verification.runs"]
    index_rekey = ["minzheng.verification.rekey.rewrite_lake"]  # `minzheng keys rotate --index` (core.keys_cli)
    case_panels = ["minzheng.verification.panels.REPORTS"]  # read by the benefits kernel
