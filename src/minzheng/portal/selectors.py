"""The portal's reads. A citizen sees only what belongs to the household of the person their account is bound to:
every lookup by id goes through `own_*`, which answers 404 for anything else (another household's case, complaint,
letter), exactly as a staff lookup outside the region does. Staff read complaints through `complaints_for`
(the one scoping rule)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from minzheng.benefits import programs, workflow
from minzheng.benefits import selectors as benefits_selectors
from minzheng.core import clock, roles
from minzheng.core.errors import Conflict, Forbidden, NotFound
from minzheng.eldercare import codes as ec
from minzheng.eldercare import selectors as es
from minzheng.funeral import codes as fc
from minzheng.funeral import selectors as fs
from minzheng.marriage import codes as mc
from minzheng.marriage import selectors as ms
from minzheng.payroll.codes import LINE_STATUS
from minzheng.payroll.models import PayrollLine
from minzheng.portal import channel, codes
from minzheng.portal.models import Application, Complaint, Notice, PortalAccount, ServiceRequest
from minzheng.registry import selectors as registry_selectors

NOT_BOUND = "请先完成实名认证（身份证号码和姓名）"


def require_bound(account: PortalAccount) -> None:
    if not account.consent_version:
        raise Forbidden("请先阅读并同意《个人信息保护告知书》")
    if account.person_id is None:
        raise Forbidden(NOT_BOUND)


def own_membership(account: PortalAccount):
    require_bound(account)
    membership = registry_selectors.current_household(account.person)
    if membership is None:
        raise Conflict("您目前不在任何家庭户中，请到村（社区）登记")
    return membership


def own_household(account: PortalAccount):
    return own_membership(account).household


def actor_for(account: PortalAccount, household=None):
    """The kernel actor of this citizen (portal.channel), bound to their household's village."""
    household = household or own_household(account)
    return channel.actor(account.phone_masked, household.region_id)


def members(account: PortalAccount) -> list:
    household = own_household(account)
    return [m.person for m in registry_selectors.active_members(actor_for(account, household), household)]


def own_cases(account: PortalAccount) -> QuerySet:
    household = own_household(account)
    return (benefits_selectors.cases_for(actor_for(account, household)).filter(household_id=household.pk)
            .select_related("applicant", "beneficiary").order_by("-applied_on", "-id"))


def own_case(account: PortalAccount, case_id):
    case = own_cases(account).filter(pk=case_id).first() if isinstance(case_id, int) else None
    if case is None:
        raise NotFound("未找到该申请")
    return case


@dataclass
class Step:
    label: str
    due: dt.date | None
    met_on: dt.date | None
    kind: str


@dataclass
class Progress:
    case: object
    program_name: str
    state_label: str
    next_step: str
    deadline: dt.date | None
    steps: list[Step]
    history: list[dict]
    letter: bool
    notice_until: dt.date | None
    online: bool


def progress(case) -> Progress:
    """What the citizen reads about one case: state, next step, the legal deadlines, the history (no staff names)."""
    today = clock.today()
    dues = benefits_selectors.deadlines(case, today)
    params = programs.params_of(case)
    notice_until = (workflow.notice_last_day(case.notice_start_on, params.notice_days)
                    if params and case.notice_start_on else None)
    history = [{"label": e["label"], "on": e["on"], "state_label": e["state_label"]}
               for e in benefits_selectors.timeline(case)]
    return Progress(case=case, program_name=programs.name(case.program), state_label=workflow.STATES[case.state],
                    next_step=codes.NEXT_STEP.get(case.state, ""), deadline=case.due_on,
                    steps=[Step(d.label, d.due, d.met_on, d.kind) for d in dues], history=history,
                    letter=case.decision in ("approved", "refused") and case.state in (
                        workflow.APPROVED, workflow.GRANTED, workflow.REFUSED, workflow.REFUSAL_NOTIFIED),
                    notice_until=notice_until, online=case.channel == "online")


