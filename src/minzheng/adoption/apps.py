from minzheng.core import app_registry, roles
from minzheng.core.app_registry import NavEntry
from minzheng.core.audit_display import AuditObject

T, C, CITY = roles.TOWNSHIP, roles.COUNTY, roles.CITY


class AdoptionConfig(app_registry.MinzhengAppConfig):
    """收养登记 (民法典第1093条起): adopter conditions declared and checked, 收养评估, registration and certificate,
    dissolution; the child is a registry person. See docs/adoption.md."""

    name = "minzheng.adoption"
    audit_actions = {"dissolve": "解除收养关系"}
    label = "adoption"
    verbose_name = "收养登记"
    url_prefix = "adoption/"
    api_router = "minzheng.adoption.api.router"
    # Adoption is registered by the 民政部门 at county level or above (民法典第1105条): the county registers, the
    # township reads (it prepares the paperwork for its people), the city supervises.
    permissions = {"adoption.view": {T, C, CITY}, "adoption.register": {C}, "adoption.export": {C, CITY}}
    nav_group = "社会事务"
    nav = [NavEntry("adoption_list", "收养登记", "adoption.view", order=42)]
    demo_data = ["minzheng.adoption.demo.seed"]
    audit_objects = {"adoption": AuditObject("收养登记", "adoption.Adoption")}
