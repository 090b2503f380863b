from minzheng.core import app_registry
from minzheng.core.app_registry import NavEntry
from minzheng.core.audit_display import AuditObject


class BenefitsConfig(app_registry.MinzhengAppConfig):
    """The benefits kernel: programs (declared by the line-of-business apps), the standards catalogue, the case
    workflow engine, entitlements and periodic reviews."""

    name = "minzheng.benefits"
    file_categories = {"case_document": "申请材料"}
    audit_actions = {"hold_place": "自动暂停支付", "hold_release": "解除暂停支付"}
    label = "benefits"
    verbose_name = "待遇核心"
    url_prefix = "benefits/"
    api_router = "minzheng.benefits.api.router"
    cli_commands = "minzheng.benefits.commands"
    nav_group = "社会救助"
    nav = [
        NavEntry("case_list", "救助申请", "people.view", order=20),
        NavEntry("entitlement_list", "救助待遇", "people.view", order=25),
        NavEntry("standard_list", "救助标准", "people.view", order=50),
    ]
    household_chain = ["minzheng.benefits.chain.SOURCE"]  # read by the registry (一户一条救助链)
    data_elements = ["minzheng.benefits.elements.elements"]
    audit_objects = {"case": AuditObject("案件", "benefits.Case"),
                     "entitlement": AuditObject("救助待遇", "benefits.Entitlement"),
                     "standard": AuditObject("救助标准", "benefits.Standard"), "standard_file": AuditObject("标准文件"),
                     "case_document": AuditObject("案件材料", "benefits.CaseDocument"),
                     "delegation": AuditObject("审核确认委托", "benefits.Delegation"),
                     "conflict_register": AuditObject("近亲属备案"), "recipient_file": AuditObject("存量对象导入文件"),
                     "case_deadlines": AuditObject("办理时限")}
    inbox = ["minzheng.benefits.inbox.CASES", "minzheng.benefits.inbox.REVIEWS",
             "minzheng.benefits.inbox.PAYEE_DECEASED"]