def letter_context(account: PortalAccount, case_id) -> dict:
    """The decision letter (审核确认决定书) of an own case, as the kernel's print template reads it."""
    case = own_case(account, case_id)
    if case.decision not in ("approved", "refused"):
        raise Conflict("该申请尚未作出决定，暂无决定书")
    today = clock.today()
    memberships = benefits_selectors.members_of(case.household_id, today)
    params = programs.params_of(case)
    return {"case": case, "kind": "decision", "title": "审核确认决定书", "program_name": programs.name(case.program),
            "members": [(m.person, m, m.person.age_on(today)) for m in memberships], "today": today,
            "region": benefits_selectors.region(case.region_code), "rules": params.rules if params else (),
            "entitlements": benefits_selectors.entitlements_of(case),
            "one_off": case.program in programs.one_off(), "policy": case.policy_result or {},
            "decision_event": benefits_selectors.decision_event(case)}


@dataclass
class Payment:
    month: dt.date
    for_month: dt.date
    program_name: str
    amount: Decimal
    status: str


def payments(account: PortalAccount) -> list[Payment]:
    """Money paid to the household by month: the payroll lines of its entitlements, newest first (one query)."""
    household = own_household(account)
    rows = (PayrollLine.objects.filter(household_id=household.pk).order_by("-month", "program", "id")
            .values_list("month", "for_month", "program", "amount_fen", "status")[:240])
    return [Payment(m, f, programs.name(p), Decimal(fen) / 100, LINE_STATUS.get(s, s)) for m, f, p, fen, s in rows]


def applications_of(account: PortalAccount) -> QuerySet[Application]:
    return Application.objects.filter(account=account)


# ---- complaints ------------------------------------------------------------------------------------------------------


def own_complaints(account: PortalAccount) -> QuerySet[Complaint]:
    return Complaint.objects.filter(account=account).order_by("-filed_on", "-id")


def own_complaint(account: PortalAccount, complaint_id) -> Complaint:
    found = own_complaints(account).filter(pk=complaint_id).first() if isinstance(complaint_id, int) else None
    if found is None:
        raise NotFound("未找到该诉求")
    return found


def complaints_for(user) -> QuerySet[Complaint]:
    if not roles.has_perm(user, "people.view"):
        raise Forbidden("您的角色无权查看群众诉求")
    return Complaint.objects.visible_to(user).select_related("case").order_by("due_on", "id")


def complaint_rows(user) -> QuerySet[Complaint]:
    """The staff list of portal complaints (the reporter of a fraud report is never shown)."""
    return complaints_for(user)


def get_complaint(user, complaint_id) -> Complaint:
    found = complaints_for(user).filter(pk=complaint_id).first()
    if found is None:
        raise NotFound()
    return found


def accounts_for(user) -> QuerySet[PortalAccount]:
    return PortalAccount.objects.visible_to(user)


# ---- requests through the other apps (marriage, funeral, eldercare) -------------------------------------------------


def village_actor(account: PortalAccount, household=None):
    household = household or own_household(account)
    return channel.actor(account.phone_masked, household.region_id, roles.VILLAGE)


def township_actor(account: PortalAccount, household=None):
    household = household or own_household(account)
    return channel.actor(account.phone_masked, channel.township_of(household.region_id), roles.TOWNSHIP)


def county_actor(account: PortalAccount, household=None):
    household = household or own_household(account)
    return channel.actor(account.phone_masked, channel.county_of(household.region_id), roles.COUNTY)


def own_requests(account: PortalAccount) -> QuerySet[ServiceRequest]:
    household = own_household(account)
    return ServiceRequest.objects.filter(household=household).order_by("-created_at", "-id")


def own_request(account: PortalAccount, request_id) -> ServiceRequest:
    found = own_requests(account).filter(pk=request_id).first() if isinstance(request_id, int) else None
    if found is None:
        raise NotFound("未找到该办件")
    return found


@dataclass
class RequestView:
    """One request as the resident reads it: what, when, where, its state in the owning app, what comes next."""

    request: ServiceRequest
    kind_label: str
    title: str
    state: str
    state_label: str
    lines: list[tuple[str, str]]
    token: str = ""  # the 清明 check-in code (the QR)
    cancellable: bool = False


def _marriage(account, ids):
    out = {}
    for a in ms.appointments_for(county_actor(account)).filter(pk__in=ids):
        out[a.pk] = (f"{mc.KINDS[a.kind]}预约", a.status, mc.APPOINTMENT_STATUS[a.status],
                     [("登记机关", a.registry.name), ("日期", f"{a.day:%Y年%m月%d日}"), ("时段", mc.SLOTS[a.slot]),
                      ("双方", "、".join(n for n in (a.name_a, a.name_b) if n))], "", a.status == "booked")
    return out


