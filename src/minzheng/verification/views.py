"""Verification pages on the generic blocks (core.pages): 核实待办 (the findings list), a finding's page with its two
outcomes as service forms (核实属实 changes the entitlement and cannot be undone: a confirmation step with a comment),
the printable verification report (names and labels, not codes), the department data upload (a background job with a
per-row error report, showing the chosen kind's columns) and the list of loaded department files.

Pages read through selectors and write through services; no ORM here."""

from __future__ import annotations

import io

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from minzheng.benefits import programs
from minzheng.core import clock, regions, roles
from minzheng.core.errors import Forbidden, NotFound
from minzheng.core.forms import StyledForm
from minzheng.core.pages.base import Page, PageAction, error_page, parse_pk
from minzheng.core.pages.detail import DetailPage
from minzheng.core.pages.filters import MonthField
from minzheng.core.pages.forms import ServiceFormPage
from minzheng.core.pages.imports import ImportPage, UploadForm
from minzheng.core.pages.lists import ListPage
from minzheng.verification import codes, feed_templates, kinds, report, runs, selectors, services
from minzheng.verification.comparison_rules import RULES
from minzheng.verification.filters import FindingFilters, RunFilters, SnapshotFilters
from minzheng.verification.tables import FINDING_SECTIONS, FindingTable, RunTable, SnapshotTable

# ---- 核实待办 --------------------------------------------------------------------------------------------------------


class FindingList(ListPage):
    title = "核实待办：比对疑点"
    permission = "verification.view"
    description = "全量比对发现的疑点，请在期限内入户或电话核实：属实的办理暂停、停发或减发；不属实的填写理由后排除。"
    selector = staticmethod(selectors.findings_for)
    filterset_class = FindingFilters
    table_class = FindingTable
    ordering = ("-month", "due_on", "id")
    export_permission = "people.export"  # names of the people concerned
    export_object = "finding"
    empty_text = "没有符合条件的疑点"
    actions = [PageAction("feed_upload", "导入部门数据", "verification.manage", style="outline-secondary"),
               PageAction("feed_snapshots", "已导入的部门数据", "verification.manage", style="outline-secondary")]

    def filterset(self, queryset):
        data = self.request.GET
        if "status" not in data:  # the work list: open findings unless another status (or 全部) is chosen
            data = data.copy()
            data["status"] = "open"
        return self.filterset_class(data, queryset=queryset, request=self.request)


class FindingDetail(DetailPage):
    title = "比对疑点"
    permission = "verification.view"
    selector = staticmethod(selectors.get_finding)
    sections = FINDING_SECTIONS
    actions = [PageAction("finding_confirm", "核实属实", "findings.handle", url_args=("pk",), style="danger"),
               PageAction("finding_dismiss", "排除疑点", "findings.handle", url_args=("pk",),
                          style="outline-secondary")]

    def heading(self, obj) -> str:
        return str(obj)

    def render(self, context, status=200, template=None):
        if context.get("object") is not None and context["object"].status != "open":
            context["actions"] = []  # handled: nothing left to do
        return super().render(context, status, template)


