"""Decisions on duplicate candidates (疑似重复人员) and the scan of a user's region: merge folds one person record
into the other, dismiss records a reasoned "not the same person". Each is one audited transaction on locked rows."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from minzheng.core import audit, clock
from minzheng.core.errors import Conflict, NotFound, ValidationFailed
from minzheng.registry import codes
from minzheng.registry.dedup import finder
from minzheng.registry.models import DuplicateCandidate, Household, Income, Membership, Person
from minzheng.registry.services.persons import person_snapshot, require_change


def scan_duplicates(actor, region_code: str | None = None, min_score: int | None = None) -> dict[str, Any]:
    """Re-run detection for a region subtree of the actor's (default: all of it). A county of 10⁶ persons takes
    well under a minute on PostgreSQL (dedup.finder)."""
    return finder.find_candidates(actor, region_code or actor.region_id,
                                  finder.DEFAULT_MIN_SCORE if min_score is None else min_score)


def _open_candidate(actor, candidate_id):
    row = DuplicateCandidate.objects.visible_to(actor).select_for_update().filter(pk=candidate_id).first()
    if row is None:
        raise NotFound()
    if row.status != "open":
        raise Conflict(f"该疑似重复记录已处理（{codes.DUPLICATE_STATUS[row.status]}），不能重复处理")
    return row


def _scoped_persons(actor, ids: list[int]) -> dict:
    """Both persons, locked, inside the actor's scope and not merged away — else 404."""
    persons = {p.pk: p for p in Person.objects.visible_to(actor).select_for_update().filter(pk__in=ids)}
    if len(persons) != len(set(ids)):
        raise NotFound()
    return persons


