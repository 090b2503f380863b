"""Tables of the elderly-care pages (typed columns: names and labels, masked numbers, exports as people read them).
The register's table loads the benefits of all its rows at once (one page or export chunk: two queries)."""

from __future__ import annotations

from django.utils.html import format_html, format_html_join

from minzheng.core import clock
from minzheng.core.pages.columns import (
    EMPTY,
    BooleanColumn,
    CodeColumn,
    CountColumn,
    DateColumn,
    LinkColumn,
    MaskedColumn,
    PageTable,
    RegionColumn,
    TextColumn,
    TypedColumn,
)
from minzheng.elderly import codes, selectors
from minzheng.registry import codes as registry_codes


class LevelColumn(TypedColumn):
    """A GB/T 42195-2022 level (0–4) as its name; 未评估 when empty."""

    def display(self, raw, record, table):
        return format_html('<span title="{}级">{}</span>', raw, codes.LEVEL_SHORT.get(str(raw), raw))

    def export(self, raw, record, table):
        return f"{raw}级 {codes.LEVEL_SHORT.get(str(raw), raw)}"


class SituationsColumn(TypedColumn):
    """The register's living situations of a row (derived from the row's annotations: no query)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("orderable", False)
        super().__init__(*args, accessor="pk", **kwargs)

    def raw(self, record, bound_column):
        return "、".join(codes.SITUATIONS[c] for c in selectors.situations_of(record, clock.today())) or None

    def display(self, raw, record, table):
        return format_html_join("", '<span class="badge text-bg-light border me-1">{}</span>',
                                ((s,) for s in raw.split("、")))


class BenefitsColumn(TypedColumn):
    """The benefits the row's person receives (table.benefits, loaded once for the page in ElderlyTable.prepare)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("orderable", False)
        super().__init__(*args, accessor="pk", **kwargs)

    def display(self, raw, record, table):
        return "、".join(table.benefits.get(raw, [])) or EMPTY

    def export(self, raw, record, table):
        return "、".join(table.benefits.get(raw, [])) or None


class AgeColumn(TypedColumn):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("order_by", ("-birth_date",))
        super().__init__(*args, accessor="birth_date", **kwargs)

    def raw(self, record, bound_column):
        return record.age_on(clock.today())

    def export(self, raw, record, table):
        return raw


class ElderlyTable(PageTable):
    name = LinkColumn("姓名", "elderly_person", url_args=("pk",))
    id_number = MaskedColumn("身份证号", accessor="id_number_masked")
    sex = CodeColumn(registry_codes.SEX, "性别")
    age = AgeColumn("年龄")
    region = RegionColumn("村(社区)", accessor="region_id")
    situations = SituationsColumn("老年人情况")
    level = LevelColumn("能力等级")
    benefits = BenefitsColumn("享受待遇")

    def prepare(self, records: list) -> None:
        super().prepare(records)
        self.benefits = selectors.benefits_of([r.pk for r in records]) if records else {}


class AssessmentTable(PageTable):
    person = LinkColumn("姓名", "elderly_person", url_args=("person_id",), accessor="person__name")
    region = RegionColumn("村(社区)", accessor="region_code")
    assessed_on = DateColumn("评估日期")
    reason = CodeColumn(codes.REASONS, "评估原因")
    total = CountColumn("总分")
    level = LevelColumn("能力等级")
    adjusted = TextColumn("等级调整", accessor="adjusted_text", orderable=False)
    assessors = TextColumn("评估员", accessor="assessors_text", orderable=False)
    reassess_due = DateColumn("下次常规评估")
    disputed_on = DateColumn("提出异议")
    current = BooleanColumn("当前有效", orderable=False)
    report = LinkColumn("评估报告", "elderly_assessment_report", url_args=("pk",), accessor="report_text",
                        orderable=False, exclude_from_export=True)


class PersonAssessmentTable(AssessmentTable):
    class Meta:
        exclude = ("person", "region")


class ContactTable(PageTable):
    name = TextColumn("姓名")
    relation = CodeColumn(codes.CONTACT_RELATIONS, "关系")
    phone = MaskedColumn("联系电话", accessor="phone_masked")
    guardian = BooleanColumn("监护人")
    emergency = BooleanColumn("紧急联系人")
    note = TextColumn("说明")


class SurvivalTable(PageTable):
    person = LinkColumn("姓名", "elderly_person", url_args=("person_id",), accessor="person__name")
    region = RegionColumn("村(社区)", accessor="region_code")
    checked_on = DateColumn("认证日期")
    method = CodeColumn(codes.SURVIVAL_METHODS, "认证方式")
    source = TextColumn("数据来源")
    note = TextColumn("说明")


class PersonSurvivalTable(SurvivalTable):
    class Meta:
        exclude = ("person", "region")


class IndicatorTable(PageTable):
    """The indicators page: one row per child region (dicts from selectors.indicators) and the total."""

    name = TextColumn("区划", orderable=False)
    elders = CountColumn("老年人", orderable=False)
    oldest_old = CountColumn("高龄（80岁及以上）", orderable=False)
    assessed = CountColumn("已评估", orderable=False)
    assessed_share = TextColumn("评估覆盖率", orderable=False)
    disabled = CountColumn("失能（1–4级）", orderable=False)
    disabled_share = TextColumn("失能占已评估", orderable=False)
    level_1 = CountColumn("轻度", orderable=False)
    level_2 = CountColumn("中度", orderable=False)
    level_3 = CountColumn("重度", orderable=False)
    level_4 = CountColumn("完全失能", orderable=False)
    dementia = CountColumn("失智", orderable=False)
    survival_overdue = CountColumn("生存认证逾期", orderable=False)