class ConfirmForm(StyledForm):
    outcome = forms.ChoiceField(label="处理结果")
    effective_month = MonthField(label="生效月份（不填 = 下月）", required=False)
    new_amount = forms.CharField(label="减发后的月金额（元，减发时填写）", max_length=20, required=False)
    notice_on = forms.DateField(label="告知家庭日期（停发、减发须填写）", required=False, input_formats=["%Y-%m-%d"],
                                widget=forms.DateInput(attrs={"type": "date"}),
                                error_messages={"invalid": "日期格式不正确：应为 YYYY-MM-DD"})
    reason = forms.CharField(label="理由（不填 = 规则名称和比对依据）", max_length=2000, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, outcomes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = list((outcomes or codes.FINDING_OUTCOMES).items())


class ConfirmPage(ServiceFormPage):
    title = "核实属实"
    permission = "findings.handle"
    form_class = ConfirmForm
    object_selector = staticmethod(selectors.get_finding)
    confirm = True
    confirm_text = ("确认后将对该待遇办理所选的处理（暂停发放、停发或减发），疑点结案，不能撤销。"
                    "请核对以下内容，填写确认办理说明（核实情况）后确认。")
    success_message = "已确认疑点属实并办理待遇变更"
    success_url = staticmethod(lambda finding: reverse("finding_detail", args=[finding.pk]))

    def outcomes(self) -> dict[str, str]:
        return selectors.outcomes_for(self.request.user, self.object)

    def initial(self) -> dict:
        # The rule's usual outcome only where this user may decide it (a township without delegation may only
        # suspend: 停发 and 减发 are the county's decision).
        allowed = self.outcomes()
        usual = RULES[self.object.rule].outcome
        return {"outcome": usual if usual in allowed else next(iter(allowed))}

    def make_form(self, data=None):
        return ConfirmForm(data, initial=self.initial(), outcomes=self.outcomes())

    def call_service(self, data: dict, comment):
        values = {k: v for k, v in data.items() if k != "outcome" and v not in (None, "")}
        return services.confirm(self.request.user, self.object.pk, data["outcome"], values, note=comment or "")


class DismissForm(StyledForm):
    reason = forms.CharField(label="核实情况（排除理由）", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "排除疑点须填写理由（核实情况）"})


class DismissPage(ServiceFormPage):
    title = "排除疑点"
    permission = "findings.handle"
    form_class = DismissForm
    object_selector = staticmethod(selectors.get_finding)
    submit_label = "排除"
    success_message = "已排除该疑点"
    success_url = staticmethod(lambda finding: reverse("finding_detail", args=[finding.pk]))

    def call_service(self, data: dict, comment):
        return services.dismiss(self.request.user, self.object.pk, data["reason"])


# ---- the verification report -----------------------------------------------------------------------------------------


def _label(table: dict, code) -> str:
    return table.get(str(code), str(code)) if code not in (None, "") else ""


def _member(m: dict, region_names: dict) -> dict:
    """One member's feed data as people read it: labels for codes, region names."""
    rows = {
        "real_estate": [f"{x['property_id']}（{_label(codes.USAGE, x['usage'])}，{x['area']}㎡"
                        f"{'，' + region_names.get(x['region'], x['region']) if x.get('region') else ''}）"
                        for x in m["real_estate"]],
        "vehicle": [f"{x['plate']} {x['vehicle_type']}，价值 {x['value']} 元（{x['register_date']} 登记）"
                    for x in m["vehicle"]],
        "business": [f"{x['entity_name']}（{_label(codes.BUSINESS_ROLE, x['role'])}，"
                     f"{_label(codes.BUSINESS_STATUS, x['status'])}，注册资本 {x['registered_capital']} 元）"
                     for x in m["business"]],
        "deposit": [f"{x['balance']} 元（{x['as_of']}）" for x in m["deposit"]],
        "public_employee": [x["employer"] for x in m["public_employee"]],
        "tax": [f"{x['year']} 年：{x['income']} 元" for x in m["tax"]],
        "death": [x["death_date"] for x in m["death"]],
        "hukou_move": [f"{x['move_date']} {_label(codes.MOVE_EVENT, x['event'])}"
                       f"{' 至 ' + region_names.get(x['to_region'], x['to_region']) if x.get('to_region') else ''}"
                       for x in m["hukou_move"]],
        "schooling": [f"{x['school']}（{_label(codes.SCHOOL_LEVEL, x['level'])}，{x['start_date']}—"
                      f"{x['end_date'] or '在读'}）" for x in m["schooling"]],
        "disability": [f"{_label(codes.DISABILITY_CATEGORY, x['category'])}残疾 {_label(codes.GRADE, x['grade'])}，"
                       f"有效期至 {x['valid_until']}" for x in m["disability"]],
        "medical": [f"{x['settle_date']} 医疗总费用 {x['total']} 元（个人自付 {x['out_of_pocket']} 元）"
                    for x in m["medical"]],
    }
    labels = {"real_estate": "不动产", "vehicle": "车辆", "business": "市场主体", "deposit": "存款/证券",
              "public_employee": "财政供养", "tax": "个人所得", "death": "死亡", "hukou_move": "户籍迁移",
              "schooling": "在校", "disability": "残疾人证", "medical": "医疗费用"}
    return {**m, "feeds": [(labels[k], v) for k, v in rows.items()]}


