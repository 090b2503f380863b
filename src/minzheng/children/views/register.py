"""Register pages: children (list with export, the child's page), registration and edits, category moves,
guardians, the 儿童主任/儿童督导员 roster, tiers and visit plans (lists, the 示例 set, a file upload)."""

from __future__ import annotations

from django.urls import reverse

from minzheng.children import codes, filters, forms
from minzheng.children.selectors import register as selectors
from minzheng.children.selectors import visits as visit_selectors
from minzheng.children.services import policy_data
from minzheng.children.services import register as services
from minzheng.children.tables import (
    ChangeTable,
    ChildDueTable,
    ChildTable,
    ChildVisitTable,
    GuardianTable,
    PlanTable,
    TierTable,
    WorkerTable,
)
from minzheng.core import clock
from minzheng.core.errors import ValidationFailed
from minzheng.core.pages.base import PageAction
from minzheng.core.pages.columns import CodeColumn, DateColumn, MaskedColumn, RegionColumn, TextColumn
from minzheng.core.pages.detail import DetailPage, Related, Section
from minzheng.core.pages.forms import ServiceFormPage
from minzheng.core.pages.lists import ListPage
from minzheng.registry import codes as registry_codes
from minzheng.registry import selectors as registry_selectors

LISTS = [PageAction("children_list", "儿童名册", None, style="outline-secondary"),
         PageAction("children_due", "走访清单", None, style="outline-secondary"),
         PageAction("children_visits", "走访记录", None, style="outline-secondary"),
         PageAction("children_workers", "儿童主任和督导员", None, style="outline-secondary"),
         PageAction("children_plans", "走访计划", None, style="outline-secondary"),
         PageAction("children_tiers", "儿童分级", None, style="outline-secondary")]


def child_url(result) -> str:
    return reverse("children_child", args=[getattr(result, "child_id", None) or result.pk])


class ChildList(ListPage):
    title = "儿童名册"
    description = ("孤儿、事实无人抚养儿童（民发〔2019〕62号）、农村留守儿童（国发〔2016〕13号）、"
                   "困境儿童（国发〔2016〕36号），分级按本地设定；享受待遇取自救助待遇（孤儿基本生活费、低保等）。按村(社区)筛选后导出即为分村名单。")
    permission = "people.view"
    selector = staticmethod(selectors.children_for)
    filterset_class = filters.ChildFilters
    table_class = ChildTable
    ordering = ("region_code", "category", "id")
    export_permission = "people.export"
    export_object = "child"
    empty_text = "没有符合条件的儿童"
    actions = [PageAction("children_register", "登记儿童", "children.change"), *LISTS[1:]]


class Child:
    """The child's page object: the register row with what the page shows beside it."""

    def __init__(self, record: dict):
        self.__dict__.update(record)
        child = self.child
        self.pk, self.person = child.pk, child.person
        self.category, self.tier_text = child.category, self.tier_name or "—"
        self.region_code, self.registered_on, self.exited_on = child.region_code, child.registered_on, child.exited_on
        self.schooling, self.school_text = child.schooling, " ".join(x for x in (child.school, child.grade) if x)
        self.health, self.health_note, self.care_note = child.health, child.health_note, child.care_note
        self.director_text = child.director.name if child.director_id else "（未指定）"
        self.supervisor_text = child.supervisor.name if child.supervisor_id else "（未指定）"
        self.benefit_text = "、".join(self.benefits) or "无"
        self.status_text = f"已于 {child.exited_on} 退出：{child.exit_reason}" if child.exited_on else "在册"
        self.cases_text = "、".join(f"#{c.pk} {codes.CASE_STATES[c.state]}" for c in self.cases) or "无"

    def __str__(self) -> str:
        return self.person.name


def child_page(user, pk) -> Child:
    return Child(selectors.child_page(user, pk))


