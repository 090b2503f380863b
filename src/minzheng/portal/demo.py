"""The portal's share of `make demo` (AppConfig.demo_data): a few residents of the demo village with portal accounts
(consented, bound by real-name binding to registry people through the same services as the pages), applications
filed online in several states — just filed, accepted and visited, 临时救助 filed — an account of a household that
already receives 低保 (its payments by month show), and a fraud report and an objection-free complaint awaiting the
township's answer. The demo phone numbers are returned (sign in at /portal/login/, the code is in the server log).

Deterministic for a context.seed: households are picked in id order with a seeded random.Random. Run on a fresh
county (accounts already there are reused)."""

from __future__ import annotations

import random

from minzheng.core import crypto, protected


def _candidates(village: str, busy: set[int]) -> list:
    """(household, head) pairs of the village: the head alive, in id order."""
    from minzheng.registry.models import Household

    rows = (Household.objects.filter(region_id=village, head__isnull=False, head__death_date__isnull=True)
            .select_related("head").order_by("id"))
    return [(h, h.head) for h in rows if h.pk not in busy]


VISIT = {"investigators": ["张调查", "李调查"], "member_signature": "（演示）户主",
         "findings": "家中无大额财产，成员情况属实"}


def _phone(person, n: int) -> str | None:
    """The person's registered mobile (binding requires it), a demo number when none is registered, None for a
    fixed line (such a person binds at the village office)."""
    registered = protected.unseal(person, "phone_enc") if person.phone_enc else None
    if registered:
        return registered if registered.startswith("1") and len(registered) == 11 else None
    return f"1990000{n:04d}"


def seed(context) -> dict:
    from minzheng.benefits.models import Case, Entitlement
    from minzheng.benefits.services import cases
    from minzheng.core.errors import ServiceError
    from minzheng.portal import codes
    from minzheng.portal.models import PortalAccount
    from minzheng.portal.services import applications, binding, complaints, signin

    rng = random.Random(context.seed)
    village, township = context.users["village"].region_id, context.users["township"]
    held = set(Entitlement.objects.filter(region_code=village).values_list("household_id", flat=True))
    applying = set(Case.objects.filter(region_code=village).exclude(state__in=("granted", "refusal_notified",
                                                                               "withdrawn", "terminated"))
                   .values_list("household_id", flat=True))
    free = _candidates(village, held | applying)
    receiving = [p for p in _candidates(village, applying) if p[0].pk in held]
    rng.shuffle(free)
    out = {"accounts": 0, "applications": 0, "states": {}, "complaints": 0, "phones": []}

    def account_for(person, n):
        phone = _phone(person, n)
        if phone is None:
            raise ServiceError("登记的是固定电话")
        account = signin.open_account(phone)
        if account.person_id is None and not PortalAccount.objects.filter(person=person).exists():
            signin.consent(account, codes.PRIVACY_VERSION)
            binding.bind(account, protected.unseal(person, "id_number_enc"), person.name)
        out["accounts"] += 1
        out["phones"].append(f"{crypto.normalize_phone(phone)}（{person.name}）")
        return account

    plan = [("dibao", []), ("dibao", ["accept", "record_home_visit"]), ("temporary", [])]
    todo = list(plan)
    for n, (_household, head) in enumerate(free, start=1):
        if not todo:
            break
        program, steps = todo.pop(0)
        try:
            account = account_for(head, n)
            data = {"program": program, "statement": "家庭收入低，生活困难，申请救助", "authorise": True,
                    "authorisation_signed_by": head.name, "subtype": "expense" if program == "temporary" else "",
                    "requested_amount": "2000.00" if program == "temporary" else None}
            case = applications.apply(account, data)
            for step in steps:
                case = cases.act(township, case.pk, step, VISIT if step == "record_home_visit" else {})
            out["applications"] += 1
            out["states"][case.state] = out["states"].get(case.state, 0) + 1
        except ServiceError as exc:  # a household the kernel refuses (e.g. no standard there): skipped, said why
            out.setdefault("skipped", []).append(f"{head.name}: {exc.message[:60]}")
    first = PortalAccount.objects.filter(person__isnull=False).order_by("id").first()
    if first is not None:
        _requests(first, rng, out)
    for _household, head in receiving[:3]:
        try:
            account = account_for(head, 9)
            complaints.file(account, "fraud", "同村有人家里有车有房还在领低保，请核查。", subject="（演示）某村民")
            out["complaints"] += 1
            break
        except ServiceError as exc:
            out.setdefault("skipped", []).append(f"{head.name}: {exc.message[:60]}")
    return out


def _requests(account, rng, out: dict) -> None:
    """One of each request through the other apps' services where the demo county has them: a marriage appointment
    on the first day with a free slot, a 清明 booking, a home-care order (skipped, said why, where it has none)."""
    import datetime as dt

    from minzheng.core import clock
    from minzheng.core.errors import ServiceError
    from minzheng.portal import selectors
    from minzheng.portal.services import requests

    made = out.setdefault("requests", {})
    today = clock.today()

    def attempt(kind, call):
        try:
            call()
            made[kind] = made.get(kind, 0) + 1
        except (ServiceError, StopIteration, IndexError) as exc:
            out.setdefault("skipped", []).append(f"{kind}: {getattr(exc, 'message', '无可预约')[:60]}")

    def marriage():
        code = selectors.marriage_registries(account)[0][0]
        day, slot = next((d, s["slot"]) for d in (today + dt.timedelta(days=i) for i in range(1, 30))
                         for s in selectors.marriage_slots(account, code, d) if s["free"])
        requests.book_marriage(account, {"registry": code, "day": day, "slot": slot, "kind": "marriage",
                                         "partner_name": "（演示）李明"})

    def sweeping():
        slot = next(s for s in selectors.sweeping_slots(account) if s.capacity - s.booked >= 2)
        requests.book_sweeping(account, {"slot_id": slot.pk, "party_size": 2})

    def homecare():
        item = selectors.homecare_items(account)[0][0]
        requests.order_homecare(account, {"person_id": account.person_id, "item_id": item, "quantity": 1,
                                          "scheduled_on": today + dt.timedelta(days=rng.randint(1, 7))})

    for kind, call in (("marriage", marriage), ("sweeping", sweeping), ("homecare", homecare)):
        attempt(kind, call)
