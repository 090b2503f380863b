from minzheng.core import app_registry, roles
from minzheng.core.app_registry import NavEntry
from minzheng.core.audit_display import AuditObject

V, T, C, CITY = roles.VILLAGE, roles.TOWNSHIP, roles.COUNTY, roles.CITY


class ChildrenConfig(app_registry.MinzhengAppConfig):
    """儿童福利和未成年人保护: the child register (孤儿、事实无人抚养、留守、困境 with tiers as data), visits by plans
    as data, minors-protection cases from 强制报告 to closure (restricted cases for named officers only) and the
    未保中心's stays; the allowances 孤儿基本生活费 and 事实无人抚养儿童基本生活补贴 declared into the benefits kernel.

    Minors protection lives here (models/minors.py, selectors/minors.py, services/minors.py, views/minors.py)
    rather than in an app of its own: it works on the same children, by the same 儿童主任 and 儿童督导员, and the
    child's page shows both; a separate app would import this one anyway."""

    name = "minzheng.children"
    audit_actions = {
        "category_change": "儿童类别变更",
        "minors_report": "接报强制报告",
        "minors_step": "办理未成年人保护个案",
        "minors_restrict": "设置个案访问范围",
    }
    label = "children"
    verbose_name = "儿童福利"
    benefit_programs = "minzheng.children.programs.PROGRAMS"
    url_prefix = "children/"
    api_router = "minzheng.children.api.router"
    cli_commands = "minzheng.children.commands"
    # The register and visits: 儿童主任 (village), 儿童督导员 (township), the county. Policy data (tiers, plans,
    # time limits): the county. Minors cases: reported by village, township or county; read by the staff of the
    # region (restricted cases: named officers only); handled by the township and the county.
    permissions = {"children.change": {V, T, C}, "children.visit": {V, T, C}, "children.manage": {T, C},
                   "children.policy": {C}, "minors.view": {V, T, C, CITY}, "minors.report": {V, T, C},
                   "minors.handle": {T, C}}
    nav_group = "儿童和残疾人"
    nav = [NavEntry("children_list", "儿童", "people.view", order=29),
           NavEntry("minors_case_list", "未成年人保护", "minors.view", order=30)]
    inbox = ["minzheng.children.inbox.VISITS", "minzheng.children.inbox.CASES"]
    home_tiles = ["minzheng.children.home.TILE"]
    demo_data = ["minzheng.children.demo.seed"]
    audit_objects = {"child": AuditObject("儿童", "children.Child"),
                     "child_guardian": AuditObject("儿童监护人和联系人", "children.Guardian"),
                     "child_worker": AuditObject("儿童福利工作人员", "children.Worker"),
                     "child_visit": AuditObject("儿童走访记录", "children.Visit"),
                     "child_tier": AuditObject("儿童分级", "children.Tier"),
                     "child_visit_plan": AuditObject("儿童走访计划", "children.VisitPlan"),
                     "minors_time_limit": AuditObject("未成年人保护办理时限", "children.TimeLimit"),
                     "minors_case": AuditObject("未成年人保护个案", "children.ProtectionCase")}
