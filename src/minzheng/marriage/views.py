"""Pages of the marriage registry, mounted at /marriage/ (MarriageConfig.url_prefix): registrations (list with
export, one registration, register, the printable certificate data sheet, 撤销 with a confirmation step), refusals,
divorce applications (list, one, withdraw, both appear), appointments, counselling, statistics. Reads through
marriage.selectors, writes through marriage.services."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse

from minzheng.core import audit, clock, roles
from minzheng.core.errors import Forbidden
from minzheng.core.pages.base import Page, PageAction
from minzheng.core.pages.columns import (
    BooleanColumn,
    CodeColumn,
    CountColumn,
    DateColumn,
    LinkColumn,
    MaskedColumn,
    PageTable,
    RegionColumn,
    TextColumn,
)
from minzheng.core.pages.detail import DetailPage, Related, Section
from minzheng.core.pages.forms import ServiceFormPage
from minzheng.core.pages.lists import ListPage
from minzheng.marriage import codes, filters, forms, selectors
from minzheng.marriage.services import appointments, counselling, divorce, registrations

LISTS = [PageAction("marriage_registration_list", "登记记录", None, style="outline-secondary"),
         PageAction("marriage_divorce_list", "离婚冷静期", None, style="outline-secondary"),
         PageAction("marriage_refusal_list", "不予登记", None, style="outline-secondary"),
         PageAction("marriage_appointment_list", "预约", None, style="outline-secondary"),
         PageAction("marriage_counselling_list", "婚姻家庭辅导", None, style="outline-secondary"),
         PageAction("marriage_statistics", "统计", None, style="outline-secondary")]


# ---- registrations ---------------------------------------------------------------------------------------------------


class RegistrationTable(PageTable):
    certificate_no = LinkColumn("证件字号", "marriage_registration", accessor="certificate_no")
    kind = CodeColumn(codes.KINDS, "登记类型")
    registered_on = DateColumn("登记日期")
    name_a = TextColumn("甲方")
    id_a = MaskedColumn("甲方身份证号", accessor="id_a_masked")
    name_b = TextColumn("乙方")
    id_b = MaskedColumn("乙方身份证号", accessor="id_b_masked")
    registry = TextColumn("登记机关", accessor="registry__name")
    region = RegionColumn("所在区划", accessor="region_code")
    status = CodeColumn(codes.REGISTRATION_STATUS, "状态")


class RegistrationList(ListPage):
    title = "婚姻登记记录"
    description = ("结婚、离婚、补领结婚证登记（《婚姻登记条例》国务院令第804号，2025-05-10 施行：全国通办，"
                   "凭居民身份证和签字声明，无需户口簿）。按任一方身份证号、姓名或证件字号查找。")
    permission = "marriage.view"
    selector = staticmethod(selectors.registrations_for)
    filterset_class = filters.RegistrationFilters
    table_class = RegistrationTable
    ordering = ("-registered_on", "-id")
    export_permission = "marriage.export"
    export_object = "marriage_registration"
    actions = [PageAction("marriage_register", "办理登记", "marriage.register"), *LISTS[1:]]


class RegistrationPage(DetailPage):
    title = "婚姻登记"
    permission = "marriage.view"
    selector = staticmethod(selectors.get_registration)
    sections = [Section("登记", {
        "certificate_no": TextColumn("证件字号"), "kind": CodeColumn(codes.KINDS, "登记类型"),
        "registered_on": DateColumn("登记日期"), "registry__name": TextColumn("登记机关"),
        "standing": CodeColumn(codes.MARRIAGE_STANDING, "婚姻状况"), "ended_on": DateColumn("婚姻终止日期"),
        "marriage__certificate_no": TextColumn("所涉结婚证"),
        "declaration_signed": BooleanColumn("已签署声明")}),
        Section("当事人", {"name_a": TextColumn("甲方"), "id_a_masked": MaskedColumn("甲方身份证号"),
                        "birth_a": DateColumn("甲方出生日期"), "name_b": TextColumn("乙方"),
                        "id_b_masked": MaskedColumn("乙方身份证号"), "birth_b": DateColumn("乙方出生日期")}),
        Section("撤销", {"revoked_on": DateColumn("撤销日期"),
                       "revocation_basis": CodeColumn(codes.REVOCATION_BASIS, "撤销依据"),
                       "revocation_decision": TextColumn("判决书或决定书文号"),
                       "revocation_reason": TextColumn("撤销理由")})]
    actions = [PageAction("marriage_certificate", "打印登记数据页", "marriage.view", url_args=("pk",),
                          style="outline-primary"),
               PageAction("marriage_revoke", "撤销登记", "marriage.register", url_args=("pk",), style="outline-danger")]


class RegisterPage(ServiceFormPage):
    title = "办理婚姻登记"
    description = ("结婚登记：双方亲自到场，出具居民身份证，签署无配偶及无直系血亲、三代以内旁系血亲关系的声明；"
                   "男满22周岁、女满20周岁（生日当天即满）。离婚登记申请：出具结婚证和书面离婚协议，进入30日冷静期。"
                   "不符合条件的不予登记，理由逐条记录。")
    permission = "marriage.register"
    form_class = forms.RegistrationForm
    submit_label = "办理"
    success_message = "已办理"

    def call_service(self, data, comment):
        return registrations.register(self.request.user, forms.RegistrationForm.to_request(data))

    def success_location(self, result) -> str:
        if result.get("application_id"):
            return reverse("marriage_divorce", args=[result["application_id"]])
        return reverse("marriage_registration", args=[result["registration_id"]])


class RevokePage(ServiceFormPage):
    title = "撤销结婚登记"
    description = "依人民法院判决或婚姻登记机关决定（如冒用他人身份登记）撤销结婚登记。"
    permission = "marriage.register"
    form_class = forms.RevokeForm
    object_selector = staticmethod(selectors.get_registration)
    confirm = True
    success_message = "已撤销结婚登记"
    success_url = staticmethod(lambda row: reverse("marriage_registration", args=[row.pk]))

    def call_service(self, data, comment):
        return registrations.revoke(self.request.user, self.object.pk, data, comment=comment)


@login_required
def certificate_sheet(request, pk: int):
    """The printable certificate data sheet (登记数据页) of a registration; personal data: the print is audited."""
    if not roles.has_perm(request.user, "marriage.view"):
        raise Forbidden("您的角色无权访问此页面")
    row = selectors.get_registration(request.user, pk)
    audit.record(request.user, audit.Event("export", "marriage_registration", row.pk, row.region_code,
                                           {"print": [None, "certificate_sheet"]}))
    return render(request, "marriage/certificate.html", {
        "row": row, "title": codes.CERTIFICATE_NAMES[row.kind], "kind": codes.KINDS[row.kind],
        "sex": {"M": "男", "F": "女"}, "today": clock.today()})


class RefusalTable(PageTable):
    day = DateColumn("日期")
    kind = CodeColumn(codes.KINDS, "业务")
    name_a = TextColumn("甲方")
    name_b = TextColumn("乙方")
    reasons_text = TextColumn("不予登记理由", wrap=True, orderable=False)
    registry = TextColumn("登记机关", accessor="registry__name")


class RefusalList(ListPage):
    title = "不予登记记录"
    permission = "marriage.view"
    selector = staticmethod(selectors.refusals_for)
    filterset_class = filters.RefusalFilters
    table_class = RefusalTable
    ordering = ("-day", "-id")
    export_permission = "marriage.export"
    export_object = "marriage_refusal"
    actions = LISTS


# ---- divorce applications --------------------------------------------------------------------------------------------


class DivorceStatusColumn(TextColumn):
    """The status today (a cooling application past its deadline reads as 待到场 or 已撤回)."""

    def raw(self, record, bound_column):
        return codes.DIVORCE_STATUS[selectors.status_today(record)]


class DivorceTable(PageTable):
    pk = LinkColumn("编号", "marriage_divorce", accessor="pk")
    names = TextColumn("当事人", accessor="names", orderable=False)
    received = DateColumn("收到申请")
    withdrawal_deadline = DateColumn("撤回期限")
    appearance_deadline = DateColumn("到场期限")
    state = DivorceStatusColumn("状态", accessor="pk", orderable=False)
    registry = TextColumn("受理机关", accessor="registry__name")


class DivorceList(ListPage):
    title = "离婚登记申请（冷静期）"
    description = ("民法典第1077条：自婚姻登记机关收到申请之日起30日内任何一方可撤回；期满后30日内双方应亲自到场"
                   "申请发给离婚证，未到场的视为撤回。收到申请当日不计入（民法典第201条），期间最后一日为法定休假日"
                   "的顺延至休假日结束的次日（第203条）。")
    permission = "marriage.view"
    selector = staticmethod(selectors.applications_for)
    filterset_class = filters.DivorceFilters
    table_class = DivorceTable
    ordering = ("-received", "-id")
    export_permission = "marriage.export"
    export_object = "divorce_application"
    actions = LISTS


class Application:
    def __init__(self, app):
        self.__dict__.update(selectors.application_out(app))
        self.pk = app.pk
        self.registry_name = app.registry.name
        self.app = app

    def __str__(self) -> str:
        return f"#{self.pk} {self.names}"


class DivorcePage(DetailPage):
    title = "离婚登记申请"
    permission = "marriage.view"
    selector = staticmethod(lambda user, pk: Application(selectors.get_application(user, pk)))
    sections = [Section("申请", {
        "names": TextColumn("当事人"), "marriage_certificate_no": TextColumn("结婚证字号"),
        "registry_name": TextColumn("受理机关"), "received": DateColumn("收到申请日期"),
        "withdrawal_deadline": DateColumn("撤回期限（冷静期届满）"), "appearance_deadline": DateColumn("到场期限"),
        "deadline_note": TextColumn("期限顺延"), "status_label": TextColumn("状态"),
        "withdrawn_on": DateColumn("撤回日期"), "withdrawn_by": TextColumn("撤回方"),
        "divorce_certificate_no": TextColumn("离婚证字号"), "counselled": BooleanColumn("已转介婚姻家庭辅导")})]
    actions = [PageAction("marriage_withdraw", "撤回申请", "marriage.register", url_args=("pk",),
                          style="outline-secondary"),
               PageAction("marriage_appear", "双方到场，办理离婚登记", "marriage.register", url_args=("pk",))]


class WithdrawPage(ServiceFormPage):
    title = "撤回离婚登记申请"
    description = "冷静期内（撤回期限当日为止）任何一方可撤回。"
    permission = "marriage.register"
    form_class = forms.WithdrawForm
    object_selector = staticmethod(selectors.get_application)
    confirm = True
    success_message = "已撤回"
    success_url = staticmethod(lambda app: reverse("marriage_divorce", args=[app.pk]))

    def call_service(self, data, comment):
        return divorce.withdraw(self.request.user, self.object.pk, data)


class AppearPage(ServiceFormPage):
    title = "办理离婚登记"
    description = "冷静期届满后、到场期限届满前，双方亲自到场，发给离婚证。"
    permission = "marriage.register"
    form_class = forms.AppearForm
    object_selector = staticmethod(selectors.get_application)
    confirm = True
    success_message = "已办理离婚登记"
    success_url = staticmethod(lambda app: reverse("marriage_divorce", args=[app.pk]))

    def call_service(self, data, comment):
        return divorce.appear(self.request.user, self.object.pk, data)


# ---- appointments ----------------------------------------------------------------------------------------------------


class AppointmentTable(PageTable):
    day = DateColumn("预约日期")
    slot = CodeColumn(codes.SLOTS, "时段")
    kind = CodeColumn(codes.KINDS, "业务")
    name_a = TextColumn("甲方")
    name_b = TextColumn("乙方")
    registry = TextColumn("登记机关", accessor="registry__name")
    status = CodeColumn(codes.APPOINTMENT_STATUS, "状态")


class AppointmentList(ListPage):
    title = "婚姻登记预约"
    description = "号源按登记机关、日期和时段配置（520、七夕等高峰日单独加号），约满不能再预约。"
    permission = "marriage.view"
    selector = staticmethod(selectors.appointments_for)
    filterset_class = filters.AppointmentFilters
    table_class = AppointmentTable
    ordering = ("day", "slot", "id")
    export_permission = "marriage.export"
    export_object = "marriage_appointment"
    actions = [PageAction("marriage_appointment_add", "登记预约", "marriage.register"), *LISTS]


class AppointmentAdd(ServiceFormPage):
    title = "登记婚姻登记预约"
    permission = "marriage.register"
    form_class = forms.AppointmentForm
    service = staticmethod(appointments.book)
    success_message = "已预约"
    success_url = "marriage_appointment_list"


# ---- counselling -----------------------------------------------------------------------------------------------------


class CounsellingTable(PageTable):
    names = LinkColumn("当事人", "marriage_counselling", accessor="names")
    referred_on = DateColumn("转介日期")
    provider = TextColumn("辅导机构/辅导员")
    session_count = CountColumn("辅导次数")
    status = CodeColumn(codes.COUNSELLING_STATUS, "状态")
    outcome = CodeColumn(codes.COUNSELLING_OUTCOMES, "结果")


class CounsellingList(ListPage):
    title = "婚姻家庭辅导"
    permission = "marriage.view"
    selector = staticmethod(selectors.counselling_for)
    filterset_class = filters.CounsellingFilters
    table_class = CounsellingTable
    ordering = ("-referred_on", "-id")
    export_permission = "marriage.export"
    export_object = "marriage_counselling"
    actions = LISTS


class SessionTable(PageTable):
    held_on = DateColumn("辅导日期")
    counsellor = TextColumn("辅导员")
    minutes = TextColumn("时长（分钟）")
    both_present = BooleanColumn("双方到场")
    note = TextColumn("记录", wrap=True)


class CounsellingPage(DetailPage):
    title = "婚姻家庭辅导"
    permission = "marriage.view"
    selector = staticmethod(selectors.get_counselling)
    sections = [Section("辅导", {"names": TextColumn("当事人"), "referred_on": DateColumn("转介日期"),
                                 "provider": TextColumn("辅导机构/辅导员"),
                                 "status": CodeColumn(codes.COUNSELLING_STATUS, "状态"),
                                 "outcome": CodeColumn(codes.COUNSELLING_OUTCOMES, "结果"),
                                 "closed_on": DateColumn("结束日期"), "application_id": TextColumn("离婚申请编号")})]
    related = [Related("辅导记录", SessionTable, selectors.sessions_of, empty_text="尚无辅导记录")]
    actions = [PageAction("marriage_session_add", "登记辅导", "marriage.register", url_args=("pk",)),
               PageAction("marriage_counselling_close", "结束辅导", "marriage.register", url_args=("pk",),
                          style="outline-secondary")]


class SessionAdd(ServiceFormPage):
    title = "登记一次辅导"
    permission = "marriage.register"
    form_class = forms.SessionForm
    object_selector = staticmethod(selectors.get_counselling)
    success_message = "已登记"
    success_url = staticmethod(lambda s: reverse("marriage_counselling", args=[s.counselling_id]))

    def call_service(self, data, comment):
        return counselling.add_session(self.request.user, self.object.pk, data)


class CounsellingClose(ServiceFormPage):
    title = "结束婚姻家庭辅导"
    permission = "marriage.register"
    form_class = forms.CloseCounsellingForm
    object_selector = staticmethod(selectors.get_counselling)
    success_message = "已结束辅导"
    success_url = staticmethod(lambda c: reverse("marriage_counselling", args=[c.pk]))

    def call_service(self, data, comment):
        return counselling.close(self.request.user, self.object.pk, data)


# ---- statistics ------------------------------------------------------------------------------------------------------


class StatTable(PageTable):
    month = TextColumn("月份")
    registry_name = TextColumn("登记机关")
    kind_label = TextColumn("登记类型")
    count = CountColumn("件数")


class Statistics(Page):
    title = "婚姻登记统计"
    permission = "marriage.view"
    template_name = "marriage/statistics.html"

    def get(self, request, *args, **kwargs):
        year = clock.today().year
        form = forms.StatsForm(request.GET or None, initial={"year": year})
        status = 200
        if form.is_bound:
            if form.is_valid():
                year = form.cleaned_data["year"] or year
            else:
                status = 422
        data = selectors.statistics(request.user, year)
        return self.render({"form": form, "year": year, "table": StatTable(data["rows"], empty_text="本年度暂无登记"),
                            "data": data, "actions": LISTS[:5]}, status=status)