class ChildPage(DetailPage):
    title = "儿童"
    permission = "people.view"
    selector = staticmethod(child_page)
    sections = [Section("基本情况", {
        "person__name": TextColumn("姓名"), "person__id_number_masked": MaskedColumn("身份证号"),
        "person__sex": CodeColumn(registry_codes.SEX, "性别"), "age": TextColumn("年龄"),
        "region_code": RegionColumn("村(社区)"), "category": CodeColumn(codes.CATEGORIES, "类别"),
        "tier_text": TextColumn("分级"), "registered_on": DateColumn("登记日期"), "status_text": TextColumn("状态"),
        "schooling": CodeColumn(codes.SCHOOLING, "就学情况"), "school_text": TextColumn("学校和年级"),
        "health": CodeColumn(codes.HEALTH, "健康状况"), "health_note": TextColumn("健康情况说明"),
        "care_note": TextColumn("监护照料情况"), "benefit_text": TextColumn("享受待遇"),
        "director_text": TextColumn("儿童主任"), "supervisor_text": TextColumn("儿童督导员"),
        "cases_text": TextColumn("未成年人保护个案"),
    })]
    related = [Related("走访计划和下次走访", ChildDueTable, lambda user, obj: obj.due, empty_text="没有适用的走访计划"),
               Related("走访记录", ChildVisitTable, lambda user, obj: obj.visits, empty_text="尚无走访记录"),
               Related("监护人和联系人", GuardianTable, lambda user, obj: obj.guardians, empty_text="尚未登记"),
               Related("类别变更记录", ChangeTable, lambda user, obj: obj.changes)]
    actions = [PageAction("children_visit_add", "登记走访", "children.visit", url_args=("pk",)),
               PageAction("children_edit", "修改情况", "children.change", url_args=("pk",), style="outline-primary"),
               PageAction("children_category", "变更类别", "children.change", url_args=("pk",),
                          style="outline-primary"),
               PageAction("children_guardian_add", "登记监护人", "children.change", url_args=("pk",),
                          style="outline-primary")]


class ChildRegister(ServiceFormPage):
    title = "登记儿童"
    description = ("分级代码按本地设定的儿童分级填写（见“儿童分级”）；"
                   "儿童主任、儿童督导员不选时按儿童所在村和乡镇的在岗人员。")
    permission = "children.change"
    form_class = forms.ChildForm
    submit_label = "登记"
    success_message = "已登记儿童"
    success_url = staticmethod(child_url)

    def initial(self) -> dict:
        return {"registered_on": clock.today()}

    def make_form(self, data=None):
        form = super().make_form(data)
        form.set_workers(selectors.worker_choices(self.request.user, "director"),
                         selectors.worker_choices(self.request.user, "supervisor"))
        return form

    def call_service(self, data, comment):
        person = registry_selectors.person_by_id_number(self.request.user, data.pop("id_number"))
        if person is None:
            raise ValidationFailed.one("id_number", "本辖区人员库中没有该身份证号的人员，请先登记人员")
        payload = {**data, "person_id": person.pk, "director_id": data.get("director_id") or None,
                   "supervisor_id": data.get("supervisor_id") or None}
        return services.register_child(self.request.user, payload)


class ChildEdit(ServiceFormPage):
    title = "修改儿童情况"
    permission = "children.change"
    form_class = forms.ChildEditForm
    object_selector = staticmethod(selectors.get_child)
    submit_label = "保存"
    success_message = "已保存"
    success_url = staticmethod(child_url)

    def initial(self) -> dict:
        c = self.object
        return {f: getattr(c, f) for f in services.EDIT_FIELDS} | {"director_id": c.director_id or "",
                                                                   "supervisor_id": c.supervisor_id or ""}

    def make_form(self, data=None):
        form = super().make_form(data)
        form.set_workers(selectors.worker_choices(self.request.user, "director"),
                         selectors.worker_choices(self.request.user, "supervisor"))
        return form

    def call_service(self, data, comment):
        payload = {**data, "director_id": data.get("director_id") or None,
                   "supervisor_id": data.get("supervisor_id") or None}
        return services.edit_child(self.request.user, self.object, payload)


class CategoryChangePage(ServiceFormPage):
    title = "变更儿童类别"
    description = "类别或分级变化（如留守儿童父母返乡、困境儿童分级调整）时登记，历史保留；新类别选“退出名册”即退出。"
    permission = "children.change"
    form_class = forms.CategoryForm
    object_selector = staticmethod(selectors.get_child)
    submit_label = "下一步"
    success_message = "已变更类别"
    success_url = staticmethod(child_url)
    confirm = True
    confirm_text = "类别变更将记入历史；选择“退出名册”后该儿童不再列入走访清单。请核对后填写确认办理说明。"

    def initial(self) -> dict:
        return {"changed_on": clock.today()}

    def call_service(self, data, comment):
        return services.change_category(self.request.user, self.object, data)


