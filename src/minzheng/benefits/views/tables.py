"""Tables of the benefits pages (core.pages typed columns): the case list, entitlements, standards and their history,
and the household members on the case page. Every cell shows names and labels (the code on hover); exports get
the same labels and typed values."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django_tables2.utils import Accessor

from minzheng.benefits import catalogue, programs, workflow
from minzheng.benefits.codes import ENTITLEMENT_STATUS
from minzheng.benefits.policy.money import plain
from minzheng.core import clock
from minzheng.core.pages.columns import (
    BooleanColumn,
    CodeColumn,
    DateColumn,
    LinkColumn,
    MaskedColumn,
    MoneyColumn,
    MonthColumn,
    PageTable,
    RegionColumn,
    TextColumn,
    TypedColumn,
)
from minzheng.registry import codes as registry_codes

PROVISIONAL = mark_safe('<span title="节假日安排未公布，期限为暂定">*</span>')
OVERDUE = mark_safe(' <span class="badge text-bg-danger">已超期</span>')


class ProgramColumn(CodeColumn):
    """A program's Chinese name from the declared programs (read when shown, not at import)."""

    def __init__(self, verbose_name="救助项目", **kwargs):
        super().__init__({}, verbose_name, **kwargs)

    def label(self, raw) -> str:
        return programs.name(str(raw))


class NumberColumn(LinkColumn):
    """`#12` linking to a detail page; exports the number."""

    def display(self, raw, record, table):
        url = reverse(self.url_name, args=[Accessor(a).resolve(record) for a in self.url_args])
        return format_html('<a href="{}">#{}</a>', url, raw)

    def export(self, raw, record, table):
        return int(raw)


# ---- cases ----------------------------------------------------------------------------------------------------------


def _overdue(record) -> bool:
    due = getattr(record, "task_due", None)
    return bool(due and clock.today() > due)


class ApplicantColumn(TextColumn):
    """The applicant, with a 备案 badge when the household is on the conflict-of-interest register."""

    def display(self, raw, record, table):
        if getattr(record, "conflict_of_interest", False):
            return format_html('{} <span class="badge text-bg-warning" title="近亲属备案">备案</span>', raw)
        return str(raw)


class DeadlineColumn(DateColumn):
    """The user's nearest deadline (`task_due`), `*` when provisional, 已超期 once it has passed."""

    def display(self, raw, record, table):
        day = super().display(raw, record, table)
        mark = PROVISIONAL if record.due_provisional else ""
        late = OVERDUE if _overdue(record) else ""
        return format_html("{}{}{}", day, mark, late)


class OverdueColumn(BooleanColumn):
    """已超期 as 是/否, for exports (the page shows the badge in the deadline column)."""

    def raw(self, record, bound_column):
        return _overdue(record)


class CaseTable(PageTable):
    number = NumberColumn("编号", "case_detail", accessor="pk", order_by=("id",))
    program = ProgramColumn()
    applicant = ApplicantColumn("申请人", accessor="applicant__name")
    region = RegionColumn("区划", accessor="region_code")
    state = CodeColumn(workflow.STATES, "状态")
    applied_on = DateColumn("申请日期")
    task = CodeColumn(workflow.DUE_LABELS, "待办事项", orderable=False)
    task_due = DeadlineColumn("期限", order_by=("due_on",))
    overdue = OverdueColumn("已超期", orderable=False, visible=False)


# ---- entitlements ---------------------------------------------------------------------------------------------------


class EntitlementTable(PageTable):
    number = NumberColumn("编号", "case_detail", accessor="pk", url_args=("source_case_id",), order_by=("id",))
    program = ProgramColumn()
    household = NumberColumn("家庭", "household_detail", accessor="household_id", url_args=("household_id",))
    beneficiary = TextColumn("救助对象", accessor="person__name", orderable=False)
    payee = TextColumn("领取人", accessor="payee__name")
    region = RegionColumn("区划", accessor="region_code")
    monthly_amount = MoneyColumn("月金额（元）")
    start_month = MonthColumn("起始月份")
    end_month = MonthColumn("终止月份")
    status = CodeColumn(ENTITLEMENT_STATUS, "状态")


# ---- standards ------------------------------------------------------------------------------------------------------


class ItemColumn(TextColumn):
    """A standard item's label from the catalogue (its code on hover)."""

    def label(self, record) -> str:
        spec = catalogue.ITEMS.get((record.program, record.item))
        return spec.label if spec else record.item

    def display(self, raw, record, table):
        return format_html('<span title="{}">{}</span>', raw, self.label(record))

    def export(self, raw, record, table):
        return self.label(record)


class ValueColumn(TypedColumn):
    """A standard's value without trailing zeros (`1234`, `0.3`); a number in exports."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", {"th": {"class": "text-end"}, "td": {"class": "text-end text-nowrap"}})
        super().__init__(*args, **kwargs)

    def display(self, raw, record, table):
        return plain(raw)

    def export(self, raw, record, table):
        return Decimal(plain(raw))


class HistoryLinkColumn(TypedColumn):
    def __init__(self):
        super().__init__("", accessor="pk", orderable=False, exclude_from_export=True)

    def display(self, raw, record, table):
        url = reverse("standard_history", args=[record.program, record.item, record.region_code, record.area])
        return format_html('<a href="{}">历史</a>', url)


class StandardTable(PageTable):
    program = ProgramColumn()
    item = ItemColumn("标准项")
    region = RegionColumn("区划", accessor="region_code")
    area = CodeColumn(catalogue.AREAS, "城乡")
    value = ValueColumn("数值")
    unit = TextColumn("单位")
    effective_from = DateColumn("生效日期")
    effective_to = DateColumn("终止日期")
    source = TextColumn("依据", wrap=True)
    history = HistoryLinkColumn()


class StandardHistoryTable(PageTable):
    value = ValueColumn("数值", orderable=False)
    unit = TextColumn("单位", orderable=False)
    effective_from = DateColumn("生效日期", orderable=False)
    effective_to = DateColumn("终止日期", orderable=False)
    source = TextColumn("依据", wrap=True, orderable=False)
    created_by = TextColumn("录入人", accessor="created_by__display_name", orderable=False)
    created_at = DateColumn("录入时间", orderable=False)


# ---- the case page --------------------------------------------------------------------------------------------------


class DisabilityColumn(TypedColumn):
    """视力残疾二级 from the category and grade codes."""

    def __init__(self, verbose_name="残疾"):
        super().__init__(verbose_name, accessor="person", orderable=False)

    def display(self, raw, record, table):
        if not raw.disability_grade:
            return "—"
        return (registry_codes.DISABILITY_CATEGORIES.get(raw.disability_category, raw.disability_category)
                + registry_codes.DISABILITY_GRADES.get(raw.disability_grade, str(raw.disability_grade)))

    export = display


class MemberTable(PageTable):
    """Current members of the applying household (Membership rows with their person)."""

    name = LinkColumn("姓名", "person_detail", url_args=("person_id",), accessor="person__name", orderable=False)
    relation = CodeColumn(registry_codes.RELATIONS, "与户主关系", orderable=False)
    id_number = MaskedColumn("身份证号", accessor="person__id_number_masked")
    sex = CodeColumn(registry_codes.SEX, "性别", accessor="person__sex", orderable=False)
    birth_date = DateColumn("出生日期", accessor="person__birth_date", orderable=False)
    disability = DisabilityColumn()
    serious_illness = BooleanColumn("重病", accessor="person__serious_illness", orderable=False)
