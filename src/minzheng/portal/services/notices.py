"""Notices to residents (站内消息 + SMS) when a staff action changes the state of something of theirs.

How the portal learns of it: every write on the platform is audited, and `core.audit.recorded` is sent with the
events of each append (inside the writer's transaction). `on_recorded` (connected in PortalConfig.ready) picks the
events it cares about and notifies, set-based — a fixed number of queries per batch, whatever its size:

- `case` update with a new state in codes.CASE_NOTICES (受理, 补齐材料, 公示, 审核确认, 决定书 …) → the bound
  accounts of the case household's current members;
- `payroll` reconcile (the bank's return file applied) → the bound accounts of every household with a line paid in
  that payroll: one query for the lines, one for the accounts, one bulk insert (a month's payroll of 100,000 lines
  is still three queries, never one per person);
- the other apps' rows a resident booked or ordered here (codes.REQUEST_OBJECTS: marriage appointments, 清明
  bookings, 身后一件事, home-care orders) → the account that made the request (portal.ServiceRequest).

Actions by the portal's own system actor (the resident acting) are not notified. Notices are rows (`Notice`, unique
per account and key, so a repeated event notifies once) written in the same transaction as the change; the SMS go
through the gateway after the commit (a rolled-back action sends nothing). Failures here never break the staff
action: the work runs in a savepoint and is logged."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, Sum
from django.urls import reverse
from django.utils import timezone

from minzheng.benefits import programs
from minzheng.core import audit, protected
from minzheng.eldercare import codes as eldercare_codes
from minzheng.marriage import codes as marriage_codes
from minzheng.portal import channel, codes
from minzheng.portal.gateway import gateway
from minzheng.portal.models import Notice, PortalAccount, ServiceRequest

logger = logging.getLogger("minzheng.portal.notices")
WATCHED = frozenset({"case", "payroll", *codes.REQUEST_OBJECTS})
# State labels some services audit instead of codes → the code.
_LABELS = {"marriage": {v: k for k, v in marriage_codes.APPOINTMENT_STATUS.items()},
           "homecare": {v: k for k, v in eldercare_codes.ORDER_STATES.items()}}


def on_recorded(sender, actor=None, events: Iterable = (), **kwargs) -> None:
    """core.audit.recorded receiver: no query when nothing is watched, one read per kind present otherwise; the
    writes (only when someone is to be told) in a savepoint."""
    if channel.is_portal(actor):
        return
    watched = [e for e in events if e.object_type in WATCHED]
    if not watched:
        return
    try:
        rows = notices_for(watched)
        if rows:
            with transaction.atomic():
                deliver(rows)
    except Exception:  # a notice must never undo a staff member's action
        logger.exception("掌上民政消息生成失败")


def notify_events(events: list) -> int:
    return deliver(notices_for(events))


def notices_for(events: list) -> list[Notice]:
    """The notices `events` call for (unsaved), read set-based."""
    cases, payrolls, requests = {}, set(), {}
    for e in events:
        changes = e.changes or {}
        if e.object_type == "case":
            state = (changes.get("state") or [None, None])[1]
            if state in codes.CASE_NOTICES:
                cases[int(e.object_id)] = state
        elif e.object_type == "payroll" and e.action == "reconcile":
            payrolls.add(int(e.object_id))
        elif e.object_type in codes.REQUEST_OBJECTS:
            kind = codes.REQUEST_OBJECTS[e.object_type]
            state = "completed" if e.action == "death_complete" else _new_state(kind, changes)
            if (kind, state) in codes.REQUEST_NOTICES:
                requests[(kind, int(e.object_id))] = state
    return _case_notices(cases) + _payment_notices(payrolls) + _request_notices(requests)


def _new_state(kind: str, changes: dict) -> str | None:
    pair = changes.get("status") or changes.get("state")
    if not isinstance(pair, (list, tuple)) or len(pair) != 2:
        return None
    return _LABELS.get(kind, {}).get(pair[1], pair[1])


def _bound_memberships():
    """Current memberships of people with a consented portal account."""
    from minzheng.registry.models import Membership

    return (Membership.objects.filter(left_on__isnull=True, person__portal_account__isnull=False)
            .exclude(person__portal_account__consent_version=""))


def _accounts_of_households(household_ids) -> dict[int, list[int]]:
    """household id → the bound accounts of its current members (one query)."""
    out = defaultdict(list)
    for household, account in (_bound_memberships().filter(household_id__in=household_ids)
                               .values_list("household_id", "person__portal_account__id")):
        out[household].append(account)
    return out


def _case_notices(cases: dict[int, str]) -> list[Notice]:
    """One query: the cases with the bound accounts of their household's current members (none: nothing to do)."""
    if not cases:
        return []
    from minzheng.benefits.models import Case

    # one filter() call: the conditions hold for the same membership (a multi-valued relation)
    found = (Case.objects.filter(pk__in=cases, household__memberships__left_on__isnull=True,
                                 household__memberships__person__portal_account__consent_version__gt="")
             .values_list("pk", "program", "household__memberships__person__portal_account__id"))
    now = timezone.now()
    return [Notice(account_id=a, key=f"case:{pk}:{cases[pk]}", kind="case", created_at=now,
                   link=reverse("portal_case", args=[pk]),
                   text=f"您的{programs.name(program)}申请（编号 {pk}）{codes.CASE_NOTICES[cases[pk]]}。")
            for pk, program, a in found]


