"""Pages of the funeral app, mounted at /funeral/ (FuneralConfig.url_prefix): deaths and their 身后一件事 record
(list with export, register with a confirmation step, the printable record, add an eco-burial), cemeteries and
plots (lists with export, add a cemetery), tomb-sweeping slots and bookings (lists with export, book, the printable
QR ticket), eco-burials and funeral-home settlements (lists with export, settle a month) and the indicators
(cremation and eco-burial rates by region). Reads through funeral.selectors, writes through funeral.services."""

from __future__ import annotations

import segno
from django.urls import reverse
from django.utils.safestring import mark_safe

from minzheng.core import audit, clock, regions
from minzheng.core.errors import ValidationFailed
from minzheng.core.pages.base import Page, PageAction, visible_actions
from minzheng.core.pages.forms import ServiceFormPage, bind_user
from minzheng.core.pages.lists import ListPage
from minzheng.funeral import filters, forms, selectors
from minzheng.funeral.services import bookings, cemeteries, deaths, waivers
from minzheng.funeral.tables import (
    BookingTable,
    CemeteryTable,
    DeathTable,
    EcoTable,
    IndicatorTable,
    PlotTable,
    SettlementTable,
    SlotTable,
)
from minzheng.registry import selectors as registry_selectors

LISTS = [PageAction("funeral_death_list", "身后一件事", None, style="outline-secondary"),
         PageAction("funeral_cemetery_list", "公墓", None, style="outline-secondary"),
         PageAction("funeral_plot_list", "墓穴（格位）", None, style="outline-secondary"),
         PageAction("funeral_booking_list", "祭扫预约", None, style="outline-secondary"),
         PageAction("funeral_slot_list", "祭扫时段", None, style="outline-secondary"),
         PageAction("funeral_eco_list", "生态安葬", None, style="outline-secondary"),
         PageAction("funeral_settlement_list", "减免结算", None, style="outline-secondary"),
         PageAction("funeral_indicators", "殡葬指标", None, style="outline-secondary")]


def _others(current: str) -> list[PageAction]:
    return [a for a in LISTS if a.url_name != current]


# ---- deaths ----------------------------------------------------------------------------------------------------------


class DeathList(ListPage):
    title = "死亡登记（身后一件事）"
    description = ("一次登记，一并办理：停发逝者的各项救助待遇（次月起）、更新户籍家庭成员、通知社保经办机构、"
                   "惠民殡葬减免、丧葬补助，并列出家属仍需办理的事项。")
    permission = "funeral.view"
    selector = staticmethod(selectors.deaths_for)
    filterset_class = filters.DeathFilters
    table_class = DeathTable
    ordering = ("-death_date", "-id")
    export_permission = "funeral.export"
    export_object = "death_registration"
    empty_text = "没有符合条件的死亡登记"
    actions = [PageAction("funeral_death_create", "登记死亡", "funeral.register"), *_others("funeral_death_list")]


def _person_id(user, field: str, number: str) -> int | None:
    if not number:
        return None
    person = registry_selectors.person_by_id_number(user, number.strip())
    if person is None:
        raise ValidationFailed.one(field, "本辖区人员库中没有该身份证号的人员")
    return person.pk


def register_death(user, data: dict, comment: str | None = None):
    """The page's flat fields → deaths.register's input."""
    body = {"person_id": _person_id(user, "id_number", data["id_number"]), "death_date": data["death_date"],
            "source": data["source"], "certificate_no": data["certificate_no"], "place": data["place"],
            "informant_id": _person_id(user, "informant_id_number", data["informant_id_number"]),
            "informant_relation": data["informant_relation"], "disposal": data["disposal"],
            "bank_account": data.get("bank_account", ""), "bank_name": data.get("bank_name", "")}
    if data.get("cremated_on"):
        body["cremation"] = {"funeral_home_id": data.get("funeral_home"),
                             "outside_region": data.get("outside_region") or None,
                             "cremated_on": data["cremated_on"], "storage_days": data.get("storage_days") or 0,
                             "ash_storage_months": data.get("ash_storage_months") or 0,
                             "transport_km": data.get("transport_km") or 0}
    return deaths.register(user, {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in body.items()},
                           comment=comment)


