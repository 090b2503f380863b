"""惠民殡葬: the waiver rules as data (load_csv: a 示例 set is bundled in funeral/data/waiver_schemes_demo.csv), a
death's cremation record and waiver (one per death: the OneToOne makes a second impossible), reimbursement of a
waiver through the kernel when cremated elsewhere, and the monthly settlement with each funeral home (a waiver joins
one settlement only: conditional UPDATE … WHERE settlement IS NULL)."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Count, Sum

from minzheng.core import audit, clock, regioncodes, roles, validation
from minzheng.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from minzheng.funeral import codes, policy
from minzheng.funeral.models import (
    CremationRecord,
    DeathRegistration,
    FuneralHome,
    Settlement,
    Waiver,
    WaiverItem,
    WaiverScheme,
)
from minzheng.funeral.schemas import CremationIn, FuneralSettleIn
from minzheng.funeral.services import kernel

DEMO_SCHEMES = Path(__file__).resolve().parent.parent / "data" / "waiver_schemes_demo.csv"


def require_manage(actor) -> None:
    if not roles.has_perm(actor, "funeral.manage"):
        raise Forbidden("您的角色不能维护殡葬标准、殡仪馆和公墓（由县级民政部门维护）")


# ---- the rules -------------------------------------------------------------------------------------------------------


def _ancestors(region_code: str) -> list[str]:
    code = regioncodes.normalize(region_code)
    return sorted({code[:n].ljust(12, "0") for n in (2, 4, 6, 9, 12)})


def scheme_for(region_code: str, day: dt.date) -> policy.SchemeRule | None:
    """The rule in force for a place and day (policy.select_scheme over the rows of the place's ancestors)."""
    rows = list(WaiverScheme.objects.filter(region_code__in=_ancestors(region_code), effective_from__lte=day)
                .prefetch_related("items"))
    rules = [policy.SchemeRule(
        region_code=s.region_code, effective_from=s.effective_from, name=s.name, cap_general=s.cap_general,
        cap_special=s.cap_special, special_programs=s.programs, hukou_required=s.hukou_required,
        cremation_place=s.cremation_place, document=s.document, ref=s.pk,
        items=tuple(policy.ItemRule(i.item, i.unit, i.amount, i.max_units, i.special_only)
                    for i in sorted(s.items.all(), key=lambda i: list(codes.WAIVER_ITEMS).index(i.item))))
        for s in rows]
    return policy.select_scheme(rules, regioncodes.normalize(region_code), day)


@dataclass
class LoadSummary:
    schemes: int = 0
    items: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)


SCHEME_COLUMNS = ("region_code", "effective_from", "name", "document", "sample", "hukou_required", "cremation_place",
                  "cap_general", "cap_special", "special_programs", "item", "unit", "amount", "max_units",
                  "special_only")


def _money(text: str, where: str, errors: list[str]) -> Decimal:
    try:
        value = Decimal(text.strip())
    except (InvalidOperation, AttributeError):
        errors.append(f"{where}：金额“{text}”格式不正确")
        return Decimal(0)
    if value < 0 or value >= Decimal("1e8"):
        errors.append(f"{where}：金额“{text}”超出范围")
    return value.quantize(policy.FEN)


def _parse(rows: list[dict[str, str]]) -> tuple[dict, list[str]]:
    """Rows (one per item, the scheme's columns repeated) → {(region, date): (scheme fields, [item fields])}."""
    errors: list[str] = []
    schemes: dict[tuple[str, dt.date], tuple[dict, list[dict]]] = {}
    yes = {"1", "true", "是", "y", "yes"}
    for n, row in enumerate(rows, start=2):
        where = f"第{n}行"
        missing = [c for c in SCHEME_COLUMNS if c not in row]
        if missing:
            return {}, [f"缺少列：{'、'.join(missing)}"]
        try:
            region = regioncodes.normalize(row["region_code"])
            start = dt.date.fromisoformat(row["effective_from"].strip())
        except (regioncodes.RegionCodeError, ValueError) as exc:
            errors.append(f"{where}：区划或生效日期不正确（{exc}）")
            continue
        if row["cremation_place"] not in codes.CREMATION_PLACES:
            errors.append(f"{where}：火化地规则应为 {'、'.join(codes.CREMATION_PLACES)}")
        if row["item"] not in codes.WAIVER_ITEMS or row["unit"] not in codes.WAIVER_UNITS:
            errors.append(f"{where}：项目或计价单位不正确")
            continue
        scheme = {"name": row["name"].strip()[:100], "document": row["document"].strip()[:200],
                  "sample": row["sample"].strip().lower() in yes,
                  "hukou_required": row["hukou_required"].strip().lower() in yes,
                  "cremation_place": row["cremation_place"].strip(),
                  "cap_general": _money(row["cap_general"], where, errors),
                  "cap_special": _money(row["cap_special"], where, errors),
                  "special_programs": row["special_programs"].strip()[:200]}
        max_units = row["max_units"].strip()
        if max_units and not (max_units.isdigit() and int(max_units) <= 10000):
            errors.append(f"{where}：最多计“{max_units}”应为不超过 10000 的整数")
            continue
        item = {"item": row["item"], "unit": row["unit"], "amount": _money(row["amount"], where, errors),
                "max_units": int(max_units) if max_units else None,
                "special_only": row["special_only"].strip().lower() in yes}
        entry = schemes.setdefault((region, start), (scheme, []))
        entry[1].append(item)
    return schemes, errors