def _sweeping(account, ids):
    out = {}
    for b in fs.bookings_for(county_actor(account)).filter(pk__in=ids):
        out[b.pk] = ("清明祭扫", b.status, fc.BOOKING_STATUS[b.status],
                     [("公墓", b.slot.cemetery.name), ("日期", f"{b.slot.day:%Y年%m月%d日}"),
                      ("时段", f"{b.slot.starts:%H:%M}–{b.slot.ends:%H:%M}"), ("人数", str(b.party_size))],
                     b.token if b.status == "booked" else "", b.status == "booked")
    return out


def _deaths(account, ids):
    out = {}
    for d in fs.deaths_for(township_actor(account)).filter(pk__in=ids).select_related("person"):
        o = d.outcome or {}
        lines = [("逝者", d.person.name), ("死亡日期", f"{d.death_date:%Y年%m月%d日}")]
        lines += [("已办", c["text"]) for c in o.get("changed", [])]
        lines += [("发放", f"{p['label']} {p['amount']} 元：{p.get('status', '')}") for p in o.get("paid", [])]
        lines += [("还需办理", t) for t in o.get("todo", [])]
        out[d.pk] = ("身后一件事", d.status, fc.DEATH_STATUS[d.status], lines, "", False)
    return out


def _homecare(account, ids):
    out = {}
    for o in es.orders_for(village_actor(account)).filter(pk__in=ids):
        out[o.pk] = (o.item.name, o.state, ec.ORDER_STATES[o.state],
                     [("服务对象", o.person.name), ("服务组织", o.provider.name),
                      ("上门日期", f"{o.scheduled_on:%Y年%m月%d日}"), ("数量", str(o.quantity)),
                      ("金额", f"{o.amount_fen / 100:.2f} 元")], "", False)
    return out


_READERS = {"marriage": _marriage, "sweeping": _sweeping, "death": _deaths, "homecare": _homecare}


def request_views(account: PortalAccount, rows) -> list[RequestView]:
    """The views of `rows` (own requests): one query per kind present, whatever the number of rows."""
    rows = list(rows)
    found = {}
    for kind, reader in _READERS.items():
        ids = [r.object_id for r in rows if r.kind == kind]
        if ids:
            found |= {(kind, pk): v for pk, v in reader(account, ids).items()}
    out = []
    for r in rows:
        v = found.get((r.kind, r.object_id))
        if v is None:  # the app's row is gone or out of reach: say so rather than hide the request
            v = (codes.REQUEST_KINDS[r.kind], "", "请联系办理单位", [], "", False)
        title, state, label, lines, token, cancellable = v
        out.append(RequestView(r, codes.REQUEST_KINDS[r.kind], title, state, label, lines, token, cancellable))
    return out


def request_view(account: PortalAccount, request_id) -> RequestView:
    return request_views(account, [own_request(account, request_id)])[0]


def marriage_registries(account: PortalAccount) -> list[tuple[str, str]]:

    return ms.registry_choices(county_actor(account))


def marriage_slots(account: PortalAccount, registry_code: str, day: dt.date) -> list[dict]:
    """Free places per slot of a registry on a day (the marriage app's own counting)."""

    actor = county_actor(account)
    registry = ms.registry_by_code(actor, registry_code) if registry_code else None
    if registry is None:
        raise NotFound("未找到该婚姻登记机关")
    return ms.slots(actor, registry, day)


def sweeping_slots(account: PortalAccount) -> list:
    """清明 slots of the county's cemeteries from today, with places left (the funeral app's slot rows)."""

    return list(fs.slots_for(county_actor(account)).filter(day__gte=clock.today())[:200])


def homecare_items(account: PortalAccount) -> list[tuple[int, str]]:
    """The home-care service items serving the household's village (the eldercare app's own choices)."""

    return es.item_choices(village_actor(account))


def own_notices(account: PortalAccount) -> QuerySet[Notice]:
    require_bound(account)
    return Notice.objects.filter(account=account).order_by("-created_at", "-id")


def unread_notices(account: PortalAccount) -> int:
    return Notice.objects.filter(account=account, read_at__isnull=True).count()
