"""What the case seeder (cases.py) writes, planned in memory first: cases whose step dates run backwards from a
chosen day through the workflow's own steps, their timeline events (state before and after, the role that acted),
and the side rows (missing-items notices, objections, conflict-of-interest entries); the entitlements, changes and
reviews are added to the same plan by cases.py."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from minzheng.benefits import programs
from minzheng.benefits import workflow as wf
from minzheng.synthetic.evaluations import Population

EVENT_OF = {"applied_on": "apply", "missing_requested_on": "request_missing", "supplied_on": "supplement",
            "accepted_on": "accept", "investigation_started_on": "start_investigation",
            "last_home_visit_on": "record_home_visit", "verification_requested_on": "request_verification",
            "verification_started_on": "record_verification", "initial_review_on": "initial_review",
            "notice_start_on": "publish_notice", "objection_on": "record_objection",
            "community_review_on": "community_review", "submitted_on": "submit",
            "county_visit_on": "county_home_visit", "spot_check_on": "spot_check", "decided_on": "decide",
            "refusal_notified_on": "notify_refusal", "decision_issued_on": "issue_decision", "closed_on": "close"}
ROLE = {"apply": "village", "record_verification": "county", "county_home_visit": "county", "spot_check": "county",
        "decide": "county"}


class Plan:
    """What will be written: cases (dicts) with their events, entitlements (+ changes, reviews) and side rows."""

    def __init__(self, rng: random.Random, today: dt.date):
        self.rng, self.today, self.month = rng, today, wf.first_of_month(today)
        self.cases: list[dict] = []
        self.events: list[tuple[int, dict]] = []
        self.ents: list[tuple[int, dict]] = []
        self.changes: list[tuple[int, dict]] = []
        self.reviews: list[tuple[int, dict]] = []
        self.extra: list[tuple[str, int, dict]] = []  # (kind, case index, row)
        self.spot = {"n": 0, "selected": 0}

    def dates(self, params: wf.ProgramParams, state: str, objection: bool = False,
              missing: bool = False) -> list[tuple[str, int]]:
        """The steps up to `state` as (date field, day offset) in the order they happened (relative; shifted later).
        A field may occur twice (the initial review after an objection); the case keeps the last."""
        r, steps = self.rng.randint, []
        t = 0

        def put(key, lo, hi, at=None):
            nonlocal t
            t = at if at is not None else t + r(lo, hi)
            steps.append((key, t))

        put("applied_on", 0, 0)
        closing = {wf.WITHDRAWN: wf.INVESTIGATING, wf.TERMINATED: wf.INVESTIGATING}.get(state)
        upto = closing or state
        order = [wf.APPLIED, wf.MISSING, wf.ACCEPTED, wf.INVESTIGATING, wf.REVIEWED, wf.IN_NOTICE, wf.OBJECTION,
                 wf.SUBMITTED, wf.APPROVED, wf.REFUSED, wf.GRANTED, wf.REFUSAL_NOTIFIED]
        reach = order.index(upto)
        if missing or upto == wf.MISSING:
            put("missing_requested_on", 0, 2)
            if upto == wf.MISSING:
                return steps
            put("supplied_on", 2, 10)
        if reach >= order.index(wf.ACCEPTED):
            put("accepted_on", 0, 2)
        if reach >= order.index(wf.INVESTIGATING):
            put("investigation_started_on", 0, 3)
            if params.investigation:
                put("last_home_visit_on", 0, 3)
            if params.verification:
                put("verification_requested_on", 0, 2)
                if upto != wf.INVESTIGATING or r(0, 1):
                    put("verification_started_on", 0, 3)
        if closing:
            put("closed_on", 1, 6)
            return steps
        if reach >= order.index(wf.REVIEWED):
            put("initial_review_on", 1, 4)
        if params.public_notice and reach >= order.index(wf.IN_NOTICE):
            put("notice_start_on", 0, 2)
            notice = t
            if objection or upto == wf.OBJECTION:
                put("objection_on", 1, 6)
                if upto == wf.OBJECTION:
                    return steps
                put("community_review_on", 2, 6)
                put("initial_review_on", 0, 3)  # the new opinion goes to the county (低保)
                put("submitted_on", 0, 0)
                put("county_visit_on", 1, 4)
            elif upto != wf.IN_NOTICE:
                put("submitted_on", 0, 0, at=notice + params.notice_days + r(0, 3))
        elif reach >= order.index(wf.SUBMITTED):
            put("submitted_on", 0, 0)
        if reach >= order.index(wf.APPROVED) and upto not in (wf.IN_NOTICE, wf.SUBMITTED):
            put("decided_on", 1, 9)
            if upto == wf.GRANTED:
                put("decision_issued_on", 1, 5)
            if upto == wf.REFUSAL_NOTIFIED:
                put("refusal_notified_on", 1, 3)
        return steps

    def case(self, pop: Population, program: str, hid: int, state: str, end: dt.date, *, person: int | None = None,
             subtype: str = "", amount: Decimal | None = None, summary: dict | None = None, lag: int = 0,
             objection: bool = False, conflict: bool = False, anchor: str | None = None) -> int:
        """A case whose last step happened on `end` − lag days (or whose step `anchor` happened on `end`).
        Returns its index."""
        params = programs.PROCEDURES[program]
        steps = self.dates(params, state, objection=objection, missing=state == wf.MISSING or self.rng.random() < .1)
        offsets = dict(steps)
        base = offsets[anchor] if anchor else steps[-1][1] + lag
        shift = end - dt.timedelta(days=base)
        timeline = [(key, shift + dt.timedelta(days=v)) for key, v in steps]
        days = dict(timeline)
        village = pop.households[hid][0]
        head = pop.members[hid][0]
        values = {"program": program, "subtype": subtype, "household_id": hid, "region_code": village,
                  "applicant_id": person if person is not None and _adult(pop, person, end) else head,
                  "beneficiary_id": person, "state": state, "conflict_of_interest": conflict, "facts": {},
                  "channel": self.rng.choice(("family", "family", "clerk", "online")), "policy_result": summary or {}}
        if values["channel"] == "clerk":
            values["proxy_document"] = "委托书（模拟）"
        for key in wf.FACT_FIELDS:
            if key.endswith("_on") and key in days:
                values[key] = days[key]
        if "initial_review_on" in days and amount is not None:
            values["policy_amount"] = amount  # what the initial review computed (shown on the notice)
        decided = days.get("decided_on")
        if decided is not None:
            refused = state in (wf.REFUSED, wf.REFUSAL_NOTIFIED)
            values.update(decision="refused" if refused else "approved", amount=None if refused else amount,
                          policy_amount=amount,
                          refusal_reason="家庭人均收入或财产不符合条件（模拟）" if refused else "")
        if program == "tekun" and "submitted_on" in days:
            self.spot["n"] += 1
            if wf.spot_check_draw(self.spot["n"] - 1, self.spot["selected"], params.spot_check_ratio,
                                  self.rng.random()):
                self.spot["selected"] += 1
                values["spot_check_required"] = True
                if decided is not None:
                    values["spot_check_on"] = decided - dt.timedelta(days=1)
                    timeline.append(("spot_check_on", values["spot_check_on"]))
                    timeline.sort(key=lambda step: step[1])  # stable: same-day steps keep their order
        if objection or state == wf.OBJECTION:
            values["objection_on"] = days.get("objection_on")
        index = len(self.cases)
        self.cases.append(values)
        self._events(index, timeline, state, params)
        if "missing_requested_on" in days:
            self.extra.append(("missing", index, {"items": ["户口簿", "收入证明"],
                                                  "issued_on": days["missing_requested_on"],
                                                  "supplied_on": days.get("supplied_on")}))
        if "objection_on" in days:
            row = {"raised_on": days["objection_on"], "raised_by": "村民（模拟）",
                   "content": "反映该户收入情况不实（模拟）"}
            if "community_review_on" in days:
                row.update(resolution="community_review", resolved_on=days["community_review_on"], outcome="评议属实")
            self.extra.append(("objection", index, row))
        if conflict:
            self.extra.append(("conflict", index, {"relative_id": head, "region_code": village}))
        return index

    def _events(self, index: int, timeline: list[tuple[str, dt.date]], state: str, params: wf.ProgramParams) -> None:
        current, reviews = "", 0
        for key, day in timeline:
            action = EVENT_OF[key]
            if action == "decide":
                action = "refuse" if state in (wf.REFUSED, wf.REFUSAL_NOTIFIED) else "confirm"
            elif action == "close":
                action = "withdraw" if state == wf.WITHDRAWN else "terminate"
            elif action == "submit" and current == wf.SUBMITTED:
                continue  # the initial review already sent the file on (no notice, or after an objection)
            reviews += action == "initial_review"
            after = _state_after(action, current, params, again=reviews > 1)
            role = ROLE.get(action, "township")
            visit = action in ("record_home_visit", "county_home_visit")
            signed = ["调查员甲", "调查员乙", "家庭成员"] if visit else []
            at = dt.datetime.combine(day, dt.time(9 + len(self.events) % 8), tzinfo=dt.UTC)
            self.events.append((index, {"action": action, "state_from": current, "state_to": after,
                                        "actor_name": f"seed-{role}", "actor_role": role, "on_date": day,
                                        "at": at, "data": {"seeded": True}, "signed_by": signed}))
            current = after


SIMPLE_STATE = {"apply": wf.APPLIED, "request_missing": wf.MISSING, "supplement": wf.APPLIED, "accept": wf.ACCEPTED,
                "start_investigation": wf.INVESTIGATING, "record_home_visit": wf.INVESTIGATING,
                "request_verification": wf.INVESTIGATING, "publish_notice": wf.IN_NOTICE,
                "record_objection": wf.OBJECTION, "community_review": wf.INVESTIGATING, "submit": wf.SUBMITTED,
                "confirm": wf.APPROVED, "refuse": wf.REFUSED, "notify_refusal": wf.REFUSAL_NOTIFIED,
                "issue_decision": wf.GRANTED, "withdraw": wf.WITHDRAWN, "terminate": wf.TERMINATED}


def _state_after(action: str, current: str, params: wf.ProgramParams, again: bool) -> str:
    if action in SIMPLE_STATE:
        return SIMPLE_STATE[action]
    if action == "initial_review":
        resubmit = again and current == wf.INVESTIGATING and not params.renotice_after_objection
        return wf.REVIEWED if params.public_notice and not resubmit else wf.SUBMITTED
    return current


def _adult(pop: Population, pid: int, day: dt.date) -> bool:
    return (day.year - pop.persons[pid][0].year) >= 18
