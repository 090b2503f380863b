"""The township's 临时救助备用金 (民发〔2018〕23号: 乡镇（街道）可设立临时救助备用金，对急难型救助对象先行救助，
救助后补齐手续) — writes, each one transaction with the role and scope checks and an audit entry:

    top_up(actor, data)       拨付备用金: the county puts money into a township's fund
    advance(actor, data)      先行救助: the township pays an 急难型 临时救助 case in cash before the decision;
                              the amount is recorded on the case (Case.advance_paid), so the payroll later pays
                              only what the decision grants beyond it — the family is never paid twice
    reimburse(actor, data)    审批后归垫: once the case is decided, the county refills the fund with what was advanced
    balance(region_code)      the fund's balance (the signed sum of the ledger)

An advance never exceeds the balance (409 "备用金余额不足"); a case is advanced once and reimbursed once (database
constraints); a refused or withdrawn case is reimbursed all the same (the money was spent on an emergency) and its
note says so."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Case as When
from django.db.models import DecimalField, F, Sum
from django.db.models import When as WhenClause

from minzheng.assistance import codes
from minzheng.assistance.models import ReserveEntry
from minzheng.assistance.schemas import AdvanceIn, ReimburseIn, TopUpIn
from minzheng.benefits.models import Case
from minzheng.core import audit, clock, regioncodes, roles, validation
from minzheng.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from minzheng.core.models import Region


def balance(region_code: str) -> Decimal:
    signed = When(*[WhenClause(kind=k, then=F("amount") * sign) for k, sign in codes.RESERVE_SIGN.items()],
                  output_field=DecimalField(max_digits=14, decimal_places=2))
    total = ReserveEntry.objects.filter(region_code=region_code).aggregate(s=Sum(signed))["s"]
    return (total or Decimal(0)).quantize(Decimal("0.01"))


def _township_of(code: str) -> str:
    return code[:9] + "000"


def _positive(amount: Decimal) -> None:
    if amount <= 0:
        raise ValidationFailed.one("amount", "金额应大于 0")


def _record(actor, entry: ReserveEntry) -> ReserveEntry:
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError:
        raise Conflict(f"该案件已登记过“{codes.RESERVE_KINDS[entry.kind]}”，不能重复登记") from None
    audit.record(actor, audit.Event("create", "reserve_entry", entry.pk, entry.region_code, {
        "kind": [None, entry.kind], "amount": [None, str(entry.amount)], "case": [None, entry.case_id],
        "balance": [None, str(balance(entry.region_code))]}))
    return entry


def top_up(actor, data: dict[str, Any]) -> ReserveEntry:
    if not roles.has_perm(actor, "reserve.fund"):
        raise Forbidden("拨付备用金由县级民政部门办理")
    d = validation.validate(TopUpIn, data)
    _positive(d.amount)
    township = Region.objects.filter(code=d.region_code, level="township").first()
    if township is None or not regioncodes.in_subtree(township.code, actor.region_id):
        raise ValidationFailed.one("region_code", "请选择本辖区内的乡镇(街道)")
    with transaction.atomic():
        return _record(actor, ReserveEntry(region_code=township.code, kind="top_up", amount=d.amount,
                                           on=d.on or clock.today(), note=d.note, created_by=actor))


def _case(actor, case_id: int) -> Case:
    found = Case.objects.visible_to(actor).select_for_update().filter(pk=case_id).first()
    if found is None:
        raise NotFound()
    if found.program != "temporary" or found.subtype != "emergency":
        raise ValidationFailed.one("case_id", "只有急难型临时救助可以先行救助")
    return found


def advance(actor, data: dict[str, Any]) -> ReserveEntry:
    if not roles.has_perm(actor, "reserve.advance"):
        raise Forbidden("先行救助由乡镇(街道)经办（或县级民政部门）办理")
    d = validation.validate(AdvanceIn, data)
    _positive(d.amount)
    with transaction.atomic():
        case = _case(actor, d.case_id)
        if case.decided_on is not None:
            raise Conflict("该案件已作出决定：先行救助只能在决定之前支付，已决定的金额随资金发放支付")
        township = _township_of(case.region_code)
        # The fund's row is the township's: lock it so two advances cannot both spend the last of the balance.
        Region.objects.select_for_update().filter(code=township).first()
        left = balance(township)
        if d.amount > left:
            raise Conflict(f"备用金余额不足：余额 {left} 元，本次 {d.amount} 元")
        entry = _record(actor, ReserveEntry(region_code=township, kind="advance", amount=d.amount, case=case,
                                            on=d.on or clock.today(), note=d.note, created_by=actor))
        Case.objects.filter(pk=case.pk).update(advance_paid=d.amount)
    return entry


def reimburse(actor, data: dict[str, Any]) -> ReserveEntry:
    if not roles.has_perm(actor, "reserve.fund"):
        raise Forbidden("审批后归垫由县级民政部门办理")
    d = validation.validate(ReimburseIn, data)
    with transaction.atomic():
        case = _case(actor, d.case_id)
        advanced = ReserveEntry.objects.filter(case=case, kind="advance").first()
        if advanced is None:
            raise Conflict("该案件没有先行救助支出，无需归垫")
        if case.decided_on is None:
            raise Conflict("案件尚未作出决定：决定后再归垫")
        note = d.note or (f"案件 #{case.pk} 已批准" if case.decision == "approved" else
                          f"案件 #{case.pk} 未获批准，先行救助已用于急难救助，按规定归垫")
        return _record(actor, ReserveEntry(region_code=advanced.region_code, kind="reimburse",
                                           amount=advanced.amount, case=case, on=clock.today(), note=note,
                                           created_by=actor))
