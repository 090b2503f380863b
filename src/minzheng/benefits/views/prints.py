"""Printable documents (print view; the browser prints or saves them as PDF): the application form (申请书), the
home-visit record (入户调查表), the public notice sheet (公示: name, household size and amount only — 57号 第十九条;
never for children's programs) and the decision letter (确认通知书 / 不予确认通知书 with the appeal rights).
Printing is read-only but these sheets carry personal data: each print is audited."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import render

from minzheng.benefits import programs
from minzheng.benefits import selectors as case_selectors
from minzheng.benefits import case_evaluation as casepolicy
from minzheng.benefits import workflow
from minzheng.benefits import catalogue
from minzheng.benefits.models import Case, Entitlement
from minzheng.core import audit, clock, regioncodes
from minzheng.core.errors import Conflict, NotFound
from minzheng.core.models import Region
from minzheng.registry.models import Income, Membership

KINDS = {"application": "申请书", "investigation": "入户调查表", "decision": "审核确认决定书", "notice": "公示"}


def _audit_print(user, kind: str, object_type: str, object_id, region_code: str, **extra) -> None:
    audit.record(user, audit.Event("export", object_type, object_id, region_code,
                                   {"print": [None, kind], **{k: [None, v] for k, v in extra.items()}}))


@login_required
def case_print(request, case_id: int, kind: str):
    if kind not in KINDS:
        raise NotFound("没有这种文书")
    user = request.user
    case = case_selectors.get_case(user, case_id)
    if kind == "notice":
        return _notice(request, [case], case.region_code, case.program, single=True)
    today = clock.today()
    members = casepolicy.household_members(case.household_id, today)
    params = programs.params_of(case)
    memberships = {m.person_id: m for m in Membership.objects.filter(household_id=case.household_id,
                                                                     left_on__isnull=True)}
    context = {"case": case, "kind": kind, "title": KINDS[kind], "program_name": catalogue.PROGRAMS[case.program],
               "members": [(p, memberships.get(p.pk), p.age_on(today)) for p in members], "today": today,
               "region": Region.objects.filter(code=case.region_code).first(),
               "rules": params.rules if params else ()}
    if kind == "application":
        context["incomes"] = Income.objects.filter(person_id__in=[p.pk for p in members]).select_related(
            "person").order_by("person_id", "-year", "kind")
        context["assets"] = (case.facts or {}).get("assets") or {}
        context["channel"] = workflow.CHANNELS.get(case.channel, "")
    elif kind == "investigation":
        context["visits"] = case.events.filter(action__in=("record_home_visit", "county_home_visit")).order_by("id")
        context["facts"] = case.facts or {}
    else:  # decision
        if case.decision not in ("approved", "refused"):
            raise Conflict("该申请尚未作出审核确认决定，不能打印决定书")
        context["entitlements"] = Entitlement.objects.filter(source_case=case).select_related("payee", "person")
        context["policy"] = case.policy_result or {}
        context["decision_event"] = case.events.filter(action__in=("confirm", "refuse")).order_by("-id").first()
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
    qs = case_selectors.cases_for(user).filter(
        program=program, state__in=(workflow.IN_NOTICE, workflow.OBJECTION),
        **regioncodes.subtree_lookup("region_code", code))
    return _notice(request, list(qs.select_related("applicant").order_by("region_code", "id")), code, program)


def _notice(request, cases: list[Case], code: str, program: str, single: bool = False):
    params = programs.params_of(cases[0]) if single else programs.PROCEDURES.get(program)
    if params is None or not params.public_notice:
        raise Conflict("该救助项目不公示（儿童福利等项目保护个人隐私）")
    sizes = dict(Membership.objects.filter(household_id__in=[c.household_id for c in cases], left_on__isnull=True)
                 .values("household_id").annotate(n=Count("id", filter=Q(person__death_date__isnull=True)))
                 .values_list("household_id", "n"))
    rows = [{"name": (c.beneficiary or c.applicant).name if c.beneficiary_id else c.applicant.name,
             "size": 1 if c.beneficiary_id else sizes.get(c.household_id, 0), "amount": c.policy_amount,
             "start": c.notice_start_on,
             "end": workflow.notice_last_day(c.notice_start_on, params.notice_days) if c.notice_start_on else None}
            for c in cases]
    region = Region.objects.filter(code=code).first()
    _audit_print(request.user, "notice", "case" if single else "notice_sheet", cases[0].pk if single else 0, code,
                 program=program, count=len(rows))
    return render(request, "benefits/print_notice.html", {
        "rows": rows, "region": region, "program_name": catalogue.PROGRAMS[program], "today": clock.today(),
        "notice_days": params.notice_days, "single": single})
