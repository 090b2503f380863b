"""Tables of the 特困 care pages (typed columns: names and labels, masked numbers, exports as people read them)."""

from __future__ import annotations

from django.utils.html import format_html

from minzheng.assistance import codes
from minzheng.core.pages.columns import (
    EMPTY,
    BooleanColumn,
    CodeColumn,
    CountColumn,
    DateColumn,
    LinkColumn,
    MaskedColumn,
    MoneyColumn,
    PageTable,
    RegionColumn,
    TextColumn,
    TypedColumn,
    UserColumn,
    permitted_url,
)


class StepColumn(TypedColumn):
    """A link to the step that ends an open record (协议终止, 离开机构); empty once it has ended; not exported."""

    def __init__(self, verbose_name, url_name: str, label: str, **kwargs):
        kwargs.setdefault("orderable", False)
        kwargs.setdefault("exclude_from_export", True)
        super().__init__(verbose_name, accessor="pk", **kwargs)
        self.url_name, self.label = url_name, label

    def raw(self, record, bound_column):
        return record.pk if record.open else None

    def display(self, raw, record, table):
        url = permitted_url(self.url_name, [raw])
        return format_html('<a href="{}">{}</a>', url, self.label) if url else EMPTY


class AssessmentTable(PageTable):
    person = LinkColumn("姓名", "care_person", url_args=("person_id",), accessor="person__name")
    region = RegionColumn("村(社区)", accessor="region_code")
    assessed_on = DateColumn("评估日期")
    assessor = UserColumn("评估人")
    eating = BooleanColumn(codes.SELF_CARE_ITEMS["eating"], yes="能", no="不能")
    dressing = BooleanColumn(codes.SELF_CARE_ITEMS["dressing"], yes="能", no="不能")
    transfer = BooleanColumn(codes.SELF_CARE_ITEMS["transfer"], yes="能", no="不能")
    toileting = BooleanColumn(codes.SELF_CARE_ITEMS["toileting"], yes="能", no="不能")
    walking = BooleanColumn(codes.SELF_CARE_ITEMS["walking"], yes="能", no="不能")
    bathing = BooleanColumn(codes.SELF_CARE_ITEMS["bathing"], yes="能", no="不能")
    unmet = CountColumn("不能达到项数")
    band = CodeColumn(codes.CARE_BANDS, "生活自理能力")
    current = BooleanColumn("当前有效", orderable=False)
    note = TextColumn("说明")


class PersonAssessmentTable(AssessmentTable):
    class Meta:
        exclude = ("person", "region")


class AgreementTable(PageTable):
    person = LinkColumn("特困人员", "care_person", url_args=("person_id",), accessor="person__name")
    region = RegionColumn("村(社区)", accessor="region_code")
    carer_name = TextColumn("照料人")
    carer_relation = TextColumn("关系")
    carer_phone = MaskedColumn("照料人电话", accessor="carer_phone_masked")
    monthly_fee = MoneyColumn("照料服务费（元/月）")
    visit_frequency = CodeColumn(codes.VISIT_FREQUENCIES, "探访频次")
    start_on = DateColumn("起始日期")
    end_on = DateColumn("终止日期")
    signed_on = DateColumn("签订日期")
    ended_on = DateColumn("提前终止日期")
    end_link = StepColumn("办理", "care_agreement_end", "终止协议")


class PersonAgreementTable(AgreementTable):
    class Meta:
        exclude = ("person", "region")


class InstitutionTable(PageTable):
    name = TextColumn("机构名称")
    kind = CodeColumn(codes.INSTITUTION_KINDS, "机构类型")
    region = RegionColumn("所在区划", accessor="region_code")
    beds = CountColumn("床位数")
    operator = TextColumn("运营方")
    bank_name = TextColumn("开户行")
    account = MaskedColumn("银行账号", accessor="account_masked")
    active = BooleanColumn("在用")


class PlacementTable(PageTable):
    person = LinkColumn("特困人员", "care_person", url_args=("person_id",), accessor="person__name")
    region = RegionColumn("村(社区)", accessor="region_code")
    institution = TextColumn("供养服务机构", accessor="institution__name")
    from_on = DateColumn("入住日期")
    to_on = DateColumn("离开日期")
    room = TextColumn("房间/床位")
    reason = TextColumn("入住原因")
    end_reason = TextColumn("离开原因")
    end_link = StepColumn("办理", "care_placement_end", "办理离开")


class PersonPlacementTable(PlacementTable):
    class Meta:
        exclude = ("person", "region")


class ReserveTable(PageTable):
    on = DateColumn("日期")
    region = RegionColumn("乡镇(街道)", accessor="region_code")
    kind = CodeColumn(codes.RESERVE_KINDS, "类别")
    amount = MoneyColumn("金额（元）")
    case = LinkColumn("案件", "case_detail", url_args=("case_id",), accessor="case_id")
    note = TextColumn("说明", wrap=True)
    created_by = UserColumn("经办人")
