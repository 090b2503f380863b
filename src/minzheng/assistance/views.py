"""Pages of 特困 care, mounted at /assistance/ (AssistanceConfig.url_prefix): a 特困 person's care record, the
self-care assessments (list, record), 委托照料 agreements (list, add, end), institutions (list, add), 集中供养
placements (list, place, leave) and the printable 供养证. Reads through assistance.selectors, writes through
assistance.services; the case page shows the care panel (assistance.panels)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse

from minzheng.assistance import codes, filters, forms, reserve, selectors, services
from minzheng.assistance.tables import (
    AgreementTable,
    AssessmentTable,
    InstitutionTable,
    PersonAgreementTable,
    PersonAssessmentTable,
    PersonPlacementTable,
    PlacementTable,
    ReserveTable,
)
from minzheng.core import audit, regions
from minzheng.core.pages.base import PageAction
from minzheng.core.pages.columns import CodeColumn, MaskedColumn, MoneyColumn, RegionColumn, TextColumn
from minzheng.core.pages.detail import DetailPage, Related, Section
from minzheng.core.pages.forms import ServiceFormPage
from minzheng.core.pages.lists import ListPage
from minzheng.registry.selectors import get_person

LISTS = [PageAction("care_assessment_list", "自理能力评估", None, style="outline-secondary"),
         PageAction("care_agreement_list", "委托照料协议", None, style="outline-secondary"),
         PageAction("care_placement_list", "集中供养安置", None, style="outline-secondary"),
         PageAction("care_institution_list", "供养服务机构", None, style="outline-secondary")]


def _person_url(result) -> str:
    return reverse("care_person", args=[result.person_id])


# ---- a 特困 person's care record ----------------------------------------------------------------------------------


class CareRecord:
    """The care page's object: the person with the 特困 entitlement in force and the current records."""

    def __init__(self, record: dict):
        self.__dict__.update(record)
        self.pk = self.person.pk
        ent = self.entitlement
        open_placements = [p for p in self.placements if p.open]
        self.placement = open_placements[0] if open_placements else None
        current = [a for a in self.assessments if a.current]
        self.band = current[0].band if current else ""
        self.mode = codes.CARE_MODES[selectors.care_mode(ent, self.placement)] if ent else "不是在保特困人员"
        self.monthly_amount = ent.monthly_amount if ent else None
        self.pay_to = (f"{ent.account_name or ent.payee.name}（{ent.bank_name}）" if ent else "")

    def __str__(self) -> str:
        return self.person.name


def care_page(user, pk) -> CareRecord:
    return CareRecord(selectors.care_record(user, pk))


class CarePerson(DetailPage):
    title = "特困人员照料"
    permission = "people.view"
    selector = staticmethod(care_page)
    sections = [Section("基本情况", {
        "person__name": TextColumn("姓名"), "person__id_number_masked": MaskedColumn("身份证号"),
        "person__region_id": RegionColumn("经常居住地"), "mode": TextColumn("供养方式"),
        "band": CodeColumn(codes.CARE_BANDS, "生活自理能力（当前评估）"),
        "monthly_amount": MoneyColumn("月供养金额（元）"), "pay_to": TextColumn("收款账户户名（开户行）"),
    })]
    related = [Related("生活自理能力评估（新的评估取代旧的，历史保留）", PersonAssessmentTable,
                       lambda user, obj: obj.assessments, empty_text="尚无评估：请记录生活自理能力评估"),
               Related("委托照料协议", PersonAgreementTable, lambda user, obj: obj.agreements),
               Related("集中供养安置", PersonPlacementTable, lambda user, obj: obj.placements)]
    actions = [PageAction("care_assess", "记录自理能力评估", "care.record", url_args=("pk",)),
               PageAction("care_agreement_add", "登记委托照料协议", "care.record", url_args=("pk",),
                          style="outline-primary"),
               PageAction("care_placement_add", "机构集中供养安置", "care.institutions", url_args=("pk",),
                          style="outline-primary"),
               PageAction("care_certificate", "打印供养证", "people.view", url_args=("pk",),
                          style="outline-secondary")]


# ---- assessments --------------------------------------------------------------------------------------------------


class AssessmentList(ListPage):
    title = "生活自理能力评估"
    description = "特困人员生活自理能力六项评估（民发〔2021〕43号 第二十至二十三条）；新的评估取代旧的，历史保留。"
    permission = "people.view"
    selector = staticmethod(selectors.assessments_for)
    filterset_class = filters.AssessmentFilters
    table_class = AssessmentTable
    ordering = ("-assessed_on", "-id")
    export_permission = "people.export"
    export_object = "self_care_assessment"
    empty_text = "没有符合条件的评估"
    actions = LISTS[1:]


