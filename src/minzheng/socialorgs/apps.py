from minzheng.core import app_registry, roles
from minzheng.core.app_registry import NavEntry
from minzheng.core.audit_display import AuditObject

T, C, CITY = roles.TOWNSHIP, roles.COUNTY, roles.CITY


class SocialOrgsConfig(app_registry.MinzhengAppConfig):
    """社会组织: the register of 社会团体, 社会服务机构 and 基金会 with registration, change and deregistration;
    annual reports reviewed by the supervisor then the registry (基金会 spending checked); evaluation (民政部令第39号)
    with appeal and sanctions; the abnormal list and the blacklist; 双随机 inspections; per-10,000 indicator."""

    name = "minzheng.socialorgs"
    audit_actions = {
        "report_review": "审查年度工作报告",
        "appeal": "申请复核",
        "appeal_decide": "复核结论",
        "sanction": "降低或取消评估等级",
        "list_add": "列入名录名单",
        "list_remove": "移出名录名单",
        "list_promote": "活动异常名录满2年转入严重违法失信名单",
        "rules_load_socialorgs": "导入社会组织规则",
        "application_review": "审查登记申请",
        "application_decide": "作出登记决定",
    }
    label = "socialorgs"
    verbose_name = "社会组织"
    url_prefix = "socialorgs/"
    api_router = "minzheng.socialorgs.api.router"
    cli_commands = "minzheng.socialorgs.commands"
    # The registry (登记管理机关) is the county bureau; township and county staff enter reports for organisations
    # and the 业务主管单位's first review (a 街道 is the supervisor of community organisations); the city reads.
    permissions = {
        "socialorgs.view": {T, C, CITY},
        "socialorgs.export": {T, C, CITY},
        "socialorgs.manage": {C},
        "socialorgs.file": {T, C},
        "socialorgs.supervise": {T, C},
    }
    nav_group = "社会组织"
    nav = [NavEntry("socialorgs_org_list", "社会组织", "socialorgs.view", order=60),
           NavEntry("socialorgs_report_list", "年度工作报告", "socialorgs.view", order=61),
           NavEntry("socialorgs_evaluation_list", "社会组织评估", "socialorgs.view", order=62)]
    data_elements = ["minzheng.socialorgs.elements.ELEMENTS"]
    audit_objects = {
        "socialorg": AuditObject("社会组织", "socialorgs.SocialOrg"),
        "socialorg_application": AuditObject("登记申请", "socialorgs.Application"),
        "socialorg_report": AuditObject("年度工作报告", "socialorgs.AnnualReport"),
        "socialorg_evaluation": AuditObject("社会组织评估", "socialorgs.Evaluation"),
        "socialorg_list": AuditObject("名录名单", "socialorgs.ListEntry"),
        "socialorg_round": AuditObject("双随机抽查任务", "socialorgs.InspectionRound"),
        "socialorg_inspection": AuditObject("抽查记录", "socialorgs.Inspection"),
        "socialorg_rule": AuditObject("社会组织规则", "socialorgs.Rule"),
    }
    demo_data = ["minzheng.socialorgs.demo.seed"]
    jobs = ["minzheng.socialorgs.jobs"]  # socialorgs_blacklist (daily)
    inbox = ["minzheng.socialorgs.inbox.REPORTS", "minzheng.socialorgs.inbox.APPLICATIONS"]
