"""The catalogue of social-assistance programs and of the standard items each one reads.

Pure data (no Django). The loader and the API reject an item that is not listed here; the policy engine reads
only these items; docs/assistance.md is the readable form of this table. Money items expressed per person and
month may also be stored per person and year (元/人/年): the engine divides by 12 exactly (see policy.money).

A `default` is used only when no region has set the item; it is a national figure (cited in `default_rule`) or a
legal definition, never a local amount. Items marked `optional` switch a local feature on when present (absent =
the feature does not exist there). Every other item is required when the calculation needs it: a missing value
stops the calculation with a Chinese reason, it is never taken as 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

# Program codes (GLOSSARY.md) and their Chinese names.
PROGRAMS: dict[str, str] = {
    "dibao": "最低生活保障",
    "dibao_edge": "低保边缘家庭",
    "tekun": "特困人员救助供养",
    "rigid_expense": "刚性支出困难家庭",
    "temporary": "临时救助",
    "orphan": "孤儿基本生活费",
    "unsupported_child": "事实无人抚养儿童基本生活补贴",
    "disability_living": "困难残疾人生活补贴",
    "disability_care": "重度残疾人护理补贴",
    "age_allowance": "高龄津贴",
}

# Programs decided per person (each evaluated member gets a result) and per household.
PERSON_PROGRAMS = frozenset({"tekun", "orphan", "unsupported_child", "disability_living", "disability_care",
                             "age_allowance"})
HOUSEHOLD_PROGRAMS = frozenset(PROGRAMS) - PERSON_PROGRAMS

AREAS = {"urban": "城市", "rural": "农村", "all": "城乡统一"}

MONTHLY = "元/人/月"
YEARLY = "元/人/年"

# Unit families: the units an item may be stored in.
UNITS: dict[str, tuple[str, ...]] = {
    "money_month": (MONTHLY, YEARLY),
    "money_year": (YEARLY,),
    "money": ("元",),
    "multiplier": ("倍",),
    "ratio": ("比例",),
    "months": ("个月",),
    "vehicles": ("辆",),
    "housing": ("套",),
    "age": ("周岁",),
    "grade": ("级",),
    "flag": ("是否",),
}


@dataclass(frozen=True)
class Item:
    program: str
    item: str
    label: str
    kind: str
    meaning: str
    minimum: Decimal = Decimal(0)
    maximum: Decimal | None = None
    minimum_exclusive: bool = False
    whole: bool = False  # value must be a whole number (ages, grades, counts, flags)
    default: Decimal | None = None
    default_rule: str = ""
    optional: bool = False

    @property
    def key(self) -> tuple[str, str]:
        return (self.program, self.item)

    @property
    def units(self) -> tuple[str, ...]:
        return UNITS[self.kind]

    @property
    def unit(self) -> str:
        return self.units[0]

    def check(self, value: Decimal) -> str | None:
        """A Chinese reason when `value` is out of this item's range, else None."""
        if self.minimum_exclusive and value <= self.minimum:
            return f"应大于 {self.minimum}"
        if value < self.minimum:
            return f"不能小于 {self.minimum}"
        if self.maximum is not None and value > self.maximum:
            return f"不能大于 {self.maximum}"
        if self.whole and value != value.to_integral_value():
            return "应为整数"
        return None


def _m(program, item, label, meaning, **kw) -> Item:
    return Item(program, item, label, "money_month", meaning, **kw)