class GuardianAdd(ServiceFormPage):
    title = "登记监护人或联系人"
    permission = "children.change"
    form_class = forms.GuardianForm
    object_selector = staticmethod(selectors.get_child)
    submit_label = "登记"
    success_message = "已登记"
    success_url = staticmethod(lambda row: reverse("children_child", args=[row.child_id]))

    def call_service(self, data, comment):
        return services.add_guardian(self.request.user, self.object, data)


class WorkerList(ListPage):
    title = "儿童主任和儿童督导员"
    description = "村(社区)儿童主任、乡镇(街道)儿童督导员（民发〔2019〕34号）；登记儿童时按所在地默认指定。"
    permission = "people.view"
    selector = staticmethod(selectors.workers_for)
    filterset_class = filters.WorkerFilters
    table_class = WorkerTable
    ordering = ("region_code", "kind", "name")
    export_permission = "people.export"
    export_object = "child_worker"
    actions = [PageAction("children_worker_add", "登记人员", "children.manage"), LISTS[0]]


class WorkerAdd(ServiceFormPage):
    title = "登记儿童主任或儿童督导员"
    permission = "children.manage"
    form_class = forms.WorkerForm
    submit_label = "登记"
    success_message = "已登记"
    success_url = "children_workers"
    service = staticmethod(services.save_worker)


class PlanList(ListPage):
    title = "儿童走访计划"
    description = ("按儿童类别（及分级）设定的走访或联系周期；下级区划的计划优先于上级，同一区划以最近生效的为准。"
                   "“依据”注明“示例值”的为系统内置示例，应按本地文件调整。")
    permission = "people.view"
    selector = staticmethod(visit_selectors.plans_for)
    filterset_class = filters.PlanFilters
    table_class = PlanTable
    ordering = ("region_code", "category", "tier", "kind", "-effective_from")
    export_permission = "people.view"
    export_object = "child_visit_plan"
    actions = [PageAction("children_policy_examples", "载入示例", "children.policy"),
               PageAction("children_policy_upload", "导入文件", "children.policy", style="outline-primary"),
               LISTS[1], LISTS[5]]


class TierList(ListPage):
    title = "儿童分级"
    description = "各类儿童的分级（如困境儿童一级、二级、三级）由本地设定；下级区划的设定优先。"
    permission = "people.view"
    selector = staticmethod(selectors.tiers_for)
    filterset_class = filters.TierFilters
    table_class = TierTable
    ordering = ("region_code", "category", "rank", "code")
    export_permission = "people.view"
    export_object = "child_tier"
    actions = [PageAction("children_policy_examples", "载入示例", "children.policy"),
               PageAction("children_policy_upload", "导入文件", "children.policy", style="outline-primary"),
               LISTS[4]]


class ExamplesLoad(ServiceFormPage):
    title = "载入示例政策数据"
    description = ("载入系统内置的儿童分级、走访计划和未成年人保护办理时限示例（依据注明“示例值”），"
                   "适用于所选区划及下级；同一区划同一生效日期重复载入不会重复新增。")
    permission = "children.policy"
    form_class = forms.ExamplesForm
    submit_label = "下一步"
    success_message = "已载入示例"
    success_url = "children_plans"
    confirm = True

    def initial(self) -> dict:
        return {"region_code": self.request.user.region_id, "effective_from": clock.today().replace(month=1, day=1)}

    def call_service(self, data, comment):
        return policy_data.load_examples(self.request.user, data["region_code"], data["effective_from"])


class PolicyUpload(ServiceFormPage):
    title = "导入政策数据文件"
    description = ("儿童分级：category, code, name, rank, region_code, effective_from, source；"
                   "走访计划：category, tier, kind, every, unit, region_code, effective_from, source；"
                   "办理时限：step, urgency, hours, region_code, effective_from, source。"
                   "任一行有误则全部不导入，并按行列出错误。")
    permission = "children.policy"
    form_class = forms.PolicyFileForm
    submit_label = "导入"
    success_message = "已导入"
    success_url = "children_plans"

    def call_service(self, data, comment):
        from minzheng.core.spreadsheets import UnreadableFile

        upload = data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise ValidationFailed.one("file", "文件不能超过 5 MB")
        try:
            return policy_data.load_file(self.request.user, data["kind"], upload, upload.name)
        except UnreadableFile as exc:
            raise ValidationFailed.one("file", str(exc)) from None