class AssessmentAdd(ServiceFormPage):
    title = "记录生活自理能力评估"
    description = ("六项（自主吃饭、自主穿衣、自主上下床、自主如厕、室内行走、自主洗澡）全部能够达到为全自理；"
                   "三项以下（含三项）不能达到为部分丧失；四项以上（含四项）不能达到为完全丧失"
                   "（民发〔2021〕43号 第二十至二十三条）。评估人为当前登录用户。")
    permission = "care.record"
    form_class = forms.AssessmentForm
    object_selector = staticmethod(get_person)
    submit_label = "保存评估"
    success_message = "已记录生活自理能力评估"
    success_url = staticmethod(_person_url)

    def call_service(self, data, comment):
        return services.record_assessment(self.request.user, {**data, "person_id": self.object.pk})


# ---- 委托照料 agreements ------------------------------------------------------------------------------------------


class AgreementList(ListPage):
    title = "委托照料协议"
    description = "分散供养特困人员的委托照料服务协议（照料人电话遮蔽显示）。"
    permission = "people.view"
    selector = staticmethod(selectors.agreements_for)
    filterset_class = filters.AgreementFilters
    table_class = AgreementTable
    ordering = ("region_code", "-start_on", "-id")
    export_permission = "people.export"
    export_object = "care_agreement"
    empty_text = "没有符合条件的协议"
    actions = [LISTS[0], *LISTS[2:]]


class AgreementAdd(ServiceFormPage):
    title = "登记委托照料协议"
    description = "分散供养特困人员委托亲属、邻里或服务组织照料：照料人、服务内容、服务费和探访频次。"
    permission = "care.record"
    form_class = forms.AgreementForm
    object_selector = staticmethod(get_person)
    submit_label = "登记"
    success_message = "已登记委托照料协议"
    success_url = staticmethod(_person_url)

    def call_service(self, data, comment):
        return services.add_agreement(self.request.user, {**data, "person_id": self.object.pk})


class AgreementEnd(ServiceFormPage):
    title = "终止委托照料协议"
    permission = "care.record"
    form_class = forms.EndForm
    object_selector = staticmethod(selectors.get_agreement)
    service = staticmethod(lambda user, agreement, data, comment=None: services.end_agreement(user, agreement, data))
    submit_label = "终止协议"
    success_message = "已终止委托照料协议"
    success_url = staticmethod(_person_url)
    confirm = True
    confirm_text = "协议终止后不能恢复（需要时请重新登记新协议）。请核对后填写确认办理说明。"


# ---- institutions and placements ----------------------------------------------------------------------------------


class InstitutionList(ListPage):
    title = "供养服务机构"
    description = "特困人员集中供养的机构（银行账号遮蔽显示；集中供养期间供养金支付到机构账户）。"
    permission = "people.view"
    selector = staticmethod(selectors.institutions_for)
    filterset_class = filters.InstitutionFilters
    table_class = InstitutionTable
    ordering = ("region_code", "name", "id")
    export_permission = "people.export"
    export_object = "institution"
    empty_text = "没有符合条件的机构"
    actions = [PageAction("care_institution_add", "登记机构", "care.institutions"), *LISTS[:3]]


class InstitutionAdd(ServiceFormPage):
    title = "登记供养服务机构"
    permission = "care.institutions"
    form_class = forms.InstitutionForm
    service = staticmethod(services.add_institution)
    submit_label = "登记"
    success_message = "已登记供养服务机构"
    success_url = "care_institution_list"


class PlacementList(ListPage):
    title = "集中供养安置"
    description = "在机构集中供养的特困人员；在院期间其特困供养金支付到机构账户。"
    permission = "people.view"
    selector = staticmethod(selectors.placements_for)
    filterset_class = filters.PlacementFilters
    table_class = PlacementTable
    ordering = ("region_code", "-from_on", "-id")
    export_permission = "people.export"
    export_object = "placement"
    empty_text = "没有符合条件的安置"
    actions = [*LISTS[:2], LISTS[3]]


class PlacementAdd(ServiceFormPage):
    title = "机构集中供养安置"
    description = "安置后，此后生成的发放名册将该人员的特困供养金支付到机构账户（户名为机构名称）；离开时恢复本人账户。"
    permission = "care.institutions"
    form_class = forms.PlacementForm
    object_selector = staticmethod(get_person)
    submit_label = "下一步"
    success_message = "已安置；供养金此后支付到机构账户"
    success_url = staticmethod(_person_url)
    confirm = True
    confirm_text = "安置后，此后生成的发放名册将供养金支付到机构账户。请核对后填写确认办理说明。"

    def make_form(self, data=None):
        form = super().make_form(data)
        form.set_institutions(selectors.institution_choices(self.request.user))
        return form

    def call_service(self, data, comment):
        return services.open_placement(self.request.user, {**data, "person_id": self.object.pk})


