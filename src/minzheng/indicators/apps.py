from minzheng.core import app_registry, roles
from minzheng.core.app_registry import NavEntry
from minzheng.core.audit_display import AuditObject

V, T, C, CITY = roles.VILLAGE, roles.TOWNSHIP, roles.COUNTY, roles.CITY


class IndicatorsConfig(app_registry.MinzhengAppConfig):
    """规划指标: every plan indicator as data, computed live from the data elements the apps declare, tracked
    against its targets; values entered by hand (with evidence and approval) where no app holds the facts."""

    name = "minzheng.indicators"
    file_categories = {"indicator_evidence": "指标佐证材料"}
    audit_actions = {
        "indicators_compute": "计算规划指标",
        "manual_approve": "审核通过填报值",
        "manual_reject": "退回填报值",
    }
    label = "indicators"
    verbose_name = "规划指标"
    url_prefix = "indicators/"
    api_router = "minzheng.indicators.api.router"
    cli_commands = "minzheng.indicators.commands"
    # Aggregates, no one's personal data: every staff level reads them; townships and up enter manual values, the
    # county and city approve them, compute and set the definitions.
    permissions = {
        "indicators.view": {V, T, C, CITY},
        "indicators.enter": {T, C, CITY},
        "indicators.approve": {C, CITY},
        "indicators.compute": {C, CITY},
        "indicators.define": {C, CITY},
        "indicators.report": {C, CITY},
    }
    nav_group = "统计分析"
    nav = [NavEntry("indicator_board", "规划指标", "indicators.view", order=80),
           NavEntry("indicator_funds", "资金和对象看板", "indicators.view", order=81)]
    demo_data = ["minzheng.indicators.demo.seed"]
    audit_objects = {"indicator": AuditObject("规划指标", "indicators.Indicator"),
                     "indicator_value": AuditObject("指标值", "indicators.IndicatorValue"),
                     "manual_value": AuditObject("人工填报指标值", "indicators.ManualValue"),
                     "stat_return": AuditObject("统计报表", "indicators.StatReturn")}
