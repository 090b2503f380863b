"""Forms of the 社会组织 pages. They only shape what a person types; the services validate it again
(socialorgs.schemas) and their Chinese errors land on these fields."""

from __future__ import annotations

from django import forms

from minzheng.core.forms import StyledForm
from minzheng.core.pages.region_picker import RegionField
from minzheng.socialorgs import codes

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONEY_ERRORS = {"invalid": "应为金额，例如 30000.00", "max_decimal_places": "最多两位小数（到分）"}


class Checklist(forms.CheckboxSelectMultiple):
    """Checkboxes for several choices. core/_fields.html draws a widget whose input_type is "checkbox" as ONE
    checkbox, so this one names itself differently and gives each option its checkbox type."""

    input_type = "checklist"

    def create_option(self, *args, **kwargs):
        option = super().create_option(*args, **kwargs)
        option["type"] = "checkbox"
        option["attrs"] = {**option["attrs"], "class": "form-check-input me-1"}  # not StyledForm's form-control
        return option


def _date(label: str, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DATE, input_formats=["%Y-%m-%d"],
                           error_messages={"invalid": "日期格式不正确，应为 YYYY-MM-DD", "required": "请填写日期"})


def _choices(table: dict) -> list[tuple]:
    return [("", "请选择"), *((k, v) for k, v in table.items() if k != "")]


