"""养老机构 pages: the register (list, register, detail, profile), residents (admit, discharge), care workers,
gradings (GB/T 37276-2018), 双随机 rounds and inspections, the credit list."""

from __future__ import annotations

from django.urls import reverse

from minzheng.assistance import codes as assistance_codes
from minzheng.core.pages.base import PageAction
from minzheng.core.pages.columns import (
    CodeColumn,
    CountColumn,
    DateColumn,
    MaskedColumn,
    RegionColumn,
    TextColumn,
)
from minzheng.core.pages.detail import DetailPage, Related, Section
from minzheng.core.pages.forms import ServiceFormPage
from minzheng.core.pages.lists import ListPage
from minzheng.eldercare import codes, filters, forms, selectors, tables
from minzheng.eldercare.services import institutions as svc
from minzheng.eldercare.views.common import INSTITUTION_LINKS, StepDetailPage, others, with_person

VIEW, EXPORT, MANAGE, RECORD = "eldercare.view", "eldercare.export", "eldercare.manage", "eldercare.record"


def _institution_url(result) -> str:
    return reverse("eldercare_institution", args=[getattr(result, "institution_id", None) or result.pk])


class InstitutionList(ListPage):
    title = "养老机构"
    description = ("养老机构名录（与特困供养服务机构为同一名录）：性质、备案、按床位类型的床位数、在院老人、"
                   "特困集中供养人数和等级（GB/T 37276-2018）。")
    permission = VIEW
    selector = staticmethod(selectors.institutions_for)
    filterset_class = filters.InstitutionFilters
    table_class = tables.InstitutionTable
    ordering = ("region_code", "name", "id")
    export_permission = EXPORT
    export_object = "institution"
    actions = [PageAction("eldercare_institution_add", "登记养老机构", MANAGE),
               *others(INSTITUTION_LINKS, "eldercare_institution_list")]


class InstitutionAdd(ServiceFormPage):
    title = "登记养老机构"
    description = "登记到机构名录（特困人员集中供养也使用此名录），同时登记性质、备案和按类型的床位数。"
    permission = MANAGE
    form_class = forms.InstitutionForm
    service = staticmethod(svc.register_institution)
    submit_label = "登记"
    success_message = "已登记养老机构"
    success_url = staticmethod(_institution_url)


class InstitutionDetail(DetailPage):
    title = "养老机构"
    permission = VIEW
    selector = staticmethod(selectors.get_institution)
    sections = [Section("基本情况", {
        "name": TextColumn("机构名称"), "kind": CodeColumn(assistance_codes.INSTITUTION_KINDS, "机构类型"),
        "eldercare_profile__ownership": CodeColumn(codes.OWNERSHIP, "性质"),
        "region_code": RegionColumn("所在区划"), "operator": TextColumn("运营方"),
        "eldercare_profile__licence_kind": CodeColumn(codes.LICENCE_KINDS, "登记方式"),
        "eldercare_profile__licence_no": TextColumn("备案回执/许可证号"),
        "eldercare_profile__licence_on": DateColumn("备案/许可日期"),
        "beds": CountColumn("床位数"), "eldercare_profile__beds_nursing": CountColumn("护理型床位"),
        "eldercare_profile__beds_dementia": CountColumn("认知症床位"),
        "eldercare_profile__beds_general": CountColumn("普通床位"),
        "residents": CountColumn("在院老人"), "placements_open": CountColumn("特困集中供养（在院）"),
        "level": CodeColumn(tables.LEVELS, "等级"), "account_masked": MaskedColumn("银行账号"),
    })]
    related = [
        Related("入住老人", tables.InstitutionResidentTable, selectors.residents_of),
        Related("特困人员集中供养（社会救助·特困照料办理）", tables.PlacementTable,
                selectors.placements_of),
        Related("护理员和工作人员", tables.WorkerTable,
                lambda user, obj: selectors.workers_of(user, institution=obj).order_by("left_on", "name")),
        Related("等级评定", tables.InstitutionGradingTable,
                lambda user, obj: selectors.gradings_for(user).filter(institution=obj).order_by("-assessed_on")),
        Related("检查记录", tables.InspectionTable, selectors.inspections_of_institution),
    ]
    actions = [PageAction("eldercare_institution_profile", "机构信息", MANAGE, url_args=("pk",)),
               PageAction("eldercare_resident_add", "入住登记", RECORD, url_args=("pk",), style="outline-primary"),
               PageAction("eldercare_grading_add", "等级评定", MANAGE, url_args=("pk",), style="outline-primary")]


