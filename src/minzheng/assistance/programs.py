"""The social-assistance programs (社会救助) this app declares into the benefits kernel: 低保, 低保边缘, 特困,
刚性支出困难家庭 and 临时救助 — their procedures (benefits.workflow.ProgramParams), the standard items they read
(benefits.catalogue.Item), their pure policy functions (assistance.policy) and how they are paid."""

from __future__ import annotations

from decimal import Decimal

from minzheng.assistance.policy.household import (
    evaluate_dibao,
    evaluate_dibao_edge,
    evaluate_rigid_expense,
    evaluate_temporary,
)
from minzheng.assistance.policy.tekun import evaluate_tekun
from minzheng.benefits.catalogue import Item, money_item
from minzheng.benefits.programs import MONTHLY, NOT_PAID, ONE_OFF, Program
from minzheng.benefits.workflow import R43, R57, R83, ProgramParams

R649 = "《社会救助暂行办法》"
RIGID = "《刚性支出困难家庭认定办法》"
_NO_LABOUR = f"{R43}第五条"
CENTRALISED = {"dispersed": "分散供养", "centralised": "集中供养"}
# The comparison rules (verification.comparison_rules) that test income and assets against the standards.
MEANS_RULES = ("income_above_line", "vehicle", "property", "business", "public_employee", "deposit")

DIBAO_ITEMS = (
    money_item("dibao", "standard", "低保标准",
               "最低生活保障标准，按人按月；补差与各项倍数的基数（民发〔2021〕57号 第二十三条）",
               minimum_exclusive=True),
    Item("dibao", "edge_multiplier", "低保边缘认定倍数", "multiplier",
         "人均收入低于 该倍数 × 低保标准 的非低保家庭为低保边缘家庭；单人户也以此为界",
         minimum=Decimal(1), default=Decimal("1.5"), default_rule="民发〔2021〕57号 第八条：低于1.5倍"),
    money_item("dibao", "topup_elderly", "分类施保·老年人",
               "低保家庭中老年人每人每月增发（民发〔2021〕57号 第二十七条）"),
    money_item("dibao", "topup_minor", "分类施保·未成年人", "低保家庭中未成年人每人每月增发"),
    money_item("dibao", "topup_severe_disability", "分类施保·重度残疾人", "低保家庭中重度残疾人每人每月增发"),
    money_item("dibao", "topup_serious_illness", "分类施保·重病患者", "低保家庭中重病患者每人每月增发"),
    Item("dibao", "topup_elderly_age", "分类施保老年人年龄", "age", "年满该周岁（当月1日）按老年人增发",
         whole=True, default=Decimal(60), default_rule="《老年人权益保障法》第二条：六十周岁以上"),
    Item("dibao", "topup_minor_age", "分类施保未成年人年龄上限", "age", "未满该周岁（当月1日）按未成年人增发",
         whole=True, default=Decimal(18), default_rule="《民法典》第十七条：不满十八周岁为未成年人"),
    Item("dibao", "severe_mental_grade", "重度残疾·智力精神残疾等级", "grade",
         "一、二级残疾，以及该等级及以上（数字不大于该值）的智力、精神残疾，视为重度残疾（单人户、分类施保）",
         minimum=Decimal(1), maximum=Decimal(4), whole=True, default=Decimal(3),
         default_rule="民发〔2021〕57号 第八条：一级、二级，三级智力、三级精神残疾"),
    money_item("dibao", "employment_cost_deduction", "必要就业成本扣减",
               "有工资性或经营收入的成员，每人每月从其工资性、经营收入中扣减的必要就业成本，扣至 0 为止"
               "（民发〔2021〕57号 第十三条）"),
    Item("dibao", "rigid_expense_deduction_ratio", "刚性支出扣减比例", "ratio",
         "因残疾、重病产生的医疗、康复刚性支出按该比例从家庭收入中扣减（0 = 不扣减；民发〔2021〕57号 第十三条）",
         maximum=Decimal(1)),
    money_item("dibao", "single_person_amount", "单人户定额",
               "单人户每月定额；未设置时按单人户补差（标准 − 本人收入）计发", optional=True),
    Item("dibao", "financial_assets_per_capita_months", "人均金融资产上限（月数）", "months",
         "家庭人均金融资产不得超过 该月数 × 月低保标准（民发〔2021〕57号 第十四条；数额由地方规定）"),
    Item("dibao", "vehicle_value_limit", "车辆价值上限", "money", "任一车辆价值超过该数额即不符合财产条件"),
    Item("dibao", "vehicle_count_limit", "车辆数量上限", "vehicles", "家庭车辆超过该数量即不符合财产条件", whole=True),
    Item("dibao", "housing_units_limit", "住房套数上限", "housing", "家庭住房超过该套数即不符合财产条件", whole=True),
    Item("dibao", "business_capital_limit", "市场主体注册资本上限", "money",
         "家庭成员为存续市场主体的法定代表人、股东或经营者且注册资本超过该数额的，全量比对列为疑点（地方规定；"
         "未设置则不比对）", optional=True),
)

