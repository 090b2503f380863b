"""Disaster-relief endpoints (/api/v1/relief/…): events, damage reports and totals, affected households, relief
cases (kernel cases), and the material reserve — warehouses, receipts, dispatches (409 with the quantity available
when stock is short), sign-off, returns, stocktakes, stock and the ledger. Lists take the pages' filters and paginate;
bodies are validated by the services after the role check (403 before 404)."""

from __future__ import annotations

from ninja import Router, Status
from ninja.pagination import paginate

from minzheng.benefits.schemas.fields import body
from minzheng.core.api_schemas import ERRORS, Page, responses
from minzheng.core.pages.filters import filter_errors_to_validation
from minzheng.relief import filters, selectors
from minzheng.relief.schemas import (
    AffectedIn,
    AffectedOut,
    DamageReportIn,
    DamageReportOut,
    DamageTotalsOut,
    DispatchIn,
    EventEndIn,
    EventIn,
    EventOut,
    MovementOut,
    OfficerOut,
    ReceiptIn,
    ReliefCaseIn,
    ReliefCaseOut,
    ReturnIn,
    ShelterOut,
    ShortStockOut,
    SignIn,
    StockOut,
    StocktakeIn,
    StocktakeOut,
    WarehouseIn,
    WarehouseOut,
)
from minzheng.relief.services import disasters, reserve

router = Router(tags=["relief"])


def _filtered(filterset_class, request, queryset, ordering):
    fs = filterset_class(request.GET, queryset=queryset, user=request.user)
    if not fs.is_valid():
        raise filter_errors_to_validation(fs)
    return fs.qs.order_by(*ordering)


# ---- disasters ----------------------------------------------------------------------------------------------------


@router.get("/relief/events", response=responses(list[EventOut]), summary="灾害事件")
@paginate(Page)
def list_events(request):
    return _filtered(filters.EventFilters, request, selectors.events_for(request.user), ("-started_on", "-id"))


@router.post("/relief/events", response=responses(EventOut, 201), summary="登记灾害事件（县级、市级）")
def add_event(request, payload: body(EventIn)):
    return Status(201, disasters.create_event(request.user, payload))


@router.post("/relief/events/{event_id}/end", response=responses(EventOut), summary="登记灾情稳定（核报时限起算）")
def end_event(request, event_id: int, payload: body(EventEndIn)):
    return disasters.end_event(request.user, event_id, payload)


@router.get("/relief/events/{event_id}/damage", response=responses(DamageTotalsOut),
            summary="灾情汇总（各村最新一次报告：核报优先）")
def event_damage(request, event_id: int):
    return selectors.damage_totals(request.user, selectors.get_event(request.user, event_id))


@router.get("/relief/reports", response=responses(list[DamageReportOut]), summary="灾情报告（初报、续报、核报）")
@paginate(Page)
def list_reports(request):
    return _filtered(filters.ReportFilters, request, selectors.reports_for(request.user),
                     ("-reported_on", "region_code", "id"))


@router.post("/relief/reports", response=responses(DamageReportOut, 201),
             summary="报送灾情（按村；初报、续报、核报，应报日期按报灾时限计算）")
def add_report(request, payload: body(DamageReportIn)):
    return Status(201, disasters.record_report(request.user, payload))


@router.get("/relief/households", response=responses(list[AffectedOut]), summary="受灾家庭")
@paginate(Page)
def list_affected(request):
    return _filtered(filters.AffectedFilters, request, selectors.affected_for(request.user), ("region_code", "id"))


@router.post("/relief/households", response=responses(AffectedOut, 201),
             summary="登记受灾家庭（同时交乡镇监测跟进：disaster_affected 预警）")
def add_affected(request, payload: body(AffectedIn)):
    return Status(201, disasters.register_affected(request.user, payload))


@router.post("/relief/cases", response=responses(ReliefCaseOut, 201),
             summary="受灾人员救助申请（紧急生活救助、过渡期生活救助、冬春救助、恢复重建补助：按救助案件办理）")
