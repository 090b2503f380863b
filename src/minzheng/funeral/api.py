"""Funeral endpoints (/api/v1/funeral/…): deaths and their 身后一件事 record, tomb-sweeping slots and bookings (201,
or 409 when the slot is full) with the QR check-in, cemeteries and plots, eco-burial, the funeral-home settlement
and the indicators. Lists take the pages' filters and paginate; bodies are validated by the services after the
role and scope checks."""

from __future__ import annotations

from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from minzheng.benefits.schemas.fields import body
from minzheng.core import clock
from minzheng.core.api_schemas import Page, responses
from minzheng.core.pages.filters import filter_errors_to_validation
from minzheng.core.validation import Integer, RegionCode
from minzheng.funeral import filters, selectors
from minzheng.funeral.codes import CEMETERY_KINDS, ECO_KINDS
from minzheng.funeral.schemas import (
    AssignIn,
    BookingIn,
    BookingOut,
    CemeteryIn,
    CemeteryOut,
    CertificateIn,
    CheckInIn,
    CremationIn,
    DeathOut,
    DeathRowOut,
    EcoBurialIn,
    EcoBurialOut,
    FuneralDeathIn,
    FuneralIndicatorsOut,
    FuneralSettleIn,
    FuneralSettlementOut,
    FuneralSlotOut,
    PlotIn,
    PlotOut,
    RenewIn,
    SlotIn,
    TransferIn,
)
from minzheng.funeral.services import bookings, cemeteries, deaths, waivers

router = Router(tags=["funeral"])


class MappedPage(Page):
    """A page whose rows are turned into the output dicts after slicing (only the page's rows are read)."""

    mapper = staticmethod(lambda row: row)

    def paginate_queryset(self, queryset, pagination, request, **params):
        out = super().paginate_queryset(queryset, pagination, request, **params)
        return {**out, "items": [self.mapper(row) for row in out["items"]]}


def mapped(fn):
    return type(f"Page_{fn.__name__}", (MappedPage,), {"mapper": staticmethod(fn)})


def _cemetery_out(c) -> dict:
    return {"id": c.pk, "name": c.name, "region_code": c.region_code, "kind": c.kind,
            "kind_label": CEMETERY_KINDS[c.kind], "address": c.address, "operator": c.operator}


def _filtered(filterset_class, request, queryset):
    fs = filterset_class(request.GET, queryset=queryset, user=request.user)
    if not fs.is_valid():
        raise filter_errors_to_validation(fs)
    return fs.qs


# ---- deaths ----------------------------------------------------------------------------------------------------------


@router.post("/funeral/deaths", response=responses(DeathOut, 201),
             summary="死亡登记 → 身后一件事（停发各项待遇、更新户籍成员、通知社保、惠民殡葬减免、丧葬补助、待办清单）")
def register_death(request, payload: body(FuneralDeathIn)):
    return Status(201, selectors.death_out(deaths.register(request.user, payload)))


@router.get("/funeral/deaths", response=responses(list[DeathRowOut]), summary="死亡登记（身后一件事）")
@paginate(mapped(selectors.death_row))
def list_deaths(request):
    return _filtered(filters.DeathFilters, request, selectors.deaths_for(request.user))


@router.get("/funeral/deaths/{death_id}", response=responses(DeathOut), summary="一件身后一件事")
def get_death(request, death_id: int):
    return selectors.death_out(selectors.get_death(request.user, death_id))


@router.post("/funeral/deaths/{death_id}/certificate", response=responses(DeathOut),
             summary="家属申报后补交死亡证明：停发已暂停的待遇并办结身后一件事")
def add_certificate(request, death_id: int, payload: body(CertificateIn)):
    return selectors.death_out(deaths.confirm_certificate(request.user, death_id, payload))


@router.post("/funeral/deaths/{death_id}/cremation", response=responses(DeathOut),
             summary="登记火化记录（随后核定惠民殡葬减免，每位逝者一次）")
def add_cremation(request, death_id: int, payload: body(CremationIn)):
    return selectors.death_out(waivers.record_cremation(request.user, death_id, payload))


# ---- tomb-sweeping -----------------------------------------------------------------------------------------------


@router.get("/funeral/slots", response=responses(list[FuneralSlotOut]), summary="清明祭扫时段（容量、已预约、余量）")
@paginate(mapped(selectors.slot_out))
def list_slots(request):
    return _filtered(filters.SlotFilters, request, selectors.slots_for(request.user))


