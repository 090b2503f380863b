"""The special-care programs this app declares into the benefits kernel: 抚恤金 (残疾抚恤金 by nature and grade, 定期
抚恤金 of the three kinds of survivors), 定期生活补助 (在乡老复员军人、带病回乡退伍军人、参战参试退役人员) — both paid
monthly — 义务兵家庭优待金 (annual, one-off) and 优抚对象医疗补助 (one-off per claim: the share and the annual cap of
the category are standard items). The amounts are standard items by category (and grade), so an
annual adjustment is one new standard row each, back-paid by the kernel (services.adjust)."""

from __future__ import annotations

from decimal import Decimal

from minzheng.benefits.catalogue import Item, money_item
from minzheng.benefits.programs import MONTHLY, ONE_OFF, Program
from minzheng.benefits.workflow import ProgramParams
from minzheng.specialcare import codes, policy


def _register(program: str, person_ids: list[int], month):
    from minzheng.specialcare.selectors import register_facts_for  # models load only once Django is ready

    return register_facts_for(program, person_ids, month)


def _evaluator(program: str, categories: tuple[str, ...]):
    """The kernel calls (request, standards); the member's category and grade come from this app's register (the
    kernel's member facts carry only the fields the engine knows), then the pure rule decides."""

    def evaluate(req, stds):
        ids = [int(m.ref) for m in req.household.members if m.ref.isdigit()]
        return policy.evaluate(program, categories, req, stds, _register(program, ids, req.month) if ids else {})

    return evaluate


def _evaluate_medical(req, stds):
    from minzheng.specialcare.selectors import open_claims  # models load only once Django is ready

    ids = [int(m.ref) for m in req.household.members if m.ref.isdigit()]
    return policy.evaluate_medical(req, stds, open_claims(ids, req.month.year) if ids else {})


def _procedure(code: str, *rules: str, months: int | None = None, review: int | None = 12) -> ProgramParams:
    # 优抚: the township checks and the county (退役军人事务部门) confirms; no means test, no public notice.
    return ProgramParams(code, "person", investigation=False, verification=False, public_notice=False,
                         delegable=False, validity_months=months, review_months=review, rules=rules)


PENSION_ITEMS = (
    *(money_item("special_pension", f"disabled_{nature}_{grade}",
                 f"残疾抚恤金·{codes.NATURES[nature]}{codes.GRADES[str(grade)]}",
                 f"{codes.NATURES[nature]}致残、评定为{codes.GRADES[str(grade)]}的残疾军人每人每月（年标准÷12）",
                 optional=True)
      for nature in codes.NATURES for grade in range(1, 11)),
    money_item("special_pension", "martyr_family", "定期抚恤金·烈士遗属", "烈士遗属每人每月（年标准÷12）"),
    money_item("special_pension", "duty_death_family", "定期抚恤金·因公牺牲军人遗属", "每人每月（年标准÷12）"),
    money_item("special_pension", "illness_death_family", "定期抚恤金·病故军人遗属", "每人每月（年标准÷12）"),
)
SUBSIDY_ITEMS = tuple(money_item("special_subsidy", c, f"定期生活补助·{codes.CATEGORIES[c]}", "每人每月（年标准÷12）")
                      for c in codes.SUBSIDY_CATEGORIES)

MEDICAL_ITEMS = tuple(
    item
    for c in codes.MEDICAL_CATEGORIES
    for item in (
        Item("special_medical", policy.share_item(c), f"医疗补助比例·{codes.CATEGORIES[c]}", "ratio",
             f"{codes.CATEGORIES[c]}个人负担医疗费用的补助比例（0～1）", minimum_exclusive=True, maximum=Decimal(1)),
        Item("special_medical", policy.cap_item(c), f"医疗补助年度封顶·{codes.CATEGORIES[c]}", "money",
             f"{codes.CATEGORIES[c]}每人每年医疗补助最高金额（元）", minimum_exclusive=True,
             maximum=Decimal(1_000_000))))

PROGRAMS = [
    Program("special_pension", codes.PROGRAMS["special_pension"], "person", MONTHLY,
            _evaluator("special_pension", codes.PENSION_CATEGORIES), items=PENSION_ITEMS, importable=False,
            aliases=("伤残抚恤金", "定期抚恤金"),
            procedure=_procedure("special_pension", policy.RULES["disabled_veteran"], policy.RULES["martyr_family"])),
    Program("special_subsidy", codes.PROGRAMS["special_subsidy"], "person", MONTHLY,
            _evaluator("special_subsidy", codes.SUBSIDY_CATEGORIES), items=SUBSIDY_ITEMS, importable=False,
            aliases=("定期生活补助",), procedure=_procedure("special_subsidy", policy.RULES["demobilized_veteran"])),
    Program("conscript_allowance", codes.PROGRAMS["conscript_allowance"], "person", ONE_OFF,
            _evaluator("conscript_allowance", ("conscript_family",)), importable=False, aliases=("优待金",),
            items=(Item("conscript_allowance", "conscript_family", "义务兵家庭优待金（每年）", "money",
                        "义务兵服役期间，其家庭每年一次性发放（元/户/年，标准由省级规定）", minimum_exclusive=True),),
            procedure=_procedure("conscript_allowance", policy.RULES["conscript_family"], months=1, review=None)),
    Program("special_medical", codes.PROGRAMS["special_medical"], "person", ONE_OFF, _evaluate_medical,
            importable=False, aliases=("优抚医疗补助",), items=MEDICAL_ITEMS,
            procedure=_procedure("special_medical", policy.R_MEDICAL, months=1, review=None)),
]