class PlacementEnd(ServiceFormPage):
    title = "办理离开机构"
    permission = "care.institutions"
    form_class = forms.LeaveForm
    object_selector = staticmethod(selectors.get_placement)
    service = staticmethod(lambda user, placement, data, comment=None: services.end_placement(user, placement, data))
    submit_label = "办理离开"
    success_message = "已办理离开；供养金此后支付到本人账户"
    success_url = staticmethod(_person_url)
    confirm = True
    confirm_text = "离开后，此后生成的发放名册将供养金支付回本人原账户。请核对后填写确认办理说明。"


# ---- 供养证 -------------------------------------------------------------------------------------------------------


@login_required
def certificate(request, pk: int):
    """The printable 供养证 (personal data: the print is audited like the decision letters)."""
    context = selectors.certificate(request.user, pk)
    ent = context["entitlement"]
    audit.record(request.user, audit.Event("export", "entitlement", ent.pk, ent.region_code,
                                           {"print": [None, "tekun_certificate"]}))
    return render(request, "assistance/print_certificate.html", {
        **context, "mode_label": codes.CARE_MODES[context["mode"]],
        "band_label": codes.CARE_BANDS.get(getattr(context["assessment"], "band", ""), "未评估"),
        "visit_label": codes.VISIT_FREQUENCIES.get(getattr(context["agreement"], "visit_frequency", ""), "")})


# ---- 临时救助备用金 (assistance.reserve) ---------------------------------------------------------------------

RESERVE_ACTIONS = [PageAction("reserve_advance", "登记先行救助", "reserve.advance"),
                   PageAction("reserve_top_up", "拨付备用金", "reserve.fund", style="outline-primary"),
                   PageAction("reserve_reimburse", "审批后归垫", "reserve.fund", style="outline-primary")]


class ReserveList(ListPage):
    title = "临时救助备用金"
    permission = "people.view"
    description = ("乡镇（街道）临时救助备用金台账：县级拨付，乡镇对急难型临时救助先行救助（现金支付，"
                   "审批后资金发放只支付超出部分），决定后县级归垫（民发〔2018〕23号）。")
    template_name = "assistance/reserve_list.html"
    selector = staticmethod(selectors.reserve_entries_for)
    filterset_class = filters.ReserveFilters
    table_class = ReserveTable
    ordering = ("-on", "-id")
    export_permission = "people.export"
    export_object = "reserve_entry"
    empty_text = "尚无备用金记录"
    actions = RESERVE_ACTIONS

    def render(self, context, status=200, template=None):
        balances = selectors.reserve_balances(self.request.user)
        names = regions.names_for({code for code, _ in balances})
        context["balances"] = [(names.get(code, code), amount) for code, amount in balances]
        return super().render(context, status, template)


class ReserveTopUp(ServiceFormPage):
    title = "拨付临时救助备用金"
    permission = "reserve.fund"
    form_class = forms.TopUpForm
    service = staticmethod(reserve.top_up)
    submit_label = "登记拨付"
    success_message = "已登记拨付"
    success_url = "reserve_list"


class ReserveAdvance(ServiceFormPage):
    title = "登记先行救助（急难型临时救助）"
    permission = "reserve.advance"
    description = ("急难型临时救助可先行救助、事后补齐手续：从本乡镇备用金支付，金额记入案件；"
                   "审批后资金发放只支付批准金额中超出先行救助的部分，不会重复支付。")
    form_class = forms.AdvanceForm
    service = staticmethod(reserve.advance)
    submit_label = "下一步：核对并确认"
    confirm = True
    confirm_text = "先行救助从备用金支出，登记后不能撤销。请核对案件与金额，填写确认办理说明后确认。"
    success_message = "已登记先行救助"
    success_url = "reserve_list"

    def call_service(self, data, comment):
        return reserve.advance(self.request.user, {**data, "note": data.get("note") or comment})


class ReserveReimburse(ServiceFormPage):
    title = "审批后归垫备用金"
    permission = "reserve.fund"
    form_class = forms.ReimburseForm
    service = staticmethod(reserve.reimburse)
    submit_label = "登记归垫"
    success_message = "已归垫"
    success_url = "reserve_list"