class ProfileEdit(ServiceFormPage):
    title = "养老机构信息"
    description = "性质、备案和按类型的床位数；名录中的床位数随之更新为三类之和。"
    permission = MANAGE
    form_class = forms.ProfileForm
    object_selector = staticmethod(selectors.get_institution)
    service = staticmethod(svc.save_profile)
    submit_label = "保存"
    success_message = "已保存机构信息"
    success_url = staticmethod(_institution_url)

    def initial(self) -> dict:
        profile = getattr(self.object, "eldercare_profile", None) if self.object else None
        if profile is None:
            return {}
        return {f: getattr(profile, f) for f in svc.PROFILE_FIELDS}


class ResidentAdd(ServiceFormPage):
    title = "入住登记"
    description = "特困人员（费用来源为特困供养）须先在“特困照料”办理集中供养安置，入住登记与该安置关联。"
    permission = RECORD
    form_class = forms.AdmitForm
    object_selector = staticmethod(selectors.get_institution)
    submit_label = "登记入住"
    success_message = "已登记入住"
    success_url = staticmethod(_institution_url)

    def call_service(self, data, comment):
        return svc.admit(self.request.user, self.object, with_person(self.request.user, data))


class ResidentList(ListPage):
    title = "入住老人"
    permission = VIEW
    selector = staticmethod(selectors.residents_for)
    filterset_class = filters.ResidentFilters
    table_class = tables.ResidentTable
    ordering = ("region_code", "-admitted_on", "-id")
    export_permission = EXPORT
    export_object = "eldercare_resident"
    actions = others(INSTITUTION_LINKS, "eldercare_resident_list")


class ResidentDischarge(ServiceFormPage):
    title = "办理离院"
    permission = RECORD
    form_class = forms.EndForm
    object_selector = staticmethod(selectors.get_resident)
    service = staticmethod(lambda user, resident, data, comment=None: svc.discharge(user, resident, data))
    submit_label = "办理离院"
    success_message = "已办理离院"
    success_url = staticmethod(_institution_url)
    confirm = True


class WorkerList(ListPage):
    title = "护理员和工作人员"
    description = "养老机构和居家养老服务组织的护理员、医护和管理人员及其证书（电话遮蔽显示）。"
    permission = VIEW
    selector = staticmethod(selectors.workers_for)
    filterset_class = filters.WorkerFilters
    table_class = tables.WorkerTable
    ordering = ("region_code", "name", "id")
    export_permission = EXPORT
    export_object = "eldercare_worker"
    actions = [PageAction("eldercare_worker_add", "登记人员", RECORD),
               *others(INSTITUTION_LINKS, "eldercare_worker_list")]


class WorkerAdd(ServiceFormPage):
    title = "登记护理员/工作人员"
    permission = RECORD
    form_class = forms.WorkerForm
    submit_label = "登记"
    success_message = "已登记"
    success_url = "eldercare_worker_list"

    def make_form(self, data=None):
        form = super().make_form(data)
        user = self.request.user
        form.set_choices("employer", [(f"i:{pk}", f"机构·{name}") for pk, name in selectors.institution_choices(user)]
                         + [(f"p:{pk}", f"服务组织·{name}") for pk, name in selectors.provider_choices(user)])
        return form

    def call_service(self, data, comment):
        kind, _, pk = data.pop("employer").partition(":")
        key = "institution_id" if kind == "i" else "provider_id"
        return svc.add_worker(self.request.user, {**data, key: int(pk)})


class GradingList(ListPage):
    title = "等级评定"
    description = "GB/T 37276-2018《养老机构等级划分与评定》：环境120、设施设备130、运营管理150、服务600，共1000分。"
    permission = VIEW
    selector = staticmethod(selectors.gradings_for)
    filterset_class = filters.GradingFilters
    table_class = tables.GradingTable
    ordering = ("-assessed_on", "-id")
    export_permission = EXPORT
    export_object = "eldercare_grading"
    actions = others(INSTITUTION_LINKS, "eldercare_grading_list")


class GradingAdd(ServiceFormPage):
    title = "等级评定"
    description = ("按 GB/T 37276-2018 录入四部分得分（可到 0.5 分）和否决项；等级由系统按标准计算："
                   "五级须总分≥900且各部分≥90%，……一级须总分≥360且各部分≥40%；有否决项不予评定等级。")
    permission = MANAGE
    form_class = forms.GradingForm
    object_selector = staticmethod(selectors.get_institution)
    service = staticmethod(svc.record_grading)
    submit_label = "保存评定"
    success_message = "已保存等级评定"
    success_url = staticmethod(_institution_url)


