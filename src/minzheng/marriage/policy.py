"""Pure rules of marriage registration (no database): who may marry, blood kinship through a household's relations,
the divorce cooling-off deadlines and appointment capacity.

Sources (NATIONAL_RULES §2.6):
- 民法典 第1046条 (both fully voluntary), 第1047条 (男 ≥ 22 周岁, 女 ≥ 20 周岁), 第1048条 (直系血亲 or 三代以内旁系血亲
  may not marry), 第1049条 (both appear and register), 第1077条 (离婚冷静期: 30 days to withdraw after the registry
  receives the application, then 30 days for both to appear, else the application counts as withdrawn).
- 民法典 第201条 (a period counted in days starts the day after the start day: the day of receipt is not counted),
  第203条 (if the last day is a 法定休假日, the period ends on the day after the holiday); applied to the cooling-off
  periods by 民政部《关于贯彻落实〈中华人民共和国民法典〉中有关婚姻登记规定的通知》(民发〔2020〕116号): the second
  period starts the day after the (possibly extended) first one ends.
- 《婚姻登记条例》(国务院令第804号, in force 2025-05-10): any registry (全国通办), 居民身份证 and a signed
  declaration of no spouse and no prohibited kinship; 不予登记 for under age, not voluntary, already married,
  prohibited kinship.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

MIN_AGE = {"M": 22, "F": 20}  # 民法典第1047条
COOLING_DAYS = 30  # 民法典第1077条第一款
APPEARANCE_DAYS = 30  # 民法典第1077条第二款
REMINDER_DAYS = 5  # reminders go out this many days before each deadline


def reminder_text(kind: str, deadline: dt.date, withdrawal_deadline: dt.date, registry: str) -> str:
    """The SMS of a cooling-off reminder (民法典第1077条: withdraw until the end of the 30 days; both appear within
    the next 30, else the application counts as withdrawn)."""
    if kind == "withdrawal":
        return (f"【婚姻登记】您的离婚登记申请冷静期至 {deadline:%Y年%m月%d日} 届满，"
                f"届满前任何一方可向{registry}撤回申请。")
    start = withdrawal_deadline + dt.timedelta(days=1)
    return (f"【婚姻登记】请双方于 {start:%Y年%m月%d日} 至 {deadline:%Y年%m月%d日} 共同到{registry}办理离婚登记，"
            f"逾期未到视为撤回离婚登记申请。")


def age_on(birth: dt.date, day: dt.date) -> int:
    """Full years (周岁) on `day`: the age is reached ON the birthday. Someone born on 29 February reaches it on
    1 March in a common year (the birthday does not exist; the earlier day would be before the anniversary)."""
    years = day.year - birth.year
    return years - ((day.month, day.day) < (birth.month, birth.day))


@dataclass(frozen=True)
class Party:
    name: str
    sex: str  # "M" / "F"
    birth_date: dt.date
    voluntary: bool = True


@dataclass(frozen=True)
class MarriageFacts:
    a: Party
    b: Party
    day: dt.date
    declaration_signed: bool = True
    same_person: bool = False
    married: tuple[str, ...] = ()  # "a"/"b": a party with a marriage in force in the registration records
    kinship: str = ""  # a description when the registry's household relations show prohibited kinship
    mainland: tuple[bool, bool] = (True, True)  # each party shows a 居民身份证 (core.documents)
    registry_foreign: bool = False  # the registry is designated for foreign / HK, Macau, Taiwan marriages


@dataclass(frozen=True)
class Refusal:
    code: str
    where: str  # the input field it concerns ("party_a.birth_date", "party_b", "" for both)
    message: str


def marriage_refusals(f: MarriageFacts, labels: dict[str, str]) -> list[Refusal]:
    """Every reason a marriage registration must be refused (不予登记), in a fixed order; empty = may register."""
    out: list[Refusal] = competence_refusals(f.mainland, f.registry_foreign, labels)
    if f.same_person:
        out.append(Refusal("same_person", "party_b.id_number", labels["same_person"]))
    if {f.a.sex, f.b.sex} != {"M", "F"}:
        out.append(Refusal("same_sex", "party_b.sex", labels["same_sex"]))
    for key, p in (("a", f.a), ("b", f.b)):
        need = MIN_AGE.get(p.sex)
        if need is not None and age_on(p.birth_date, f.day) < need:
            code = "under_age_m" if p.sex == "M" else "under_age_f"
            reached = birthday(p.birth_date, need)
            out.append(Refusal(code, f"party_{key}.birth_date",
                               f"{labels[code]}：{p.name} 于 {reached:%Y-%m-%d} 满{need}周岁"))
    for key in f.married:
        p = f.a if key == "a" else f.b
        out.append(Refusal("married", f"party_{key}.id_number", f"{p.name}{labels['married']}"))
    if f.kinship:
        out.append(Refusal("kinship", "", f"{labels['kinship']}：{f.kinship}"))
    for key, p in (("a", f.a), ("b", f.b)):
        if not p.voluntary:
            out.append(Refusal("not_voluntary", f"party_{key}.voluntary", f"{labels['not_voluntary']}：{p.name}"))
    if not f.declaration_signed:
        out.append(Refusal("no_declaration", "declaration_signed", labels["no_declaration"]))
    return out


def competence_refusals(mainland: tuple[bool, bool], registry_foreign: bool, labels: dict[str, str]) -> list[Refusal]:
    """《婚姻登记条例》第二条: a mainland registry registers marriages of mainland residents, and of a mainland resident
    with a foreigner, a resident of Hong Kong, Macau or Taiwan or an overseas Chinese — the latter only at the
    provincial 民政 or a registry it designates. Two parties neither of whom is a mainland resident are out of scope."""
    if not any(mainland):
        return [Refusal("not_mainland", "party_a.document_type", labels["not_mainland"])]
    if not all(mainland) and not registry_foreign:
        return [Refusal("registry_not_competent", "registry", labels["registry_not_competent"])]
    return []


def birthday(birth: dt.date, years: int) -> dt.date:
    """The day the age `years` is reached (29 February → 1 March in a common year)."""
    try:
        return birth.replace(year=birth.year + years)
    except ValueError:
        return dt.date(birth.year + years, 3, 1)


# ---- kinship (民法典第1048条) through household relations (GB/T 4761-2008) ------------------------------------------
# A blood relation to the head of household as (up, down): go up `up` generations from the head to an ancestor, then
# down `down` generations. Only blood relations; in-laws, step-relations and 其他 carry no blood tie (not listed).
BLOOD: dict[str, tuple[int, int]] = {
    "02": (0, 0),
    **dict.fromkeys(("20", "21", "22", "23", "24", "25", "26", "29", "30", "31", "32", "33", "34", "35", "36", "39"),
                    (0, 1)),
    **dict.fromkeys(("40", "41", "42", "43", "44", "49"), (0, 2)),
    **dict.fromkeys(("47", "48"), (0, 3)),
    **dict.fromkeys(("50", "51", "52"), (1, 0)),
    **dict.fromkeys(("60", "61", "62", "63", "64", "69"), (2, 0)),
    **dict.fromkeys(("66", "67"), (3, 0)),
    **dict.fromkeys(("70", "71", "73", "75", "77", "79"), (1, 1)),
    **dict.fromkeys(("81", "83", "85", "88", "90"), (2, 1)),
    **dict.fromkeys(("91", "92"), (2, 2)),
    **dict.fromkeys(("93", "94", "95", "96"), (1, 2)),
}


def prohibited_kinship(relation_a: str, relation_b: str) -> str:
    """Whether two members of one household are 直系血亲 or 三代以内旁系血亲, judged from their relations to the head:
    "直系血亲", "三代以内旁系血亲" or "" (not shown by these relations). Through the highest of the two ancestors
    named, each party is `steps` generations below a common ancestor; 0 steps = that ancestor is the other party
    (direct line); both ≤ 2 steps = within three generations counting the ancestor as the first. A closer common
    ancestor could only shorten the steps, so a positive answer is certain; a negative one means "not known"."""
    if relation_a not in BLOOD or relation_b not in BLOOD:
        return ""
    (ua, da), (ub, db) = BLOOD[relation_a], BLOOD[relation_b]
    top = max(ua, ub)
    steps_a, steps_b = top - ua + da, top - ub + db
    if steps_a == 0 or steps_b == 0:
        return "直系血亲"
    if steps_a <= 2 and steps_b <= 2:
        return "三代以内旁系血亲"
    return ""


# ---- divorce cooling-off (民法典第1077条) ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CoolingOff:
    received: dt.date
    withdrawal_deadline: dt.date  # last day either party may withdraw (30 days, extended past a 法定休假日)
    appearance_from: dt.date  # first day both may appear to receive the 离婚证 (the day after the first period)
    appearance_deadline: dt.date  # last day both must appear, else the application counts as withdrawn
    extended: tuple[str, ...] = field(default=())  # which deadline was moved past a holiday, and why


def _period_end(start: dt.date, days: int, is_workday: Callable[[dt.date], bool]) -> tuple[dt.date, bool]:
    """The last day of a `days`-day period starting after `start` (第201条: `start` not counted); moved to the day
    after the 法定休假日 when it falls on one (第203条). A 休息日 (weekend) that is not a 调休 working day counts as
    休假日, as the registries apply it (they are closed): the period ends on the next working day."""
    end = start + dt.timedelta(days=days)
    moved = end
    while not is_workday(moved):
        moved += dt.timedelta(days=1)
    return moved, moved != end


def cooling_off(received: dt.date, is_workday: Callable[[dt.date], bool]) -> CoolingOff:
    """Both deadlines of a divorce application received on `received` (the day of receipt is day 0)."""
    first, moved1 = _period_end(received, COOLING_DAYS, is_workday)
    second, moved2 = _period_end(first, APPEARANCE_DAYS, is_workday)
    extended = []
    if moved1:
        extended.append(f"第30日 {received + dt.timedelta(days=COOLING_DAYS):%Y-%m-%d} 为法定休假日，"
                        f"顺延至 {first:%Y-%m-%d}")
    if moved2:
        extended.append(f"到场期限第30日 {first + dt.timedelta(days=APPEARANCE_DAYS):%Y-%m-%d} 为法定休假日，"
                        f"顺延至 {second:%Y-%m-%d}")
    return CoolingOff(received, first, first + dt.timedelta(days=1), second, tuple(extended))


def divorce_status(stored: str, withdrawal_deadline: dt.date, appearance_deadline: dt.date, today: dt.date) -> str:
    """The application's status on `today`: a stored end state, else cooling / awaiting / withdrawn by the dates
    (past the appearance deadline it counts as withdrawn — 视为撤回 — before the daily sweep has marked it)."""
    if stored != "cooling":
        return stored
    if today <= withdrawal_deadline:
        return "cooling"
    if today <= appearance_deadline:
        return "awaiting"
    return "withdrawn"


def may_withdraw(status: str) -> bool:
    return status == "cooling"


def may_register(status: str) -> bool:
    return status == "awaiting"


# ---- appointments: capacity as data --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CapacityRule:
    slot: str
    capacity: int
    day: dt.date | None = None  # a given day (520, 七夕): wins over the weekday rule
    weekday: int | None = None  # 0 = Monday … 6 = Sunday; None = every day
    effective_from: dt.date = dt.date(2000, 1, 1)


def capacity(rules: list[CapacityRule], day: dt.date, slot: str) -> int:
    """Places in a slot on a day: the rule for that very day wins, then the weekday rule, then the every-day rule;
    among rules of the same kind the latest effective one. 0 when none applies (no appointments)."""
    best: tuple[int, dt.date] | None = None
    value = 0
    for r in rules:
        if r.slot != slot or r.effective_from > day:
            continue
        if r.day is not None and r.day != day:
            continue
        if r.weekday is not None and r.weekday != day.weekday():
            continue
        rank = (2 if r.day is not None else 1 if r.weekday is not None else 0, r.effective_from)
        if best is None or rank > best:
            best, value = rank, r.capacity
    return value