TEKUN_ITEMS = (
    money_item("tekun", "basic_centralised", "特困基本生活标准（集中供养）", "集中供养特困人员基本生活标准",
               minimum_exclusive=True),
    money_item("tekun", "basic_dispersed", "特困基本生活标准（分散供养）", "分散供养特困人员基本生活标准",
               minimum_exclusive=True),
    Item("tekun", "basic_multiplier", "特困基本生活标准倍数", "multiplier",
         "未设置基本生活标准时，按 该倍数 × 低保标准 计算", minimum_exclusive=True, default=Decimal("1.3"),
         default_rule="省级规定“原则上不低于当地最低生活保障标准的1.3倍”（国家原文待核实）"),
    money_item("tekun", "care_self", "照料护理标准·全自理",
               "生活自理能力六项全部达到（民发〔2021〕43号 第二十至二十三条）"),
    money_item("tekun", "care_partial", "照料护理标准·部分丧失", "六项中三项以下（含三项）不能达到"),
    money_item("tekun", "care_full", "照料护理标准·完全丧失", "六项中四项以上（含四项）不能达到"),
    Item("tekun", "elderly_age", "无劳动能力年龄（老年）", "age", "年满该周岁视为无劳动能力", whole=True,
         default=Decimal(60), default_rule=_NO_LABOUR + "：年满60周岁"),
    Item("tekun", "minor_age", "无劳动能力年龄（未成年）", "age", "未满该周岁视为无劳动能力", whole=True,
         default=Decimal(16), default_rule=_NO_LABOUR + "：未满16周岁"),
)


def tekun_member_facts(person_ids: list[int], month) -> dict[int, dict]:
    """特困: each member's self_care_unmet from the latest self-care assessment (民发〔2021〕43号 第二十至二十三条),
    so the care band comes from a stored assessment; a number recorded in the case's facts wins."""
    from minzheng.assistance.selectors import self_care_facts  # models are loaded only once Django is ready

    return self_care_facts(person_ids, month)


def temporary_options(case) -> dict:
    """临时救助: the kind (支出型 / 急难型) and the amount asked for go to the engine as options."""
    options = {"kind": case.subtype or "expense"}
    if (case.facts or {}).get("requested_amount") is not None:
        options["requested_amount"] = case.facts["requested_amount"]
    return options