@router.post("/funeral/slots", response=responses(FuneralSlotOut, 201), summary="新增祭扫时段（县级）")
def add_slot(request, payload: body(SlotIn)):
    return Status(201, selectors.slot_out(bookings.create_slot(request.user, payload)))


@router.get("/funeral/bookings", response=responses(list[BookingOut]), summary="祭扫预约")
@paginate(mapped(selectors.booking_out))
def list_bookings(request):
    return _filtered(filters.BookingFilters, request, selectors.bookings_for(request.user))


@router.post("/funeral/bookings", response=responses(BookingOut, 201),
             summary="祭扫预约：201；该时段已约满时 409")
def add_booking(request, payload: body(BookingIn)):
    return Status(201, selectors.booking_out(bookings.book(request.user, payload)))


@router.post("/funeral/bookings/{booking_id}/cancel", response=responses(BookingOut), summary="取消祭扫预约")
def cancel_booking(request, booking_id: int):
    return selectors.booking_out(bookings.cancel(request.user, booking_id))


@router.post("/funeral/check-in", response=responses(BookingOut), summary="扫码入园核验（当日，一次）")
def check_in(request, payload: body(CheckInIn)):
    return selectors.booking_out(bookings.check_in(request.user, payload))


# ---- cemeteries, plots, eco-burial ----------------------------------------------------------------------------------


@router.get("/funeral/cemeteries", response=responses(list[CemeteryOut]), summary="公墓、骨灰堂")
@paginate(mapped(_cemetery_out))
def list_cemeteries(request):
    return _filtered(filters.CemeteryFilters, request, selectors.cemeteries_for(request.user))



@router.post("/funeral/cemeteries", response=responses(CemeteryOut, 201), summary="登记公墓（县级）")
def add_cemetery(request, payload: body(CemeteryIn)):
    return Status(201, _cemetery_out(cemeteries.create_cemetery(request.user, payload)))


@router.get("/funeral/plots", response=responses(list[PlotOut]), summary="墓穴（格位）")
@paginate(Page)
def list_plots(request):
    return _filtered(filters.PlotFilters, request, selectors.plots_for(request.user))


@router.post("/funeral/plots", response=responses(PlotOut, 201), summary="新增墓穴（格位）")
def add_plot(request, payload: body(PlotIn)):
    return Status(201, cemeteries.create_plot(request.user, payload))


@router.post("/funeral/plots/{plot_id}/assign", response=responses(PlotOut), summary="分配墓穴（格位）给使用权人")
def assign_plot(request, plot_id: int, payload: body(AssignIn)):
    return cemeteries.assign_plot(request.user, plot_id, payload)


@router.post("/funeral/plots/{plot_id}/renew", response=responses(PlotOut), summary="续费")
def renew_plot(request, plot_id: int, payload: body(RenewIn)):
    return cemeteries.renew_plot(request.user, plot_id, payload)


@router.post("/funeral/plots/{plot_id}/transfer", response=responses(PlotOut), summary="使用权变更")
def transfer_plot(request, plot_id: int, payload: body(TransferIn)):
    return cemeteries.transfer_plot(request.user, plot_id, payload).plot


@router.post("/funeral/eco-burials", response=responses(EcoBurialOut, 201), summary="登记生态安葬（并申领奖补）")
def add_eco_burial(request, payload: body(EcoBurialIn)):
    row = cemeteries.record_eco_burial(request.user, payload)
    return Status(201, {"id": row.pk, "death_id": row.death_id, "kind": row.kind, "kind_label": ECO_KINDS[row.kind],
                        "buried_on": row.buried_on, "reward": row.reward, "status": row.status,
                        "case_id": row.case_id})


@router.post("/funeral/settlements", response=responses(list[FuneralSettlementOut], 201),
             summary="殡仪馆惠民殡葬减免月度结算（县级；每笔减免只结算一次）")
def settle(request, payload: body(FuneralSettleIn)):
    rows = waivers.settle(request.user, payload)
    return Status(201, [{"id": r.pk, "funeral_home_id": r.funeral_home_id, "funeral_home_name": r.funeral_home.name,
                         "month": f"{r.month:%Y-%m}", "count": r.count, "total": r.total} for r in rows])


class FuneralIndicatorQuery(Schema):
    year: Integer(2000, 2100) | None = Field(None, description="年份（默认今年）")
    region_code: RegionCode | None = Field(None, description="区划（默认本辖区）")


@router.get("/funeral/indicators", response=responses(FuneralIndicatorsOut), summary="火化率、生态安葬率（按下级区划）")
def indicators(request, q: Query[FuneralIndicatorQuery]):
    return selectors.indicators(request.user, q.year or clock.today().year, q.region_code or "")