def load_csv(path: Path | str, actor=None) -> LoadSummary:
    """Load rules from a CSV file (UTF-8): a rule already present for a region and date is kept (a change is a new
    row with a new effective date). All or nothing: any error writes nothing."""
    if actor is not None:
        require_manage(actor)
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return load_rows(list(csv.DictReader(fh)), actor)


def load_rows(rows: list[dict[str, str]], actor=None) -> LoadSummary:
    """The rows of a rules file (as csv.DictReader gives them), all or nothing."""
    parsed, errors = _parse(rows)
    summary = LoadSummary(errors=errors)
    if errors:
        return summary
    with transaction.atomic():
        present = set(WaiverScheme.objects.values_list("region_code", "effective_from"))
        for (region, start), (scheme, items) in sorted(parsed.items()):
            if (region, start) in present:
                summary.skipped += 1
                continue
            row = WaiverScheme.objects.create(region_code=region, effective_from=start, **scheme)
            WaiverItem.objects.bulk_create([WaiverItem(scheme=row, **i) for i in items])
            summary.schemes += 1
            summary.items += len(items)
            audit.record(actor or "system", audit.Event("create", "waiver_scheme", row.pk, region, {
                "name": [None, row.name], "effective_from": [None, start], "items": [None, len(items)],
                "cap_general": [None, row.cap_general], "cap_special": [None, row.cap_special]}))
    return summary


# ---- a death's cremation and waiver ------------------------------------------------------------------------------


def record_cremation_row(actor, reg: DeathRegistration, c: CremationIn) -> CremationRecord:
    home = None
    if c.funeral_home_id is not None:
        home = FuneralHome.objects.filter(pk=c.funeral_home_id, active=True).first()
        if home is None:
            raise ValidationFailed.one("cremation.funeral_home_id", "殡仪馆不存在或已停用")
    if c.cremated_on < reg.death_date or c.cremated_on > clock.today():
        raise ValidationFailed.one("cremation.cremated_on", "火化日期应在死亡日期至今天之间")
    row = CremationRecord.objects.create(
        death=reg, funeral_home=home, outside_region=c.outside_region or "", region_code=reg.region_code,
        cremated_on=c.cremated_on, certificate_no=c.certificate_no, storage_days=c.storage_days,
        ash_storage_months=c.ash_storage_months, transport_km=c.transport_km)
    audit.record(actor, audit.Event("create", "cremation", row.pk, reg.region_code, {
        "death": [None, reg.pk], "funeral_home": [None, home.name if home else None],
        "outside_region": [None, row.outside_region or None], "cremated_on": [None, c.cremated_on]}))
    return row


def _facts(reg: DeathRegistration, crem: CremationRecord, scheme: policy.SchemeRule | None,
           held: frozenset[str]) -> policy.WaiverFacts:
    prefix = scheme.region_code.rstrip("0") if scheme else ""
    person = reg.person
    hukou = person.hukou_region_id or person.region_id
    # Only a registered funeral home of the rule's region settles directly; a cremation elsewhere (异地) was paid by
    # the family, who may be reimbursed where the rule allows it.
    local = crem.funeral_home_id is not None and crem.funeral_home.region_code.startswith(prefix)
    return policy.WaiverFacts(hukou_local=hukou.startswith(prefix), cremated=True,
                              cremated_locally=local, programs_held=held,
                              storage_days=crem.storage_days, ash_storage_months=crem.ash_storage_months,
                              transport_km=crem.transport_km)


