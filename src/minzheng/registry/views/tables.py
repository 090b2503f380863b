"""The registry's tables and detail sections: names and labels instead of codes, ID numbers and phones masked.

Besides the core's typed columns: a masked value with a 查看明文 button (for users holding the right, audited),
a region shown with its full name, a person of a duplicate pair, a score badge and a fixed-text link."""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import format_html, format_html_join

from minzheng.core import idnumber
from minzheng.core.pages.columns import (
    EMPTY,
    BooleanColumn,
    CodeColumn,
    DateColumn,
    LinkColumn,
    MaskedColumn,
    MoneyColumn,
    PageTable,
    RegionColumn,
    TextColumn,
    TypedColumn,
)
from minzheng.registry import codes


def masked_id(person) -> str:
    """The masked ID number; an unreadable ciphertext (wrong key) shows as a dash instead of failing the page."""
    try:
        return idnumber.mask(person.id_number)
    except ValueError:
        return EMPTY


class RevealColumn(MaskedColumn):
    """A masked value; records marked `may_reveal` (the reader holds the unmask right) get a 查看明文 button that
    swaps in the plaintext (HTMX POST, audited)."""

    def __init__(self, field: str, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.field = field

    def display(self, raw, record, table):
        value = format_html('<span id="reveal-{}" class="masked text-nowrap">{}</span>', self.field, raw)
        if not getattr(record, "may_reveal", False):
            return value
        url = reverse("person_reveal", args=[record.pk, self.field])
        return format_html('{} <button type="button" class="btn btn-sm btn-link p-0 align-baseline no-print" '
                           'hx-post="{}" hx-target="#reveal-{}" hx-swap="outerHTML">查看明文</button>',
                           value, url, self.field)


class RegionPathColumn(TypedColumn):
    """A Region shown by its full name (浙江省舟山市定海区城东街道甲社区), the code on hover. For detail pages:
    the parents are read one by one, which is fine for one record and wrong for a list (use RegionColumn)."""

    def display(self, raw, record, table):
        return format_html('<span title="{}">{}</span>', raw.code, raw.full_name())

    def export(self, raw, record, table):
        return raw.full_name()


class FixedLinkColumn(TypedColumn):
    """A link with a fixed text to a record's page (比对, 查看); not exported."""

    def __init__(self, text: str, url_name: str, *args, url_args=("pk",), **kwargs):
        kwargs.setdefault("orderable", False)
        kwargs.setdefault("exclude_from_export", True)
        kwargs.setdefault("verbose_name", "")
        kwargs.setdefault("accessor", "pk")
        super().__init__(*args, **kwargs)
        self.text, self.url_name, self.url_args = text, url_name, tuple(url_args)

    def display(self, raw, record, table):
        url = reverse(self.url_name, args=[getattr(record, a) for a in self.url_args])
        return format_html('<a class="btn btn-sm btn-outline-primary text-nowrap" href="{}">{}</a>', url, self.text)


class HouseholdLinkColumn(TypedColumn):
    """A household as 张三户（#12）, linking to its page."""

    def display(self, raw, record, table):
        return format_html('<a href="{}">{}（#{}）</a>', reverse("household_detail", args=[raw.pk]), raw, raw.pk)

    def export(self, raw, record, table):
        return f"{raw}（#{raw.pk}）"


# ---- persons ----------------------------------------------------------------------------------------------

class PersonTable(PageTable):
    name = LinkColumn("姓名", "person_detail", url_args=("pk",))
    id_number = MaskedColumn("身份证号", accessor="id_number_masked")
    sex = CodeColumn(codes.SEX, "性别")
    birth_date = DateColumn("出生日期")
    phone = MaskedColumn("联系电话", accessor="phone_masked")
    region = RegionColumn("经常居住地")
    disability_category = CodeColumn(codes.DISABILITY_CATEGORIES, "残疾类别")
    disability_grade = CodeColumn(codes.DISABILITY_GRADES, "残疾等级")
    death_date = DateColumn("死亡日期")


PERSON_SECTIONS = {
    "基本信息": {
        "name": TextColumn("姓名"),
        "id_number_masked": RevealColumn("id_number", "身份证号"),
        "sex": CodeColumn(codes.SEX, "性别"),
        "birth_date": DateColumn("出生日期"),
        "age": TextColumn("年龄（周岁）"),
        "ethnicity": CodeColumn(codes.ETHNICITIES, "民族"),
        "phone_masked": RevealColumn("phone", "联系电话"),
        "marital_status": CodeColumn(codes.MARITAL_STATUS, "婚姻状况"),
        "region": RegionPathColumn("经常居住地"),
        "hukou_region": RegionPathColumn("户籍地"),
        "current_household": HouseholdLinkColumn("当前家庭", accessor="current_membership__household"),
        "current_relation": CodeColumn(codes.RELATIONS, "与户主关系", accessor="current_membership__relation"),
    },
    "残疾、健康与就业": {
        "disability_category": CodeColumn(codes.DISABILITY_CATEGORIES, "残疾类别"),
        "disability_grade": CodeColumn(codes.DISABILITY_GRADES, "残疾等级"),
        "disability_cert_masked": RevealColumn("disability_cert_no", "残疾人证号"),
        "serious_illness": BooleanColumn("患重特大疾病"),
        "illness_kind": TextColumn("疾病名称"),
        "labour_capacity": CodeColumn(codes.LABOUR_CAPACITY, "劳动能力"),
        "schooling": CodeColumn(codes.SCHOOLING, "在校情况"),
        "employment": CodeColumn(codes.EMPLOYMENT, "就业状况"),
        "death_date": DateColumn("死亡日期"),
    },
}


class PersonMembershipTable(PageTable):
    """A person's memberships over time (the person page)."""

    household = HouseholdLinkColumn("家庭")
    region = RegionColumn("所在村(社区)", accessor="household__region_id")
    relation = CodeColumn(codes.RELATIONS, "与户主关系")
    joined_on = DateColumn("加入日期")
    join_reason = TextColumn("加入原因")
    left_on = DateColumn("离开日期")
    leave_reason = TextColumn("离开原因")


# ---- households -------------------------------------------------------------------------------------------

class HouseholdTable(PageTable):
    id = LinkColumn("家庭编号", "household_detail", url_args=("pk",))
    head = TextColumn("户主", accessor="head__name")
    ref = TextColumn("户编号")
    region = RegionColumn("所在村(社区)")
    urban_rural = CodeColumn(codes.URBAN_RURAL, "城乡属性")
    address = TextColumn("住址", wrap=True)


HOUSEHOLD_SECTIONS = {
    "基本信息": {
        "pk": TextColumn("家庭编号"),
        "head": LinkColumn("户主", "person_detail", url_args=("head_id",), accessor="head__name"),
        "ref": TextColumn("户编号"),
        "region": RegionPathColumn("所在村(社区)"),
        "urban_rural": CodeColumn(codes.URBAN_RURAL, "城乡属性"),
        "address": TextColumn("住址", wrap=True),
    },
}


class MemberTable(PageTable):
    """Current members of a household."""

    name = LinkColumn("姓名", "person_detail", url_args=("person_id",), accessor="person__name")
    relation = CodeColumn(codes.RELATIONS, "与户主关系")
    id_number = MaskedColumn("身份证号", accessor="person__id_number_masked")
    sex = CodeColumn(codes.SEX, "性别", accessor="person__sex")
    birth_date = DateColumn("出生日期", accessor="person__birth_date")
    joined_on = DateColumn("加入日期")


class HouseholdHistoryTable(PageTable):
    """Every membership of a household, those ended included."""

    name = LinkColumn("姓名", "person_detail", url_args=("person_id",), accessor="person__name")
    relation = CodeColumn(codes.RELATIONS, "关系")
    joined_on = DateColumn("加入日期")
    join_reason = TextColumn("加入原因")
    left_on = DateColumn("离开日期")
    leave_reason = TextColumn("离开原因")


# ---- duplicate candidates ---------------------------------------------------------------------------------

def score_badge(score: int) -> str:
    css = "bg-danger" if score >= 90 else "bg-warning text-dark" if score >= 75 else "bg-secondary"
    return format_html('<span class="badge {}">{}</span>', css, score)


class ScoreColumn(TypedColumn):
    """相似度 0–100 as a coloured badge; exported as a number."""

    def display(self, raw, record, table):
        return score_badge(raw)

    def export(self, raw, record, table):
        return raw


class ReasonsColumn(TypedColumn):
    def display(self, raw, record, table):
        return format_html_join(" ", '<span class="badge text-bg-light border">{}</span>', ((r,) for r in raw))

    def export(self, raw, record, table):
        return "；".join(raw)


class PairPersonColumn(TypedColumn):
    """One person of a pair: name (a link while the record is live) and number, masked ID number, birth date and
    residence. The rows come with both persons and their regions (selectors.candidate_rows)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("orderable", False)
        super().__init__(*args, **kwargs)

    def display(self, raw, record, table):
        if raw.merged_into_id:
            name = format_html('{} <span class="badge bg-secondary">已合并</span>', raw.name)
        else:
            name = format_html('<a href="{}">{}</a>', reverse("person_detail", args=[raw.pk]), raw.name)
        return format_html('{} <span class="text-muted small">#{}</span><br><span class="masked small">{}</span> · '
                           '<span class="small text-nowrap">{}</span> · <span class="small">{}</span>',
                           name, raw.pk, masked_id(raw), raw.birth_date.isoformat(), raw.region.name)

    def export(self, raw, record, table):
        return f"{raw.name}（#{raw.pk}，{masked_id(raw)}，{raw.birth_date.isoformat()}，{raw.region.name}）"


class DuplicateTable(PageTable):
    score = ScoreColumn("相似度")
    person_a = PairPersonColumn("人员甲")
    person_b = PairPersonColumn("人员乙")
    reasons = ReasonsColumn("理由", orderable=False)
    status = CodeColumn(codes.DUPLICATE_STATUS, "状态")
    region_code = RegionColumn("区划")
    note = TextColumn("处理说明", wrap=True)
    compare = FixedLinkColumn("比对", "duplicate_detail")


DUPLICATE_SECTIONS = {
    "疑似重复": {
        "score": ScoreColumn("相似度"),
        "reasons": ReasonsColumn("理由"),
        "status": CodeColumn(codes.DUPLICATE_STATUS, "状态"),
        "region_code": RegionColumn("区划"),
        "created_at": DateColumn("发现日期"),
        "decided_by": TextColumn("处理人"),
        "decided_at": DateColumn("处理日期"),
        "note": TextColumn("处理说明", wrap=True),
    },
}


class CompareColumn(TypedColumn):
    """One side of the comparison; a value that differs from the other side is highlighted."""

    def display(self, raw, record, table):
        return format_html("<mark>{}</mark>", raw) if record["differs"] else raw


class CompareTable(PageTable):
    label = TextColumn("项目")
    a = CompareColumn("人员甲")
    b = CompareColumn("人员乙")


class RecordLinkColumn(TypedColumn):
    """Text linking to the record behind a row when the row carries a `url` (a chain event); plain text otherwise."""

    def display(self, raw, record, table):
        return format_html('<a href="{}">{}</a>', record.url, raw) if record.url else raw


class ChainTable(PageTable):
    """一户一条救助链: one row per event, newest first."""

    day = DateColumn("日期")
    kind_label = TextColumn("事项")
    program_label = TextColumn("救助项目")
    text = RecordLinkColumn("内容")
    amount = MoneyColumn("金额（元）")