def add_case(request, payload: body(ReliefCaseIn)):
    return Status(201, disasters.apply_assistance(request.user, payload))


# ---- the reserve --------------------------------------------------------------------------------------------------


@router.get("/relief/warehouses", response=responses(list[WarehouseOut]), summary="救灾物资储备库")
@paginate(Page)
def list_warehouses(request):
    return _filtered(filters.WarehouseFilters, request, selectors.warehouses_for(request.user),
                     ("region_code", "name", "id"))


@router.post("/relief/warehouses", response=responses(WarehouseOut, 201), summary="登记储备库（乡镇、县级）")
def add_warehouse(request, payload: body(WarehouseIn)):
    return Status(201, reserve.add_warehouse(request.user, payload))


@router.post("/relief/receipts", response=responses(MovementOut, 201),
             summary="物资入库（采购 purchase、上级调拨 allocation、社会捐赠 donation）")
def add_receipt(request, payload: body(ReceiptIn)):
    return Status(201, reserve.receive(request.user, payload))


@router.post("/relief/dispatches", response={201: MovementOut, **ERRORS, 409: ShortStockOut},
             summary="物资调拨出库（库存不足 409，并给出可用数量）")
def add_dispatch(request, payload: body(DispatchIn)):
    try:
        return Status(201, reserve.dispatch(request.user, payload))
    except reserve.ShortStock as exc:
        return Status(409, ShortStockOut(detail=exc.message, available=exc.available))


@router.get("/relief/dispatches", response=responses(list[MovementOut]), summary="调拨出库记录（签收情况）")
@paginate(Page)
def list_dispatches(request):
    return _filtered(filters.MovementFilters, request, selectors.dispatches_for(request.user), ("-moved_on", "-id"))


@router.post("/relief/dispatches/{dispatch_id}/sign", response=responses(MovementOut), summary="登记签收")
def sign_dispatch(request, dispatch_id: int, payload: body(SignIn)):
    return reserve.sign(request.user, dispatch_id, payload)


@router.post("/relief/dispatches/{dispatch_id}/returns", response=responses(MovementOut, 201),
             summary="回收入库（不超过调出数量）")
def return_dispatch(request, dispatch_id: int, payload: body(ReturnIn)):
    return Status(201, reserve.return_goods(request.user, dispatch_id, payload))


@router.post("/relief/stocktakes", response=responses(StocktakeOut, 201),
             summary="库存盘点（差异须说明原因，记盘盈/盘亏）")
def add_stocktake(request, payload: body(StocktakeIn)):
    take = reserve.record_stocktake(request.user, payload)
    return Status(201, StocktakeOut(id=take.pk, warehouse_id=take.warehouse_id, counted_on=take.counted_on,
                                    differences=sum(1 for line in take.lines.all() if line.difference)))


@router.get("/relief/stock", response=responses(list[StockOut]), summary="库存（?warehouse_id=）")
@paginate(Page)
def list_stock(request):
    return _filtered(filters.StockFilters, request, selectors.stock_for(request.user),
                     ("warehouse_id", "item__name", "id"))


@router.get("/relief/ledger", response=responses(list[MovementOut]), summary="物资台账（每笔变动及变动后库存）")
@paginate(Page)
def list_ledger(request):
    return _filtered(filters.MovementFilters, request, selectors.movements_for(request.user),
                     ("warehouse_id", "item_id", "id"))


@router.get("/relief/officers", response=responses(list[OfficerOut]), summary="灾害信息员名册（电话脱敏）")
@paginate(Page)
def list_officers(request):
    return _filtered(filters.OfficerFilters, request, selectors.officers_for(request.user),
                     ("region_code", "-role", "id"))


@router.get("/relief/shelters", response=responses(list[ShelterOut]), summary="应急避难场所")
@paginate(Page)
def list_shelters(request):
    return _filtered(filters.ShelterFilters, request, selectors.shelters_for(request.user),
                     ("region_code", "name", "id"))
