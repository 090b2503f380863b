from minzheng.core import app_registry, roles
from minzheng.core.app_registry import NavEntry
from minzheng.core.audit_display import AuditObject

T, C, CITY = roles.TOWNSHIP, roles.COUNTY, roles.CITY


class HomelessConfig(app_registry.MinzhengAppConfig):
    """救助管理（流浪乞讨人员）: the rescue station's intakes, stays and costs, family search (寻亲) against the
    registry and missing-person reports, the 寻亲公告, escort home with the township's follow-up warning, long-stay
    settlement, and the return rate."""

    name = "minzheng.homeless"
    file_categories = {"rescue_photo": "受助人员照片"}
    audit_actions = {
        "homeless_notice": "发布寻亲公告",
        "homeless_match": "登记寻亲比对结果",
        "homeless_escort": "护送返乡交接",
        "homeless_settle": "落户安置",
    }
    label = "homeless"
    verbose_name = "救助管理"
    url_prefix = "homeless/"
    api_router = "minzheng.homeless.api.router"
    cli_commands = "minzheng.homeless.commands"
    # The station is a county body: it records; townships see the people found in their area and the escorts home.
    permissions = {"homeless.view": {T, C, CITY}, "homeless.change": {C}}
    nav_group = "社会事务"
    nav = [NavEntry("homeless_intake_list", "救助管理", "homeless.view", order=45)]
    home_tiles = ["minzheng.homeless.home.TILE"]
    inbox = ["minzheng.homeless.inbox.SEARCHES"]
    demo_data = ["minzheng.homeless.demo.seed"]
    data_elements = ["minzheng.homeless.elements.ELEMENTS"]
    audit_objects = {"homeless_intake": AuditObject("受助人员", "homeless.Intake"),
                     "homeless_expense": AuditObject("救助费用", "homeless.Expense"),
                     "homeless_property": AuditObject("代管物品", "homeless.PropertyItem"),
                     "homeless_missing": AuditObject("寻人登记", "homeless.MissingPerson"),
                     "homeless_rule": AuditObject("救助管理规则", "homeless.StationRule")}
