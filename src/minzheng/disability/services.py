"""Writes of the disability app, each one transaction with its role check, audited. Payment changes are always the
benefits kernel's services (never a second payment path):

    refresh_gaps(actor, region_code, month)  the coverage check's gaps stored as tasks (CoverageGap), set-based
    dismiss_gap(actor, gap_id, data)         a township rules a gap out, with a reason
    sweep(actor, region_code)                death → benefits.services.entitlements.record_death; an expired
                                             certificate (残联 feed) → benefits.services.holds.place (暂停支付)
    decide_hold(actor, hold_id, data)        stop (entitlements.act "stop" + hold confirmed) or renewed (released)
    record_review(actor, data)               年度复核; "stop" stops the person's subsidies (entitlements.act)"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from minzheng.benefits import workflow
from minzheng.benefits.models import Entitlement, PaymentHold
from minzheng.benefits.services import entitlements, holds
from minzheng.core import audit, clock, roles, validation
from minzheng.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from minzheng.disability import codes, coverage, selectors
from minzheng.disability.models import AnnualReview, CoverageGap
from minzheng.disability.schemas import AnnualReviewIn, GapDismissIn, HoldDecisionIn
from minzheng.registry import selectors as registry_selectors
from minzheng.registry.models import Person

CHANGE = "people.change"


def _require(actor, what: str) -> None:
    if actor is not None and not roles.has_perm(actor, CHANGE):
        raise Forbidden(f"您的角色不能{what}")


def refresh_gaps(actor, region_code: str = "", month: dt.date | None = None) -> dict:
    """Store this month's gaps of a region as open tasks; close open gaps of the region that are no longer gaps
    (now paid, or no longer eligible). Idempotent: a gap already open stays one row."""
    _require(actor, "核查两项补贴覆盖情况")
    month = month or selectors.this_month()
    persons = (registry_selectors.persons_for(actor) if actor is not None else Person.objects.all()) \
        .within(region_code, "region")
    verdicts = coverage.assess(coverage.rows(persons, month), month)
    gaps = {(v.row.person_id, v.program): v for v in verdicts if v.eligible and not v.covered}
    assessed = {v.row.person_id for v in verdicts}
    today = clock.today()
    with transaction.atomic():
        open_rows = CoverageGap.objects.select_for_update().filter(status="open")
        open_rows = open_rows.visible_to(actor) if actor is not None else open_rows
        open_rows = list(open_rows.within(region_code, "region"))
        have = {(g.person_id, g.program) for g in open_rows}
        new = [CoverageGap(person_id=pid, household_id=v.row.household_id, program=program,
                           region_code=v.row.region_code, category=v.row.certificate.category,
                           grade=v.row.certificate.grade, reason=v.reason[:300], found_month=month)
               for (pid, program), v in gaps.items() if (pid, program) not in have]
        CoverageGap.objects.bulk_create(new, batch_size=1000)
        stale = [g for g in open_rows if (g.person_id, g.program) not in gaps]
        for g in stale:
            paid = g.person_id in assessed and any(v.covered for v in verdicts
                                                   if v.row.person_id == g.person_id and v.program == g.program)
            g.status, g.closed_on = "closed", today
            g.closed_note = "已纳入发放" if paid else "复核时已不符合条件"
        CoverageGap.objects.bulk_update(stale, ["status", "closed_on", "closed_note"], batch_size=1000)
        made = list(CoverageGap.objects.filter(status="open", found_month=month,
                                               person_id__in=[g.person_id for g in new]))
        audit.record_many(actor or "system", [audit.Event("disability_coverage", "disability_gap", g.pk,
                                                          g.region_code, {"program": [None, codes.PROGRAMS[g.program]],
                                                                          "person": [None, g.person_id],
                                                                          "reason": [None, g.reason]})
                                              for g in made] + [
            audit.Event("update", "disability_gap", g.pk, g.region_code, {"status": ["open", "closed"],
                                                                         "note": [None, g.closed_note]})
            for g in stale])
    return {"month": f"{month:%Y-%m}", "gaps": len(gaps), "created": len(new), "closed": len(stale)}


def dismiss_gap(actor, gap_id, data: dict[str, Any] | GapDismissIn) -> CoverageGap:
    _require(actor, "排除应保未保线索")
    with transaction.atomic():
        gap = CoverageGap.objects.visible_to(actor, "change").select_for_update().filter(pk=gap_id).first()
        if gap is None:
            raise NotFound()
        if gap.status != "open":
            raise Conflict(f"该线索已办结（{codes.GAP_STATUS[gap.status]}）")
        d = data if isinstance(data, GapDismissIn) else validation.validate(GapDismissIn, data)
        gap.status, gap.closed_on, gap.closed_note = "dismissed", clock.today(), d.note
        gap.save(update_fields=["status", "closed_on", "closed_note"])
        audit.record(actor, audit.Event("update", "disability_gap", gap.pk, gap.region_code, {
            "status": ["open", "dismissed"], "note": [None, d.note]}))
    return gap


def _hold_source(ent_id: int, valid_until: dt.date) -> str:
    return f"{codes.HOLD_SOURCE}:{ent_id}:{valid_until.isoformat()}"


def sweep(actor, region_code: str = "") -> dict:
    """Subsidies whose person has died are stopped by the kernel (record_death: from the month after death);
    subsidies whose 残联 certificate has expired are held by the kernel from the month after expiry (a person
    decides: stop, or renewed)."""
    if actor is not None and actor.role != roles.COUNTY:
        raise Forbidden("到期停发核查由县级民政部门办理")
    today = clock.today()
    live = Entitlement.objects.exclude(status="stopped").filter(program__in=list(codes.PROGRAMS)) \
        .within(region_code, "region")
    rows = list(live.values_list("pk", "person_id", "region_code", "person__death_date", "person__id_number_index"))
    deaths = sorted({(pid, died) for _, pid, _, died, _ in rows if died is not None})
    stopped = sum(len(entitlements.record_death(actor, pid, died, today)) for pid, died in deaths)
    certificates = coverage.feed_certificates(today)
    requests = []
    for pk, _, region, died, index in rows:
        cert = certificates.get(index)
        if died is None and cert is not None and cert[2] is not None and cert[2] < today:
            start = workflow.add_months(cert[2].replace(day=1), 1)
            requests.append(holds.HoldRequest(pk, region, start, f"残疾人证已于 {cert[2]:%Y-%m-%d} 过期（残联数据）",
                                              _hold_source(pk, cert[2])))
    placed = holds.place(actor, requests, today)
    result = {"deaths": len(deaths), "stopped": stopped, "expired": len(requests), "held": placed}
    audit.record(actor or "system", audit.Event("disability_sweep", "region", region_code or "", region_code or "",
                                                {k: [None, v] for k, v in result.items()}))
    return result


def decide_hold(actor, hold_id, data: dict[str, Any] | HoldDecisionIn) -> PaymentHold:
    """stop: the kernel stops the subsidy from next month (entitlements.act) and the hold is confirmed (the months
    held stay unpaid); renewed: the hold is released and the next payroll pays the months held."""
    _require(actor, "处理到期暂停")
    if actor.role not in (roles.TOWNSHIP, roles.COUNTY):
        raise Forbidden("到期暂停由乡镇（街道）或县级民政部门处理")
    with transaction.atomic():
        hold = selectors.holds_for(actor).select_for_update(of=("self",)).filter(pk=hold_id).first()
        if hold is None:
            raise NotFound()
        if hold.released_on is not None:
            raise Conflict("该暂停支付已处理")
        d = data if isinstance(data, HoldDecisionIn) else validation.validate(HoldDecisionIn, data)
        if d.decision == "stop":
            entitlements.act(actor, hold.entitlement_id, "stop", {"reason": f"残疾人证过期：{d.note}",
                                                                  "notice_on": clock.today().isoformat()})
            holds.release(actor, hold.source, "confirmed", clock.today())
        else:
            holds.release(actor, hold.source, "released", clock.today())
        hold.refresh_from_db()
    return hold


def record_review(actor, data: dict[str, Any] | AnnualReviewIn) -> AnnualReview:
    _require(actor, "登记年度复核")
    d = data if isinstance(data, AnnualReviewIn) else validation.validate(AnnualReviewIn, data)
    person = registry_selectors.get_person(actor, d.person_id)
    with transaction.atomic():
        ents = list(Entitlement.objects.visible_to(actor).exclude(status="stopped")
                    .filter(person=person, program__in=list(codes.PROGRAMS)))
        if AnnualReview.objects.filter(person=person, year=d.year).exists():
            raise Conflict(f"{person.name}{d.year}年度已复核")
        if not ents:
            raise ValidationFailed.one("person_id", f"{person.name}未享受两项补贴，无需年度复核")
        if d.outcome == "continue" and not d.certificate_valid:
            raise ValidationFailed.one("outcome", "残疾人证无效的，复核结论应为停发")
        row = AnnualReview.objects.create(person=person, year=d.year, region_code=ents[0].region_code,
                                          reviewed_on=clock.today(), certificate_valid=d.certificate_valid,
                                          outcome=d.outcome, note=d.note, reviewed_by=actor)
        if d.outcome == "stop":
            for ent in ents:
                entitlements.act(actor, ent.pk, "stop", {"reason": f"{d.year}年度复核：{d.note}",
                                                         "notice_on": clock.today().isoformat()})
        audit.record(actor, audit.Event("disability_review", "disability_review", row.pk, row.region_code, {
            "person": [None, person.pk], "year": [None, d.year], "outcome": [None, codes.REVIEW_OUTCOMES[d.outcome]],
            "certificate_valid": [None, d.certificate_valid], "note": [None, d.note]}))
    return row
