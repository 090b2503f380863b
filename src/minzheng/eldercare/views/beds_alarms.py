"""Family care beds (list, open, detail with visits, printable QR label, scan) and alarms (devices with their
keys shown once, the alarm queue, acknowledge, close)."""

from __future__ import annotations

import segno
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe

from minzheng.core import audit
from minzheng.core.pages.base import PageAction
from minzheng.core.pages.columns import (
    CodeColumn,
    CountColumn,
    DateColumn,
    DateTimeColumn,
    RegionColumn,
    TextColumn,
)
from minzheng.core.pages.detail import Related, Section
from minzheng.core.pages.forms import ServiceFormPage
from minzheng.core.pages.lists import ListPage
from minzheng.eldercare import codes, filters, forms, selectors, tables
from minzheng.eldercare.services import alarms as alarm_svc
from minzheng.eldercare.services import beds as bed_svc
from minzheng.eldercare.views.common import ALARM_LINKS, HOMECARE_LINKS, StepDetailPage, others, with_person

VIEW, EXPORT, MANAGE, SERVE = "eldercare.view", "eldercare.export", "eldercare.manage", "eldercare.serve"


def _bed_url(result) -> str:
    return reverse("eldercare_bed", args=[result.pk])


class BedList(ListPage):
    title = "家庭养老床位"
    description = "一床一人一码：经能力评估的居家老人、服务组织和服务协议；本月服务次数对照每月应服务次数。"
    permission = VIEW
    selector = staticmethod(selectors.beds_for)
    filterset_class = filters.BedFilters
    table_class = tables.BedTable
    ordering = ("region_code", "person__name", "id")
    export_permission = EXPORT
    export_object = "eldercare_bed"
    actions = [PageAction("eldercare_bed_add", "建床", SERVE), *others(HOMECARE_LINKS, "eldercare_bed_list")]


class BedAdd(ServiceFormPage):
    title = "家庭养老床位建床"
    description = "老人须有有效的能力评估（GB/T 42195）；每月应服务次数缺省按能力等级确定。"
    permission = SERVE
    form_class = forms.BedForm
    submit_label = "建床"
    success_message = "已建床，可打印床位码"
    success_url = staticmethod(_bed_url)

    def make_form(self, data=None):
        form = super().make_form(data)
        form.set_choices("provider_id", selectors.provider_choices(self.request.user))
        return form

    def call_service(self, data, comment):
        return bed_svc.open_bed(self.request.user, with_person(self.request.user, data))


class BedDetail(StepDetailPage):
    title = "家庭养老床位"
    permission = VIEW
    selector = staticmethod(selectors.get_bed)
    sections = [Section("床位", {
        "person__name": TextColumn("老人"), "region_code": RegionColumn("村(社区)"), "address": TextColumn("床位地址"),
        "provider__name": TextColumn("服务组织"), "agreement_no": TextColumn("服务协议编号"),
        "agreement_from": DateColumn("协议起始日期"), "agreement_to": DateColumn("协议终止日期"),
        "assessed_level": TextColumn("能力等级（建床时）"), "required_visits": CountColumn("每月应服务次数"),
        "visits": CountColumn("本月已服务次数"), "state": CodeColumn(codes.BED_STATES, "状态"),
        "ended_on": DateColumn("终止日期"),
    })]
    related = [Related("服务记录", tables.BedOrderTable, selectors.bed_orders)]
    actions = [PageAction("eldercare_bed_label", "打印床位码", VIEW, url_args=("pk",)),
               PageAction("eldercare_order_add", "登记服务", SERVE, style="outline-primary"),
               PageAction("eldercare_bed_end", "终止床位", SERVE, url_args=("pk",), style="outline-danger")]
    when = {"终止床位": lambda o: o.state == "active", "登记服务": lambda o: o.state == "active"}


class BedEnd(ServiceFormPage):
    title = "终止家庭养老床位"
    permission = SERVE
    form_class = forms.EndForm
    object_selector = staticmethod(selectors.get_bed)
    service = staticmethod(lambda user, bed, data, comment=None: bed_svc.end_bed(user, bed, data))
    submit_label = "终止"
    success_message = "已终止床位"
    success_url = staticmethod(_bed_url)
    confirm = True


@login_required
def bed_label(request, pk: int):
    """The printable label: a QR code of the scan address with the bed's opaque token — no name, no ID number."""
    from minzheng.core import roles
    from minzheng.core.errors import Forbidden

    if not roles.has_perm(request.user, VIEW):
        raise Forbidden("您的角色无权打印床位码")
    bed = selectors.get_bed(request.user, pk)
    url = request.build_absolute_uri(reverse("eldercare_bed_scan", args=[bed.token]))
    svg = segno.make(url, error="m").svg_inline(scale=5, border=2)
    audit.record(request.user, audit.Event("export", "eldercare_bed", bed.pk, bed.region_code,
                                           {"print": [None, "床位码"]}))
    return render(request, "eldercare/bed_label.html", {"bed": bed, "qr": mark_safe(svg), "url": url})


