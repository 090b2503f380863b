from minzheng.core import app_registry, roles
from minzheng.core.app_registry import NavEntry
from minzheng.core.audit_display import AuditObject

V, T, C, CITY = roles.VILLAGE, roles.TOWNSHIP, roles.COUNTY, roles.CITY


class FuneralConfig(app_registry.MinzhengAppConfig):
    """殡葬管理: death registration and 身后一件事 (one application: entitlements stopped through the kernel, registry
    updated, pension notified, funeral subsidy paid, the family's remaining steps), 惠民殡葬 waivers by item (rules as
    data by region and date), funeral homes and cremations, cemeteries and columbaria (plots, holders, fees, renewals,
    transfers), eco-burial with its reward, 清明 tomb-sweeping booking with QR check-in, and the indicators."""

    name = "minzheng.funeral"
    audit_actions = {
        "death_complete": "身后一件事办结",
        "waiver_grant": "核定惠民殡葬减免",
        "checkin": "入园核验",
    }
    label = "funeral"
    verbose_name = "殡葬管理"
    benefit_programs = "minzheng.funeral.programs.PROGRAMS"
    url_prefix = "funeral/"
    api_router = "minzheng.funeral.api.router"
    cli_commands = "minzheng.funeral.commands"
    # Deaths are registered at the township's service hall (便民服务中心: it also applies for the kernel's one-off
    # payments, which only a township may do); the county keeps the waiver rules, funeral homes, cemeteries, slots
    # and settlements; township and county staff book for callers and check visitors in.
    permissions = {"funeral.view": {T, C, CITY}, "funeral.register": {T}, "funeral.manage": {C},
                   "funeral.export": {T, C, CITY}, "funeral.book": {T, C}, "funeral.checkin": {T, C}}
    nav_group = "社会事务"
    nav = [NavEntry("funeral_death_list", "身后一件事", "funeral.view", order=60),
           NavEntry("funeral_cemetery_list", "公墓", "funeral.view", order=61),
           NavEntry("funeral_booking_list", "清明祭扫预约", "funeral.view", order=62),
           NavEntry("funeral_indicators", "殡葬指标", "funeral.view", order=63)]
    home_tiles = ["minzheng.funeral.home.TILE"]
    demo_data = ["minzheng.funeral.demo.seed"]
    data_elements = ["minzheng.funeral.elements.ELEMENTS"]
    audit_objects = {"death_registration": AuditObject("死亡登记（身后一件事）", "funeral.DeathRegistration"),
                     "funeral_waiver": AuditObject("惠民殡葬减免", "funeral.Waiver"),
                     "waiver_scheme": AuditObject("惠民殡葬减免标准", "funeral.WaiverScheme"),
                     "funeral_home": AuditObject("殡仪馆", "funeral.FuneralHome"),
                     "cremation": AuditObject("火化记录", "funeral.CremationRecord"),
                     "funeral_settlement": AuditObject("殡仪馆减免结算", "funeral.Settlement"),
                     "cemetery": AuditObject("公墓", "funeral.Cemetery"),
                     "plot": AuditObject("墓穴（格位）", "funeral.Plot"),
                     "eco_burial": AuditObject("生态安葬", "funeral.EcoBurial"),
                     "sweep_slot": AuditObject("祭扫时段", "funeral.SweepSlot"),
                     "sweep_booking": AuditObject("祭扫预约", "funeral.SweepBooking")}
