from minzheng.core import app_registry, roles
from minzheng.core.app_registry import NavEntry
from minzheng.core.audit_display import AuditObject

V, T, C, CITY = roles.VILLAGE, roles.TOWNSHIP, roles.COUNTY, roles.CITY


class SocialWorkConfig(app_registry.MinzhengAppConfig):
    """社会工作: social workers with their certificates, employers, township social-work stations (社工站, "六有"),
    post grades and pay bands as data, training hours, resident population figures and the certified-social-workers
    per 10,000 residents indicator."""

    name = "minzheng.socialwork"
    label = "socialwork"
    verbose_name = "社会工作"
    url_prefix = "socialwork/"
    api_router = "minzheng.socialwork.api.router"
    cli_commands = "minzheng.socialwork.commands"
    permissions = {"socialwork.view": {T, C, CITY}, "socialwork.manage": {T, C}}
    nav_group = "社会组织"
    nav = [NavEntry("socialworker_list", "社会工作", "socialwork.view", order=62)]
    demo_data = ["minzheng.socialwork.demo.seed"]
    data_elements = ["minzheng.socialwork.elements.ELEMENTS"]
    audit_objects = {"social_worker": AuditObject("社会工作者", "socialwork.SocialWorker"),
                     "sw_employer": AuditObject("社会工作用人单位", "socialwork.Employer"),
                     "sw_station": AuditObject("乡镇（街道）社工站", "socialwork.Station"),
                     "sw_training": AuditObject("社会工作者培训", "socialwork.Training"),
                     "sw_post_grade": AuditObject("社会工作岗位等级", "socialwork.PostGrade"),
                     "sw_population": AuditObject("常住人口", "socialwork.Population")}
