from minzheng.core import app_registry, roles
from minzheng.core.app_registry import NavEntry
from minzheng.core.audit_display import AuditObject

V, T, C, CITY = roles.VILLAGE, roles.TOWNSHIP, roles.COUNTY, roles.CITY


class MonitoringConfig(app_registry.MinzhengAppConfig):
    """低收入人口动态监测预警: the monitored population, signal rules, warnings, proactive discovery, routine visits."""

    name = "minzheng.monitoring"
    file_categories = {"visit_photo": "走访照片"}
    audit_actions = {
        "monitor_sync": "同步监测对象",
        "monitor_add": "新增其他困难人员",
        "monitor_remove": "移出监测对象",
        "monitor_run": "监测预警运行",
        "plans_load": "导入走访计划",
        "warning_create": "生成预警",
        "warning_assist": "预警转救助申请",
        "warning_refer": "预警转介",
        "warning_dismiss": "排除预警",
        "referral_answer": "登记转介答复",
        "discovery_create": "主动发现",
        "visit_record": "登记走访",
    }
    label = "monitoring"
    verbose_name = "动态监测"
    url_prefix = "monitoring/"
    api_router = "minzheng.monitoring.api.router"
    cli_commands = "minzheng.monitoring.commands"
    # Villages see their people and record visits; townships handle warnings and add 其他困难人员; counties set the
    # rules (thresholds have no national values) and run the monitoring.
    permissions = {
        "monitoring.view": {V, T, C, CITY},
        "monitoring.add": {T},
        "warnings.handle": {T, C},
        "visits.record": {V, T},
        "monitoring.rules": {C},
        "monitoring.run": {C, CITY},
    }
    nav_group = "社会救助"
    nav = [NavEntry("warning_list", "监测预警", "monitoring.view", order=45),
           NavEntry("monitored_list", "监测对象", "monitoring.view", order=46)]
    household_chain = ["minzheng.monitoring.chain.SOURCE"]
    jobs = ["minzheng.monitoring.runs"]
    inbox = ["minzheng.monitoring.inbox.WARNINGS", "minzheng.monitoring.inbox.DISCOVERIES"]
    home_tiles = ["minzheng.monitoring.home.VISITS_TILE"]
    data_elements = ["minzheng.monitoring.elements.ELEMENTS"]
    audit_objects = {"monitored_person": AuditObject("监测对象", "monitoring.MonitoredPerson"),
                     "signal_rule": AuditObject("预警规则", "monitoring.SignalRule"),
                     "monitor_run": AuditObject("监测批次", "monitoring.MonitorRun"),
                     "warning": AuditObject("预警", "monitoring.Warning"),
                     "referral": AuditObject("转介", "monitoring.Referral"),
                     "discovery": AuditObject("主动发现", "monitoring.Discovery"),
                     "visit": AuditObject("走访记录", "monitoring.Visit"),
                     "visit_plan": AuditObject("走访计划", "monitoring.VisitPlan")}
