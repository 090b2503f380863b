"""The policy evaluation's input (EvaluationIn → policy.Request) and output (EvaluationOut).

EvaluationIn is the engine's input JSON (docs/assistance.md "Input"); every problem is reported at once with its path
(`household.members[0].incomes[1].monthly`). Money is a decimal string ("1234.50") or a JSON integer; a JSON float
is refused (core.validation.FLOAT_MESSAGE): it lost its exactness when it was parsed. Unknown keys are refused at
every level. What a program needs beyond the common input (a recorded support payer, the kind of 临时救助 and the
amount asked for) is its declaration's `input_requirements` (benefits.programs), never a program name here.
The case facts (Case.facts) are a part of this input keyed by person id: MemberFactsIn, FactsIn in schemas.cases."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from ninja import Schema
from pydantic import (
    BeforeValidator,
    Field,
    PlainValidator,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from minzheng.benefits import catalogue
from minzheng.benefits.policy import (
    EXPENSE_KINDS,
    ROUNDING,
    Assets,
    Benefit,
    Expense,
    Household,
    Income,
    Member,
    Options,
    Request,
)
from minzheng.benefits.schemas.fields import (
    Int,
    NoneAsEmpty,
    OptFlag,
    Present,
    Ref,
    StrictIn,
    code,
    fail,
    identity,
    rule,
)
from minzheng.core.validation import Day, Money, MoneyOut, Month, RegionCode
from minzheng.registry import codes

MAX_MEMBERS = 50
URBAN_RURAL = {"urban": "urban", "rural": "rural", "城市": "urban", "城镇": "urban", "农村": "rural"}
SEX = {"M": "M", "F": "F", "男": "M", "女": "F"}
CHILD_STATUS = {"orphan": "orphan", "unsupported": "unsupported"}
TEMPORARY_KINDS = {"emergency": "emergency", "expense": "expense", "急难型": "emergency", "支出型": "expense"}


def program_codes() -> dict[str, str]:
    return {c: c for c in catalogue.PROGRAMS}


def requirements(program: str) -> frozenset[str]:
    """What the program's declaration says its input must carry (Program.input_requirements)."""
    from minzheng.benefits import programs

    found = programs.get(program or "")
    return found.input_requirements if found else frozenset()