def _payment_notices(payrolls: set[int]) -> list[Notice]:
    if not payrolls:
        return []
    from minzheng.payroll.models import PayrollLine

    # Only the households someone can be told about: a county's payroll has a million lines, its portal far fewer
    # bound households, and summing every household's lines here was a third of reconciling a return.
    paid = list(PayrollLine.objects.filter(payroll_id__in=payrolls, status="paid",
                                           household_id__in=_bound_memberships().values("household_id"))
                .values("payroll_id", "household_id", "month").annotate(fen=Sum("amount_fen"), n=Count("id")))
    accounts = _accounts_of_households({r["household_id"] for r in paid})
    now = timezone.now()
    return [Notice(account_id=a, key=f"paid:{r['payroll_id']}:{r['household_id']}", kind="payment", created_at=now,
                   link=reverse("portal_payments"),
                   text=(f"{r['month'].year}年{r['month'].month}月救助金 {r['fen'] / 100:.2f} 元已发放到账"
                         f"（{r['n']} 笔），明细见掌上民政“到账记录”。"))
            for r in paid for a in accounts.get(r["household_id"], ())]


def _request_notices(requests: dict[tuple[str, int], str]) -> list[Notice]:
    if not requests:
        return []
    by_kind = defaultdict(list)
    for kind, pk in requests:
        by_kind[kind].append(pk)
    found = []
    for kind, ids in by_kind.items():  # one query per kind present (at most four)
        found += ServiceRequest.objects.filter(kind=kind, object_id__in=ids).values_list("pk", "account_id", "kind",
                                                                                        "object_id")
    now = timezone.now()
    out = []
    for pk, account, kind, oid in found:
        state = requests[(kind, oid)]
        out.append(Notice(account_id=account, key=f"{kind}:{oid}:{state}", kind="request", created_at=now,
                          link=reverse("portal_request", args=[pk]),
                          text=f"您的{codes.REQUEST_KINDS[kind]}（编号 {oid}）"
                               f"{codes.REQUEST_NOTICES[(kind, state)]}。"))
    return out


def notify(account: PortalAccount, key: str, kind: str, text: str, link: str = "") -> int:
    """One notice to one account (the portal's own confirmations, e.g. a booking made)."""
    return deliver([Notice(account=account, key=key, kind=kind, text=text, link=link, created_at=timezone.now())])


def deliver(rows: list[Notice]) -> int:
    """Insert the notices (a repeated key is skipped) and send each by SMS after the commit."""
    if not rows:
        return 0
    keys = {(n.account_id, n.key) for n in rows}
    existing = set(Notice.objects.filter(account_id__in={a for a, _ in keys}, key__in={k for _, k in keys})
                   .values_list("account_id", "key"))
    fresh, seen = [], set(existing)
    for n in rows:
        if (n.account_id, n.key) not in seen:
            seen.add((n.account_id, n.key))
            fresh.append(n)
    if not fresh:
        return 0
    Notice.objects.bulk_create(fresh, batch_size=2000)
    audit.record("portal:消息", audit.Event("portal_notice", "portal_account", "", "", {
        "notices": [None, len(fresh)], "kinds": [None, sorted({n.kind for n in fresh})]}))
    texts = [(n.account_id, n.text) for n in fresh]
    transaction.on_commit(lambda: _send(texts))
    return len(fresh)


def _send(texts: list[tuple[int, str]]) -> None:
    phones = {a.pk: protected.unseal(a, "phone_enc")
              for a in PortalAccount.objects.filter(pk__in={a for a, _ in texts}).only("pk", "phone_enc",
                                                                                     "phone_index")}
    sms = gateway()
    for account_id, text in texts:
        phone = phones.get(account_id)
        if phone:
            try:
                sms.send(phone, f"【掌上民政】{text}")
            except Exception:  # one failed message must not stop the others
                logger.exception("短信发送失败")


def mark_read(account: PortalAccount) -> int:
    """The resident has read their notices (the inbox page or the API)."""
    return Notice.objects.filter(account=account, read_at__isnull=True).update(read_at=timezone.now())
