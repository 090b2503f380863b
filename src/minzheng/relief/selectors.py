"""Scoped reads of disaster relief and the reserve: events (those in the user's subtree and those covering it, so a
township sees the county's disaster), damage reports and their totals, affected households, relief cases, report
rules in force; warehouses, stock, the ledger and its balance check, dispatches awaiting sign-off, expiring
receipts; 灾害信息员 and the villages' coverage, 避难场所 with their openings, the exchanges with 应急管理部门.
Every read of a scoped table goes through `Model.objects.visible_to(user)`; outside it is a 404."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, F, IntegerField, Max, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from minzheng.core import regioncodes, roles
from minzheng.core.errors import Forbidden, NotFound
from minzheng.relief.models import (
    AffectedHousehold,
    DamageReport,
    DisasterEvent,
    Exchange,
    InformationOfficer,
    Movement,
    ReliefCase,
    ReliefItem,
    ReportRule,
    Shelter,
    ShelterOpening,
    Stock,
    Stocktake,
    Warehouse,
)

VIEW = "relief.view"


def require(user, permission: str, message: str = "您的角色无权办理救灾业务") -> None:
    """403 before any lookup (a role that may not do this never learns whether the object exists)."""
    if not roles.has_perm(user, permission):
        raise Forbidden(message)


def _one(qs, pk):
    found = qs.filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def ancestors(code: str) -> list[str]:
    out, parent = [], regioncodes.parent_code(code)
    while parent:
        out.append(parent)
        parent = regioncodes.parent_code(parent)
    return out


# ---- disasters ----------------------------------------------------------------------------------------------------


def events_for(user) -> QuerySet[DisasterEvent]:
    """Events in the user's subtree, and events registered for a region above it (a county-wide flood is the
    township's and the village's disaster too)."""
    require(user, VIEW)
    inside = DisasterEvent.objects.visible_to(user)
    return (inside | DisasterEvent.objects.filter(region_code__in=ancestors(user.region_id))).distinct()


def get_event(user, pk: int) -> DisasterEvent:
    return _one(events_for(user), pk)


def reports_for(user) -> QuerySet[DamageReport]:
    require(user, VIEW)
    return DamageReport.objects.visible_to(user).select_related("event")


def damage_totals(user, event: DisasterEvent) -> dict:
    """The event's damage by the latest report of each village the user sees (核报 over 续报 over 初报)."""
    reports = list(reports_for(user).filter(event=event).order_by("region_code", "reported_on", "id"))
    latest: dict[str, DamageReport] = {}
    rank = {"initial": 0, "update": 1, "final": 2}
    for r in reports:
        held = latest.get(r.region_code)
        if held is None or (rank[r.stage], r.reported_on, r.pk) >= (rank[held.stage], held.reported_on, held.pk):
            latest[r.region_code] = r
    fields = ("affected_persons", "relocated_persons", "needing_help", "deaths", "houses_collapsed",
              "houses_severe", "houses_general")
    out = {f: sum(getattr(r, f) for r in latest.values()) for f in fields}
    for f in ("crop_affected", "crop_failed", "direct_loss"):
        out[f] = sum((getattr(r, f) for r in latest.values()), Decimal("0"))
    out.update(event_id=event.pk, villages=len(latest), late_reports=sum(1 for r in reports if r.late))
    return out


def rule_days(region_code: str, stage: str, day: dt.date) -> int | None:
    """The report deadline (days) in force on `day` for a village: the most specific region's latest row."""
    chain = [region_code, *ancestors(region_code)]
    rows = (ReportRule.objects.filter(region_code__in=chain, stage=stage, effective_from__lte=day)
            .values_list("region_code", "effective_from", "days"))
    best = max(rows, key=lambda r: (-chain.index(r[0]), r[1]), default=None)
    return best[2] if best else None


def previous_report(event_id: int, region_code: str) -> DamageReport | None:
    return (DamageReport.objects.filter(event_id=event_id, region_code=region_code)
            .order_by("-reported_on", "-id").first())


def affected_for(user) -> QuerySet[AffectedHousehold]:
    require(user, VIEW)
    return AffectedHousehold.objects.visible_to(user).select_related("event", "household", "person")


def get_affected(user, pk: int) -> AffectedHousehold:
    return _one(affected_for(user), pk)


def relief_cases_for(user) -> QuerySet[ReliefCase]:
    require(user, VIEW)
    return ReliefCase.objects.visible_to(user).select_related("case", "affected__event", "affected__household")


# ---- the reserve --------------------------------------------------------------------------------------------------


def warehouses_for(user) -> QuerySet[Warehouse]:
    require(user, VIEW)
    return Warehouse.objects.visible_to(user)


def get_warehouse(user, pk: int, action: str = "view") -> Warehouse:
    return _one(Warehouse.objects.visible_to(user, action), pk)


def stock_for(user) -> QuerySet[Stock]:
    require(user, VIEW)
    return Stock.objects.visible_to(user).select_related("item", "warehouse")


def movements_for(user) -> QuerySet[Movement]:
    require(user, VIEW)
    return Movement.objects.visible_to(user).select_related("item", "warehouse", "event")


def dispatches_for(user) -> QuerySet[Movement]:
    return movements_for(user).filter(kind="dispatch")


def get_dispatch(user, pk: int, action: str = "view") -> Movement:
    return _one(Movement.objects.visible_to(user, action).filter(kind="dispatch").select_related("item"), pk)


def unsigned_dispatches(user) -> QuerySet[Movement]:
    return dispatches_for(user).filter(status="sent")


