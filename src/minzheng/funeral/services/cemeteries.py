"""Funeral homes, cemeteries and columbaria (county): plots or niches created, assigned to a holder (with the fee and
the renewal date), renewed and transferred; eco-burial recorded with its reward paid through the kernel."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from minzheng.core import audit, clock, regioncodes, roles, validation
from minzheng.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from minzheng.core.models import Region
from minzheng.funeral import codes
from minzheng.funeral.models import Cemetery, DeathRegistration, EcoBurial, FuneralHome, Plot, PlotTransfer
from minzheng.funeral.schemas import AssignIn, CemeteryIn, EcoBurialIn, PlotIn, RenewIn, TransferIn
from minzheng.funeral.services import kernel
from minzheng.funeral.services.waivers import require_manage


def _own_region(actor, code: str) -> str:
    if not Region.objects.filter(code=code).exists():
        raise ValidationFailed.one("region_code", f"区划代码 {code} 不存在")
    if not regioncodes.in_subtree(code, actor.region_id):
        raise ValidationFailed.one("region_code", "只能登记本辖区内的单位")
    return code


def create_funeral_home(actor, name: str, region_code: str, address: str = "", phone: str = "") -> FuneralHome:
    require_manage(actor)
    code = _own_region(actor, regioncodes.normalize(region_code))
    try:
        with transaction.atomic():
            home = FuneralHome.objects.create(name=name[:100], region_code=code, address=address[:200],
                                              phone=phone[:30])
            audit.record(actor, audit.Event("create", "funeral_home", home.pk, code, {"name": [None, home.name]}))
    except IntegrityError:
        raise Conflict("同名殡仪馆已登记") from None
    return home


def create_cemetery(actor, data: dict[str, Any]) -> Cemetery:
    require_manage(actor)
    c = validation.validate(CemeteryIn, data)
    code = _own_region(actor, c.region_code)
    try:
        with transaction.atomic():
            row = Cemetery.objects.create(name=c.name, region_code=code, kind=c.kind, address=c.address,
                                          operator=c.operator)
            audit.record(actor, audit.Event("create", "cemetery", row.pk, code, {
                "name": [None, c.name], "kind": [None, c.kind]}))
    except IntegrityError:
        raise Conflict("同名公墓已登记") from None
    return row


def create_plot(actor, data: dict[str, Any]) -> Plot:
    require_manage(actor)
    p = validation.validate(PlotIn, data)
    try:
        with transaction.atomic():
            cemetery = Cemetery.objects.visible_to(actor, "change").filter(pk=p.cemetery_id).first()
            if cemetery is None:
                raise NotFound()
            plot = Plot.objects.create(cemetery=cemetery, region_code=cemetery.region_code, code=p.code,
                                       kind=p.kind, fee=p.fee)
            audit.record(actor, audit.Event("create", "plot", plot.pk, plot.region_code, {
                "cemetery": [None, cemetery.name], "code": [None, p.code], "kind": [None, p.kind]}))
    except IntegrityError:
        raise Conflict("该公墓已有此编号的墓穴（格位）") from None
    return plot


def _lock_plot(actor, plot_id) -> Plot:
    plot = Plot.objects.visible_to(actor, "change").select_for_update(of=("self",)).filter(pk=plot_id).first()
    if plot is None:
        raise NotFound()
    return plot


def assign_plot(actor, plot_id, data: dict[str, Any]) -> Plot:
    """A free plot to a holder (使用权人), with the person laid there (a registered death) and the fee paid until."""
    require_manage(actor)
    with transaction.atomic():
        plot = _lock_plot(actor, plot_id)  # 404 before the body is read (ADR 0009 order)
        a = validation.validate(AssignIn, data)
        if plot.status != "free":
            raise Conflict(f"该墓穴（格位）当前为“{codes.PLOT_STATUS[plot.status]}”，不能再分配")
        occupant = None
        if a.death_id is not None:
            death = DeathRegistration.objects.visible_to(actor).filter(pk=a.death_id).first()
            if death is None:
                raise ValidationFailed.one("death_id", "死亡登记不存在或不在本辖区")
            occupant = death.person_id
        if a.paid_until <= clock.today():
            raise ValidationFailed.one("paid_until", "续费到期日应晚于今天")
        plot.status, plot.holder_name, plot.holder_id, plot.occupant_id = "held", a.holder_name, a.holder_id, occupant
        plot.fee, plot.paid_until = a.fee, a.paid_until
        plot.save()
        audit.record(actor, audit.Event("update", "plot", plot.pk, plot.region_code, {
            "status": ["free", "held"], "holder": [None, a.holder_name], "occupant": [None, occupant],
            "fee": [None, a.fee], "paid_until": [None, a.paid_until]}))
    return plot


def renew_plot(actor, plot_id, data: dict[str, Any]) -> Plot:
    require_manage(actor)
    with transaction.atomic():
        plot = _lock_plot(actor, plot_id)  # 404 before the body is read (ADR 0009 order)
        r = validation.validate(RenewIn, data)
        if plot.status not in ("held", "expired"):
            raise Conflict("空置的墓穴（格位）无需续费")
        if plot.paid_until and r.paid_until <= plot.paid_until:
            raise ValidationFailed.one("paid_until", f"新的到期日应晚于原到期日 {plot.paid_until}")
        before = plot.paid_until
        plot.paid_until, plot.status, plot.fee = r.paid_until, "held", r.fee
        plot.save(update_fields=["paid_until", "status", "fee"])
        audit.record(actor, audit.Event("update", "plot", plot.pk, plot.region_code, {
            "paid_until": [before, r.paid_until], "renewal_fee": [None, r.fee]}))
    return plot


def transfer_plot(actor, plot_id, data: dict[str, Any]) -> PlotTransfer:
    require_manage(actor)
    with transaction.atomic():
        plot = _lock_plot(actor, plot_id)  # 404 before the body is read (ADR 0009 order)
        t = validation.validate(TransferIn, data)
        if plot.status == "free" or not plot.holder_name:
            raise Conflict("空置的墓穴（格位）没有使用权人，不能变更")
        if t.on > clock.today():
            raise ValidationFailed.one("on", "变更日期不能晚于今天")
        row = PlotTransfer.objects.create(plot=plot, region_code=plot.region_code, from_name=plot.holder_name,
                                          to_name=t.to_name, on=t.on, reason=t.reason)
        audit.record(actor, audit.Event("update", "plot", plot.pk, plot.region_code, {
            "holder": [plot.holder_name, t.to_name], "reason": [None, t.reason]}))
        plot.holder_name, plot.holder_id = t.to_name, None
        plot.save(update_fields=["holder_name", "holder"])
    return row


def record_eco_burial(actor, data: dict[str, Any]) -> EcoBurial:
    """生态安葬 of a registered death; the reward (kernel program eco_burial_reward) is paid to the informant."""
    if not roles.has_perm(actor, "funeral.register"):
        raise Forbidden("您的角色不能登记生态安葬")
    e = validation.validate(EcoBurialIn, data)
    with transaction.atomic():
        death = (DeathRegistration.objects.visible_to(actor, "change").select_for_update(of=("self",))
                 .filter(pk=e.death_id).first())
        if death is None:
            raise NotFound()
        if EcoBurial.objects.filter(death=death).exists():
            raise Conflict("该逝者已登记生态安葬：奖补不重复发放")
        if e.buried_on < death.death_date or e.buried_on > clock.today():
            raise ValidationFailed.one("buried_on", "安葬日期应在死亡日期至今天之间")
        plot = None
        if e.plot_id is not None:
            plot = Plot.objects.visible_to(actor).filter(pk=e.plot_id).first()
            if plot is None:
                raise ValidationFailed.one("plot_id", "葬位不存在或不在本辖区")
        row = EcoBurial.objects.create(death=death, region_code=death.region_code, kind=e.kind,
                                       buried_on=e.buried_on, place=e.place, plot=plot)
        if death.informant_id and death.household_id:
            account, bank_name = death.payee_account()
            paid = kernel.pay_once(actor, "eco_burial_reward", death.household_id, death.informant_id,
                                   f"身后一件事 #{death.pk}：{codes.ECO_KINDS[e.kind]}，申领生态安葬奖补",
                                   bank_account=account, bank_name=bank_name)
            row.case_id, row.reward, row.status = paid.case_id, paid.amount or 0, "rewarded"
            row.save(update_fields=["case_id", "reward", "status"])
            death.outcome.setdefault("paid", []).append({
                "kind": "eco", "label": "生态安葬奖补", "amount": f"{row.reward:.2f}", "to": death.informant.name,
                "status": "已确认，随下月发放名册一次性发放" if paid.entitlement_id else "已报县级民政部门审核确认",
                "case_id": paid.case_id, "entitlement_id": paid.entitlement_id})
            death.save(update_fields=["outcome"])
        audit.record(actor, audit.Event("create", "eco_burial", row.pk, row.region_code, {
            "death": [None, death.pk], "kind": [None, e.kind], "reward": [None, row.reward]}))
    return row
