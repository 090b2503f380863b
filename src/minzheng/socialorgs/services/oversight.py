"""Oversight of 社会组织: the 活动异常名录 and the 严重违法失信名单 (《社会组织信用信息管理办法》, 民政部令第60号 ◐:
listing for a missed annual report, unreachable at the registered address …; an organisation on the abnormal list for
two years moves to the blacklist), and 双随机 inspections (organisations and inspectors drawn at random from a
stored seed)."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.db import IntegrityError, transaction

from minzheng.core import audit, clock, random_draw, validation
from minzheng.core.errors import Conflict, ValidationFailed
from minzheng.socialorgs import codes, policy, selectors
from minzheng.socialorgs.models import AnnualReport, Inspection, InspectionRound, ListEntry, SocialOrg
from minzheng.socialorgs.schemas import DrawIn, InspectionIn, ListIn, RemoveIn
from minzheng.socialorgs.services.common import not_future, require

MANAGE = "socialorgs.manage"


def put_on_list(actor, data: dict[str, Any]) -> ListEntry:
    require(actor, MANAGE, "列入名录名单由登记管理机关决定")
    d = validation.validate(ListIn, data)
    org = selectors.get_org(actor, d.org_id)
    not_future(d.listed_on, "listed_on", "列入日期")
    try:
        with transaction.atomic():
            row = ListEntry.objects.create(org=org, region_code=org.region_code, list=d.list, reason=d.reason,
                                           detail=d.detail, listed_on=d.listed_on)
            audit.record(actor, audit.Event("list_add", "socialorg_list", row.pk, row.region_code, {
                "org": [None, org.name], "list": [None, codes.LISTS[d.list]],
                "reason": [None, codes.LIST_REASONS[d.reason]], "listed_on": [None, d.listed_on]}))
    except IntegrityError:
        raise Conflict(f"{org.name}已在{codes.LISTS[d.list]}中") from None
    return row


def remove_from_list(actor, entry: ListEntry | int, data: dict[str, Any]) -> ListEntry:
    require(actor, MANAGE, "移出名录名单由登记管理机关决定")
    if not isinstance(entry, ListEntry):
        entry = selectors.get_list_entry(actor, entry)
    d = validation.validate(RemoveIn, data)
    not_future(d.removed_on, "removed_on", "移出日期")
    with transaction.atomic():
        row = ListEntry.objects.select_for_update().get(pk=entry.pk)
        if row.removed_on is not None:
            raise Conflict(f"已于 {row.removed_on} 移出")
        if d.removed_on < row.listed_on:
            raise ValidationFailed.one("removed_on", f"移出日期不能早于列入日期（{row.listed_on}）")
        row.removed_on, row.removal_reason = d.removed_on, d.reason
        row.save(update_fields=["removed_on", "removal_reason"])
        audit.record(actor, audit.Event("list_remove", "socialorg_list", row.pk, row.region_code, {
            "removed_on": [None, d.removed_on], "reason": [None, d.reason]}))
    return row


def list_missing_reports(actor, year: int, on: dt.date | None = None) -> int:
    """Every active organisation of the actor's region registered before the end of `year` with no report on it,
    once the registry's deadline has passed, goes on the abnormal list (set-based). Returns how many."""
    require(actor, MANAGE, "列入名录名单由登记管理机关决定")
    on = on or clock.today()
    orgs = list(selectors.orgs_for(actor).filter(status="active", registered_on__lte=dt.date(year, 12, 31))
                .exclude(pk__in=AnnualReport.objects.filter(year=year).values("org_id"))
                .exclude(pk__in=ListEntry.objects.filter(list="abnormal", removed_on__isnull=True).values("org_id"))
                .values_list("pk", "region_code", "kind"))
    due = {}
    rows = []
    for pk, region, kind in orgs:
        key = (region, kind)
        if key not in due:
            found = selectors.rule("report_due", region, on, kind)
            due[key] = policy.report_due(year, found.value)[1] if found else None
        if due[key] is not None and on > due[key]:
            rows.append(ListEntry(org_id=pk, region_code=region, list="abnormal", reason="no_report",
                                  detail=f"未报送 {year} 年度工作报告", listed_on=on))
    with transaction.atomic():
        ListEntry.objects.bulk_create(rows)
        audit.record(actor, audit.Event("list_add", "socialorg_list", "", actor.region_id, {
            "reason": [None, codes.LIST_REASONS["no_report"]], "year": [None, year], "count": [None, len(rows)]}))
    return len(rows)


def draw_round(actor, data: dict[str, Any]) -> InspectionRound:
    require(actor, MANAGE, "双随机抽查由登记管理机关组织")
    d = validation.validate(DrawIn, data)
    allowed = dict(selectors.inspector_choices(actor))
    unknown = [i for i in d.inspector_ids if i not in allowed]
    if unknown:
        raise ValidationFailed.one("inspector_ids", f"检查人员 {unknown[0]} 不在本辖区检查人员库中")
    pool = list(selectors.orgs_for(actor).filter(status="active").values_list("pk", flat=True))
    seed = d.seed if d.seed is not None else secrets.randbits(62)
    try:
        drawn = random_draw.draw(pool, d.inspector_ids, d.count, d.team_size, seed, noun="社会组织")
    except random_draw.DrawError as exc:
        raise ValidationFailed.one("count", str(exc)) from None
    regions = dict(SocialOrg.objects.filter(pk__in=[o for o, _ in drawn]).values_list("pk", "region_code"))
    with transaction.atomic():
        rnd = InspectionRound.objects.create(region_code=actor.region_id, title=d.title, drawn_on=clock.today(),
                                             seed=seed, pool_size=len(pool),
                                             inspector_pool=sorted(set(d.inspector_ids)), created_by=actor)
        Inspection.objects.bulk_create([
            Inspection(round=rnd, org_id=o, region_code=regions[o], inspector_names="、".join(allowed[i] for i in team))
            for o, team in drawn])
        audit.record(actor, audit.Event("create", "socialorg_round", rnd.pk, rnd.region_code, {
            "title": [None, d.title], "seed": [None, seed], "pool_size": [None, len(pool)],
            "drawn": [None, [o for o, _ in drawn]]}))
    return rnd


