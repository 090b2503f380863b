"""居家社区养老 pages: providers and their items, quotas, orders with their steps (dispatch, check in/out, confirm,
cancel), monthly settlements with their files, 助餐 points and meals, 日间照料中心 and attendance."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.urls import reverse

from minzheng.core import filestore
from minzheng.core.errors import NotFound
from minzheng.core.pages.base import PageAction
from minzheng.core.pages.columns import (
    CodeColumn,
    CountColumn,
    DateColumn,
    DateTimeColumn,
    MaskedColumn,
    MoneyColumn,
    MonthColumn,
    RegionColumn,
    TextColumn,
)
from minzheng.core.pages.detail import DetailPage, Related, Section
from minzheng.core.pages.forms import ServiceFormPage
from minzheng.core.pages.lists import ListPage
from minzheng.eldercare import codes, filters, forms, selectors, tables
from minzheng.eldercare.services import homecare as svc
from minzheng.eldercare.services import settlement
from minzheng.eldercare.views.common import HOMECARE_LINKS, StepDetailPage, others, with_person

VIEW, EXPORT, MANAGE, RECORD, SERVE = ("eldercare.view", "eldercare.export", "eldercare.manage", "eldercare.record",
                                       "eldercare.serve")


# ---- providers, items, quotas ----------------------------------------------------------------------------------------


class ProviderList(ListPage):
    title = "养老服务组织"
    description = "提供居家社区养老服务、助餐和日间照料的组织（电话、账号遮蔽显示）。"
    permission = VIEW
    selector = staticmethod(selectors.providers_for)
    filterset_class = filters.ProviderFilters
    table_class = tables.ProviderTable
    ordering = ("region_code", "name", "id")
    export_permission = EXPORT
    export_object = "eldercare_provider"
    actions = [PageAction("eldercare_provider_add", "登记服务组织", MANAGE),
               *others(HOMECARE_LINKS, "eldercare_provider_list")]


class ProviderAdd(ServiceFormPage):
    title = "登记养老服务组织"
    permission = MANAGE
    form_class = forms.ProviderForm
    service = staticmethod(svc.add_provider)
    submit_label = "登记"
    success_message = "已登记服务组织"
    success_url = staticmethod(lambda result: reverse("eldercare_provider", args=[result.pk]))


class ProviderDetail(DetailPage):
    title = "养老服务组织"
    permission = VIEW
    selector = staticmethod(selectors.get_provider)
    sections = [Section("基本情况", {
        "name": TextColumn("名称"), "kind": CodeColumn(codes.PROVIDER_KINDS, "类型"),
        "region_code": RegionColumn("所在区划"), "credit_code": TextColumn("统一社会信用代码"),
        "contact_name": TextColumn("联系人"), "phone_masked": MaskedColumn("联系电话"),
        "bank_name": TextColumn("开户行"), "account_masked": MaskedColumn("银行账号"),
    })]
    related = [
        Related("服务项目和价格", tables.ItemTable,
                lambda user, obj: selectors.items_for(user).filter(provider=obj).order_by("name")),
        Related("服务人员", tables.WorkerTable,
                lambda user, obj: selectors.workers_of(user, provider=obj).order_by("left_on", "name")),
        Related("结算", tables.SettlementTable,
                lambda user, obj: selectors.settlements_for(user).filter(provider=obj).order_by("-month")),
    ]
    actions = [PageAction("eldercare_item_add", "添加服务项目", MANAGE, url_args=("pk",)),
               PageAction("eldercare_worker_add", "登记服务人员", RECORD, style="outline-primary")]


class ItemAdd(ServiceFormPage):
    title = "添加服务项目"
    permission = MANAGE
    form_class = forms.ItemForm
    object_selector = staticmethod(selectors.get_provider)
    submit_label = "添加"
    success_message = "已添加服务项目"
    success_url = staticmethod(lambda result: reverse("eldercare_provider", args=[result.provider_id]))

    def call_service(self, data, comment):
        return svc.add_item(self.request.user, {**data, "provider_id": self.object.pk})


class ItemList(ListPage):
    title = "服务项目"
    permission = VIEW
    selector = staticmethod(selectors.items_for)
    filterset_class = filters.ItemFilters
    table_class = tables.ItemTable
    ordering = ("provider__name", "name", "id")
    export_permission = EXPORT
    export_object = "eldercare_item"
    actions = others(HOMECARE_LINKS, "eldercare_item_list")


class QuotaList(ListPage):
    title = "服务额度（每人每月）"
    description = "政府服务券、养老服务补贴等每人每月可用于居家社区养老服务的额度；当月未用完不结转。"
    permission = VIEW
    selector = staticmethod(selectors.quotas_for)
    filterset_class = filters.QuotaFilters
    table_class = tables.QuotaTable
    ordering = ("region_code", "person__name", "-from_month")
    export_permission = EXPORT
    export_object = "eldercare_quota"
    actions = [PageAction("eldercare_quota_add", "核定额度", MANAGE), *others(HOMECARE_LINKS, "eldercare_quota_list")]


class QuotaAdd(ServiceFormPage):
    title = "核定服务额度"
    permission = MANAGE
    form_class = forms.QuotaForm
    submit_label = "保存"
    success_message = "已核定服务额度"
    success_url = "eldercare_quota_list"

    def call_service(self, data, comment):
        data = {**data, "to_month": data.get("to_month") or None}
        return svc.add_quota(self.request.user, with_person(self.request.user, data))


# ---- orders --------------------------------------------------------------------------------------------------------


def _order_url(result) -> str:
    return reverse("eldercare_order", args=[result.pk])


class OrderList(ListPage):
    title = "居家养老服务订单"
    description = "登记 → 派单 → 上门签到/签退（时间、位置） → 老人确认评价 → 按月结算。"
    permission = VIEW
    selector = staticmethod(selectors.orders_for)
    filterset_class = filters.OrderFilters
    table_class = tables.OrderTable
    ordering = ("-scheduled_on", "-id")
    export_permission = EXPORT
    export_object = "eldercare_order"
    actions = [PageAction("eldercare_order_add", "登记订单", SERVE), *others(HOMECARE_LINKS, "eldercare_order_list")]


class OrderAdd(ServiceFormPage):
    title = "登记服务订单"
    permission = SERVE
    form_class = forms.OrderForm
    submit_label = "登记"
    success_message = "已登记订单"
    success_url = staticmethod(_order_url)

    def make_form(self, data=None):
        form = super().make_form(data)
        form.set_choices("item_id", selectors.item_choices(self.request.user))
        return form

    def call_service(self, data, comment):
        return svc.create_order(self.request.user, with_person(self.request.user, data))


class OrderDetail(StepDetailPage):
    title = "服务订单"
    permission = VIEW
    selector = staticmethod(selectors.get_order)
    sections = [Section("订单", {
        "person__name": TextColumn("老人"), "region_code": RegionColumn("村(社区)"),
        "provider__name": TextColumn("服务组织"), "item__name": TextColumn("服务项目"),
        "quantity": CountColumn("数量"), "amount_fen": MoneyColumn("金额（元）", fen=True),
        "source": CodeColumn(codes.ORDER_SOURCES, "来源"), "scheduled_on": DateColumn("预约日期"),
        "state": CodeColumn(codes.ORDER_STATES, "状态"), "worker__name": TextColumn("服务人员"),
        "checkin_at": DateTimeColumn("签到时间"), "checkin_lat": TextColumn("签到纬度"),
        "checkin_lng": TextColumn("签到经度"), "checkout_at": DateTimeColumn("签退时间"),
        "confirmed_at": DateTimeColumn("确认时间"), "rating": TextColumn("评价"), "feedback": TextColumn("评价意见"),
        "service_month": MonthColumn("服务月份"), "gov_fen": MoneyColumn("政府支付（元）", fen=True),
        "self_fen": MoneyColumn("个人支付（元）", fen=True), "cancel_reason": TextColumn("取消原因"),
    })]
    actions = [PageAction("eldercare_order_dispatch", "派单", SERVE, url_args=("pk",)),
               PageAction("eldercare_order_checkin", "签到", SERVE, url_args=("pk",)),
               PageAction("eldercare_order_checkout", "签退", SERVE, url_args=("pk",)),
               PageAction("eldercare_order_confirm", "确认评价", SERVE, url_args=("pk",)),
               PageAction("eldercare_order_cancel", "取消订单", SERVE, url_args=("pk",), style="outline-danger")]
    when = {"派单": lambda o: o.state in ("created", "dispatched"), "签到": lambda o: o.state == "dispatched",
            "签退": lambda o: o.state == "in_service", "确认评价": lambda o: o.state == "done",
            "取消订单": lambda o: o.state in ("created", "dispatched")}


class _OrderStep(ServiceFormPage):
    permission = SERVE
    object_selector = staticmethod(selectors.get_order)
    success_url = staticmethod(_order_url)


class OrderDispatch(_OrderStep):
    title = "派单"
    form_class = forms.DispatchForm
    service = staticmethod(svc.dispatch)
    submit_label = "派单"
    success_message = "已派单"

    def make_form(self, data=None):
        form = super().make_form(data)
        form.set_choices("worker_id", selectors.worker_choices(self.request.user, self.object.provider_id))
        return form


class OrderCheckIn(_OrderStep):
    title = "上门签到"
    description = "签到时间取系统时间；位置由服务人员手机定位填写（可空）。"
    form_class = forms.PlaceForm
    service = staticmethod(svc.check_in)
    submit_label = "签到"
    success_message = "已签到"


class OrderCheckOut(_OrderStep):
    title = "服务签退"
    description = "签退时间取系统时间，订单计入签退当月结算。"
    form_class = forms.PlaceForm
    service = staticmethod(svc.check_out)
    submit_label = "签退"
    success_message = "已签退"


class OrderConfirm(_OrderStep):
    title = "老人确认评价"
    form_class = forms.ConfirmForm
    service = staticmethod(svc.confirm)
    submit_label = "确认"
    success_message = "已确认"


class OrderCancel(_OrderStep):
    title = "取消订单"
    form_class = forms.CancelForm
    service = staticmethod(lambda user, order, data, comment=None: svc.cancel(user, order, data))
    submit_label = "取消订单"
    success_message = "已取消订单"
    confirm = True


# ---- settlements ---------------------------------------------------------------------------------------------------


class SettlementList(ListPage):
    title = "服务结算"
    description = "每月按服务组织结算：老人当月额度按服务先后抵扣，超出部分个人支付；结算文件加密保存。"
    permission = VIEW
    selector = staticmethod(selectors.settlements_for)
    filterset_class = filters.SettlementFilters
    table_class = tables.SettlementTable
    ordering = ("-month", "provider__name")
    export_permission = EXPORT
    export_object = "eldercare_settlement"
    actions = [PageAction("eldercare_settle", "按月结算", MANAGE), *others(HOMECARE_LINKS, "eldercare_settlement_list")]


class Settle(ServiceFormPage):
    title = "按月结算"
    description = "结算本县（区）该月已确认的全部订单（签退在该月）；每个服务组织生成一份结算和结算文件。"
    permission = MANAGE
    form_class = forms.SettleForm
    submit_label = "结算"
    success_message = "已结算"
    success_url = "eldercare_settlement_list"
    confirm = True
    confirm_text = "结算后订单标记为已结算，该月不能再次结算。请核对月份后确认。"

    def call_service(self, data, comment):
        return settlement.settle_month(self.request.user, data)


class SettlementDetail(DetailPage):
    title = "服务结算"
    permission = VIEW
    selector = staticmethod(selectors.get_settlement)
    sections = [Section("结算", {
        "provider__name": TextColumn("服务组织"), "month": MonthColumn("结算月份"), "orders": CountColumn("订单数"),
        "persons": CountColumn("服务人数"), "total_fen": MoneyColumn("服务金额（元）", fen=True),
        "gov_fen": MoneyColumn("政府支付（元）", fen=True), "self_fen": MoneyColumn("个人支付（元）", fen=True),
        "created_at": DateTimeColumn("结算时间"),
    })]
    related = [Related("明细（每位老人）", tables.SettlementLineTable, selectors.lines_of,
                       limit=200)]
    actions = [PageAction("eldercare_settlement_file", "下载结算文件", EXPORT, url_args=("pk",))]


@login_required
def settlement_file(request, pk: int):
    """The settlement file, decrypted as it streams (who may export, within the region; the download is audited by
    the file store's owner scope and this entry)."""
    from minzheng.core import audit
    from minzheng.core import roles as core_roles
    from minzheng.core.errors import Forbidden

    if not core_roles.has_perm(request.user, EXPORT):
        raise Forbidden("您的角色无权下载结算文件")
    row = selectors.get_settlement(request.user, pk)
    if row.file_id is None:
        raise NotFound()
    audit.record(request.user, audit.Event("export", "eldercare_settlement", row.pk, row.region_code,
                                           {"file": [None, row.file.name]}))
    return filestore.response(row.file)


# ---- 助餐 and 日间照料 ---------------------------------------------------------------------------------------------


class MealPointList(ListPage):
    title = "助餐点"
    permission = VIEW
    selector = staticmethod(selectors.meal_points_for)
    filterset_class = filters.MealPointFilters
    table_class = tables.MealPointTable
    ordering = ("region_code", "name")
    export_permission = EXPORT
    export_object = "eldercare_meal_point"
    actions = [PageAction("eldercare_meal_point_add", "登记助餐点", MANAGE),
               PageAction("eldercare_meal_list", "供餐记录", None, style="outline-secondary"),
               *others(HOMECARE_LINKS, "eldercare_meal_point_list")]


class _WithProviders(ServiceFormPage):
    def make_form(self, data=None):
        form = super().make_form(data)
        form.fields["provider_id"].choices = [("", "（无）"), *selectors.provider_choices(self.request.user)]
        return form


class MealPointAdd(_WithProviders):
    title = "登记助餐点"
    permission = MANAGE
    form_class = forms.MealPointForm
    service = staticmethod(svc.add_meal_point)
    submit_label = "登记"
    success_message = "已登记助餐点"
    success_url = "eldercare_meal_point_list"


class MealRecordAdd(ServiceFormPage):
    title = "登记供餐"
    permission = RECORD
    form_class = forms.MealRecordForm
    object_selector = staticmethod(selectors.get_meal_point)
    service = staticmethod(svc.record_meals)
    submit_label = "登记"
    success_message = "已登记供餐"
    success_url = "eldercare_meal_list"


class MealRecordList(ListPage):
    title = "供餐记录"
    permission = VIEW
    selector = staticmethod(selectors.meal_records_for)
    filterset_class = filters.MealRecordFilters
    table_class = tables.MealRecordTable
    ordering = ("-served_on", "point__name")
    export_permission = EXPORT
    export_object = "eldercare_meal"
    actions = others(HOMECARE_LINKS, "")


class DayCenterList(ListPage):
    title = "日间照料中心"
    permission = VIEW
    selector = staticmethod(selectors.day_centers_for)
    filterset_class = filters.DayCenterFilters
    table_class = tables.DayCenterTable
    ordering = ("region_code", "name")
    export_permission = EXPORT
    export_object = "eldercare_day_center"
    actions = [PageAction("eldercare_day_center_add", "登记中心", MANAGE),
               PageAction("eldercare_attendance_list", "签到记录", None, style="outline-secondary"),
               *others(HOMECARE_LINKS, "eldercare_day_center_list")]


class DayCenterAdd(_WithProviders):
    title = "登记日间照料中心"
    permission = MANAGE
    form_class = forms.DayCenterForm
    service = staticmethod(svc.add_day_center)
    submit_label = "登记"
    success_message = "已登记日间照料中心"
    success_url = "eldercare_day_center_list"


class AttendanceAdd(ServiceFormPage):
    title = "日间照料签到"
    permission = RECORD
    form_class = forms.AttendanceForm
    object_selector = staticmethod(selectors.get_day_center)
    submit_label = "签到"
    success_message = "已签到"
    success_url = "eldercare_attendance_list"

    def call_service(self, data, comment):
        return svc.record_attendance(self.request.user, self.object, with_person(self.request.user, data))


class AttendanceList(ListPage):
    title = "日间照料签到记录"
    permission = VIEW
    selector = staticmethod(selectors.attendance_for)
    filterset_class = filters.AttendanceFilters
    table_class = tables.AttendanceTable
    ordering = ("-on", "center__name")
    export_permission = EXPORT
    export_object = "eldercare_attendance"
    actions = others(HOMECARE_LINKS, "")
