"""Tables of the 社会组织 pages (typed columns: names and labels, money as Decimal, exports as people read them)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import format_html

from minzheng.core.pages.columns import (
    BooleanColumn,
    CodeColumn,
    CountColumn,
    DateColumn,
    LinkColumn,
    MoneyColumn,
    PageTable,
    RegionColumn,
    TextColumn,
    TypedColumn,
)
from minzheng.socialorgs import codes

GRADES = {str(k): v for k, v in codes.GRADES.items()}


class GradeColumn(TypedColumn):
    def raw(self, record, bound_column):
        value = super().raw(record, bound_column)
        return codes.GRADES.get(value) if value else None


class StepColumn(TypedColumn):
    """A link to the next step of a record while `when(record)` holds; not exported."""

    def __init__(self, verbose_name, url_name: str, label: str, when=lambda r: True, **kwargs):
        kwargs.update(orderable=False, exclude_from_export=True)
        super().__init__(verbose_name, accessor="pk", **kwargs)
        self.url_name, self.label, self.when = url_name, label, when

    def raw(self, record, bound_column):
        return record.pk if self.when(record) else None

    def display(self, raw, record, table):
        return format_html('<a href="{}">{}</a>', reverse(self.url_name, args=[raw]), self.label)


class OrgTable(PageTable):
    name = LinkColumn("名称", "socialorgs_org", url_args=("pk",))
    kind = CodeColumn(codes.KINDS, "类型")
    uscc = TextColumn("统一社会信用代码")
    domain = CodeColumn(codes.DOMAINS, "业务领域")
    supervisor = TextColumn("业务主管单位")
    legal_rep = TextColumn("法定代表人")
    region = RegionColumn("所在区划", accessor="region_code")
    registered_on = DateColumn("成立登记日期")
    grade = GradeColumn("评估等级")
    grade_valid_until = DateColumn("等级有效期至")
    credit = CodeColumn(codes.CREDIT, "名录名单")
    status = CodeColumn(codes.STATUS, "状态")


class ApplicationTable(PageTable):
    name = LinkColumn("组织名称", "socialorgs_application", url_args=("pk",))
    kind = CodeColumn(codes.APPLICATION_KINDS, "申请类型")
    region = RegionColumn("区划", accessor="region_code")
    received_on = DateColumn("受理日期")
    due_on = DateColumn("决定期限")
    state = CodeColumn(codes.APPLICATION_STATES, "状态")
    decided_on = DateColumn("决定日期")
    decision_note = TextColumn("决定说明", orderable=False)
    review = StepColumn("", "socialorgs_application_review", "审查", lambda r: r.state == "submitted")
    decide = StepColumn("", "socialorgs_application_decide", "作出决定", lambda r: r.state == "reviewed")


class ReportTable(PageTable):
    org = LinkColumn("社会组织", "socialorgs_report", url_args=("pk",), accessor="org__name")
    year = TextColumn("年度")
    filed_on = DateColumn("报送日期")
    late = BooleanColumn("逾期报送")
    income = MoneyColumn("本年总收入")
    total_spending = MoneyColumn("本年总支出")
    checks_ok = BooleanColumn("支出比例", yes="符合", no="不符合")
    state = CodeColumn(codes.REPORT_STATES, "状态")
    result = CodeColumn(codes.REPORT_RESULTS, "年检结论")


class OrgReportTable(ReportTable):
    class Meta:
        exclude = ("org",)

    link = StepColumn("", "socialorgs_report", "查看", lambda r: True)


class CheckTable(PageTable):
    rule = CodeColumn({"mission": "公益事业支出", "overhead": "工资福利和行政办公支出"}, "检查项目")
    required = TextColumn("规定")
    actual = TextColumn("实际")
    ok = BooleanColumn("结果", yes="符合", no="不符合")


class EvaluationTable(PageTable):
    org = LinkColumn("社会组织", "socialorgs_evaluation", url_args=("pk",), accessor="org__name")
    kind = CodeColumn(codes.EVALUATION_KINDS, "评估类型")
    applied_on = DateColumn("申请日期")
    state = CodeColumn(codes.EVALUATION_STATES, "状态")
    score = TextColumn("得分")
    grade = GradeColumn("等级")
    awarded_on = DateColumn("评定日期")
    valid_until = DateColumn("有效期至")
    appeal_state = CodeColumn(codes.APPEAL_STATES, "复核")
    sanction = CodeColumn(codes.SANCTIONS, "处理")


class OrgEvaluationTable(EvaluationTable):
    class Meta:
        exclude = ("org",)

    link = StepColumn("", "socialorgs_evaluation", "查看", lambda r: True)


class ListEntryTable(PageTable):
    org = LinkColumn("社会组织", "socialorgs_org", url_args=("org_id",), accessor="org__name")
    list = CodeColumn(codes.LISTS, "名单")
    reason = CodeColumn(codes.LIST_REASONS, "列入事由")
    detail = TextColumn("说明", orderable=False)
    listed_on = DateColumn("列入日期")
    automatic = BooleanColumn("自动转入")
    removed_on = DateColumn("移出日期")
    removal_reason = TextColumn("移出原因", orderable=False)
    remove = StepColumn("", "socialorgs_list_remove", "移出", lambda r: r.removed_on is None)


class RoundTable(PageTable):
    title = LinkColumn("检查任务", "socialorgs_round", url_args=("pk",))
    drawn_on = DateColumn("抽取日期")
    pool_size = CountColumn("名录社会组织数")
    seed = TextColumn("随机种子")


class InspectionTable(PageTable):
    org = TextColumn("社会组织", accessor="org__name")
    round = TextColumn("检查任务", accessor="round__title")
    inspector_names = TextColumn("检查人员")
    inspected_on = DateColumn("检查日期")
    result = CodeColumn(codes.INSPECTION_RESULTS, "检查结果")
    findings = TextColumn("发现问题", orderable=False)
    record = StepColumn("", "socialorgs_inspection_result", "登记结果", lambda r: not r.result)


class IndicatorTable(PageTable):
    name = TextColumn("区划", orderable=False)
    population = CountColumn("人口（统一库在册）", orderable=False)
    association = CountColumn("社会团体", orderable=False)
    service = CountColumn("社会服务机构", orderable=False)
    foundation = CountColumn("基金会", orderable=False)
    orgs = CountColumn("合计", orderable=False)
    per_10000 = TextColumn("每万人社会组织数", orderable=False)
