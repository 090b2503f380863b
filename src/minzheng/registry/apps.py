from minzheng.core import app_registry
from minzheng.core.app_registry import NavEntry
from minzheng.core.audit_display import AuditObject


class RegistryConfig(app_registry.MinzhengAppConfig):
    """民政对象统一库: persons and households, imports and exports, duplicate detection."""

    name = "minzheng.registry"
    label = "registry"
    verbose_name = "民政对象统一库"
    url_prefix = "registry/"
    api_router = "minzheng.registry.api.router"
    cli_commands = "minzheng.registry.commands"
    data_elements = ["minzheng.registry.elements.ELEMENTS"]
    audit_objects = {"person": AuditObject("人员", "registry.Person"),
                     "household": AuditObject("家庭", "registry.Household"),
                     "membership": AuditObject("家庭成员关系", "registry.Membership"),
                     "duplicate_candidate": AuditObject("疑似重复人员", "registry.DuplicateCandidate"),
                     "household_file": AuditObject("家庭成员导入文件")}
    nav = [
        NavEntry("person_list", "人员", "people.view", order=30),
        NavEntry("household_list", "家庭", "people.view", order=31),
        NavEntry("duplicate_list", "疑似重复", "people.view", order=32),
    ]
    home_tiles = ["minzheng.registry.home.TILE"]
    jobs = ["minzheng.registry.imports"]
