from minzheng.core import app_registry, roles
from minzheng.core.app_registry import NavEntry
from minzheng.core.audit_display import AuditObject

V, T, C, CITY = roles.VILLAGE, roles.TOWNSHIP, roles.COUNTY, roles.CITY


class VolunteersConfig(app_registry.MinzhengAppConfig):
    """志愿服务: real-name volunteers, organisations and stations, activities (insurance for risky ones), service
    hours recorded within 10 working days (later entries flagged), star levels, free certificates. Other apps may
    point a visit at a `volunteers.Volunteer` (selectors.volunteer_choices lists them)."""

    name = "minzheng.volunteers"
    label = "volunteers"
    verbose_name = "志愿服务"
    url_prefix = "volunteers/"
    api_router = "minzheng.volunteers.api.router"
    cli_commands = "minzheng.volunteers.commands"
    # Villages and townships register volunteers and record hours as the stations report them; counties too; the
    # city reads. Volunteers' data is personal data: no administrator role reads it.
    permissions = {"volunteers.view": {V, T, C, CITY}, "volunteers.record": {V, T, C}, "volunteers.rules": {C}}
    nav_group = "社会组织"
    nav = [NavEntry("volunteer_list", "志愿服务", "volunteers.view", order=60)]
    # The second seeder lives with the visits (children may import volunteers, not the reverse) and runs after ours.
    demo_data = ["minzheng.volunteers.demo.seed", "minzheng.children.demo_volunteers.seed"]
    audit_objects = {"volunteer": AuditObject("志愿者", "volunteers.Volunteer"),
                     "volunteer_record": AuditObject("志愿服务记录", "volunteers.ServiceRecord"),
                     "volunteer_activity": AuditObject("志愿服务活动", "volunteers.Activity"),
                     "volunteer_org": AuditObject("志愿服务组织", "volunteers.Organisation"),
                     "volunteer_station": AuditObject("志愿服务站点", "volunteers.Station"),
                     "volunteer_star_rule": AuditObject("志愿者星级标准", "volunteers.StarRule")}
