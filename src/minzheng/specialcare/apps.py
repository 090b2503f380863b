from minzheng.core import app_registry, roles
from minzheng.core.app_registry import NavEntry
from minzheng.core.audit_display import AuditObject

V, T, C, CITY = roles.VILLAGE, roles.TOWNSHIP, roles.COUNTY, roles.CITY


class SpecialcareConfig(app_registry.MinzhengAppConfig):
    """优抚: the register of entitled persons (category code table, a disabled veteran's nature and grade, the ID
    check), the annual certification, 光荣院 residents, and the programs declared into the benefits kernel (抚恤金,
    定期生活补助 monthly; 义务兵家庭优待金 yearly, one-off) with standards by category and date; the annual adjustment
    back-paid by the kernel; the timely-payment rate; medical claims (一次性, kernel), the 三难 campaign (home
    tile), and the register exchange with 退役军人事务部门."""

    name = "minzheng.specialcare"
    label = "specialcare"
    verbose_name = "优抚"
    url_prefix = "specialcare/"
    api_router = "minzheng.specialcare.api.router"
    benefit_programs = "minzheng.specialcare.programs.PROGRAMS"
    permissions = {
        "specialcare.view": {V, T, C, CITY},
        "specialcare.manage": {T, C},
        "specialcare.export": {T, C, CITY},
    }
    nav_group = "社会事务"
    nav = [NavEntry("specialcare_list", "优抚对象", "specialcare.view", order=62),
           NavEntry("specialcare_hardships", "三难帮扶", "specialcare.view", order=63)]
    inbox = ["minzheng.specialcare.inbox.CERTIFICATION"]
    home_tiles = ["minzheng.specialcare.home.TILE"]
    jobs = ["minzheng.specialcare.jobs"]
    data_elements = ["minzheng.specialcare.elements.ELEMENTS"]
    audit_objects = {
        "specialcare_entitled": AuditObject("优抚对象", "specialcare.EntitledPerson"),
        "specialcare_certification": AuditObject("优抚对象年度确认", "specialcare.Certification"),
        "specialcare_resident": AuditObject("光荣院在院人员", "specialcare.GloryHomeResident"),
        "specialcare_adjustment": AuditObject("优抚标准年度调整"),
        "specialcare_medical": AuditObject("优抚对象医疗补助", "specialcare.MedicalClaim"),
        "specialcare_hardship": AuditObject("三难帮扶", "specialcare.HardshipCase"),
        "specialcare_help": AuditObject("三难帮扶措施", "specialcare.HardshipHelp"),
        "specialcare_exchange": AuditObject("退役军人事务部门数据交换", "specialcare.RegisterExchange"),
        "specialcare_difference": AuditObject("名册差异", "specialcare.RegisterDifference"),
    }
    demo_data = ["minzheng.specialcare.demo.seed"]
