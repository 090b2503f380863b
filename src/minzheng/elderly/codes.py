"""Code tables of the elderly-care app (value → the Chinese label people read): assessment reasons and levels
(GB/T 42195-2022), living situations of the elderly register, how people live and are cared for, contacts, survival
checks (生存认证) of the 高龄津贴."""

from __future__ import annotations

from minzheng.elderly.policy.capability import LEVEL_NAMES

# GB/T 42195-2022 A.1 评估原因 (复评: after the elder or the family disputes the result).
REASONS = {
    "first": "首次评估",
    "regular": "常规评估",
    "immediate": "即时评估（状况发生变化）",
    "reassessment": "复评（对评估结果有异议）",
    "other": "其他",
}
LEVELS = {str(k): v for k, v in LEVEL_NAMES.items()}
LEVEL_SHORT = {"0": "能力完好", "1": "轻度失能", "2": "中度失能", "3": "重度失能", "4": "完全失能"}

# The elderly register's living situations (GET /api/v1/elderly/persons?situation=). Derived from the registry and the
# latest assessment where they can be; the others are stored facts (ElderlyProfile).
SITUATIONS = {
    "alone": "独居",
    "empty_nest": "空巢",
    "left_behind": "留守",
    "oldest_old": "高龄",
    "disabled": "失能",
    "dementia": "失智",
    "family_planning": "计划生育特殊家庭",
}
# How the elder lives, when the registry's household does not say it (blank: judged from the household).
LIVING = {
    "alone": "独自居住",
    "elderly_only": "仅与配偶或其他老年人同住",
    "with_family": "与子女或其他家人同住",
    "institution": "入住养老机构",
}
CARE_ARRANGEMENTS = {
    "home": "居家养老",
    "community": "社区养老（日间照料等）",
    "institution": "机构养老",
}
CONTACT_RELATIONS = {
    "spouse": "配偶",
    "child": "子女",
    "child_in_law": "子女配偶",
    "grandchild": "孙子女、外孙子女",
    "sibling": "兄弟姐妹",
    "relative": "其他亲属",
    "neighbour": "邻居",
    "village": "村（居）民委员会",
    "other": "其他",
}
# The age bands of the home tile and the register (whole years on the day counted).
AGE_BANDS = {"60-69": "60–69岁", "70-79": "70–79岁", "80-89": "80–89岁", "90-99": "90–99岁", "100+": "100岁及以上"}
SURVIVAL_METHODS = {"visit": "村(社区)工作人员上门核实", "feed": "部门数据比对（匹配）"}
YES_NO = {True: "是", False: "否"}