class DeathCreate(ServiceFormPage):
    title = "登记死亡（身后一件事）"
    description = ("凭《死亡医学证明》或公安死亡证明登记的，当即停发各项待遇并办结；家属申报未带证明的，"
                   "先暂停发放，补交证明后办结。")
    permission = "funeral.register"
    form_class = forms.DeathForm
    service = staticmethod(register_death)
    success_message = "已办理身后一件事"
    success_url = staticmethod(lambda reg: reverse("funeral_death", args=[reg.pk]))
    submit_label = "下一步：核对"
    confirm = True
    confirm_text = "登记后将停发逝者的各项待遇、移出家庭并支付减免和补助，不能撤销。请核对后填写确认办理说明。"

    def make_form(self, data=None):
        homes = selectors.funeral_homes_for(self.request.user)
        form = forms.DeathForm(data, initial=self.initial(), homes=homes)
        return bind_user(form, self.request.user)


class DeathPage(Page):
    title = "身后一件事"
    permission = "funeral.view"
    template_name = "funeral/death.html"

    def get(self, request, pk: int):
        death = selectors.get_death(request.user, pk)
        out = selectors.death_out(death)
        certificate = [PageAction("funeral_death_certificate", "补交死亡证明", "funeral.register",
                                  url_args=("pk",))] if death.status == "pending" else []
        actions = visible_actions([*certificate,
                                   PageAction("funeral_eco_create", "登记生态安葬", "funeral.register",
                                              url_args=("pk",)),
                                   PageAction("funeral_death_list", "返回列表", None, style="outline-secondary")],
                                  request.user, death)
        return self.render({"death": death, "out": out, "cremation": selectors.cremation_of(death),
                            "actions": actions,
                            "region_name": regions.names_for([death.region_code]).get(death.region_code, ""),
                            "print": request.GET.get("print") == "1"},
                           template="funeral/death_print.html" if request.GET.get("print") == "1" else None)


def _certificate(user, death, data: dict, comment: str | None = None):
    return deaths.confirm_certificate(user, death.pk, data, comment=comment)


class DeathCertificate(ServiceFormPage):
    title = "补交死亡证明（办结身后一件事）"
    description = ("家属申报的死亡，凭《死亡医学证明》或公安死亡证明办结：停发已暂停的待遇，丧葬补助按家属留存"
                   "或此处填写的账号发放。")
    permission = "funeral.register"
    form_class = forms.CertificateForm
    object_selector = staticmethod(selectors.get_death)
    service = staticmethod(_certificate)
    success_message = "已办结身后一件事"
    success_url = staticmethod(lambda reg: reverse("funeral_death", args=[reg.pk]))
    confirm = True
    confirm_text = "办结后将停发逝者的各项待遇、移出家庭并支付丧葬补助，不能撤销。请核对后填写确认办理说明。"

    def make_form(self, data=None):
        form = forms.CertificateForm(data, initial=self.initial(), kept=self.object.bank_account_masked)
        return bind_user(form, self.request.user)

    def page(self, form, status=200, **extra):
        kept, bank = self.object.bank_account_masked, self.object.bank_name
        self.description = type(self).description + (
            f"家属申报时留存的领取账号：{kept}{f'（{bank}）' if bank else ''}，留空按此发放，填写则更正。" if kept
            else "家属申报时未留存领取账号：请填写，否则丧葬补助须另行补录账号。")
        return super().page(form, status, **extra)


def _eco(user, death, data: dict):
    return cemeteries.record_eco_burial(user, {"death_id": death.pk, "kind": data["kind"],
                                               "buried_on": data["buried_on"].isoformat(), "place": data["place"]})


class EcoCreate(ServiceFormPage):
    title = "登记生态安葬"
    description = "海葬、树葬、花葬、草坪葬等节地生态安葬；同户家属为申报人的，一并申领生态安葬奖补（一次）。"
    permission = "funeral.register"
    form_class = forms.EcoForm
    object_selector = staticmethod(selectors.get_death)
    service = staticmethod(_eco)
    success_message = "已登记生态安葬"
    success_url = staticmethod(lambda row: reverse("funeral_death", args=[row.death_id]))