PROGRAMS = [
    Program(
        "dibao", "最低生活保障", "household", MONTHLY, evaluate_dibao, means_tested=True, items=DIBAO_ITEMS,
        aliases=("低保", "城市低保", "农村低保"),
        comparison_rules=(*MEANS_RULES, "double_tekun_dibao"),
        procedure=ProgramParams(
            "dibao", "household", investigation=True, verification=True, public_notice=True,
            start_investigation_wd=3, verification_start_wd=3, decision_wd=10, refusal_notice_wd=3,
            overall_wd=30, overall_delegated_wd=20, overall_special_wd=45, delegable=True,
            review_months=12, review_months_irregular=6, gradual_exit_max_months=6,
            rules=(f"{R57} 第十、十五至二十二条、第三十一至三十三条",
                   f"{R83}（时限20/30/45个工作日；渐退期原则上不超过6个月）"),
            decision_rule=f"{R57} 第二十条", refusal_rule=f"{R57} 第二十一条")),
    # 低保边缘家庭: the conditions are 57号 第八条; the procedure (investigation and data check, no public notice,
    # 30/45 working days) follows the national 刚性支出困难家庭认定办法 (in force 2025-01-01), which sets one procedure
    # for both kinds of household. Recognition only: the monthly amount is 0 unless a local rule pays.
    Program(
        "dibao_edge", "低保边缘家庭", "household", NOT_PAID, evaluate_dibao_edge, means_tested=True,
        importable=True,
        procedure=ProgramParams(
            "dibao_edge", "household", investigation=True, verification=True, public_notice=False,
            overall_wd=30, overall_special_wd=45, delegable=True, review_months=12,
            rules=(f"{R57} 第八条（人均收入低于1.5倍低保标准、财产符合规定）",
                   f"{RIGID}第八条（30个工作日，人户分离或调查困难45个工作日；低保边缘家庭同一程序）"))),
    Program(
        "tekun", "特困人员救助供养", "person", MONTHLY, evaluate_tekun, means_tested=True, items=TEKUN_ITEMS,
        comparison_rules=(*MEANS_RULES, "double_orphan_tekun"), subtype_labels=CENTRALISED,
        aliases=("特困", "特困供养", "五保"), input_requirements=frozenset({"support_payer_able"}),
        member_facts=tekun_member_facts,
        procedure=ProgramParams(
            "tekun", "person", investigation=True, verification=True, public_notice=True,
            renotice_after_objection=True, initial_review_wd=15, decision_wd=15, refusal_notice_wd=3,
            spot_check_ratio=Decimal("0.30"), delegable=True, subtypes=tuple(CENTRALISED),
            rules=(f"{R43} 第十三至十八条（初审15个工作日、确认15个工作日、抽查不低于30%、不予认定3个工作日内告知）",
                   f"{R83}（审核确认权限可下放乡镇）"))),
    Program(
        "rigid_expense", "刚性支出困难家庭", "household", NOT_PAID, evaluate_rigid_expense, means_tested=True,
        importable=False,
        items=(Item("rigid_expense", "disposable_income_per_capita", "上年度人均可支配收入", "money_year",
                    "当地上年度居民人均可支配收入（刚性支出困难家庭、支出型临时救助的收入线）", minimum_exclusive=True),
               Item("rigid_expense", "expense_ratio", "刚性支出占收入比例", "ratio",
                    "近12个月刚性支出超过家庭总收入的该比例（0.5 = 50%）", minimum_exclusive=True)),
        procedure=ProgramParams(
            "rigid_expense", "household", investigation=True, verification=True, public_notice=False,
            overall_wd=30, overall_special_wd=45, delegable=True, validity_months=12,
            rules=(f"{RIGID}第八条（30个工作日，人户分离或调查困难45个工作日）、第十条（有效期12个月）",))),
    # 临时救助 支出型 (expense): the full procedure — apply, investigate, check, notice, approve (暂行办法 第四十八条).
    # Paid once (validity 1 month). Small amounts are approved by the township alone (township_limit, set by the
    # county: 第四十九条), larger ones by the county: the initial review sets who approves from the engine.
    Program(
        "temporary", "临时救助", "household", ONE_OFF, evaluate_temporary, importable=False,
        subtype_labels={"expense": "支出型", "emergency": "急难型"},
        township_limit_item="township_limit", approval_from_policy=True, case_options=temporary_options,
        input_requirements=frozenset({"kind"}),
        items=(Item("temporary", "cap_multiplier", "临时救助上限倍数", "multiplier",
                    "一次救助金额不超过 该倍数 × 月低保标准", minimum_exclusive=True),
               Item("temporary", "township_limit", "乡镇审批限额", "money",
                    "不超过该金额的由乡镇（街道）审批，超过的报县级")),
        procedure=ProgramParams(
            "temporary", "household", investigation=True, verification=True, public_notice=True, delegable=True,
            validity_months=1, subtypes=("expense", "emergency"),
            rules=(f"{R649} 第四十七至四十九条（乡镇审核、公示，县级审批；小额可委托乡镇）",
                   "民发〔2018〕23号（支出型：人均可支配收入以下；急难型：先行救助）")),
        # 急难型: 先行救助 — the township (or county) pays first without the data check, community review or notice,
        # then completes the record (民发〔2018〕23号).
        variants={"emergency": ProgramParams(
            "temporary", "household", investigation=False, verification=False, public_notice=False, delegable=True,
            validity_months=1, subtypes=("expense", "emergency"),
            rules=("民发〔2018〕23号（急难型先行救助：可不经核对、民主评议和公示，救助后补齐手续）",
                   f"{R649} 第四十七至四十九条"))}),
]
