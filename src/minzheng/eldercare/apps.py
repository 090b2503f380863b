from minzheng.core import app_registry, roles
from minzheng.core.app_registry import NavEntry
from minzheng.core.audit_display import AuditObject

V, T, C, CITY = roles.VILLAGE, roles.TOWNSHIP, roles.COUNTY, roles.CITY


class EldercareConfig(app_registry.MinzhengAppConfig):
    """养老服务 (services side): 养老机构 (on assistance's institution register), grading, 双随机 inspections and the
    credit list; home and community care orders and their monthly settlement; 助餐 and 日间照料; family care beds;
    device alarms. The elderly register, the capability assessment and the subsidies are the `elderly` app's."""

    name = "minzheng.eldercare"
    audit_actions = {"escalate": "告警升级"}
    label = "eldercare"
    verbose_name = "养老服务"
    url_prefix = "eldercare/"
    api_router = "minzheng.eldercare.api.router"
    cli_commands = "minzheng.eldercare.commands"
    # Reading: all staff; export: township up. The county keeps the registers (institutions, providers, prices,
    # quotas, devices), grades, inspects and settles; township and county record residents, workers, meals and
    # attendance; whoever serves the elder (village, township, county) handles orders, beds and alarms.
    permissions = {
        "eldercare.view": {V, T, C, CITY},
        "eldercare.export": {T, C, CITY},
        "eldercare.manage": {C},
        "eldercare.record": {T, C},
        "eldercare.serve": {V, T, C},
    }
    nav_group = "养老服务"
    nav = [NavEntry("eldercare_institution_list", "养老机构", "eldercare.view", order=41),
           NavEntry("eldercare_order_list", "居家养老服务", "eldercare.view", order=42),
           NavEntry("eldercare_alarm_list", "告警处置", "eldercare.view", order=43),
           NavEntry("eldercare_indicators", "养老指标", "eldercare.view", order=44)]
    jobs = ["minzheng.eldercare.jobs"]
    data_elements = ["minzheng.eldercare.elements.ELEMENTS"]
    audit_objects = {
        "eldercare_profile": AuditObject("养老机构信息", "eldercare.InstitutionProfile"),
        "eldercare_resident": AuditObject("入住老人", "eldercare.Resident"),
        "eldercare_worker": AuditObject("护理员/工作人员", "eldercare.CareWorker"),
        "eldercare_grading": AuditObject("等级评定", "eldercare.Grading"),
        "eldercare_round": AuditObject("双随机检查任务", "eldercare.InspectionRound"),
        "eldercare_inspection": AuditObject("检查记录", "eldercare.Inspection"),
        "eldercare_provider": AuditObject("养老服务组织", "eldercare.Provider"),
        "eldercare_item": AuditObject("服务项目", "eldercare.ServiceItem"),
        "eldercare_quota": AuditObject("服务额度", "eldercare.Quota"),
        "eldercare_order": AuditObject("服务订单", "eldercare.Order"),
        "eldercare_settlement": AuditObject("服务结算", "eldercare.Settlement"),
        "eldercare_meal_point": AuditObject("助餐点", "eldercare.MealPoint"),
        "eldercare_meal": AuditObject("助餐记录", "eldercare.MealRecord"),
        "eldercare_day_center": AuditObject("日间照料中心", "eldercare.DayCenter"),
        "eldercare_attendance": AuditObject("日间照料签到", "eldercare.Attendance"),
        "eldercare_bed": AuditObject("家庭养老床位", "eldercare.FamilyBed"),
        "eldercare_device": AuditObject("智能设备", "eldercare.Device"),
        "eldercare_alarm": AuditObject("告警", "eldercare.Alarm"),
    }
    demo_data = ["minzheng.eldercare.demo.seed"]  # after the elderly app's (INSTALLED_APPS order): levels exist
