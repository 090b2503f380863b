"""政策找人 self-check: the programs a household may qualify for, decided by the policy engine (benefits.policy, the
same pure functions the cases use) with the standards in force in the household's village
(benefits.selectors.resolve), as monitoring.discovery.assess does for the registry's households.

The household comes from the resident's answers (portal.policy.household_from_answers) or, after real-name binding
and without answers, from the registry (members, disability, labour capacity, the latest year's incomes). Assets are
never known here: the answer says so. Read-only: nothing is written."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from minzheng.benefits import programs
from minzheng.benefits import selectors as benefits_selectors
from minzheng.benefits.policy import Assets, Household, Income, Member, MissingFact, Options, Request
from minzheng.benefits.policy import evaluate as policy_evaluate
from minzheng.core import clock, regioncodes
from minzheng.core.errors import FieldError, ServiceError, ValidationFailed
from minzheng.portal import codes, policy, selectors

ASSETS_NOTE = "未填写家庭财产，按无存款、无车辆、无多套住房估算，以实际核对为准"


@dataclass
class Finding:
    program: str
    program_name: str
    eligible: bool
    estimated_monthly_amount: Decimal
    reasons: list[str]


def _registry_household(account) -> tuple[str, Household]:
    household = selectors.own_household(account)
    people = selectors.members(account)
    year = clock.today().year
    incomes: dict[int, list] = {}
    latest: dict[int, int] = {}
    for row in benefits_selectors.incomes_of([p.pk for p in people]):
        if row.year > year:
            continue
        if row.year > latest.get(row.person_id, 0):
            latest[row.person_id], incomes[row.person_id] = row.year, []
        if row.year == latest[row.person_id]:
            incomes[row.person_id].append(Income(row.kind, row.annual_amount, "annual"))
    members = tuple(Member(birth_date=p.birth_date, sex=p.sex, disability_category=p.disability_category or "",
                           disability_grade=p.disability_grade, serious_illness=p.serious_illness,
                           labour_capacity=p.labour_capacity or "", schooling=p.schooling or "", ref=str(p.pk),
                           incomes=tuple(incomes.get(p.pk, ()))) for p in people)
    return household.region_id, Household(urban_rural=household.urban_rural or "rural", members=members,
                                          assets=Assets(declared=False))


def run(account, region_code: str | None, area: str | None, answers: list[policy.Answer] | None) -> list[Finding]:
    today = clock.today()
    month = today.replace(day=1)
    if answers:
        if account.person_id is not None and not region_code:
            region_code = selectors.own_household(account).region_id
        try:
            region_code = regioncodes.normalize(region_code or "")
        except regioncodes.RegionCodeError as exc:
            raise ValidationFailed([FieldError("region_code", str(exc))]) from None
        if regioncodes.level_of(region_code) != "village":
            raise ValidationFailed([FieldError("region_code", "请选择所在的村（社区）")])
        household = policy.household_from_answers(area or "rural", answers, today)
    else:
        if account.person_id is None:
            raise ValidationFailed([FieldError("members", "请填写家庭成员情况，或先完成实名认证后使用登记信息")])
        region_code, household = _registry_household(account)
    standards = benefits_selectors.resolve(region_code, household.urban_rural, month)
    found = []
    for code in codes.SELFCHECK_PROGRAMS:
        if programs.get(code) is None:
            continue
        try:
            result = policy_evaluate(Request(code, region_code, month, household, Options()), standards)
        except MissingFact as exc:  # a fact only the investigation can give (特困: self-care)
            found.append(Finding(code, programs.name(code), False, Decimal("0.00"),
                                 [f"需要工作人员上门调查后才能判断（{exc.reason[:60]}）"]))
            continue
        except ServiceError:  # no standard set here for this program
            found.append(Finding(code, programs.name(code), False, Decimal("0.00"),
                                 ["本地尚未公布该项目的标准，请咨询乡镇（街道）"]))
            continue
        amount = (sum((m.monthly_amount for m in result.members if m.eligible), Decimal("0.00"))
                  if result.members else result.monthly_amount)
        eligible = any(m.eligible for m in result.members) if result.members else result.eligible
        reasons = list(result.reasons[:4]) + ([ASSETS_NOTE] if programs.get(code).means_tested else [])
        found.append(Finding(code, programs.name(code), eligible, amount if eligible else Decimal("0.00"), reasons))
    return found
