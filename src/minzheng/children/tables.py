"""Tables of the children's pages (typed columns: names and labels, masked numbers, exports as people read them).
The register's table loads the benefits and tier names of all its rows at once (two queries a page or chunk)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.html import format_html

from minzheng.children import codes
from minzheng.children.selectors import register as register_selectors
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
    permitted_url,
)
from minzheng.registry import codes as registry_codes


class BenefitsColumn(TypedColumn):
    """The benefits the child receives (table.benefits, loaded once for the page in ChildTable.prepare)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("orderable", False)
        super().__init__(*args, accessor="person_id", **kwargs)

    def display(self, raw, record, table):
        return "、".join(table.benefits.get(raw, [])) or EMPTY

    def export(self, raw, record, table):
        return "、".join(table.benefits.get(raw, [])) or None


class TierColumn(TypedColumn):
    """A tier code as its name (the code on hover)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("accessor", "tier")
        super().__init__(*args, **kwargs)

    def _name(self, record, table):
        return table.tiers.get((record.category, record.tier), record.tier)

    def display(self, raw, record, table):
        from django.utils.html import format_html

        return format_html('<span title="{}">{}</span>', raw, self._name(record, table)) if raw else EMPTY

    def export(self, raw, record, table):
        return self._name(record, table) if raw else None


class AgeColumn(TypedColumn):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("order_by", ("-person__birth_date",))
        super().__init__(*args, accessor="person__birth_date", **kwargs)

    def raw(self, record, bound_column):
        return record.person.age_on(clock.today())

    def export(self, raw, record, table):
        return raw


class ChildTable(PageTable):
    name = LinkColumn("姓名", "children_child", url_args=("pk",), accessor="person__name")
    id_number = MaskedColumn("身份证号", accessor="person__id_number_masked")
    sex = CodeColumn(registry_codes.SEX, "性别", accessor="person__sex")
    age = AgeColumn("年龄")
    region = RegionColumn("村(社区)", accessor="region_code")
    category = CodeColumn(codes.CATEGORIES, "类别")
    tier = TierColumn("分级")
    schooling = CodeColumn(codes.SCHOOLING, "就学情况")
    school = TextColumn("学校")
    health = CodeColumn(codes.HEALTH, "健康状况")
    director = TextColumn("儿童主任", accessor="director__name")
    supervisor = TextColumn("儿童督导员", accessor="supervisor__name")
    benefits = BenefitsColumn("享受待遇")
    exited_on = DateColumn("退出日期")

    def prepare(self, records: list) -> None:
        super().prepare(records)
        self.benefits = register_selectors.benefits_of([r.person_id for r in records]) if records else {}
        self.tiers = register_selectors.tier_names() if records else {}


class GuardianTable(PageTable):
    name = TextColumn("姓名")
    relation = CodeColumn(codes.GUARDIAN_RELATIONS, "关系")
    role = CodeColumn(codes.GUARDIAN_ROLES, "身份")
    phone = MaskedColumn("联系电话", accessor="phone_masked")
    works_in = TextColumn("务工地或所在地")
    able = BooleanColumn("有监护能力")


class ChangeTable(PageTable):
    changed_on = DateColumn("变更日期")
    from_category = CodeColumn(codes.CATEGORIES, "原类别")
    from_tier = TextColumn("原分级")
    to_category = CodeColumn({**codes.CATEGORIES, "": "退出名册"}, "新类别")
    to_tier = TextColumn("新分级")
    reason = TextColumn("变更原因")


class VisitTable(PageTable):
    child = LinkColumn("姓名", "children_child", url_args=("child_id",), accessor="child__person__name")
    region = RegionColumn("村(社区)", accessor="region_code")
    visited_on = DateColumn("走访日期")
    kind = CodeColumn(codes.VISIT_KINDS, "方式")
    visitor = TextColumn("走访人")
    seen = TextColumn("见到或联系的人")
    findings = TextColumn("走访情况", wrap=True)
    concern = BooleanColumn("发现风险")


class VolunteersLink(TypedColumn):
    """To the page naming the volunteers who went on the visit (their hours go to the volunteers app)."""

    def __init__(self):
        super().__init__("志愿者", accessor="pk", orderable=False, exclude_from_export=True)

    def display(self, raw, record, table):
        url = permitted_url("children_visit_volunteers", [raw])
        return format_html('<a href="{}">登记志愿者</a>', url) if url else EMPTY


class ChildVisitTable(VisitTable):
    class Meta:
        exclude = ("child", "region")

    volunteers = VolunteersLink()


class DueTable(PageTable):
    name = LinkColumn("姓名", "children_child", url_args=("child_id",), orderable=False)
    region = RegionColumn("村(社区)", accessor="region_code", orderable=False)
    category = CodeColumn(codes.CATEGORIES, "类别", orderable=False)
    plan = TextColumn("走访计划", orderable=False)
    director = TextColumn("儿童主任", orderable=False)
    last_visit = DateColumn("上次走访", orderable=False)
    due_on = DateColumn("应走访日期", orderable=False)
    overdue = BooleanColumn("逾期", orderable=False)
    record = LinkColumn("登记", "children_visit_add", url_args=("child_id",), accessor="record_text",
                        orderable=False, exclude_from_export=True)


class ChildDueTable(DueTable):
    class Meta:
        exclude = ("name", "region", "category", "director", "record")


class WorkerTable(PageTable):
    name = TextColumn("姓名")
    kind = CodeColumn(codes.WORKER_KINDS, "类别")
    region = RegionColumn("区划", accessor="region_code")
    phone = TextColumn("工作电话")
    user = TextColumn("平台账号", accessor="user__username")
    active = BooleanColumn("在岗")


class PlanTable(PageTable):
    region = RegionColumn("区划", accessor="region_code")
    category = CodeColumn(codes.CATEGORIES, "儿童类别")
    tier = TextColumn("分级")
    kind = CodeColumn(codes.PLAN_KINDS, "方式")
    every = CountColumn("周期")
    unit = CodeColumn(codes.PLAN_UNITS, "单位")
    effective_from = DateColumn("生效日期")
    source = TextColumn("依据", wrap=True)


class TierTable(PageTable):
    region = RegionColumn("区划", accessor="region_code")
    category = CodeColumn(codes.CATEGORIES, "儿童类别")
    code = TextColumn("分级代码")
    name = TextColumn("分级名称")
    rank = CountColumn("顺序")
    effective_from = DateColumn("生效日期")
    source = TextColumn("依据", wrap=True)


class LimitTable(PageTable):
    region = RegionColumn("区划", accessor="region_code")
    step = CodeColumn(codes.LIMIT_STEPS, "环节")
    urgency = CodeColumn({**codes.URGENCY, "": "不分"}, "紧急程度")
    hours = CountColumn("时限（小时）")
    effective_from = DateColumn("生效日期")
    source = TextColumn("依据", wrap=True)


class LocalTimeColumn(TypedColumn):
    """A date-time in local time, to the minute."""

    def display(self, raw, record, table):
        return f"{timezone.localtime(raw):%Y-%m-%d %H:%M}" if raw else EMPTY

    def export(self, raw, record, table):
        return f"{timezone.localtime(raw):%Y-%m-%d %H:%M}" if raw else None


class CaseTable(PageTable):
    child_name = LinkColumn("儿童", "minors_case", url_args=("pk",))
    region = RegionColumn("区划", accessor="region_code")
    reported_at = LocalTimeColumn("报告时间")
    reporter_type = CodeColumn(codes.REPORTER_TYPES, "报告主体")
    channel = CodeColumn(codes.CHANNELS, "报告渠道")
    harm = CodeColumn(codes.HARMS, "侵害情形")
    urgency = CodeColumn(codes.URGENCY, "紧急程度")
    state = CodeColumn(codes.CASE_STATES, "状态")
    due_at = LocalTimeColumn("当前环节期限")
    restricted = BooleanColumn("限制访问")


class StepTable(PageTable):
    at = LocalTimeColumn("时间", orderable=False)
    action = CodeColumn(codes.CASE_ACTIONS, "环节", orderable=False)
    by = TextColumn("经办人", accessor="by__username", orderable=False)
    note = TextColumn("情况", wrap=True, orderable=False)
    due_at = LocalTimeColumn("期限", orderable=False)
    late = BooleanColumn("超时", orderable=False)


class ReferralTable(PageTable):
    to = CodeColumn(codes.REFERRAL_TO, "转介部门")
    body = TextColumn("接收单位")
    sent_on = DateColumn("转介日期")
    note = TextColumn("转介事项", wrap=True)
    answer = TextColumn("反馈")


class OfficerTable(PageTable):
    user = TextColumn("经办人员", accessor="user__username")
    named_at = LocalTimeColumn("指定时间")


class StayTable(PageTable):
    case = LinkColumn("个案", "minors_case", url_args=("case_id",), accessor="case__child_name")
    centre = TextColumn("未保中心")
    admitted_on = DateColumn("入住日期")
    reason = TextColumn("入住原因", wrap=True)
    left_on = DateColumn("离开日期")
    outcome = CodeColumn(codes.STAY_OUTCOMES, "去向")
    days = CountColumn("天数", orderable=False)


class CaseStayTable(StayTable):
    class Meta:
        exclude = ("case",)