# ---- cemeteries and plots --------------------------------------------------------------------------------------


class CemeteryList(ListPage):
    title = "公墓、骨灰堂"
    permission = "funeral.view"
    selector = staticmethod(selectors.cemeteries_for)
    filterset_class = filters.CemeteryFilters
    table_class = CemeteryTable
    ordering = ("region_code", "name")
    export_permission = "funeral.export"
    export_object = "cemetery"
    empty_text = "没有登记的公墓"
    actions = [PageAction("funeral_cemetery_create", "登记公墓", "funeral.manage"), *_others("funeral_cemetery_list")]


class CemeteryCreate(ServiceFormPage):
    title = "登记公墓"
    permission = "funeral.manage"
    form_class = forms.CemeteryForm
    service = staticmethod(cemeteries.create_cemetery)
    success_message = "已登记公墓"
    success_url = "funeral_cemetery_list"


class PlotList(ListPage):
    title = "墓穴（格位）"
    description = "使用权人、收费和续费到期日；按“续费到期日”筛选可列出到期待续费的墓穴（格位）。"
    permission = "funeral.view"
    selector = staticmethod(selectors.plots_for)
    filterset_class = filters.PlotFilters
    table_class = PlotTable
    ordering = ("cemetery_id", "code")
    export_permission = "funeral.export"
    export_object = "plot"
    empty_text = "没有符合条件的墓穴（格位）"
    actions = _others("funeral_plot_list")


# ---- tomb-sweeping -----------------------------------------------------------------------------------------------


class SlotList(ListPage):
    title = "清明祭扫时段"
    permission = "funeral.view"
    selector = staticmethod(selectors.slots_for)
    filterset_class = filters.SlotFilters
    table_class = SlotTable
    ordering = ("day", "starts", "cemetery_id")
    export_permission = "funeral.export"
    export_object = "sweep_slot"
    empty_text = "没有祭扫时段"
    actions = [PageAction("funeral_slot_create", "新增时段", "funeral.manage"), *_others("funeral_slot_list")]


def _slot(user, data: dict):
    return bookings.create_slot(user, {"cemetery_id": data["cemetery"], "day": data["day"].isoformat(),
                                       "starts": data["starts"], "ends": data["ends"], "capacity": data["capacity"]})


class SlotCreate(ServiceFormPage):
    title = "新增祭扫时段"
    permission = "funeral.manage"
    form_class = forms.SlotForm
    service = staticmethod(_slot)
    success_message = "已新增时段"
    success_url = "funeral_slot_list"

    def make_form(self, data=None):
        return forms.SlotForm(data, cemeteries=selectors.cemeteries_for(self.request.user))


class BookingList(ListPage):
    title = "清明祭扫预约"
    description = "每个公墓每个时段按可预约人数限流；预约码（二维码）在入园时扫码核验，当日一次有效。"
    permission = "funeral.view"
    selector = staticmethod(selectors.bookings_for)
    filterset_class = filters.BookingFilters
    table_class = BookingTable
    ordering = ("-slot__day", "slot__starts", "id")
    export_permission = "funeral.export"
    export_object = "sweep_booking"
    empty_text = "没有祭扫预约"
    actions = [PageAction("funeral_booking_create", "登记预约", "funeral.book"), *_others("funeral_booking_list")]


def _book(user, data: dict):
    return bookings.book(user, {"slot_id": data["slot"], "visitor_name": data["visitor_name"],
                                "party_size": data["party_size"]})


class BookingCreate(ServiceFormPage):
    title = "登记祭扫预约"
    permission = "funeral.book"
    form_class = forms.BookingForm
    service = staticmethod(_book)
    success_message = "已预约"
    success_url = staticmethod(lambda b: reverse("funeral_booking_ticket", args=[b.pk]))

    def make_form(self, data=None):
        slots = selectors.slots_for(self.request.user).filter(day__gte=clock.today())[:200]
        return forms.BookingForm(data, slots=slots)