def _category(value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    found = codes.lookup(codes.DISABILITY_CATEGORIES, value) if isinstance(value, (str, type(None))) else None
    if found is None:
        raise rule("残疾类别取值无效，应为 1–7（视力、听力、言语、肢体、智力、精神、多重）")
    return found


def _member_list(value: Any) -> Any:
    if value is None:
        value = []
    if isinstance(value, list) and not value:
        raise rule("至少需要一名家庭成员")
    if isinstance(value, list) and len(value) > MAX_MEMBERS:  # checked before any member is read
        raise rule(f"家庭成员不能超过 {MAX_MEMBERS} 人")
    return value


ProgramCode = code(program_codes, "救助项目", required=True)
SelfCare = Int(0, 6)
DisabilityCategory = Annotated[str, PlainValidator(_category),
                               WithJsonSchema({"type": "string", "enum": list(codes.DISABILITY_CATEGORIES),
                                               "description": "残疾类别代码 1–7 或其名称（如“肢体残疾”）"})]


def _one_period(annual: Decimal | None, monthly: Decimal | None) -> None:
    if (annual is None) == (monthly is None):
        raise rule("annual（年）与 monthly（月）须填写且只能填写一项")


class IncomeIn(StrictIn):
    kind: code(identity(codes.INCOME_KINDS), "收入类型", required=True)
    annual: Money | None = None
    monthly: Money | None = None

    @model_validator(mode="after")
    def _period(self):
        _one_period(self.annual, self.monthly)
        return self

    def income(self) -> Income:
        return Income(self.kind, self.monthly, "monthly") if self.annual is None else Income(self.kind, self.annual,
                                                                                             "annual")


class ExpenseIn(StrictIn):
    kind: code(identity(EXPENSE_KINDS), "支出类型", required=True)
    annual: Money | None = None
    monthly: Money | None = None

    @model_validator(mode="after")
    def _period(self):
        _one_period(self.annual, self.monthly)
        return self

    def expense(self) -> Expense:
        return Expense(self.kind, self.monthly, "monthly") if self.annual is None else Expense(self.kind, self.annual,
                                                                                               "annual")


class BenefitIn(StrictIn):
    program: ProgramCode
    monthly: Money


class VehicleIn(StrictIn):
    value: Money


class AssetsIn(StrictIn):
    financial: Money | None = None
    vehicles: Annotated[list[VehicleIn], NoneAsEmpty] = []
    housing_units: Int(0, 1000) | None = None

    def assets(self) -> Assets:
        return Assets(financial=self.financial or Decimal(0), vehicles=tuple(v.value for v in self.vehicles),
                      housing_units=self.housing_units or 0)


Incomes = Annotated[list[IncomeIn], NoneAsEmpty]
Benefits = Annotated[list[BenefitIn], NoneAsEmpty]
LabourCapacity = code(identity(codes.LABOUR_CAPACITY), "劳动能力")
ChildStatus = code(CHILD_STATUS, "儿童认定情况")


class MemberFactsIn(StrictIn):
    """What the investigation found about one member, beyond the registry (Case.facts.members[person id])."""

    counted: OptFlag = Field(None, description="共同生活家庭成员（默认 true）")
    self_care_unmet: SelfCare | None = Field(None, description="生活自理六项中不能完成的项数（43号 第二十条）")
    child_status: ChildStatus = ""
    existing_benefits: Benefits = []
    incomes: Incomes = Field([], description="调查核实的收入（替代登记的收入）")
    labour_capacity: LabourCapacity = ""
    serious_illness: OptFlag = None


class EvaluationMemberIn(StrictIn):
    birth_date: Annotated[Day, Present]
    sex: code(SEX, "性别") = ""
    disability_category: DisabilityCategory = ""
    disability_grade: Int(1, 4) | None = None
    serious_illness: OptFlag = None
    labour_capacity: LabourCapacity = ""
    schooling: code(identity(codes.SCHOOLING), "在学情况") = ""
    self_care_unmet: SelfCare | None = None
    capability_level: Int(0, 4) | None = Field(None, description="老年人能力等级 0–4（GB/T 42195-2022，最近一次评估）")
    incomes: Incomes = []
    existing_benefits: Benefits = []
    counted: OptFlag = Field(None, description="共同生活家庭成员（默认 true）")
    child_status: ChildStatus = ""
    ref: Ref = ""

    @model_validator(mode="after")
    def _disability(self):
        if bool(self.disability_category) != bool(self.disability_grade):
            fail([(("disability_grade",), "残疾类别与残疾等级须同时填写")])
        return self

    def member(self) -> Member:
        return Member(
            birth_date=self.birth_date, sex=self.sex, disability_category=self.disability_category,
            disability_grade=self.disability_grade, serious_illness=bool(self.serious_illness),
            labour_capacity=self.labour_capacity, schooling=self.schooling, self_care_unmet=self.self_care_unmet,
            capability_level=self.capability_level,
            incomes=tuple(i.income() for i in self.incomes),
            existing_benefits=tuple(Benefit(b.program, b.monthly) for b in self.existing_benefits),
            counted=self.counted is not False, child_status=self.child_status, ref=self.ref)


class EvaluationHouseholdIn(StrictIn):
    urban_rural: code(URBAN_RURAL, "城乡属性", required=True)
    members: Annotated[list[EvaluationMemberIn], BeforeValidator(_member_list)] = Field([], validate_default=True)
    assets: AssetsIn | None = None
    support_payer_able: OptFlag = Field(None, description="有具备履行能力的赡养、抚养、扶养义务人（特困须填写）")
    recognised: Annotated[list[code(program_codes, "已认定项目")], NoneAsEmpty] = []
    rigid_expenses: Annotated[list[ExpenseIn], NoneAsEmpty] = []
    ref: Ref = ""


class OptionsIn(StrictIn):
    centralised: OptFlag = None
    rounding: code(identity(ROUNDING), "取整规则") = Field("", description="默认：本系统的取整规则设置")
    kind: code(TEMPORARY_KINDS, "临时救助类型") = ""
    requested_amount: Money | None = None
    members: list[Int(0)] | None = Field(None, description="按人测算的项目：测算哪些成员（序号，默认全部）")


class EvaluationIn(StrictIn):
    """One program, one household, one month."""

    program: ProgramCode
    region_code: Annotated[RegionCode, Present]
    month: Annotated[Month, Present]
    household: EvaluationHouseholdIn
    options: Annotated[OptionsIn, BeforeValidator(lambda v: {} if v is None else v)] = Field(
        default_factory=OptionsIn, validate_default=True)
    ref: Ref = ""

    @field_validator("household")
    @classmethod
    def _household_facts(cls, household: EvaluationHouseholdIn, info: ValidationInfo) -> EvaluationHouseholdIn:
        errors = []
        month = info.data.get("month")
        if month is not None:
            end = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
            errors += [(("members", i, "birth_date"), "出生日期晚于评估月份")
                       for i, m in enumerate(household.members) if m.birth_date > end]
        program = info.data.get("program", "")
        if "support_payer_able" in requirements(program) and household.support_payer_able is None:
            name = catalogue.PROGRAMS.get(program, program)
            errors.append((("support_payer_able",),
                           f"{name}须记录是否有具备履行能力的赡养、抚养、扶养义务人（true/false）"))
        if errors:
            fail(errors)
        return household

    @field_validator("options")
    @classmethod
    def _program_options(cls, options: OptionsIn, info: ValidationInfo) -> OptionsIn:
        errors = []
        if "kind" in requirements(info.data.get("program", "")):
            if not options.kind:
                errors.append((("kind",), "必填项不能为空"))
            if options.requested_amount is None:
                errors.append((("requested_amount",), "必填项不能为空"))
            elif options.requested_amount <= 0:
                errors.append((("requested_amount",), "申请（核定）金额应大于 0"))
        household = info.data.get("household")
        if options.members is not None and household is not None:
            last = max(len(household.members) - 1, 0)
            errors += [(("members", k), f"应在 0 到 {last} 之间") for k, i in enumerate(options.members) if i > last]
        if errors:
            fail(errors)
        return options

    def to_request(self, default_rounding: str) -> Request:
        hh, opt = self.household, self.options
        asks_kind = "kind" in requirements(self.program)
        household = Household(
            urban_rural=hh.urban_rural, members=tuple(m.member() for m in hh.members),
            assets=hh.assets.assets() if hh.assets is not None else Assets(declared=False),
            support_payer_able=hh.support_payer_able, recognised=frozenset(r for r in hh.recognised if r),
            rigid_expenses=tuple(e.expense() for e in hh.rigid_expenses))
        options = Options(centralised=bool(opt.centralised), rounding=opt.rounding or default_rounding,
                          kind=opt.kind if asks_kind else "",
                          requested_amount=opt.requested_amount if asks_kind else None,
                          members=tuple(dict.fromkeys(opt.members)) if opt.members is not None else None)
        return Request(program=self.program, region_code=self.region_code, month=self.month, household=household,
                       options=options, ref=self.ref)


# ---- output ----------------------------------------------------------------------------------------------------------


class StandardValueOut(Schema):
    """A standard as the engine used it, with where it came from."""

    program: str
    item: str
    value: str = Field(..., description="数值（十进制文本）")
    unit: str
    region_code: str | None
    region_name: str | None
    area: str | None
    effective_from: dt.date | None
    effective_to: dt.date | None
    source: str
    default: bool = Field(..., description="未设置，使用国家规定的默认值")
    source_text: str | None = Field(None, description="来源（区划·城乡·期间；依据）")


class LineOut(Schema):
    code: str
    label: str
    amount: MoneyOut | None = Field(None, description="金额（元）；正数计入、负数扣减")
    exact: bool = Field(True, description="false：金额不是整分，显示的是约数")
    value: str | None = Field(None, description="其他数值（人数、比例、人均比较）")
    member: int | None = Field(None, description="成员序号")
    source: StandardValueOut | None = None
    source_text: str | None = None
    rule: str | None = None


class MemberResultOut(Schema):
    index: int
    eligible: bool
    monthly_amount: MoneyOut
    reasons: list[str]
    ref: str | None = None


class EvaluationOut(Schema):
    program: str
    program_name: str
    region_code: str
    month: str = Field(..., examples=["2026-03"])
    area: str
    eligible: bool
    monthly_amount: MoneyOut
    rounding: str
    rounding_label: str
    reasons: list[str]
    breakdown: list[LineOut]
    rules: list[str]
    procedure: dict[str, bool | int | str | None] = Field(
        ..., description="办理要求：public_notice、notice_days、pay_first、pay_from、valid_months、approval_level 等")
    inclusion: str | None = Field(None, description="低保：household（整户）| single_person（单人户）")
    members: list[MemberResultOut] | None = Field(None, description="按人测算的项目：每名成员的结果")
    ref: str | None = None