def record_inspection(actor, inspection: Inspection | int, data: dict[str, Any]) -> Inspection:
    require(actor, MANAGE, "抽查结果由登记管理机关登记")
    if not isinstance(inspection, Inspection):
        inspection = selectors.get_inspection(actor, inspection)
    d = validation.validate(InspectionIn, data)
    not_future(d.inspected_on, "inspected_on", "检查日期")
    with transaction.atomic():
        row = Inspection.objects.select_for_update().get(pk=inspection.pk)
        if row.result:
            raise Conflict("该抽查已登记结果")
        row.inspected_on, row.result, row.findings = d.inspected_on, d.result, d.findings
        row.save(update_fields=["inspected_on", "result", "findings"])
        audit.record(actor, audit.Event("update", "socialorg_inspection", row.pk, row.region_code, {
            "result": [None, codes.INSPECTION_RESULTS[d.result]], "findings": [None, d.findings]}))
    return row


SYSTEM = "system:socialorgs_blacklist"  # the audit actor of the daily job


def promote_overdue(actor=None, on: dt.date | None = None) -> dict[str, int]:
    """The daily move (《社会组织信用信息管理办法》: 列入活动异常名录满2年 → 严重违法失信名单; the years are the rule
    `blacklist_after` in force where the organisation is registered): every open abnormal-list entry whose time has
    come is closed and a blacklist entry is opened from it (`moved_from`, `automatic`), one audit entry each.

    Idempotent: a moved entry is closed, so a second run finds nothing; an organisation already on the blacklist only
    has its abnormal entry closed. `actor` None is the scheduled job (all regions); a county officer runs it for
    their own region. Returns {"moved", "already_listed", "checked"}."""
    on = on or clock.today()
    if actor is not None:
        require(actor, MANAGE, "列入名录名单由登记管理机关决定")
        scope = selectors.list_entries_for(actor)
    else:
        scope = ListEntry.objects.all()
    candidates = list(scope.filter(list="abnormal", removed_on__isnull=True, listed_on__lte=on)
                      .select_related("org").order_by("pk"))
    years: dict[str, int | None] = {}
    due = []
    for entry in candidates:
        if entry.region_code not in years:
            found = selectors.rule("blacklist_after", entry.region_code, on)
            years[entry.region_code] = int(found.value["years"]) if found else None
        n = years[entry.region_code]
        if n is not None and policy.blacklist_on(entry.listed_on, n) <= on:
            due.append((entry, policy.blacklist_on(entry.listed_on, n)))
    moved = already = 0
    who = actor if actor is not None else SYSTEM
    with transaction.atomic():
        locked = {e.pk: e for e in ListEntry.objects.select_for_update().filter(
            pk__in=[e.pk for e, _ in due], removed_on__isnull=True)}
        listed = set(ListEntry.objects.filter(list="serious", removed_on__isnull=True,
                                              org_id__in=[e.org_id for e in locked.values()])
                     .values_list("org_id", flat=True))
        events = []
        for entry, day in due:
            row = locked.get(entry.pk)
            if row is None:  # closed meanwhile
                continue
            row.removed_on = on
            if row.org_id in listed:
                row.removal_reason = "已在严重违法失信名单中，活动异常名录记录关闭"
                already += 1
                row.save(update_fields=["removed_on", "removal_reason"])
                events.append(audit.Event("list_remove", "socialorg_list", row.pk, row.region_code, {
                    "removed_on": [None, on], "reason": [None, row.removal_reason]}))
                continue
            row.removal_reason = f"列入满 {years[row.region_code]} 年，转入严重违法失信名单"
            row.save(update_fields=["removed_on", "removal_reason"])
            new = ListEntry.objects.create(
                org_id=row.org_id, region_code=row.region_code, list="serious", reason="abnormal_2y",
                detail=f"{row.listed_on} 列入活动异常名录（{codes.LIST_REASONS.get(row.reason, row.reason)}），"
                       f"满 {years[row.region_code]} 年未移出", listed_on=day, moved_from=row, automatic=True)
            listed.add(row.org_id)
            moved += 1
            events.append(audit.Event("list_promote", "socialorg_list", new.pk, new.region_code, {
                "org": [None, entry.org.name], "from_entry": [None, row.pk], "abnormal_since": [None, row.listed_on],
                "list": [codes.LISTS["abnormal"], codes.LISTS["serious"]], "listed_on": [None, day]}))
        audit.record_many(who, events)
    return {"moved": moved, "already_listed": already, "checked": len(candidates)}