class BookingTicket(Page):
    """The printable ticket: the QR holds the check-in address with the booking's opaque code (no ID number)."""

    title = "祭扫预约凭证"
    permission = "funeral.view"
    template_name = "funeral/ticket.html"

    def get(self, request, pk: int):
        booking = selectors.get_booking(request.user, pk)
        url = request.build_absolute_uri(reverse("funeral_check_in", args=[booking.token]))
        svg = segno.make(url, error="m").svg_inline(scale=5, border=2)
        audit.record(request.user, audit.Event("export", "sweep_booking", booking.pk, booking.region_code,
                                               {"print": [None, "祭扫预约凭证"]}))
        return self.render({"booking": booking, "qr": mark_safe(svg), "url": url})


class CheckIn(Page):
    """A scanned ticket: the gate officer confirms the entry (POST), once, on the day."""

    title = "祭扫入园核验"
    permission = "funeral.checkin"
    template_name = "funeral/check_in.html"

    def get(self, request, token: str):
        booking = selectors.bookings_for(request.user).filter(token=token[:40]).first()
        return self.render({"booking": booking, "token": token[:40]}, status=200 if booking else 404)

    def post(self, request, token: str):
        from minzheng.core.errors import Conflict, NotFound

        try:
            booking = bookings.check_in(request.user, token)
        except (Conflict, NotFound) as exc:
            booking = selectors.bookings_for(request.user).filter(token=token[:40]).first()
            return self.render({"booking": booking, "token": token[:40], "error": exc.message}, status=exc.status)
        return self.render({"booking": booking, "token": token[:40], "done": True})


# ---- eco-burial, settlements, indicators -----------------------------------------------------------------------


class EcoList(ListPage):
    title = "生态安葬"
    permission = "funeral.view"
    selector = staticmethod(selectors.eco_burials_for)
    filterset_class = filters.EcoFilters
    table_class = EcoTable
    ordering = ("-buried_on", "-id")
    export_permission = "funeral.export"
    export_object = "eco_burial"
    empty_text = "没有生态安葬登记"
    actions = _others("funeral_eco_list")


class SettlementList(ListPage):
    title = "殡仪馆惠民殡葬减免结算"
    description = "直接减免的基本殡葬服务费用，按殡仪馆按月结算；每笔减免只结算一次。"
    permission = "funeral.view"
    selector = staticmethod(selectors.settlements_for)
    filterset_class = filters.SettlementFilters
    table_class = SettlementTable
    ordering = ("-month", "funeral_home_id")
    export_permission = "funeral.export"
    export_object = "funeral_settlement"
    empty_text = "没有结算单"
    actions = [PageAction("funeral_settle", "月度结算", "funeral.manage"), *_others("funeral_settlement_list")]


class Settle(ServiceFormPage):
    title = "殡仪馆减免月度结算"
    description = "结算所选月份（须已结束）及以前火化、尚未结算的全部直接减免，每个殡仪馆一张结算单。"
    permission = "funeral.manage"
    form_class = forms.SettleForm
    service = staticmethod(lambda user, data, comment=None: waivers.settle(user, data))
    success_message = "已结算"
    success_url = "funeral_settlement_list"
    confirm = True


class Indicators(Page):
    title = "殡葬指标"
    permission = "funeral.view"
    template_name = "funeral/indicators.html"

    def get(self, request):
        fs = filters.IndicatorFilters(request.GET, queryset=selectors.deaths_for(request.user), request=request)
        if not fs.is_valid():
            return self.render({"filterset": fs, "filter_errors": fs.error_list(),
                                "actions": visible_actions(_others("funeral_indicators"), request.user)}, status=422)
        region = fs.form.cleaned_data.get("region_code") or ""
        year = int(fs.form.cleaned_data.get("year") or clock.today().year)
        data = selectors.indicators(request.user, year, region)
        table = IndicatorTable([*data["regions"], data["total"]], empty_text="本年度没有死亡登记")
        return self.render({"filterset": fs, "table": table, "data": data, "year": year,
                            "filters_active": fs.active_count(),
                            "actions": visible_actions(_others("funeral_indicators"), request.user)})


