"""The programs the benefits kernel knows: each is declared by the line-of-business app it belongs to.

An app lists its programs in its AppConfig (`benefit_programs = "minzheng.<app>.programs.PROGRAMS"`); the kernel
collects them in INSTALLED_APPS order the first time it is asked. A declaration is data plus pure functions:

    Program(code="dibao", name="最低生活保障", unit="household", payment=MONTHLY, evaluate=evaluate_dibao,
            procedure=ProgramParams(...), items=(Item(...), ...), means_tested=True, ...)

Everything else asks this module instead of naming programs: payroll pays `payable()` programs, the comparison and
the verification report test `means_tested()` ones, pages list `names()`, the case workflow reads `params_for()`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.apps import apps
from django.utils.module_loading import import_string

from minzheng.benefits.catalogue import Item, Lazy
from minzheng.benefits.workflow import ProgramParams
from minzheng.core.errors import Conflict

MONTHLY, ONE_OFF, NOT_PAID = "monthly", "one_off", "none"
PAYMENT_LABELS = {MONTHLY: "按月发放", ONE_OFF: "一次性发放", NOT_PAID: "不发放（认定身份）"}
PRINTABLE_FORMS = {"application": "救助申请书", "investigation": "家庭经济状况入户调查表",
                   "notice": "公示", "decision": "审核确认决定书"}
PROGRAM_NOT_CONFIGURED = "该救助项目的办理流程尚未配置"


@dataclass(frozen=True)
class Program:
    """One benefit program as its app declares it."""

    code: str  # stable data key (GLOSSARY.md): URLs, files, reports, standards
    name: str  # the Chinese name people read
    unit: str  # "household" (one case per household) | "person" (a beneficiary is named)
    payment: str  # MONTHLY (the payroll pays it) | ONE_OFF | NOT_PAID (a recognised status)
    evaluate: Callable[..., Any]  # pure policy: (policy.Request, policy.Standards) -> policy.Result
    procedure: ProgramParams  # steps, time limits, who approves (benefits.workflow)
    items: tuple[Item, ...] = ()  # the standard items it reads (benefits.catalogue)
    variants: Mapping[str, ProgramParams] = field(default_factory=dict)  # subtype -> its own procedure
    subtype_labels: Mapping[str, str] = field(default_factory=dict)
    means_tested: bool = False  # income and assets are tested (verification report, 核对)
    # comparison rules (verification.comparison_rules) that apply beyond the general ones
    comparison_rules: tuple[str, ...] = ()
    printable_forms: tuple[str, ...] = tuple(PRINTABLE_FORMS)  # the notice only where the procedure has one
    importable: bool = True  # existing recipients may be imported from a roll (benefits.services.recipients)
    aliases: tuple[str, ...] = ()  # other names people write for it in rolls and files (低保, 五保 …)
    # What the engine input must carry for this program: "support_payer_able" (a recorded fact), "kind" (options.kind,
    # one of the subtypes, and options.requested_amount).
    input_requirements: frozenset[str] = frozenset()
    # The standard item holding the amount a township may approve alone (临时救助 小额审批); None = no such limit.
    township_limit_item: str | None = None
    # The initial review sets who approves from the engine's procedure.approval_level (临时救助: small amounts).
    approval_from_policy: bool = False
    # Extra engine options from the case (subtype, requested amount …): (case) -> dict.
    case_options: Callable[[Any], dict] | None = None
    # Member facts the declaring app keeps in its own records (特困: self_care_unmet from the latest self-care
    # assessment): (person ids, month evaluated) -> {person id: {fact: value}}. Facts recorded on the case itself
    # (Case.facts) win over these.
    member_facts: Callable[[list[int], Any], dict[int, dict]] | None = None
    app_label: str = ""

    @property
    def monthly(self) -> bool:
        return self.payment == MONTHLY

    def params(self, subtype: str = "") -> ProgramParams:
        return self.variants.get(subtype) or self.procedure


def _declared(config) -> list[Program]:
    path = getattr(config, "benefit_programs", None)
    if not path:
        return []
    return [p if p.app_label else _with_app(p, config.label) for p in import_string(path)]


def _with_app(program: Program, label: str) -> Program:
    from dataclasses import replace

    return replace(program, app_label=label)


@cache
def _registry() -> dict[str, Program]:
    found: dict[str, Program] = {}
    for config in apps.get_app_configs():
        for program in _declared(config):
            if program.code in found:
                raise ValueError(f"program {program.code} declared twice ({found[program.code].app_label}, "
                                 f"{program.app_label})")
            found[program.code] = program
    return found


def all_programs() -> list[Program]:
    return list(_registry().values())


def get(code: str) -> Program | None:
    return _registry().get(code)


def require(code: str) -> Program:
    found = get(code)
    if found is None:
        raise Conflict(PROGRAM_NOT_CONFIGURED)
    return found


def names() -> dict[str, str]:
    """code -> Chinese name, in declaration order."""
    return {p.code: p.name for p in all_programs()}


def name(code: str) -> str:
    found = get(code)
    return found.name if found else code


def choices() -> list[tuple[str, str]]:
    """For model fields (a callable, so declaring a program needs no migration) and forms."""
    return [(p.code, p.name) for p in all_programs()]


def payable() -> tuple[str, ...]:
    """Programs the payroll pays: monthly ones every month, one-off ones (临时救助) once, in the first payroll of
    their month or after."""
    return tuple(p.code for p in all_programs() if p.payment in (MONTHLY, ONE_OFF))


def one_off() -> tuple[str, ...]:
    return tuple(p.code for p in all_programs() if p.payment == ONE_OFF)


def means_tested() -> tuple[str, ...]:
    return tuple(p.code for p in all_programs() if p.means_tested)


def with_comparison_rule(rule: str) -> tuple[str, ...]:
    return tuple(p.code for p in all_programs() if rule in p.comparison_rules)


def person_programs() -> frozenset[str]:
    return frozenset(p.code for p in all_programs() if p.unit == "person")


@cache
def importable() -> list[str]:
    return [p.code for p in all_programs() if p.importable]


@cache
def alias_table() -> dict[str, str]:
    """Every way a file may name a program (code, name, aliases) -> its code."""
    out: dict[str, str] = {}
    for p in all_programs():
        out.update({p.code: p.code, p.name: p.code, **dict.fromkeys(p.aliases, p.code)})
    return out


def params_for(program: str, subtype: str = "") -> ProgramParams:
    return require(program).params(subtype)


def params_of(case) -> ProgramParams | None:
    """The procedure of a case: its program's, or the program's variant for the case's subtype."""
    found = get(case.program)
    return found.params(case.subtype) if found else None


NAMES: Mapping[str, str] = Lazy(names)
PROCEDURES: Mapping[str, ProgramParams] = Lazy(lambda: {p.code: p.procedure for p in all_programs()})
