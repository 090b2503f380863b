"""Printable documents (print view; the browser prints or saves them as PDF): the application form (申请书), the
home-visit record (入户调查表), the public notice sheet (公示: name, household size and amount only — 57号 第十九条;
only where the program's procedure has a public notice, never for children's programs) and the decision letter
(确认通知书 / 不予确认通知书 with the appeal rights). A program offers the sheets it declares
(`Program.printable_forms`). Printing is read-only but these sheets carry personal data: each print is audited."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse

from minzheng.benefits import programs, selectors, workflow
from minzheng.core import audit, clock, regioncodes
from minzheng.core.errors import Conflict, NotFound

KINDS = {"application": "申请书", "investigation": "入户调查表", "decision": "审核确认决定书", "notice": "公示"}
NO_NOTICE = "该救助项目不公示（儿童福利等项目保护个人隐私）"


def _audit_print(user, kind: str, object_type: str, object_id, region_code: str, **extra) -> None:
    audit.record(user, audit.Event("export", object_type, object_id, region_code,
                                   {"print": [None, kind], **{k: [None, v] for k, v in extra.items()}}))


def _declared(case) -> tuple[str, ...]:
    program = programs.get(case.program)
    return program.printable_forms if program else ()


def _has_notice(case) -> bool:
    params = programs.params_of(case)
    return bool(params and params.public_notice)


def offered_prints(case) -> list[dict]:
    """The sheets the case page offers now: declared by the program, and meaningful in the case's state."""
    ready = {"application": True, "investigation": True,
             "notice": bool(case.notice_start_on) and _has_notice(case), "decision": bool(case.decision)}
    return [{"kind": kind, "label": KINDS[kind], "url": reverse("case_print", args=[case.pk, kind])}
            for kind in KINDS if kind in _declared(case) and ready[kind]]


@login_required
def case_print(request, case_id: int, kind: str):
    user = request.user
    case = selectors.get_case(user, case_id)
    if kind not in KINDS or kind not in _declared(case):
        raise NotFound("没有这种文书")
    if kind == "notice":
        return _notice(request, [case], case.region_code, case.program, single=True)
    today = clock.today()
    memberships = selectors.members_of(case.household_id, today)
    params = programs.params_of(case)
    context = {"case": case, "kind": kind, "title": KINDS[kind], "program_name": programs.name(case.program),
               "members": [(m.person, m, m.person.age_on(today)) for m in memberships], "today": today,
               "region": selectors.region(case.region_code), "rules": params.rules if params else ()}
    if kind == "application":
        context["incomes"] = selectors.incomes_of([m.person_id for m in memberships])
        context["assets"] = (case.facts or {}).get("assets") or {}
        context["channel"] = workflow.CHANNELS.get(case.channel, "")
    elif kind == "investigation":
        context["visits"] = selectors.home_visits(case)
        context["facts"] = case.facts or {}
    else:  # decision
        if case.decision not in ("approved", "refused"):
            raise Conflict("该申请尚未作出审核确认决定，不能打印决定书")
        context["entitlements"] = selectors.entitlements_of(case)
        context["one_off"] = case.program in programs.one_off()
        context["policy"] = case.policy_result or {}
        context["decision_event"] = selectors.decision_event(case)
    _audit_print(user, kind, "case", case.pk, case.region_code)
    return render(request, f"benefits/print_{kind}.html", context)


@login_required
def notice_sheet(request):
    """The 公示 sheet of a village or township: cases now in their notice period, with the amount proposed."""
    user = request.user
    program = request.GET.get("program") or "dibao"
    code = (request.GET.get("region_code") or user.region_id).strip()
    try:
        code = regioncodes.normalize(code)
    except regioncodes.RegionCodeError:
        code = user.region_id
    params = programs.PROCEDURES.get(program)
    if params is None or not params.public_notice:
        raise Conflict(NO_NOTICE)
    return _notice(request, selectors.notice_cases(user, program, code), code, program)


def _notice(request, cases: list, code: str, program: str, single: bool = False):
    params = programs.params_of(cases[0]) if single else programs.PROCEDURES.get(program)
    if params is None or not params.public_notice:
        raise Conflict(NO_NOTICE)
    sizes = selectors.household_sizes(c.household_id for c in cases)
    rows = [{"name": c.beneficiary.name if c.beneficiary_id else c.applicant.name,
             "size": 1 if c.beneficiary_id else sizes.get(c.household_id, 0), "amount": c.policy_amount,
             "start": c.notice_start_on,
             "end": workflow.notice_last_day(c.notice_start_on, params.notice_days) if c.notice_start_on else None}
            for c in cases]
    _audit_print(request.user, "notice", "case" if single else "notice_sheet", cases[0].pk if single else 0, code,
                 program=program, count=len(rows))
    return render(request, "benefits/print_notice.html", {
        "rows": rows, "region": selectors.region(code), "program_name": programs.name(program),
        "today": clock.today(), "notice_days": params.notice_days, "single": single})
