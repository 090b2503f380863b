"""Code tables of verification (value -> Chinese label), shared by models, pages, exports and the API: finding
states and outcomes, report conclusions, comparison rules, feed kinds and the codes feeds carry."""

from __future__ import annotations

from minzheng.verification import comparison_rules, kinds

FINDING_STATUS = {"open": "待核实", "confirmed": "已核实属实", "dismissed": "已排除"}
FINDING_OUTCOMES = {"death": "确认死亡（登记死亡日期，次月起停发或3个月内复核）", "suspend": "暂停发放", "stop": "停发",
                    "decrease": "减发"}
FACT_OUTCOMES = {"death": "death"}  # outcome → the only rule it answers (a recorded fact, not a decision)
CONCLUSIONS = {"eligible": "符合", "ineligible": "不符合", "check": "需核实"}

RULES = {r.code: r.label for r in comparison_rules.RULES.values()}
RULE_BASIS = {r.code: r.basis for r in comparison_rules.RULES.values()}

FEED_KINDS = {k.code: k.label for k in kinds.KINDS.values()}
FEED_MODES = {"events": "累计：每次导入的数据都计入", "state": "全量：以最新一次导入替代以前的数据"}
COLUMN_TYPES = {"id": "身份证号（18 位）", "text": "文本（最多 200 字）", "date": "日期 YYYY-MM-DD",
                "month": "月份 YYYY-MM", "money": "金额（元，最多两位小数）", "number": "数值（最多两位小数）",
                "int": "年度（四位数字）", "region": "区划代码", "choice": "可选值"}


def _labels(choices) -> dict[str, str]:
    """A feed column's choices (code, accepted inputs) as code -> its Chinese name (the second accepted input)."""
    return {code: accepted[1] if len(accepted) > 1 else code for code, accepted in choices}


USAGE = _labels(kinds.USAGE)
BUSINESS_ROLE = _labels(kinds.BUSINESS_ROLE)
BUSINESS_STATUS = _labels(kinds.BUSINESS_STATUS)
MOVE_EVENT = _labels(kinds.MOVE_EVENT)
SCHOOL_LEVEL = _labels(kinds.SCHOOL_LEVEL)
DISABILITY_CATEGORY = _labels(kinds.DISABILITY_CATEGORY)
GRADE = _labels(kinds.GRADE)

# The standards a verification report compared with (report.build: `limits`), in the report's order.
LIMITS = {"line_year": "低保标准（元/人/年）", "fin_months": "金融资产限额（低保标准的月数）",
          "vehicle_value_limit": "车辆价值限额（元）", "vehicle_count_limit": "车辆数量限额（辆）",
          "housing_units_limit": "住房套数限额（套）", "business_capital_limit": "市场主体注册资本限额（元）",
          "orphan_cutoff": "孤儿基本生活费年龄界限（此日期及以后出生）",
          "unsupported_cutoff": "事实无人抚养儿童年龄界限（此日期及以后出生）"}