class ReportPage(Page):
    title = "家庭经济状况核对报告"
    permission = "verification.view"
    template_name = "verification/report.html"

    def get(self, request, pk: int):
        pk = parse_pk(pk)
        if pk is None:
            raise NotFound()
        rep = selectors.get_report(request.user, pk)
        data = rep.data
        places = {x.get("region") for m in data.get("members", []) for x in m.get("real_estate", [])}
        places |= {x.get("to_region") for m in data.get("members", []) for x in m.get("hukou_move", [])}
        places.add(rep.region_code)
        names = regions.names_for({p for p in places if p})
        limits = [(label, data.get("limits", {}).get(key)) for key, label in codes.LIMITS.items()]
        user = rep.requested_by
        return self.render({
            "r": rep, "conclusion": codes.CONCLUSIONS[rep.conclusion],
            "program_name": programs.name(data.get("program", "")),
            "region_name": names.get(rep.region_code, rep.region_code), "limits": limits,
            "members": [_member(m, names) for m in data.get("members", [])],
            "requested_by": (user.full_name or user.username) if user else ""})


@login_required
@require_POST
def report_request(request, case_id: int):
    pk = parse_pk(case_id)
    if pk is None:
        raise NotFound()
    rep = report.request_report(request.user, pk)
    return redirect("verification_report", pk=rep.pk)


# ---- department data -------------------------------------------------------------------------------------------------

KIND_CHOICES = [(k.code, f"{k.label}（{k.department}）") for k in kinds.KINDS.values()]


def kind_spec(code: str | None) -> dict:
    """The columns a kind's file must have (key, Chinese header, type, required, accepted values)."""
    kind = kinds.KINDS.get(code or "") or next(iter(kinds.KINDS.values()))
    columns = [{"key": c.key, "label": c.label, "aliases": "、".join(c.aliases),
                "type": codes.COLUMN_TYPES[c.type], "required": c.required,
                "choices": "、".join(a[1] if len(a) > 1 else a[0] for _, a in c.choices)} for c in kind.columns]
    return {"kind": kind, "mode": codes.FEED_MODES[kind.mode], "columns": columns}


class FeedForm(UploadForm):
    kind = forms.ChoiceField(label="数据类别", choices=KIND_CHOICES)
    as_of = forms.DateField(label="数据日期", input_formats=["%Y-%m-%d"],
                            widget=forms.DateInput(attrs={"type": "date"}),
                            error_messages={"required": "请填写数据日期", "invalid": "日期格式不正确：应为 YYYY-MM-DD"})
    confirm_replace = forms.BooleanField(
        label="确认替换：即使被拒绝的行较多，也以本文件替换当前快照", required=False,
        help_text="不勾选时，拒绝行超过阈值的文件不会替换已有的数据，原快照保留。")
    field_order = ["kind", "as_of", "file", "confirm_replace"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].widget.attrs.update({"hx-get": reverse("feed_spec"), "hx-target": "#feed-spec",
                                                 "hx-trigger": "change"})