_NO_LABOUR = "民发〔2021〕43号《特困人员认定办法》第五条"
ITEMS_LIST: list[Item] = [
    # 低保
    _m("dibao", "standard", "低保标准", "最低生活保障标准，按人按月；补差与各项倍数的基数（民发〔2021〕57号 第二十三条）",
       minimum_exclusive=True),
    Item("dibao", "edge_multiplier", "低保边缘认定倍数", "multiplier",
         "人均收入低于 该倍数 × 低保标准 的非低保家庭为低保边缘家庭；单人户也以此为界",
         minimum=Decimal(1), default=Decimal("1.5"), default_rule="民发〔2021〕57号 第八条：低于1.5倍"),
    _m("dibao", "topup_elderly", "分类施保·老年人", "低保家庭中老年人每人每月增发（民发〔2021〕57号 第二十七条）"),
    _m("dibao", "topup_minor", "分类施保·未成年人", "低保家庭中未成年人每人每月增发"),
    _m("dibao", "topup_severe_disability", "分类施保·重度残疾人", "低保家庭中重度残疾人每人每月增发"),
    _m("dibao", "topup_serious_illness", "分类施保·重病患者", "低保家庭中重病患者每人每月增发"),
    Item("dibao", "topup_elderly_age", "分类施保老年人年龄", "age", "年满该周岁（当月1日）按老年人增发",
         whole=True, default=Decimal(60), default_rule="《老年人权益保障法》第二条：六十周岁以上"),
    Item("dibao", "topup_minor_age", "分类施保未成年人年龄上限", "age", "未满该周岁（当月1日）按未成年人增发",
         whole=True, default=Decimal(18), default_rule="《民法典》第十七条：不满十八周岁为未成年人"),
    Item("dibao", "severe_mental_grade", "重度残疾·智力精神残疾等级", "grade",
         "一、二级残疾，以及该等级及以上（数字不大于该值）的智力、精神残疾，视为重度残疾（单人户、分类施保）",
         minimum=Decimal(1), maximum=Decimal(4), whole=True, default=Decimal(3),
         default_rule="民发〔2021〕57号 第八条：一级、二级，三级智力、三级精神残疾"),
    _m("dibao", "employment_cost_deduction", "必要就业成本扣减",
       "有工资性或经营收入的成员，每人每月从其工资性、经营收入中扣减的必要就业成本，扣至 0 为止（民发〔2021〕57号 第十三条）"),
    Item("dibao", "rigid_expense_deduction_ratio", "刚性支出扣减比例", "ratio",
         "因残疾、重病产生的医疗、康复刚性支出按该比例从家庭收入中扣减（0 = 不扣减；民发〔2021〕57号 第十三条）",
         maximum=Decimal(1)),
    _m("dibao", "single_person_amount", "单人户定额",
       "单人户每月定额；未设置时按单人户补差（标准 − 本人收入）计发", optional=True),
    Item("dibao", "financial_assets_per_capita_months", "人均金融资产上限（月数）", "months",
         "家庭人均金融资产不得超过 该月数 × 月低保标准（民发〔2021〕57号 第十四条；数额由地方规定）"),
    Item("dibao", "vehicle_value_limit", "车辆价值上限", "money", "任一车辆价值超过该数额即不符合财产条件"),
    Item("dibao", "vehicle_count_limit", "车辆数量上限", "vehicles", "家庭车辆超过该数量即不符合财产条件", whole=True),
    Item("dibao", "housing_units_limit", "住房套数上限", "housing", "家庭住房超过该套数即不符合财产条件", whole=True),
    Item("dibao", "business_capital_limit", "市场主体注册资本上限", "money",
         "家庭成员为存续市场主体的法定代表人、股东或经营者且注册资本超过该数额的，全量比对列为疑点（地方规定；"
         "未设置则不比对）", optional=True),
    # 特困
    _m("tekun", "basic_centralised", "特困基本生活标准（集中供养）", "集中供养特困人员基本生活标准",
       minimum_exclusive=True),
    _m("tekun", "basic_dispersed", "特困基本生活标准（分散供养）", "分散供养特困人员基本生活标准",
       minimum_exclusive=True),
    Item("tekun", "basic_multiplier", "特困基本生活标准倍数", "multiplier",
         "未设置基本生活标准时，按 该倍数 × 低保标准 计算", minimum_exclusive=True, default=Decimal("1.3"),
         default_rule="省级规定“原则上不低于当地最低生活保障标准的1.3倍”（国家原文待核实）"),
    _m("tekun", "care_self", "照料护理标准·全自理", "生活自理能力六项全部达到（民发〔2021〕43号 第二十至二十三条）"),
    _m("tekun", "care_partial", "照料护理标准·部分丧失", "六项中三项以下（含三项）不能达到"),
    _m("tekun", "care_full", "照料护理标准·完全丧失", "六项中四项以上（含四项）不能达到"),
    Item("tekun", "elderly_age", "无劳动能力年龄（老年）", "age", "年满该周岁视为无劳动能力", whole=True,
         default=Decimal(60), default_rule=_NO_LABOUR + "：年满60周岁"),
    Item("tekun", "minor_age", "无劳动能力年龄（未成年）", "age", "未满该周岁视为无劳动能力", whole=True,
         default=Decimal(16), default_rule=_NO_LABOUR + "：未满16周岁"),
    # 孤儿、事实无人抚养儿童
    _m("orphan", "centralised", "孤儿基本生活费（集中养育）", "机构集中养育孤儿每人每月", minimum_exclusive=True),
    _m("orphan", "dispersed", "孤儿基本生活费（社会散居）", "社会散居孤儿每人每月", minimum_exclusive=True),
    Item("orphan", "age_limit", "孤儿年龄上限", "age", "未满该周岁可领取", whole=True, default=Decimal(18),
         default_rule="《民法典》第十七条：不满十八周岁为未成年人"),
    _m("unsupported_child", "centralised", "事实无人抚养儿童补贴（集中养育）", "每人每月", minimum_exclusive=True),
    _m("unsupported_child", "dispersed", "事实无人抚养儿童补贴（散居）", "每人每月", minimum_exclusive=True),
    Item("unsupported_child", "age_limit", "事实无人抚养儿童年龄上限", "age", "未满该周岁可领取", whole=True,
         default=Decimal(18), default_rule="民发〔2019〕62号：未满18周岁"),
    # 两项补贴
    _m("disability_living", "amount", "困难残疾人生活补贴", "低保家庭残疾人每人每月（国发〔2015〕52号）"),
    Item("disability_living", "include_dibao_edge", "生活补贴覆盖低保边缘家庭", "flag",
         "1 = 低保边缘家庭中的残疾人也可领取", maximum=Decimal(1), whole=True, default=Decimal(0),
         default_rule="国发〔2015〕52号：对象为低保家庭中的残疾人"),
    _m("disability_care", "grade1", "重度残疾人护理补贴·一级", "一级残疾人每人每月"),
    _m("disability_care", "grade2", "重度残疾人护理补贴·二级", "二级残疾人每人每月"),
    _m("disability_care", "grade3_mental", "护理补贴·三级智力精神", "设置后三级智力、精神残疾人也可领取", optional=True),
    _m("disability_care", "grade4_mental", "护理补贴·四级智力精神", "设置后四级智力、精神残疾人也可领取", optional=True),
    # 高龄津贴
    _m("age_allowance", "band_80", "高龄津贴·80至89周岁", "满80周岁的次月起每人每月"),
    _m("age_allowance", "band_90", "高龄津贴·90至99周岁", "满90周岁的次月起每人每月"),
    _m("age_allowance", "band_100", "高龄津贴·100周岁以上", "满100周岁的次月起每人每月"),
    _m("age_allowance", "band_80_poor", "高龄津贴·80至89周岁困难老人",
       "设置后，低保、低保边缘、特困家庭的80至89周岁老人按此标准", optional=True),
    # 临时救助
    Item("temporary", "cap_multiplier", "临时救助上限倍数", "multiplier", "一次救助金额不超过 该倍数 × 月低保标准",
         minimum_exclusive=True),
    Item("temporary", "township_limit", "乡镇审批限额", "money", "不超过该金额的由乡镇（街道）审批，超过的报县级"),
    # 刚性支出困难家庭
    Item("rigid_expense", "disposable_income_per_capita", "上年度人均可支配收入", "money_year",
         "当地上年度居民人均可支配收入（刚性支出困难家庭、支出型临时救助的收入线）", minimum_exclusive=True),
    Item("rigid_expense", "expense_ratio", "刚性支出占收入比例", "ratio",
         "近12个月刚性支出超过家庭总收入的该比例（0.5 = 50%）", minimum_exclusive=True),
]

ITEMS: dict[tuple[str, str], Item] = {i.key: i for i in ITEMS_LIST}


def item(program: str, name: str) -> Item:
    return ITEMS[(program, name)]


def items_of(program: str) -> list[Item]:
    return [i for i in ITEMS_LIST if i.program == program]
