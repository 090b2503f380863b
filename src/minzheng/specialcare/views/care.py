"""Pages of medical claims (优抚对象医疗补助: the claim form of an entitled person, the list with the rule's figures
and the kernel case's state) and the 三难 campaign (cases found, help given, closed with a confirmation step)."""

from __future__ import annotations

from django.urls import reverse

from minzheng.core.pages.base import PageAction
from minzheng.core.pages.columns import CodeColumn, DateColumn, RegionColumn, TextColumn
from minzheng.core.pages.detail import DetailPage, Related, Section
from minzheng.core.pages.forms import ServiceFormPage
from minzheng.core.pages.lists import ListPage
from minzheng.specialcare import codes, filters, forms, selectors, tables
from minzheng.specialcare.services import care

VIEW, MANAGE, EXPORT = "specialcare.view", "specialcare.manage", "specialcare.export"
LINKS = [PageAction("specialcare_list", "优抚对象", VIEW, style="outline-secondary"),
         PageAction("specialcare_claims", "医疗补助", VIEW, style="outline-secondary"),
         PageAction("specialcare_hardships", "三难帮扶", VIEW, style="outline-secondary")]


def _others(current):
    return [a for a in LINKS if a.url_name != current]


def _entitled_for_change(user, pk):
    return selectors.get_entitled(user, pk, "change")


class ClaimList(ListPage):
    title = "优抚对象医疗补助"
    description = ("个人负担的医疗费用按类别比例补助，每人每年不超过封顶额；比例和封顶按救助标准（区划、日期）执行，"
                   "补助经救助案件审核确认后由资金名册一次性发放。")
    permission = VIEW
    selector = staticmethod(selectors.claims_for)
    filterset_class = filters.ClaimFilters
    table_class = tables.ClaimTable
    ordering = ("-id",)
    export_permission = EXPORT
    export_object = "specialcare_medical"
    actions = _others("specialcare_claims")


class ClaimAdd(ServiceFormPage):
    title = "登记医疗补助申请"
    description = "按票据填写医疗费用总额和医保（含大病保险）已报销金额；个人负担部分按类别比例补助，受年度封顶限制。"
    permission = MANAGE
    form_class = forms.MedicalForm
    object_selector = staticmethod(_entitled_for_change)
    submit_label = "登记并提交审核"
    success_message = "已登记医疗补助申请，待乡镇审核、县级确认"
    success_url = "specialcare_claims"

    def call_service(self, data, comment):
        return care.claim_medical(self.request.user, {**forms.money(data), "entitled_id": self.object.pk})


class HardshipList(ListPage):
    title = "“三难”帮扶"
    description = "优抚对象家庭的生活难、住房难、看病难：发现登记、逐项帮扶、解决后结案。"
    permission = VIEW
    selector = staticmethod(selectors.hardships_for)
    filterset_class = filters.HardshipFilters
    table_class = tables.HardshipTable
    ordering = ("-found_on", "-id")
    export_permission = EXPORT
    export_object = "specialcare_hardship"
    actions = _others("specialcare_hardships")


class HardshipAdd(ServiceFormPage):
    title = "登记“三难”困难"
    permission = MANAGE
    form_class = forms.HardshipForm
    object_selector = staticmethod(_entitled_for_change)
    submit_label = "登记"
    success_message = "已登记"
    success_url = staticmethod(lambda result: reverse("specialcare_hardship", args=[result.pk]))

    def call_service(self, data, comment):
        return care.record_hardship(self.request.user, {**forms.money(data), "entitled_id": self.object.pk})


class HardshipDetail(DetailPage):
    title = "“三难”帮扶"
    permission = VIEW
    selector = staticmethod(selectors.get_hardship)
    sections = [Section("困难情况", {
        "entitled__person__name": TextColumn("姓名"),
        "entitled__category": CodeColumn(codes.CATEGORIES, "优抚类别"),
        "kind": CodeColumn(codes.HARDSHIPS, "困难类别"), "found_on": DateColumn("发现日期"),
        "description": TextColumn("困难情况"), "status": CodeColumn(codes.HARDSHIP_STATUS, "状态"),
        "closed_on": DateColumn("结案日期"), "outcome": TextColumn("结案情况"), "region_code": RegionColumn("区划")})]
    related = [Related("帮扶措施", tables.HelpTable,
                       lambda user, obj: selectors.helps_for(user).filter(hardship=obj).order_by("helped_on", "id"))]
    actions = [PageAction("specialcare_help", "登记帮扶", MANAGE, url_args=("pk",)),
               PageAction("specialcare_hardship_close", "结案", MANAGE, url_args=("pk",), style="outline-primary")]


class HelpAdd(ServiceFormPage):
    title = "登记帮扶措施"
    permission = MANAGE
    form_class = forms.HelpForm
    object_selector = staticmethod(lambda user, pk: selectors.get_hardship(user, pk, "change"))
    submit_label = "登记"
    success_message = "已登记帮扶措施"
    success_url = staticmethod(lambda result: reverse("specialcare_hardship", args=[result.hardship_id]))

    def call_service(self, data, comment):
        return care.add_help(self.request.user, self.object.pk, forms.money(data))


class HardshipClose(ServiceFormPage):
    title = "“三难”帮扶结案"
    permission = MANAGE
    form_class = forms.CloseForm
    object_selector = staticmethod(lambda user, pk: selectors.get_hardship(user, pk, "change"))
    submit_label = "结案"
    success_message = "已结案"
    success_url = staticmethod(lambda result: reverse("specialcare_hardship", args=[result.pk]))
    confirm = True

    def call_service(self, data, comment):
        return care.close_hardship(self.request.user, self.object.pk, forms.money(data))
