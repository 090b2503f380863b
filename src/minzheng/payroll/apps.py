from minzheng.core import app_registry, roles
from minzheng.core.app_registry import NavEntry
from minzheng.core.audit_display import AuditObject

T, C, CITY = roles.TOWNSHIP, roles.COUNTY, roles.CITY


class PayrollConfig(app_registry.MinzhengAppConfig):
    """资金发放: monthly payrolls, bank files and returns, recoveries, funds statistics."""

    name = "minzheng.payroll"
    file_categories = {"bank_return": "银行回盘文件"}
    audit_actions = {"generate": "生成发放名册", "repay": "登记退回多发资金"}
    label = "payroll"
    verbose_name = "资金发放"
    url_prefix = "payroll/"
    api_router = "minzheng.payroll.api.router"
    cli_commands = "minzheng.payroll.commands"
    # The township generates and checks its roll; the county generates, approves (locks), exports the bank file
    # and reconciles; the city reads. Villages see no payrolls.
    permissions = {
        "payroll.view": {T, C, CITY},
        "payroll.generate": {T, C},
        "payroll.check": {T},
        "payroll.approve": {C},
        "payroll.export": {C},
        "payroll.reconcile": {C},
    }
    nav_group = "社会救助"
    nav = [NavEntry("payroll_list", "资金发放", "payroll.view", order=60),
           NavEntry("funds_stats", "发放统计", "payroll.view", order=61)]
    household_chain = ["minzheng.payroll.chain.SOURCE"]  # read by the registry (一户一条救助链)
    data_elements = ["minzheng.payroll.elements.elements"]
    audit_objects = {"payroll": AuditObject("发放名册", "payroll.Payroll"),
                     "recovery": AuditObject("追回", "payroll.Recovery"),
                     "funds_stats": AuditObject("资金发放统计")}
    inbox = ["minzheng.payroll.inbox.PAYROLLS"]
    home_tiles = ["minzheng.payroll.home.FUNDS_TILE"]
    jobs = ["minzheng.payroll.services.generate"]