class FeedUpload(ImportPage):
    title = "导入部门比对数据"
    permission = "verification.manage"
    template_name = "verification/feed_upload.html"
    job_kind = "feeds_load"
    help_text = ("逐行校验，错误行列入可下载的报告；身份证号在导入时替换为索引，数据湖中不保存明文；"
                 "同一文件重复导入不会产生重复数据。")
    file_label = "数据文件（.csv、.xlsx 或 .parquet）"
    suffixes = (".csv", ".xlsx", ".parquet")
    max_bytes = 2 * 1024 * 1024 * 1024  # department extracts are large

    def make_form(self, data=None, files=None):
        self.form = FeedForm(data, files, suffixes=self.suffixes, max_bytes=self.max_bytes, label=self.file_label)
        return self.form

    upload_category = "feed"

    def job_params(self, stored, upload) -> dict:
        data = self.form.cleaned_data
        return {"kind": data["kind"], "as_of": data["as_of"].isoformat(), "file_id": stored.pk, "name": upload.name,
                "confirm_replace": bool(data.get("confirm_replace"))}

    def page(self, form, status=200):
        chosen = form["kind"].value() or self.request.GET.get("kind")
        return self.render({"form": form, "help_text": self.help_text, "spec": kind_spec(chosen)}, status=status)


@login_required
@require_GET
def feed_spec(request):
    """HTMX: the column specification of the kind chosen on the upload page."""
    return render(request, "verification/_feed_spec.html", {"spec": kind_spec(request.GET.get("kind"))})


@login_required
@require_GET
def feed_template(request):
    """The chosen kind's .xlsx template (headers, and what each column takes)."""
    if not roles.has_perm(request.user, "verification.manage"):
        raise Forbidden("您的角色无权导入部门比对数据")
    code = request.GET.get("kind") or next(iter(kinds.KINDS))  # as the page: the first kind until one is chosen
    if code not in kinds.KINDS:
        return error_page(request, 400, "数据类别不正确")
    name, content = feed_templates.template_xlsx(code)
    return FileResponse(io.BytesIO(content), as_attachment=True, filename=name)


class SnapshotList(ListPage):
    title = "已导入的部门数据"
    permission = "verification.manage"
    description = "每次导入形成一个带日期的快照；同一文件重复导入不会产生新的快照。"
    selector = staticmethod(selectors.snapshots_for)
    filterset_class = SnapshotFilters
    table_class = SnapshotTable
    ordering = ("-loaded_at", "-id")
    export_object = "feed_snapshot"
    empty_text = "尚未导入部门数据"
    actions = [PageAction("feed_upload", "导入部门数据", "verification.manage")]


# ---- the month's comparison ------------------------------------------------------------------------------------------


class RunForm(StyledForm):
    month = MonthField(label="比对月份", error_messages={"required": "请填写比对月份"})


class RunPage(ServiceFormPage):
    title = "运行全量比对"
    permission = "verification.manage"
    form_class = RunForm
    service = staticmethod(runs.submit)
    submit_label = "开始比对"
    success_message = "比对已开始"
    success_url = staticmethod(lambda job: reverse("job_detail", args=[job.pk]))
    description = ("用已导入的部门数据比对全部在发对象（死亡、迁出、收入、车辆、住房、工商、存款、财政供养等规则）；"
                   "新发现的疑点进入乡镇核实待办，死亡疑点自动暂停支付。同一月份重复比对不会重复产生疑点。")

    def initial(self) -> dict:
        return {"month": f"{clock.today():%Y-%m}"}


class RunList(ListPage):
    title = "全量比对"
    permission = "verification.manage"
    description = "每月用部门数据比对全部在发对象；每次运行的结果如下。"
    selector = staticmethod(selectors.runs_for)
    filterset_class = RunFilters
    table_class = RunTable
    ordering = ("-started_at", "-id")
    export_object = "comparison_run"
    empty_text = "尚未运行比对"
    actions = [PageAction("compare_run", "运行比对", "verification.manage"),
               PageAction("feed_upload", "导入部门数据", "verification.manage", style="outline-primary")]
