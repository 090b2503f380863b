from minzheng.core import app_registry, roles
from minzheng.core.app_registry import NavEntry
from minzheng.core.audit_display import AuditObject

T, C, CITY = roles.TOWNSHIP, roles.COUNTY, roles.CITY


class MarriageConfig(app_registry.MinzhengAppConfig):
    """婚姻登记: registries and appointments (capacity as data), 结婚/离婚/补领 under 国务院令第804号 (全国通办),
    refusals, certificate numbers, 撤销, the divorce cooling-off (民法典第1077条) with reminders and the daily sweep,
    婚姻家庭辅导, statistics. See docs/marriage.md."""

    name = "minzheng.marriage"
    audit_actions = {
        "divorce_apply": "受理离婚登记申请",
        "divorce_withdraw": "撤回离婚登记申请",
        "divorce_lapse": "离婚申请视为撤回",
    }
    label = "marriage"
    verbose_name = "婚姻登记"
    url_prefix = "marriage/"
    api_router = "minzheng.marriage.api.router"
    cli_commands = "minzheng.marriage.commands"
    # Registration is done by the county 民政 (or a 乡镇 the province designates); the city supervises (reads and
    # exports). Village clerks do not handle marriage records. Registries and slot capacities: the county.
    permissions = {"marriage.view": {T, C, CITY}, "marriage.register": {T, C}, "marriage.export": {T, C, CITY},
                   "marriage.manage": {C}}
    nav_group = "社会事务"
    nav = [NavEntry("marriage_registration_list", "婚姻登记", "marriage.view", order=40),
           NavEntry("marriage_divorce_list", "离婚冷静期", "marriage.view", order=41)]
    inbox = ["minzheng.marriage.inbox.DIVORCES_DUE"]
    home_tiles = ["minzheng.marriage.home.TILE"]
    demo_data = ["minzheng.marriage.demo.seed"]
    index_rekey = ["minzheng.marriage.models.rebuild_spouses"]  # Spouse copies the registrations' blind indexes
    audit_objects = {"marriage_registry": AuditObject("婚姻登记机关", "marriage.Registry"),
                     "marriage_registration": AuditObject("婚姻登记", "marriage.Registration"),
                     "marriage_refusal": AuditObject("不予登记记录", "marriage.Refusal"),
                     "divorce_application": AuditObject("离婚登记申请", "marriage.DivorceApplication"),
                     "marriage_appointment": AuditObject("婚姻登记预约", "marriage.Appointment"),
                     "marriage_counselling": AuditObject("婚姻家庭辅导", "marriage.Counselling"),
                     "marriage_counselling_session": AuditObject("辅导记录", "marriage.CounsellingSession")}