def waive(actor, reg: DeathRegistration, crem: CremationRecord, held: frozenset[str],
          scheme: policy.SchemeRule | None, bank_account: str = "", bank_name: str = "") -> dict | None:
    """The death's waiver (once): to the funeral home's settlement, or reimbursed to the family through the kernel.
    Returns the 身后一件事 line of what was paid (None when nothing is waived)."""
    result = policy.waiver(scheme, _facts(reg, crem, scheme, held))
    status = "refused"
    if result.eligible:
        status = "to_settle" if result.payee == "funeral_home" else "reimbursing"
    waiver = Waiver.objects.create(
        death=reg, scheme_id=scheme.ref if scheme else None, region_code=reg.region_code, group=result.group,
        lines=[line.as_dict() for line in result.lines], total=result.total, payee=result.payee,
        funeral_home=crem.funeral_home, status=status, reasons=result.reasons, created_on=clock.today())
    audit.record(actor, audit.Event("waiver_grant", "funeral_waiver", waiver.pk, reg.region_code, {
        "death": [None, reg.pk], "total": [None, result.total], "payee": [None, result.payee],
        "status": [None, status], "reasons": [None, result.reasons]}))
    if not result.eligible or result.total <= 0:
        return None
    if result.payee == "funeral_home":
        return {"kind": "waiver", "label": "惠民殡葬减免（直接减免）", "amount": f"{result.total:.2f}",
                "to": crem.funeral_home.name, "status": codes.WAIVER_STATUS[status], "case_id": None,
                "entitlement_id": None}
    if reg.informant_id is None:
        return {"kind": "reimbursement", "label": "惠民殡葬异地火化报销", "amount": f"{result.total:.2f}",
                "to": "（待指定同户家属）", "status": "待指定领取人", "case_id": None, "entitlement_id": None}
    lines = "；".join(f"{x.label} {x.units}×{x.unit_amount}={x.amount}" for x in result.lines)
    paid = kernel.pay_once(actor, codes.REIMBURSEMENT, reg.household_id, reg.informant_id,
                           f"身后一件事 #{reg.pk}：异地火化，凭票报销基本殡葬服务费用", amount=result.total,
                           reason=f"按{scheme.name}逐项核定：{lines}（合计不超过上限）",
                           bank_account=bank_account, bank_name=bank_name)
    Waiver.objects.filter(pk=waiver.pk).update(case_id=paid.case_id,
                                               status="reimbursed" if paid.entitlement_id else "reimbursing")
    return {"kind": "reimbursement", "label": "惠民殡葬异地火化报销", "amount": f"{result.total:.2f}",
            "to": reg.informant.name, "status": "已确认，随下月发放名册一次性发放" if paid.entitlement_id
            else "已报县级民政部门审核确认", "case_id": paid.case_id, "entitlement_id": paid.entitlement_id}


def record_cremation(actor, death_id, data: dict[str, Any]) -> DeathRegistration:
    """A cremation recorded after 身后一件事 was done: the waiver follows (once)."""
    from minzheng.funeral.services.deaths import require_register

    require_register(actor)
    with transaction.atomic():
        reg = DeathRegistration.objects.visible_to(actor, "change").select_for_update().filter(pk=death_id).first()
        if reg is None:
            raise NotFound()
        c = validation.validate(CremationIn, data)
        if CremationRecord.objects.filter(death=reg).exists():
            raise Conflict("该逝者已有火化记录")
        crem = record_cremation_row(actor, reg, c)
        if reg.status == "completed":
            scheme = scheme_for(reg.region_code, reg.death_date)
            item = waive(actor, reg, crem, frozenset(reg.outcome.get("programs_at_death", [])), scheme,
                         *reg.payee_account())  # the informant's account kept at registration
            if item:
                reg.outcome.setdefault("paid", []).append(item)
                reg.save(update_fields=["outcome"])
    return reg


# ---- settlement with the funeral homes ---------------------------------------------------------------------------


def settle(actor, data: dict[str, Any]) -> list[Settlement]:
    """The county's monthly settlement: every waiver to settle of a cremation up to the end of `month`, per funeral
    home of the county; each waiver joins exactly one settlement (a rerun or a concurrent run finds nothing left)."""
    require_manage(actor)
    s = validation.validate(FuneralSettleIn, data)
    end = policy.next_month(s.month) - dt.timedelta(days=1)
    if end >= clock.today():
        raise Conflict(f"{s.month:%Y-%m} 尚未结束，月末后方可结算")
    made = []
    with transaction.atomic():
        homes = FuneralHome.objects.visible_to(actor, "change").order_by("pk")
        for home in homes:
            if Settlement.objects.filter(funeral_home=home, month=s.month).exists():
                continue
            due = Waiver.objects.filter(funeral_home=home, status="to_settle", settlement__isnull=True,
                                        death__cremation__cremated_on__lte=end)
            if not due.exists():
                continue
            row = Settlement.objects.create(funeral_home=home, region_code=home.region_code, month=s.month,
                                            created_by=actor)
            # Conditional UPDATE: only waivers still unsettled join (the row lock of the settlement's insert and the
            # WHERE make a waiver's second settlement impossible on SQLite and PostgreSQL alike).
            Waiver.objects.filter(pk__in=list(due.values_list("pk", flat=True)), settlement__isnull=True,
                                  status="to_settle").update(settlement=row, status="settled")
            totals = Waiver.objects.filter(settlement=row).aggregate(n=Count("id"), total=Sum("total"))
            row.count, row.total = totals["n"], totals["total"] or Decimal(0)
            row.save(update_fields=["count", "total"])
            audit.record(actor, audit.Event("settle", "funeral_settlement", row.pk, row.region_code, {
                "funeral_home": [None, home.name], "month": [None, f"{s.month:%Y-%m}"], "count": [None, row.count],
                "total": [None, row.total]}))
            made.append(row)
    return made
