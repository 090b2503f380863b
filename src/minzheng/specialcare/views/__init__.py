"""Pages of special care (/specialcare/): the register of entitled persons (with its detail: certifications, 光荣院,
payments through the kernel), certifications, 光荣院 residents, registration, certification and the annual
adjustment (confirmed: it back-pays). Medical claims and 三难 in views.care, the exchange with 退役军人事务部门 in
views.exchange. Reads through selectors, writes through services."""

from __future__ import annotations

from django.urls import reverse

from minzheng.core import clock
from minzheng.core.pages.base import PageAction
from minzheng.core.pages.columns import CodeColumn, DateColumn, RegionColumn, TextColumn
from minzheng.core.pages.detail import DetailPage, Related, Section
from minzheng.core.pages.forms import ServiceFormPage
from minzheng.core.pages.lists import ListPage
from minzheng.specialcare import codes, filters, forms, selectors, services, tables

VIEW, MANAGE, EXPORT = "specialcare.view", "specialcare.manage", "specialcare.export"
LINKS = [PageAction("specialcare_list", "优抚对象", VIEW, style="outline-secondary"),
         PageAction("specialcare_certifications", "年度确认", VIEW, style="outline-secondary"),
         PageAction("specialcare_residents", "光荣院", VIEW, style="outline-secondary"),
         PageAction("specialcare_claims", "医疗补助", VIEW, style="outline-secondary"),
         PageAction("specialcare_hardships", "三难帮扶", VIEW, style="outline-secondary"),
         PageAction("specialcare_exchanges", "退役军人事务部门交换", MANAGE, style="outline-secondary")]


def _others(current):
    return [a for a in LINKS if a.url_name != current]


class EntitledList(ListPage):
    title = "优抚对象"
    description = ("按类别分类管理；登记时以身份证号与统一库核验。抚恤金、定期生活补助按月发放，"
                   "义务兵家庭优待金每年一次。")
    permission = VIEW
    selector = staticmethod(selectors.entitled_for)
    filterset_class = filters.EntitledFilters
    table_class = tables.EntitledTable
    ordering = ("region_code", "category", "id")
    export_permission = EXPORT
    export_object = "specialcare_entitled"
    actions = [PageAction("specialcare_register", "登记优抚对象", MANAGE),
               PageAction("specialcare_adjust", "年度标准调整", MANAGE, style="outline-primary"),
               *_others("specialcare_list")]


class Register(ServiceFormPage):
    title = "登记优抚对象"
    description = "须先在统一库登记人员；身份证号与证件一致方可登记（身份核验）。"
    permission = MANAGE
    form_class = forms.RegisterForm
    submit_label = "登记"
    success_message = "已登记优抚对象"
    success_url = staticmethod(lambda result: reverse("specialcare_detail", args=[result.pk]))

    def call_service(self, data, comment):
        return services.register(self.request.user, forms.clean(data))


class EntitledDetail(DetailPage):
    title = "优抚对象"
    permission = VIEW
    selector = staticmethod(selectors.get_entitled)
    sections = [Section("登记信息", {
        "person__name": TextColumn("姓名"), "category": CodeColumn(codes.CATEGORIES, "优抚类别"),
        "nature": CodeColumn(codes.NATURES, "残疾性质"), "grade": CodeColumn(codes.GRADES, "残疾等级"),
        "region_code": RegionColumn("区划"), "certificate_no": TextColumn("证件编号"),
        "id_verified_on": DateColumn("身份核验日期"), "registered_on": DateColumn("登记日期"),
        "status": CodeColumn(codes.STATUS, "状态"), "ended_on": DateColumn("注销日期")})]
    related = [
        Related("年度确认", tables.CertificationTable,
                lambda user, obj: selectors.certifications_for(user).filter(entitled=obj).order_by("-year")),
        Related("医疗补助", tables.ClaimTable,
                lambda user, obj: selectors.claims_for(user).filter(entitled=obj).order_by("-id")),
        Related("三难帮扶", tables.HardshipTable,
                lambda user, obj: selectors.hardships_for(user).filter(entitled=obj).order_by("-found_on")),
        Related("光荣院", tables.ResidentTable,
                lambda user, obj: selectors.residents_for(user).filter(entitled=obj).order_by("-admitted_on")),
    ]
    actions = [PageAction("specialcare_certify", "年度确认", MANAGE, url_args=("pk",)),
               PageAction("specialcare_claim_add", "医疗补助", MANAGE, url_args=("pk",), style="outline-primary"),
               PageAction("specialcare_hardship_add", "登记三难", MANAGE, url_args=("pk",),
                          style="outline-primary")]


class Certify(ServiceFormPage):
    title = "年度确认"
    permission = MANAGE
    form_class = forms.CertifyForm
    object_selector = staticmethod(selectors.get_entitled)
    submit_label = "确认"
    success_message = "已年度确认"
    success_url = staticmethod(lambda result: reverse("specialcare_detail", args=[result.entitled_id]))

    def initial(self) -> dict:
        return {"year": clock.today().year}

    def call_service(self, data, comment):
        return services.certify(self.request.user, {**forms.clean(data), "entitled_id": self.object.pk})


class Adjust(ServiceFormPage):
    title = "优抚标准年度调整"
    description = ("先在救助标准中新增调整后的标准（生效日期为调整起始月），再在此按新标准重算本辖区每位优抚对象："
                   "提高的按生效月份起增发，已发月份由下一次名册补发差额。")
    permission = MANAGE
    form_class = forms.AdjustForm
    submit_label = "重算并增发"
    success_message = "已完成年度调整"
    success_url = "specialcare_list"
    confirm = True

    def call_service(self, data, comment):
        return services.adjust(self.request.user, {**data, "reason": f"{data['reason']}（{comment}）"})


class CertificationList(ListPage):
    title = "优抚对象年度确认"
    permission = VIEW
    selector = staticmethod(selectors.certifications_for)
    filterset_class = filters.CertificationFilters
    table_class = tables.CertificationTable
    ordering = ("-year", "region_code", "id")
    export_permission = EXPORT
    export_object = "specialcare_certification"
    actions = _others("specialcare_certifications")


class ResidentList(ListPage):
    title = "光荣院在院人员"
    permission = VIEW
    selector = staticmethod(selectors.residents_for)
    filterset_class = filters.ResidentFilters
    table_class = tables.ResidentTable
    ordering = ("home", "-admitted_on", "id")
    export_permission = EXPORT
    export_object = "specialcare_resident"
    actions = _others("specialcare_residents")
