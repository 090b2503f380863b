from minzheng.core import app_registry, roles
from minzheng.core.app_registry import NavEntry
from minzheng.core.audit_display import AuditObject

T, C, CITY = roles.TOWNSHIP, roles.COUNTY, roles.CITY


class LotteryConfig(app_registry.MinzhengAppConfig):
    """福彩公益金: the fund's receipts by year, the projects it funds (area, amount, implementer, progress,
    acceptance), the elderly-care share checked against the minimum (≥ 55 %, data) and the disclosure table."""

    name = "minzheng.lottery"
    label = "lottery"
    verbose_name = "福彩公益金"
    url_prefix = "lottery/"
    api_router = "minzheng.lottery.api.router"
    permissions = {"lottery.view": {T, C, CITY}, "lottery.manage": {C, CITY}, "lottery.export": {C, CITY}}
    nav_group = "社会事务"
    nav = [NavEntry("lottery_project_list", "福彩公益金", "lottery.view", order=63)]
    data_elements = ["minzheng.lottery.elements.ELEMENTS"]
    audit_objects = {"lottery_receipt": AuditObject("福彩公益金收入", "lottery.FundReceipt"),
                     "lottery_project": AuditObject("福彩公益金资助项目", "lottery.Project")}
    demo_data = ["minzheng.lottery.demo.seed"]