class RoundList(ListPage):
    title = "双随机抽查"
    description = "随机抽取检查对象、随机选派检查人员；随机种子留存，抽取结果可复核。"
    permission = VIEW
    selector = staticmethod(selectors.rounds_for)
    filterset_class = filters.RoundFilters
    table_class = tables.RoundTable
    ordering = ("-drawn_on", "-id")
    export_permission = EXPORT
    export_object = "eldercare_round"
    actions = [PageAction("eldercare_round_add", "抽取", MANAGE), *others(INSTITUTION_LINKS, "eldercare_round_list")]


class RoundAdd(ServiceFormPage):
    title = "双随机抽取"
    permission = MANAGE
    form_class = forms.DrawForm
    submit_label = "抽取"
    success_message = "已抽取检查对象和检查人员"
    success_url = staticmethod(lambda result: reverse("eldercare_round", args=[result.pk]))
    confirm = True
    confirm_text = "抽取结果立即生效并留存（随机种子可供复核），不能重抽。请确认。"

    def make_form(self, data=None):
        form = super().make_form(data)
        form.set_inspectors(selectors.inspector_choices(self.request.user))
        return form

    def call_service(self, data, comment):
        return svc.draw_round(self.request.user, data)


class RoundDetail(DetailPage):
    title = "双随机抽查"
    permission = VIEW
    selector = staticmethod(selectors.get_round)
    sections = [Section("抽取情况", {
        "title": TextColumn("检查任务"), "drawn_on": DateColumn("抽取日期"), "pool_size": CountColumn("名录机构数"),
        "institutions_asked": CountColumn("抽取机构数"), "team_size": CountColumn("每组检查人员数"),
        "seed": TextColumn("随机种子"), "region_code": RegionColumn("组织单位"),
    })]
    related = [Related("抽中的机构和检查组", tables.InspectionTable,
                       selectors.inspections_of_round)]


class InspectionList(ListPage):
    title = "检查记录"
    permission = VIEW
    selector = staticmethod(selectors.inspections_for)
    filterset_class = filters.InspectionFilters
    table_class = tables.InspectionTable
    ordering = ("-round__drawn_on", "institution__name", "id")
    export_permission = EXPORT
    export_object = "eldercare_inspection"
    actions = others(INSTITUTION_LINKS, "eldercare_inspection_list")


class InspectionDetail(StepDetailPage):
    title = "检查记录"
    permission = VIEW
    selector = staticmethod(selectors.get_inspection)
    sections = [Section("检查", {
        "institution__name": TextColumn("机构"), "round__title": TextColumn("检查任务"),
        "inspector_names": TextColumn("检查人员"), "inspected_on": DateColumn("检查日期"),
        "result": CodeColumn(codes.INSPECTION_RESULTS, "检查结果"), "findings": TextColumn("发现问题", wrap=True),
        "rectify_by": DateColumn("整改期限"), "rectified_on": DateColumn("整改完成日期"),
        "rectification_note": TextColumn("整改情况", wrap=True),
    })]
    actions = [PageAction("eldercare_inspection_result", "登记检查结果", MANAGE, url_args=("pk",)),
               PageAction("eldercare_inspection_rectify", "登记整改情况", MANAGE, url_args=("pk",))]
    when = {"登记检查结果": lambda o: not o.result,
            "登记整改情况": lambda o: o.result not in ("", "pass") and o.rectified_on is None}


def _inspection_url(result) -> str:
    return reverse("eldercare_inspection", args=[result.pk])


class InspectionResult(ServiceFormPage):
    title = "登记检查结果"
    permission = MANAGE
    form_class = forms.InspectionForm
    object_selector = staticmethod(selectors.get_inspection)
    service = staticmethod(svc.record_inspection)
    submit_label = "保存"
    success_message = "已登记检查结果"
    success_url = staticmethod(_inspection_url)


class InspectionRectify(ServiceFormPage):
    title = "登记整改情况"
    permission = MANAGE
    form_class = forms.RectifyForm
    object_selector = staticmethod(selectors.get_inspection)
    service = staticmethod(svc.record_rectification)
    submit_label = "保存"
    success_message = "已登记整改情况"
    success_url = staticmethod(_inspection_url)


class CreditList(ListPage):
    title = "养老机构信用名单"
    description = ("近两年双随机检查：严重问题逾期未整改或发现否决项情形的列入失信名单，其他逾期未整改的重点关注"
                   "（民发〔2019〕103号）。")
    permission = VIEW
    selector = staticmethod(selectors.credit_rows)
    filterset_class = filters.CreditFilters
    table_class = tables.CreditTable
    ordering = ("-serious_overdue", "-overdue", "region_code", "name")
    export_permission = EXPORT
    export_object = "institution"
    actions = others(INSTITUTION_LINKS, "eldercare_credit_list")