def merge_duplicate(actor, candidate_id, keep_person_id, note: str = "") -> Person:
    """Fold the other person of the pair into keep_person_id (memberships, headship, incomes, earlier merges),
    mark it merged_into the kept person, close the pair and dismiss the duplicate's other open pairs. Audited.
    Returns the kept person."""
    require_change(actor)
    note = (note or "").strip()
    if len(note) > 200:
        raise ValidationFailed.one("note", "合并说明不能超过 200 个字符")
    with transaction.atomic():
        cand = _open_candidate(actor, candidate_id)
        try:
            keep_id = int(keep_person_id)
        except (TypeError, ValueError):
            keep_id = None
        if keep_id not in (cand.person_a_id, cand.person_b_id):
            raise ValidationFailed.one("keep_person_id", "请选择保留这一对记录中的哪一人")
        dup_id = cand.person_b_id if keep_id == cand.person_a_id else cand.person_a_id
        persons = _scoped_persons(actor, [keep_id, dup_id])
        keep, dup = persons[keep_id], persons[dup_id]
        today = clock.today()
        details: dict[str, Any] = {"merged_into": [None, keep.pk], "candidate": cand.pk, "score": cand.score,
                                   "reasons": cand.reasons, "note": note,
                                   "kept": {"id": keep.pk, **person_snapshot(keep)},
                                   "duplicate": {"id": dup.pk, **person_snapshot(dup)}}

        # Memberships: at most one active household per person, so settle the active ones first.
        keep_active = Membership.objects.filter(person=keep, left_on__isnull=True).first()
        dup_active = Membership.objects.filter(person=dup, left_on__isnull=True).select_related("household").first()
        if keep_active and dup_active and keep_active.household_id != dup_active.household_id:
            raise Conflict(f"两条记录分别是家庭 #{keep_active.household_id} 和家庭 #{dup_active.household_id} "
                           f"的在册成员："
                           f"请先将其中一人从家庭中移出或迁移，再合并")
        if keep_active and dup_active:  # same household: end the duplicate's membership
            dup_active.left_on = max(today, dup_active.joined_on)
            dup_active.leave_reason = "重复登记，已合并"
            dup_active.save(update_fields=["left_on", "leave_reason"])
            details["membership_ended"] = {"household": dup_active.household_id, "relation": dup_active.relation}
            if dup_active.relation == codes.HEAD:  # the kept record takes over as head
                details["head_relation"] = [keep_active.relation, codes.HEAD]
                keep_active.relation = codes.HEAD
                keep_active.save(update_fields=["relation"])
        moved = list(Membership.objects.filter(person=dup).order_by("joined_on", "id").values_list(
            "id", "household_id", "joined_on", "left_on"))
        Membership.objects.filter(person=dup).update(person=keep)
        details["memberships_moved"] = [{"id": m, "household": h, "joined_on": j, "left_on": left}
                                        for m, h, j, left in moved]
        headed = list(Household.objects.filter(head=dup).values_list("id", flat=True))
        if headed:
            Household.objects.filter(pk__in=headed).update(head=keep, updated_at=timezone.now())
            details["households_head"] = headed

        # Incomes: on a (kind, year) clash the kept person's row stays; the dropped values go to the audit entry.
        kept_kinds = set(Income.objects.filter(person=keep).values_list("kind", "year"))
        dropped, moved_incomes = [], []
        for inc in Income.objects.filter(person=dup).order_by("year", "kind", "id"):
            if (inc.kind, inc.year) in kept_kinds:
                dropped.append({"kind": inc.kind, "year": inc.year, "annual_amount": inc.annual_amount,
                                "source": inc.source})
                inc.delete()
            else:
                moved_incomes.append(inc.pk)
        Income.objects.filter(pk__in=moved_incomes).update(person=keep)
        details["incomes_moved"] = len(moved_incomes)
        if dropped:
            details["incomes_dropped"] = dropped

        # Records merged earlier into the duplicate now point at the surviving person.
        earlier = list(Person.objects.filter(merged_into=dup).values_list("id", flat=True))
        if earlier:
            Person.objects.filter(pk__in=earlier).update(merged_into=keep, updated_at=timezone.now())
            details["earlier_merges"] = earlier
        dup.merged_into = keep
        dup.save(update_fields=["merged_into", "updated_at"])

        now = timezone.now()
        who = getattr(actor, "username", "")
        cand.status, cand.decided_by, cand.decided_at, cand.note = "merged", who, now, note
        cand.save(update_fields=["status", "decided_by", "decided_at", "note"])
        others = list(DuplicateCandidate.objects.filter(Q(person_a=dup) | Q(person_b=dup), status="open")
                      .exclude(pk=cand.pk).values_list("id", flat=True))
        if others:
            DuplicateCandidate.objects.filter(pk__in=others).update(status="dismissed", decided_by=who,
                                                                    decided_at=now, note="已合并")
            details["candidates_dismissed"] = others
        audit.record_many(actor, [
            audit.Event("merge", "person", dup.pk, dup.region_id, details),
            audit.Event("merge", "person", keep.pk, keep.region_id,
                        {"absorbed": [None, dup.pk], "candidate": cand.pk, "note": note}),
        ])
    return keep


def dismiss_duplicate(actor, candidate_id, note: str) -> DuplicateCandidate:
    """Record that the pair are two different people; a later scan never re-opens it. A reason is required."""
    require_change(actor)
    note = (note or "").strip()
    if not note:
        raise ValidationFailed.one("note", "请填写排除理由（如 双胞胎、同名不同人）")
    if len(note) > 200:
        raise ValidationFailed.one("note", "排除理由不能超过 200 个字符")
    with transaction.atomic():
        cand = _open_candidate(actor, candidate_id)
        _scoped_persons(actor, [cand.person_a_id, cand.person_b_id])
        cand.status, cand.decided_by, cand.decided_at, cand.note = (
            "dismissed", getattr(actor, "username", ""), timezone.now(), note)
        cand.save(update_fields=["status", "decided_by", "decided_at", "note"])
        audit.record(actor, audit.Event("dedup_dismiss", "duplicate_candidate", cand.pk, cand.region_code, {
            "status": ["open", "dismissed"], "persons": [cand.person_a_id, cand.person_b_id], "score": cand.score,
            "note": note}))
    return cand