@login_required
def bed_scan(request, token: str):
    """A scanned label: the bed's record for an authorised worker (403 role, 404 unknown or outside the region)."""
    bed = bed_svc.scan(request.user, token)
    return redirect("eldercare_bed", pk=bed.pk)


# ---- devices and alarms --------------------------------------------------------------------------------------------


class DeviceList(ListPage):
    title = "智能设备"
    description = "跌倒、紧急呼叫、无活动和烟感等设备；每台设备有自己的签名密钥（加密保存，只在登记时显示一次）。"
    permission = VIEW
    selector = staticmethod(selectors.devices_for)
    filterset_class = filters.DeviceFilters
    table_class = tables.DeviceTable
    ordering = ("region_code", "serial")
    export_permission = EXPORT
    export_object = "eldercare_device"
    actions = [PageAction("eldercare_device_add", "登记设备", MANAGE), *others(ALARM_LINKS, "eldercare_device_list")]


class DeviceAdd(ServiceFormPage):
    title = "登记智能设备"
    permission = MANAGE
    form_class = forms.DeviceForm
    submit_label = "登记"
    success_message = "已登记设备"
    success_url = "eldercare_device_list"

    def make_form(self, data=None):
        form = super().make_form(data)
        user = self.request.user
        form.fields["bed_id"].choices = [("", "（无）"), *[(b.pk, f"{b.agreement_no}（{b.person.name}）")
                                                          for b in selectors.beds_for(user).filter(state="active")
                                                          .order_by("agreement_no")[:500]]]
        form.fields["provider_id"].choices = [("", "（无：按床位或村（社区））"), *selectors.provider_choices(user)]
        return form

    def call_service(self, data, comment):
        user = self.request.user
        data = with_person(user, data) if data.get("id_number") else {k: v for k, v in data.items()
                                                                       if k != "id_number"}
        self.created = alarm_svc.register_device(user, data)
        return self.created[0]

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        created = getattr(self, "created", None)
        if created is None:
            return response
        device, key = created
        # The key is shown this once (never stored in plain text, never put in a message or the session).
        return self.render({"device": device, "key": key}, template="eldercare/device_key.html")


class AlarmList(ListPage):
    title = "告警处置"
    description = "设备告警派送至床位服务组织或村（社区）；5 分钟未响应升级到乡镇（街道），15 分钟升级到县级。"
    permission = VIEW
    selector = staticmethod(selectors.alarms_for)
    filterset_class = filters.AlarmFilters
    table_class = tables.AlarmTable
    ordering = ("state", "-received_at", "-id")
    export_permission = EXPORT
    export_object = "eldercare_alarm"
    actions = others(ALARM_LINKS, "eldercare_alarm_list")


def _alarm_url(result) -> str:
    return reverse("eldercare_alarm", args=[result.pk])


class AlarmDetail(StepDetailPage):
    title = "告警"
    permission = VIEW
    selector = staticmethod(selectors.get_alarm)
    sections = [Section("告警", {
        "kind": CodeColumn(codes.ALARM_KINDS, "类型"), "state": CodeColumn(codes.ALARM_STATES, "状态"),
        "device__serial": TextColumn("设备"), "person__name": TextColumn("老人"),
        "region_code": RegionColumn("村(社区)"),
        "target": CodeColumn(codes.ALARM_TARGETS, "派送至"), "provider__name": TextColumn("服务组织"),
        "occurred_at": DateTimeColumn("发生时间"), "received_at": DateTimeColumn("接收时间"),
        "escalated_at": DateTimeColumn("升级时间"), "acknowledged_at": DateTimeColumn("响应时间"),
        "ack_seconds": CountColumn("响应用时（秒）"), "closed_at": DateTimeColumn("处置完成时间"),
        "outcome": CodeColumn(codes.ALARM_OUTCOMES, "处置结果"), "action_taken": TextColumn("处置情况", wrap=True),
    })]
    actions = [PageAction("eldercare_alarm_ack", "响应", SERVE, url_args=("pk",)),
               PageAction("eldercare_alarm_close", "处置完成", SERVE, url_args=("pk",))]
    when = {"响应": lambda o: o.state == "open", "处置完成": lambda o: o.state == "acknowledged"}


class AlarmAck(ServiceFormPage):
    title = "响应告警"
    description = "确认已收到告警并安排处置；响应用时从系统接收告警时起算。"
    permission = SERVE
    form_class = forms.NoFieldsForm
    object_selector = staticmethod(selectors.get_alarm)
    service = staticmethod(alarm_svc.acknowledge)
    submit_label = "响应"
    success_message = "已响应"
    success_url = staticmethod(_alarm_url)


class AlarmClose(ServiceFormPage):
    title = "告警处置完成"
    permission = SERVE
    form_class = forms.AlarmCloseForm
    object_selector = staticmethod(selectors.get_alarm)
    service = staticmethod(alarm_svc.close)
    submit_label = "处置完成"
    success_message = "已处置"
    success_url = staticmethod(_alarm_url)