def _money(label: str, required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(label=label, min_value=0, max_digits=14, decimal_places=2, required=required,
                              error_messages=MONEY_ERRORS)


def _text(label: str, limit: int = 300, required: bool = True, rows: int = 0) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else None
    return forms.CharField(label=label, max_length=limit, required=required, widget=widget)


class OrgForm(StyledForm):
    name = _text("名称", 100)
    kind = forms.ChoiceField(label="类型", choices=_choices(codes.KINDS))
    fundraising = forms.ChoiceField(label="基金会类型", choices=[("", "不适用"), ("public", "公募基金会"),
                                                               ("private", "非公募基金会")], required=False)
    uscc = _text("统一社会信用代码", 18)
    domain = forms.ChoiceField(label="业务领域", choices=_choices(codes.DOMAINS))
    scope_text = _text("业务范围", 300, required=False)
    supervisor = forms.CharField(label="业务主管单位", max_length=100, required=False,
                                 help_text="直接登记的（行业协会商会、科技类、公益慈善类、城乡社区服务类）不填")
    legal_rep = _text("法定代表人", 50)
    address = _text("住所", 200, required=False)
    region_code = RegionField(label="所在区划", error_messages={"required": "请选择所在区划"})
    registered_on = _date("成立登记日期")
    responsible_text = _text("负责人（每行一人：姓名 职务）", 1000, required=False, rows=3)

    def clean(self):
        return _responsible(super().clean())


def _responsible(data: dict) -> dict:
    """负责人 typed one a line ("姓名 职务") → [{"name", "post"}]."""
    responsible = []
    for line in (data.get("responsible_text") or "").splitlines():
        name, _, post = line.strip().partition(" ")
        if name:
            responsible.append({"name": name, "post": post.strip()})
    data["responsible"] = responsible
    return data


class ReportForm(StyledForm):
    year = forms.IntegerField(label="年度", min_value=1990, max_value=2100)
    summary = _text("年度工作情况", 4000, rows=4)
    income = _money("本年总收入")
    total_spending = _money("本年总支出")
    net_assets = _money("年末净资产")
    mission_spending = _money("公益事业支出（基金会填）", required=False)
    pay_and_admin = _money("工资福利和行政办公支出（基金会填）", required=False)
    last_year_income = _money("上年总收入（公募基金会填）", required=False)
    last_year_fund_balance = _money("上年基金余额（非公募基金会填）", required=False)
    audited = forms.BooleanField(label="附审计报告", required=False)


class SupervisorReviewForm(StyledForm):
    decision = forms.ChoiceField(label="初审意见", choices=_choices(codes.SUPERVISOR_DECISIONS))
    opinion = _text("业务主管单位意见", 300, rows=2)


class RegistryReviewForm(StyledForm):
    decision = forms.ChoiceField(label="年检结论", choices=_choices(codes.REGISTRY_DECISIONS))
    opinion = _text("登记管理机关意见", 300, rows=2)


class EvaluationForm(StyledForm):
    applied_on = _date("申请日期")
    score = forms.DecimalField(label="评估得分（满分 1000）", min_value=0, max_value=1000, decimal_places=1,
                               required=False)
    committee_size = forms.IntegerField(label="评估委员会人数", min_value=0, max_value=99, required=False)
    present = forms.IntegerField(label="出席委员", min_value=0, max_value=99, required=False)
    votes_for = forms.IntegerField(label="同意票", min_value=0, max_value=99, required=False)
    awarded_on = _date("评定日期", required=False)
    note = _text("说明", 300, required=False)


class AppealForm(StyledForm):
    reason = _text("复核理由", 300, rows=2)
    appealed_on = _date("申请复核日期", required=False)


class AppealDecisionForm(StyledForm):
    upheld = forms.TypedChoiceField(label="复核结论", choices=[("1", "维持原评估结论"), ("0", "变更评估等级")],
                                    coerce=lambda v: v == "1")
    grade = forms.TypedChoiceField(label="复核后等级", required=False, coerce=int, empty_value=None,
                                   choices=[("", "—"), *((str(k), v) for k, v in codes.GRADES.items())])
    decided_on = _date("复核结论日期")


class SanctionForm(StyledForm):
    sanction = forms.ChoiceField(label="处理", choices=_choices(codes.SANCTIONS))
    reason = _text("处理原因", 300, rows=2)
    on = _date("处理日期")


class ListForm(StyledForm):
    list = forms.ChoiceField(label="名单", choices=_choices(codes.LISTS))
    reason = forms.ChoiceField(label="列入事由", choices=_choices(codes.LIST_REASONS))
    detail = _text("说明", 300, required=False)
    listed_on = _date("列入日期")


class RemoveForm(StyledForm):
    removed_on = _date("移出日期")
    reason = _text("移出原因", 300)


class DecideForm(StyledForm):
    approve = forms.TypedChoiceField(label="决定", choices=[("1", "准予"), ("0", "不予")], coerce=lambda v: v == "1")
    uscc = forms.CharField(label="统一社会信用代码（准予成立登记时赋予）", max_length=18, required=False)
    note = _text("决定说明", 300, required=False)
    decided_on = _date("决定日期")


class ReviewForm(StyledForm):
    decision = forms.ChoiceField(label="审查意见", choices=_choices(codes.REVIEW_DECISIONS))
    opinion = _text("审查说明", 300, rows=2)


class RegistrationForm(StyledForm):
    """成立登记申请: the particulars, the founding figures and the materials checklist (policy.required_materials
    says which a kind must bring; the service tells every missing one at once)."""

    name = _text("名称", 100)
    kind = forms.ChoiceField(label="类型", choices=_choices(codes.KINDS))
    fundraising = forms.ChoiceField(label="基金会类型", choices=[("", "不适用"), ("public", "公募基金会"),
                                                               ("private", "非公募基金会")], required=False)
    domain = forms.ChoiceField(label="业务领域", choices=_choices(codes.DOMAINS))
    scope_text = _text("业务范围", 300, required=False)
    supervisor = forms.CharField(label="业务主管单位", max_length=100, required=False,
                                 help_text="直接登记的（行业协会商会、科技类、公益慈善类、城乡社区服务类）不填")
    legal_rep = _text("拟任法定代表人", 50)
    address = _text("住所", 200)
    region_code = RegionField(label="所在区划", error_messages={"required": "请选择所在区划"})
    funds = _money("注册资金（活动资金/开办资金/原始基金，元）")
    members = forms.IntegerField(label="会员数（社会团体填）", min_value=0, max_value=10_000_000, required=False)
    responsible_text = _text("拟任负责人（每行一人：姓名 职务）", 1000, required=False, rows=3)
    materials = forms.MultipleChoiceField(
        label="提交材料", required=False, widget=Checklist, choices=list(codes.MATERIALS.items()),
        help_text="按类型须提交：登记申请书、章程草案、验资报告、住所证明、拟任负责人身份证明；有业务主管单位的加批准文件；"
                  "社会团体加会员名单，基金会加理事名单")
    uscc = forms.CharField(label="统一社会信用代码（已赋码的填写，否则准予时填写）", max_length=18, required=False)
    received_on = _date("受理日期")

    def clean(self):
        return _responsible(super().clean())


class DrawForm(StyledForm):
    title = _text("检查任务", 100)
    count = forms.IntegerField(label="抽取社会组织数", min_value=1, max_value=500)
    team_size = forms.IntegerField(label="每组检查人员数", min_value=1, max_value=10, initial=2)
    inspector_ids = forms.TypedMultipleChoiceField(label="检查人员库", coerce=int, choices=[],
                                                   widget=Checklist)


class InspectionForm(StyledForm):
    inspected_on = _date("检查日期")
    result = forms.ChoiceField(label="检查结果", choices=_choices(codes.INSPECTION_RESULTS))
    findings = _text("发现问题", 2000, required=False, rows=3)