def stocktakes_for(user) -> QuerySet[Stocktake]:
    require(user, VIEW)
    return Stocktake.objects.visible_to(user).select_related("warehouse").annotate(
        differences=Count("lines", filter=~Q(lines__counted=F("lines__book"))))


def item_named(name: str) -> ReliefItem | None:
    return ReliefItem.objects.filter(name=name).first()


def expiring(user, today: dt.date, within_days: int = 90) -> QuerySet[Movement]:
    """Receipts whose expiry falls within `within_days` (or has passed) in warehouses still holding the item."""
    held = stock_for(user).filter(quantity__gt=0).values_list("warehouse_id", "item_id")
    pairs = Q(pk__in=[])
    for warehouse_id, item_id in held:
        pairs |= Q(warehouse_id=warehouse_id, item_id=item_id)
    return (movements_for(user).filter(kind="receipt", expires_on__isnull=False,
                                       expires_on__lte=today + dt.timedelta(days=within_days))
            .filter(pairs).order_by("expires_on", "id"))


def ledger_check(warehouse_id: int) -> dict:
    """Does the ledger balance? For every item of the warehouse: the stock equals the sum of the ledger's deltas,
    each row's balance equals the running sum up to it, and no balance is negative. (A check the tests and the
    stocktake page run; not scoped: callers have looked the warehouse up through the user's scope.)"""
    stock = dict(Stock.objects.filter(warehouse_id=warehouse_id).values_list("item_id", "quantity"))
    sums = dict(Movement.objects.filter(warehouse_id=warehouse_id).values_list("item_id")
                .annotate(s=Sum("delta")).values_list("item_id", "s"))
    running: dict[int, int] = {}
    broken_rows = 0
    for item_id, delta, balance in (Movement.objects.filter(warehouse_id=warehouse_id).order_by("item_id", "id")
                                    .values_list("item_id", "delta", "balance").iterator()):
        running[item_id] = running.get(item_id, 0) + delta
        if running[item_id] != balance or balance < 0:
            broken_rows += 1
    items = set(stock) | set(sums)
    mismatched = [i for i in items if stock.get(i, 0) != (sums.get(i) or 0)]
    return {"balanced": not mismatched and not broken_rows, "items": len(items), "mismatched_items": mismatched,
            "broken_rows": broken_rows}


def reserve_totals(user) -> dict:
    qs = stock_for(user)
    return {"warehouses": warehouses_for(user).count(), "items": qs.filter(quantity__gt=0).count(),
            "unsigned": unsigned_dispatches(user).count(),
            "last_movement": movements_for(user).aggregate(m=Max("moved_on"))["m"]}



# ---- 灾害信息员, 避难场所 --------------------------------------------------------------------------------------------


def officers_for(user) -> QuerySet[InformationOfficer]:
    require(user, VIEW)
    return InformationOfficer.objects.visible_to(user)


def get_officer(user, pk: int, action: str = "view") -> InformationOfficer:
    return _one(InformationOfficer.objects.visible_to(user, action), pk)


def village_officers(user, village: str) -> QuerySet[InformationOfficer]:
    return officers_for(user).filter(region_code=village, active=True).order_by("-role", "id")


def coverage_for(user) -> QuerySet:
    """Every village of the user's region with its count of officers in post (one query: a correlated count), so
    a village without a 灾害信息员 shows as 0 (the rule: at least one per village)."""
    from minzheng.core.models import Region

    require(user, VIEW)
    count = (InformationOfficer.objects.filter(region_code=OuterRef("code"), active=True)
             .order_by().values("region_code").annotate(n=Count("id")).values("n"))
    trained = (InformationOfficer.objects.filter(region_code=OuterRef("code"), active=True)
               .order_by().values("region_code").annotate(d=Max("trained_on")).values("d"))
    return (Region.objects.filter(level="village", **regioncodes.subtree_lookup("code", user.region_id))
            .annotate(officers=Coalesce(Subquery(count, output_field=IntegerField()), Value(0)),
                      last_trained=Subquery(trained)))


def coverage_totals(user) -> dict:
    rows = coverage_for(user)
    total = rows.count()
    covered = rows.filter(officers__gt=0).count()
    return {"villages": total, "covered": covered, "uncovered": total - covered,
            "rate": f"{covered * 100 / total:.1f}" if total else "—"}


def shelters_for(user) -> QuerySet[Shelter]:
    require(user, VIEW)
    now = ShelterOpening.objects.filter(shelter=OuterRef("pk"), closed_on__isnull=True)
    return Shelter.objects.visible_to(user).annotate(
        occupancy=Subquery(now.values("occupancy")[:1]), open_event=Subquery(now.values("event__name")[:1]))


def get_shelter(user, pk: int, action: str = "view") -> Shelter:
    return _one(Shelter.objects.visible_to(user, action), pk)


def openings_for(user) -> QuerySet[ShelterOpening]:
    require(user, VIEW)
    return ShelterOpening.objects.visible_to(user).select_related("shelter", "event")


def get_opening(user, pk: int, action: str = "view") -> ShelterOpening:
    return _one(ShelterOpening.objects.visible_to(user, action).select_related("shelter", "event"), pk)


def exchanges_for(user) -> QuerySet[Exchange]:
    require(user, VIEW)
    return Exchange.objects.visible_to(user)


def events_for_export(user) -> QuerySet[DisasterEvent]:
    return events_for(user).order_by("started_on", "id")


def get_stocktake(user, pk: int) -> Stocktake:
    return _one(stocktakes_for(user), pk)


def stocktake_lines(user, stocktake: Stocktake):
    from minzheng.relief.models import StocktakeLine

    return StocktakeLine.objects.filter(stocktake=stocktake).select_related("item").order_by("item__name")
