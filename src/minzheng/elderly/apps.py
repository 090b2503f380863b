from minzheng.core import app_registry, roles
from minzheng.core.app_registry import NavEntry
from minzheng.core.audit_display import AuditObject

V, T, C = roles.VILLAGE, roles.TOWNSHIP, roles.COUNTY


class ElderlyConfig(app_registry.MinzhengAppConfig):
    """养老服务: the elderly register, GB/T 42195-2022 capability assessments, the 高龄津贴 survival check, and the
    programs declared into the benefits kernel (高龄津贴, 护理补贴, 养老服务补贴); indicators by region."""

    name = "minzheng.elderly"
    label = "elderly"
    verbose_name = "养老服务"
    benefit_programs = "minzheng.elderly.programs.PROGRAMS"
    url_prefix = "elderly/"
    api_router = "minzheng.elderly.api.router"
    cli_commands = "minzheng.elderly.commands"
    # Assessment results are recorded by the staff who receive the assessors' forms (village, township, county);
    # survival checks by whoever sees the elder or loads a matched feed. Reading is people.view, export
    # people.export, the register's stored facts and contacts people.change (the platform's own).
    permissions = {"elderly.assess": {V, T, C}, "elderly.survival": {V, T, C}}
    nav_group = "养老服务"
    nav = [NavEntry("elderly_list", "老年人", "people.view", order=27),
           NavEntry("elderly_assessment_list", "能力评估", "people.view", order=28)]
    inbox = ["minzheng.elderly.inbox.REASSESSMENTS", "minzheng.elderly.inbox.DISPUTES",
             "minzheng.elderly.inbox.SURVIVAL"]
    home_tiles = ["minzheng.elderly.home.TILE"]
    audit_objects = {"elderly_assessment": AuditObject("老年人能力评估", "elderly.Assessment"),
                     "elderly_profile": AuditObject("老年人情况", "elderly.ElderlyProfile"),
                     "elderly_contact": AuditObject("老年人联系人", "elderly.Contact"),
                     "survival_check": AuditObject("生存认证", "elderly.SurvivalCheck")}
    demo_data = ["minzheng.elderly.demo.seed"]
