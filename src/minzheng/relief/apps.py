from minzheng.core import app_registry, roles
from minzheng.core.app_registry import NavEntry
from minzheng.core.audit_display import AuditObject

V, T, C, CITY = roles.VILLAGE, roles.TOWNSHIP, roles.COUNTY, roles.CITY


class ReliefConfig(app_registry.MinzhengAppConfig):
    """受灾人员救助 and 救灾物资储备: disaster events, damage reports by village (初报/续报/核报 with deadlines as
    data), affected households handed over to monitoring, the relief programs declared into the benefits kernel (paid
    by the payroll's one-off and monthly paths), and the material reserve with a ledger that never goes
    negative."""

    name = "minzheng.relief"
    label = "relief"
    verbose_name = "受灾人员救助"
    url_prefix = "relief/"
    api_router = "minzheng.relief.api.router"
    cli_commands = "minzheng.relief.commands"
    benefit_programs = "minzheng.relief.programs.PROGRAMS"
    # Reading: all staff. Damage reports and affected households: the 灾害信息员 at the village, the township, the
    # county. Events: the county (and the city). The reserve: the township's and the county's keepers.
    permissions = {
        "relief.view": {V, T, C, CITY},
        "relief.report": {V, T, C},
        "relief.manage": {C, CITY},
        "relief.store": {T, C},
        "relief.export": {T, C, CITY},
    }
    nav_group = "社会救助"
    nav = [NavEntry("relief_event_list", "灾害与救助", "relief.view", order=60),
           NavEntry("relief_stock_list", "救灾物资", "relief.view", order=61),
           NavEntry("relief_shelter_list", "避难场所与信息员", "relief.view", order=62)]
    inbox = ["minzheng.relief.inbox.UNSIGNED"]
    jobs = ["minzheng.relief.jobs"]
    data_elements = ["minzheng.relief.elements.ELEMENTS"]
    audit_objects = {
        "relief_event": AuditObject("灾害事件", "relief.DisasterEvent"),
        "relief_report": AuditObject("灾情报告", "relief.DamageReport"),
        "relief_household": AuditObject("受灾家庭", "relief.AffectedHousehold"),
        "relief_case": AuditObject("受灾救助申请", "relief.ReliefCase"),
        "relief_warehouse": AuditObject("救灾物资储备库", "relief.Warehouse"),
        "relief_movement": AuditObject("物资台账", "relief.Movement"),
        "relief_stocktake": AuditObject("库存盘点", "relief.Stocktake"),
        "relief_stock": AuditObject("库存", "relief.Stock"),
        "relief_report_rule": AuditObject("报灾时限", "relief.ReportRule"),
        "relief_report_rules": AuditObject("报灾时限文件"),
        "relief_officer": AuditObject("灾害信息员", "relief.InformationOfficer"),
        "relief_shelter": AuditObject("应急避难场所", "relief.Shelter"),
        "relief_shelter_opening": AuditObject("避难场所启用", "relief.ShelterOpening"),
        "relief_exchange": AuditObject("应急管理数据交换", "relief.Exchange"),
    }
    demo_data = ["minzheng.relief.demo.seed"]
