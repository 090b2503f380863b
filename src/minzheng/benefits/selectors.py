"""Scoped reads of the benefits kernel for the API, the CLI, the pages, the inbox and the other apps: cases (the list
with the user's task and deadline, the inbox 待办, what the user acted on 已办, a case with its deadlines, timeline,
members, objections and notices), what the printable sheets show, entitlements with their changes and reviews (the
reviews coming due, payees who died), the two registers (delegation of confirmation, conflict of interest) and
standards (lists, history, and `resolve`: the standards in force for a region, area and month, handed to the policy
engine). Every read of people's data goes through `Model.objects.visible_to(user)` (region subtree; 403 for roles
without access to people's data). The writes are in `benefits.services`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Case as CaseWhen
from django.db.models import Count, DateField, F, Max, Q, QuerySet, Value, When

from minzheng.benefits import catalogue, programs, workflow
from minzheng.benefits.models import (
    Case,
    CaseDocument,
    CaseEvent,
    ConflictRegister,
    Delegation,
    Entitlement,
    EntitlementChange,
    MissingItemsNotice,
    Objection,
    Review,
    Standard,
)
from minzheng.benefits.policy import Standards, StandardValue
from minzheng.benefits.policy.money import plain
from minzheng.core import clock, regioncodes, roles
from minzheng.core.errors import NotFound
from minzheng.core.models import Region
from minzheng.core.workdays import Calendar
from minzheng.registry.codes import HEAD
from minzheng.registry.models import Income, Membership
from minzheng.registry.selectors import require_people_access


def cases_for(user) -> QuerySet[Case]:
    require_people_access(user)
    return Case.objects.visible_to(user)


def get_case(user, case_id) -> Case:
    case = (cases_for(user).select_related("applicant", "beneficiary", "household", "decided_by")
            .filter(pk=case_id).first())
    if case is None:
        raise NotFound()
    return case


def search(user, program: str = "", state: str = "", region_code: str = "", household_id: int | None = None,
           overdue: bool | None = None) -> QuerySet[Case]:
    qs = cases_for(user)
    if program:
        qs = qs.filter(program=program)
    if state:
        qs = qs.filter(state__in=state.split(","))
    if household_id:
        qs = qs.filter(household_id=household_id)
    qs = qs.within(region_code, "region_code")
    if overdue is not None:
        late = Q(due_on__lt=clock.today())
        qs = qs.filter(late) if overdue else qs.exclude(late)
    return qs.select_related("applicant").order_by("-id")


def _my_work(user) -> tuple[Q, Q | None]:
    """(cases awaiting the user's role, data checks townships asked the county for — None for other roles)."""
    mine = Q(awaiting_role=user.role)
    if user.role != roles.COUNTY:
        return mine, None
    return mine, Q(state__in=workflow.INVESTIGATION_STATES, verification_requested_on__isnull=False,
                   verification_started_on__isnull=True)


def case_rows(user) -> QuerySet[Case]:
    """Cases for lists, each with the user's `task` and `task_due`: the county's pending data check (核对) where
    the case is not otherwise awaiting the county, else the case's nearest deadline (of whoever's turn it is)."""
    mine, pending = _my_work(user)
    qs = cases_for(user).select_related("applicant")
    if pending is None:
        return qs.annotate(task_due=F("due_on"), task=F("due_code"))
    checking = pending & ~mine
    return qs.annotate(
        task_due=CaseWhen(When(checking, then=F("verification_due_on")), default=F("due_on"), output_field=DateField()),
        task=CaseWhen(When(checking, then=Value("verification")), default=F("due_code")))


def awaiting_me(user, qs: QuerySet[Case]) -> QuerySet[Case]:
    """Narrow `case_rows` to the user's work (待我办理): the inbox's 待办案件."""
    mine, pending = _my_work(user)
    return qs.filter(mine if pending is None else mine | pending)


def by_urgency(qs: QuerySet[Case]) -> QuerySet[Case]:
    return qs.order_by(F("task_due").asc(nulls_last=True), "applied_on", "id")


def inbox(user) -> QuerySet[Case]:
    """待办: cases awaiting an action by the user's role in the user's subtree, nearest deadline first (no deadline
    last), with `task_due` and `task` annotated. A county also gets the data checks (核对) townships asked for."""
    return by_urgency(awaiting_me(user, case_rows(user)))


def done(user) -> QuerySet[Case]:
    """已办: cases the user acted on, most recent action first."""
    ids = CaseEvent.objects.filter(actor=user).values("case_id")
    return (cases_for(user).filter(pk__in=ids).annotate(last_acted=Max("events__at", filter=Q(events__actor=user)))
            .select_related("applicant").order_by("-last_acted", "-id"))


def row_out(case: Case, today: dt.date | None = None) -> dict[str, Any]:
    """A line of a list or the inbox."""
    today = today or clock.today()
    due = getattr(case, "task_due", case.due_on)
    return {"id": case.pk, "program": case.program, "program_name": catalogue.PROGRAMS[case.program],
            "state": case.state, "state_label": workflow.STATES[case.state], "region_code": case.region_code,
            "household_id": case.household_id, "applicant_id": case.applicant_id,
            "applicant_name": case.applicant.name, "applied_on": case.applied_on,
            "awaiting_role": case.awaiting_role or None, "task": getattr(case, "task", case.due_code) or None,
            "due_on": due, "due_provisional": case.due_provisional, "overdue": bool(due and today > due),
            "conflict_of_interest": case.conflict_of_interest}


def deadlines(case: Case, today: dt.date | None = None, calendar: Calendar | None = None) -> list[workflow.Due]:
    params = programs.params_of(case)
    if params is None:
        return []
    return workflow.deadlines(case.facts_view(), params, calendar or Calendar(case.region_code),
                              today or clock.today())


def timeline(case: Case) -> list[dict[str, Any]]:
    return [{"id": e.pk, "action": e.action, "label": workflow.LABELS.get(e.action, e.action),
             "state_from": e.state_from or None, "state_to": e.state_to or None,
             "state_label": workflow.STATES.get(e.state_to, ""), "actor": e.actor_name, "role": e.actor_role,
             "on": e.on_date, "at": e.at, "data": e.data, "signed_by": e.signed_by}
            for e in case.events.order_by("id")]


def detail(user, case: Case) -> dict[str, Any]:
    """Everything the case page shows: state, flags, decision, deadlines (live), timeline, what the user may do."""
    today = clock.today()
    params = programs.params_of(case)
    facts = case.facts_view()
    dues = deadlines(case, today)
    nearest = workflow.next_due(dues, facts, params) if params else None
    out = row_out(case, today) | {
        "subtype": case.subtype, "channel": case.channel, "channel_label": workflow.CHANNELS.get(case.channel, ""),
        "beneficiary_id": case.beneficiary_id, "beneficiary_name": case.beneficiary.name if case.beneficiary else None,
        "delegated": case.delegated, "special_case": case.special_case, "complaint": case.complaint,
        "spot_check_required": case.spot_check_required, "irregular_income": case.irregular_income,
        "needs_county_visit": facts.needs_county_visit, "proxy_document": case.proxy_document,
        "confirming_role": workflow.confirming_role(facts, params) if params else None,
        "dates": {f: getattr(case, f) for f in workflow.FACT_FIELDS if f.endswith("_on")},
        "decision": case.decision or None, "amount": _money(case.amount), "policy_amount": _money(case.policy_amount),
        "override_reason": case.override_reason, "refusal_reason": case.refusal_reason,
        "decided_by": case.decided_by.username if case.decided_by_id else None,
        "bank_name": case.bank_name, "bank_account": case.bank_account_masked,
        "facts": case.facts, "policy_result": case.policy_result or None,
        "due_on": nearest.due if nearest else None, "due_provisional": nearest.provisional if nearest else False,
        "task": nearest.code if nearest else None, "overdue": any(d.overdue for d in dues),
        "deadlines": [d.as_dict() for d in dues],
        "timeline": timeline(case),
        "allowed_actions": ([{"action": a, "label": workflow.LABELS[a]}
                             for a in workflow.allowed_actions(facts, user.role, params)]
                            if params and user.role != roles.CITY else []),
        "entitlements": [e.pk for e in entitlements_of(case)],
    }
    return out


def _money(value) -> str | None:
    return None if value is None else f"{value:.2f}"


# ---- what the case page shows besides the case --------------------------------------------------------------------


def entitlements_of(case: Case) -> QuerySet[Entitlement]:
    """The entitlements a case created (the case was read through the user's scope: so are they)."""
    return Entitlement.objects.filter(source_case=case).select_related("payee", "person").order_by("id")


def entitlement_of(case: Case, entitlement_id) -> Entitlement:
    found = entitlements_of(case).filter(pk=entitlement_id).first()
    if found is None:
        raise NotFound()
    return found


def documents_of(case: Case) -> QuerySet[CaseDocument]:
    return CaseDocument.objects.filter(case=case).select_related("uploaded_by").order_by("id")


def objections_of(case: Case) -> QuerySet[Objection]:
    return Objection.objects.filter(case=case).order_by("id")


def missing_notices_of(case: Case) -> QuerySet[MissingItemsNotice]:
    return MissingItemsNotice.objects.filter(case=case).order_by("id")


def members_of(household_id: int, day: dt.date) -> list[Membership]:
    """Current memberships of a household with their person, head first, without those who died before `day`
    (the members the policy counts: case_evaluation.household_members)."""
    rows = (Membership.objects.filter(household_id=household_id, left_on__isnull=True).select_related("person")
            .order_by("person_id"))
    rows = sorted(rows, key=lambda m: (m.relation != HEAD, m.person_id))
    return [m for m in rows if m.person.death_date is None or m.person.death_date >= day]


def region(code: str) -> Region | None:
    return Region.objects.filter(code=code).first()


# ---- printable sheets ---------------------------------------------------------------------------------------------


def incomes_of(person_ids: list[int]) -> QuerySet[Income]:
    return Income.objects.filter(person_id__in=person_ids).select_related("person").order_by("person_id", "-year",
                                                                                             "kind")


def home_visits(case: Case) -> QuerySet[CaseEvent]:
    return case.events.filter(action__in=("record_home_visit", "county_home_visit")).order_by("id")


def decision_event(case: Case) -> CaseEvent | None:
    return case.events.filter(action__in=("confirm", "refuse")).order_by("-id").first()


def notice_cases(user, program: str, region_code: str) -> list[Case]:
    """Cases of a program now in their public notice period in a region subtree (the 公示 sheet)."""
    return list(cases_for(user).filter(program=program, state__in=(workflow.IN_NOTICE, workflow.OBJECTION))
                .within(region_code, "region_code")
                .select_related("applicant", "beneficiary").order_by("region_code", "id"))


def household_sizes(household_ids) -> dict[int, int]:
    """Living current members per household, in one query."""
    return dict(Membership.objects.filter(household_id__in=set(household_ids), left_on__isnull=True)
                .values("household_id").annotate(n=Count("id", filter=Q(person__death_date__isnull=True)))
                .values_list("household_id", "n"))


# ---- entitlements and standards lists -----------------------------------------------------------------------------


def entitlement_rows(user) -> QuerySet[Entitlement]:
    """Entitlements in the user's subtree, with payee and beneficiary for the list."""
    require_people_access(user)
    return Entitlement.objects.visible_to(user).select_related("payee", "person")


def standards_for(user) -> QuerySet[Standard]:
    """The standards that apply where the user works: those set for the user's region, for the regions above it
    (a province's or city's standard applies unless a lower level sets its own) and for the regions below it. Other
    provinces' standards are not listed (standards are policy, not people's data: this is relevance, not secrecy)."""
    require_people_access(user)
    ancestors, code = [], regioncodes.parent_code(user.region_id)
    while code:
        ancestors.append(code)
        code = regioncodes.parent_code(code)
    return Standard.objects.filter(Q(region_code__in=ancestors)
                                   | Q(**regioncodes.subtree_lookup("region_code", user.region_id)))


def standard_history(user, program: str, item: str, region_code: str, area: str) -> QuerySet[Standard]:
    """Every row ever set for one (program, item, region, area), oldest first; 404 for a malformed region code."""
    try:
        code = regioncodes.normalize(region_code)
    except regioncodes.RegionCodeError:
        raise NotFound() from None
    return standards_for(user).select_related("created_by").filter(program=program, item=item, region_code=code,
                                                                   area=area)

# ---- reads for the API (schemas.case_out, api.cases) -------------------------------------------------------------


def search_cases(user, *, program: str = "", states: tuple[str, ...] = (), region_code: str | None = None,
                 household_id: int | None = None, overdue: bool | None = None) -> QuerySet[Case]:
    """GET /api/v1/cases: the user's cases by program, states, region subtree, household and overdue, newest first."""
    qs = cases_for(user).within(region_code or "", "region_code")
    if program:
        qs = qs.filter(program=program)
    if states:
        qs = qs.filter(state__in=states)
    if household_id:
        qs = qs.filter(household_id=household_id)
    if overdue is not None:
        late = Q(due_on__lt=clock.today())
        qs = qs.filter(late) if overdue else qs.exclude(late)
    return qs.select_related("applicant").order_by("-id")


def case_events(case: Case) -> QuerySet[CaseEvent]:
    """The case's timeline, oldest first."""
    return case.events.order_by("id")


def case_entitlement_ids(case: Case) -> list[int]:
    return list(Entitlement.objects.filter(source_case=case).order_by("id").values_list("id", flat=True))


# ---- entitlements and reviews (API, inbox, case page, other apps) -------------------------------------------------


def entitlements_for(user, program: str = "", status: str = "", region_code: str | None = "") -> QuerySet[Entitlement]:
    """The user's entitlements by program, status and region subtree (422 on a malformed region code)."""
    require_people_access(user)
    qs = Entitlement.objects.visible_to(user).within(region_code or "", "region_code")
    if program:
        qs = qs.filter(program=program)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("id")


def get_entitlement(user, entitlement_id) -> Entitlement:
    found = entitlements_for(user).filter(pk=entitlement_id).first()
    if found is None:
        raise NotFound()
    return found


def reviews_due(user, before: dt.date | None = None) -> QuerySet[Review]:
    require_people_access(user)
    qs = Review.objects.visible_to(user).filter(done_on__isnull=True).select_related("entitlement")
    if before is not None:
        qs = qs.filter(due_on__lte=before)
    return qs.order_by("due_on", "id")


def changes_of(ent: Entitlement) -> list[EntitlementChange]:
    return list(ent.changes.all())


def reviews_of(ent: Entitlement) -> list[Review]:
    return list(ent.reviews.order_by("due_on", "id"))


def payee_deceased(user) -> QuerySet[Entitlement]:
    """Work list: entitlements still in force whose payee has died — the payroll holds their money back until a new
    payee is recorded (change_payee)."""
    require_people_access(user)
    return (Entitlement.objects.visible_to(user).exclude(status="stopped").filter(payee__death_date__isnull=False)
            .select_related("payee").order_by("region_code", "id"))


# ---- registers: delegation (审核确认委托) and conflict of interest (近亲属备案) -----------------------------------


def delegated(program: str, region_code: str, day: dt.date) -> bool:
    """Whether confirmation of `program` is delegated to the township of `region_code` on `day`: the row in force
    (latest effective_from ≤ day) of the most specific region of the chain township → county wins."""
    code = regioncodes.normalize(region_code)
    chain = [code[:9].ljust(12, "0"), code[:6].ljust(12, "0")]
    rows = (Delegation.objects.filter(program=program, region_code__in=chain, effective_from__lte=day)
            .order_by("-effective_from").values_list("region_code", "delegated"))
    best: dict[str, bool] = {}
    for region, flag in rows:
        best.setdefault(region, flag)
    for region in chain:
        if region in best:
            return best[region]
    return False


def delegations_for(user) -> QuerySet[Delegation]:
    """Delegation rows of the user's county (a township or village user sees its whole county's settings)."""
    require_people_access(user)
    prefix = user.region_prefix
    scope = prefix[:6] if len(prefix) >= 6 else prefix
    return (Delegation.objects.filter(**regioncodes.subtree_lookup("region_code", scope))
            .order_by("program", "region_code", "effective_from"))


def conflicts_for(user) -> QuerySet[ConflictRegister]:
    require_people_access(user)
    return ConflictRegister.objects.visible_to(user).select_related("relative").order_by("-registered_on", "-id")


def get_register_row(user, row_id) -> ConflictRegister:
    row = conflicts_for(user).filter(pk=row_id).first()
    if row is None:
        raise NotFound()
    return row


# ---- standards: lists, history and resolution ---------------------------------------------------------------------


def region_chain(code12: str) -> list[str]:
    """The region and its ancestors, most specific first."""
    chain, code = [], code12
    while code is not None:
        chain.append(code)
        code = regioncodes.parent_code(code)
    return chain


def list_standards(program: str = "", item: str = "", region_code: str = "", within: str = "", area: str = "",
                   as_of: dt.date | None = None) -> QuerySet[Standard]:
    """Standards by filter. region_code: the rows that may apply there (the region and its ancestors); within: the
    rows set anywhere in a subtree; as_of: only rows in force on that date."""
    qs = Standard.objects.select_related("created_by")
    if program:
        qs = qs.filter(program=program)
    if item:
        qs = qs.filter(item=item)
    if region_code:
        qs = qs.filter(region_code__in=region_chain(regioncodes.normalize(region_code)))
    if within:
        qs = qs.filter(**regioncodes.subtree_lookup("region_code", regioncodes.normalize(within)))
    if area:
        qs = qs.filter(area__in=[area, "all"] if area in ("urban", "rural") else [area])
    if as_of is not None:
        qs = qs.in_force(as_of)
    return qs.order_by("program", "item", "region_code", "area", "effective_from")


def history(program: str, item: str, region_code: str, area: str) -> QuerySet[Standard]:
    """Every row ever set for one (program, item, region, area), oldest first."""
    return Standard.objects.select_related("created_by").filter(
        program=program, item=item, region_code=regioncodes.normalize(region_code), area=area,
    ).order_by("effective_from")


def resolve(region_code: str, area: str, month: dt.date) -> Standards:
    """The standards in force on the first day of `month` for a household in `region_code` with `area`.

    For a region, an area (urban/rural) and a month, each (program, item) takes the row in force on the first day of
    the month from the most specific region of the chain village → township → county → city → province; within one
    region an urban/rural row wins over an "all" row. The policy engine gets the result as a plain policy.Standards
    mapping, each value carrying its region, area, period and source."""
    code = regioncodes.normalize(region_code)
    day = month.replace(day=1)
    chain = region_chain(code)
    depth = {c: len(chain) - k for k, c in enumerate(chain)}
    rows = Standard.objects.in_force(day).filter(region_code__in=chain, area__in=[area, "all"])
    best: dict[tuple[str, str], tuple[tuple, Standard]] = {}
    for row in rows:
        rank = _rank(row, depth)
        key = (row.program, row.item)
        if key not in best or rank > best[key][0]:
            best[key] = (rank, row)
    names = dict(Region.objects.filter(code__in=chain).values_list("code", "name"))
    values = {key: StandardValue(row.program, row.item, row.value, row.unit, row.region_code,
                                 names.get(row.region_code, ""), row.area, row.effective_from, row.effective_to,
                                 row.source)
              for key, (_, row) in best.items()}
    return Standards(values, code, area, day)


def _rank(row: Standard, depth: dict[str, int]) -> tuple:
    # resolve()'s rule: the most specific region, then an urban/rural row over "all", then the latest in force.
    return (depth[row.region_code], row.area != "all", row.effective_from)


def resolve_item(program: str, item: str, region_codes, area: str, month: dt.date) -> dict[str, Standard | None]:
    """{region code: the row of one (program, item) resolve() would choose for it}, for many regions in one query
    (an inbox or a job over a whole county reads a village's period or threshold once, not once per village). None
    where no region of the chain sets it: the catalogue's default, if any, is the caller's to apply."""
    day = month.replace(day=1)
    chains = {code: region_chain(regioncodes.normalize(code)) for code in set(region_codes)}
    every = {c for chain in chains.values() for c in chain}
    rows = list(Standard.objects.in_force(day).filter(program=program, item=item, region_code__in=every,
                                                      area__in=[area, "all"]))
    out: dict[str, Standard | None] = {}
    for code, chain in chains.items():
        depth = {c: len(chain) - k for k, c in enumerate(chain)}
        fitting = [row for row in rows if row.region_code in depth]
        out[code] = max(fitting, key=lambda row: _rank(row, depth)) if fitting else None
    return out


def values_in_force(program: str, item: str, day: dt.date) -> list:
    """Every value one (program, item) takes on `day` in any region and area (e.g. the shortest period anywhere)."""
    return list(Standard.objects.in_force(day).filter(program=program, item=item).values_list("value", flat=True))


def standard_out(row: Standard) -> dict[str, Any]:
    spec = catalogue.ITEMS.get((row.program, row.item))
    return {"id": row.pk, "program": row.program, "item": row.item, "label": spec.label if spec else row.item,
            "region_code": row.region_code, "area": row.area, "value": plain(row.value), "unit": row.unit,
            "effective_from": row.effective_from, "effective_to": row.effective_to, "source": row.source,
            "created_by": row.created_by.username if row.created_by_id else "", "created_at": row.created_at}
