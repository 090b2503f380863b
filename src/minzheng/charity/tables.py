"""Tables of the charity pages (labels, region names, money as Decimal in the exports)."""

from __future__ import annotations

from django.utils.html import format_html

from minzheng.charity import codes
from minzheng.core.pages.columns import (
    BooleanColumn,
    CodeColumn,
    DateColumn,
    LinkColumn,
    MoneyColumn,
    PageTable,
    RegionColumn,
    TextColumn,
    TypedColumn,
    permitted_url,
)
from minzheng.core.pages.detail import Section


class OrganisationTable(PageTable):
    name = LinkColumn("名称", "charity_org_detail", url_args=("pk",))
    credit_code = TextColumn("统一社会信用代码")
    form = CodeColumn(codes.ORG_FORMS, "组织形式")
    region_code = RegionColumn("登记管理机关所在区划")
    recognised_on = DateColumn("认定日期")
    qualified_on = DateColumn("公开募捐资格")
    status = CodeColumn(codes.ORG_STATUS, "状态")


class ProjectTable(PageTable):
    name = TextColumn("项目名称", wrap=True)
    org = TextColumn("慈善组织", accessor="org__name", order_by=("org__name",))
    domain = CodeColumn(codes.DOMAINS, "领域")
    region_code = RegionColumn("服务区域")
    starts_on = DateColumn("开始日期")
    ends_on = DateColumn("结束日期")
    budget = MoneyColumn("预算（元）")
    accepts_referrals = BooleanColumn("接受民政转介")
    status = CodeColumn(codes.PROJECT_STATUS, "状态")


class FilingTable(PageTable):
    filing_no = TextColumn("备案编号")
    title = TextColumn("募捐方案名称", wrap=True)
    org = TextColumn("慈善组织", accessor="org__name", order_by=("org__name",))
    platform = CodeColumn(codes.PLATFORMS, "平台")
    starts_on = DateColumn("开始日期")
    ends_on = DateColumn("结束日期")
    target = MoneyColumn("募捐目标（元）")
    filed_on = DateColumn("备案日期")


class DonationTable(PageTable):
    receipt_no = LinkColumn("捐赠票据号", "charity_receipt", url_args=("pk",))
    donor_name = TextColumn("捐赠人")
    donor_kind = CodeColumn(codes.DONOR_KINDS, "捐赠人类型")
    org = TextColumn("受赠组织", accessor="org__name", order_by=("org__name",))
    form = CodeColumn(codes.DONATION_FORMS, "形式")
    amount = MoneyColumn("金额（元）")
    goods_description = TextColumn("物资")
    goods_value = MoneyColumn("物资折合（元）")
    received_on = DateColumn("接收日期")


class DisclosureTable(PageTable):
    title = TextColumn("标题", wrap=True)
    org = TextColumn("慈善组织", accessor="org__name", order_by=("org__name",))
    kind = CodeColumn(codes.DISCLOSURE_KINDS, "公开事项")
    published_on = DateColumn("公开日期")
    where = TextColumn("公开渠道")


class TrustTable(PageTable):
    name = TextColumn("信托名称", wrap=True)
    trustee = TextColumn("受托人")
    settlor = TextColumn("委托人")
    purpose = TextColumn("慈善目的")
    property_value = MoneyColumn("信托财产（元）")
    filed_on = DateColumn("备案日期")
    filing_no = TextColumn("备案编号")
    region_code = RegionColumn("备案区划")


class CloseColumn(TypedColumn):
    """办结 link on open complaints."""

    def display(self, raw, record, table):
        if record.status != "open":
            return "—"
        url = permitted_url("charity_complaint_close", [record.pk])
        return format_html('<a href="{}">办结</a>', url) if url else "—"


class ComplaintTable(PageTable):
    received_on = DateColumn("受理日期")
    org = TextColumn("被投诉组织", accessor="org__name", order_by=("org__name",))
    content = TextColumn("内容", wrap=True)
    region_code = RegionColumn("区划")
    status = CodeColumn(codes.COMPLAINT_STATUS, "状态")
    closed_on = DateColumn("办结日期")
    close = CloseColumn("办理", accessor="pk", orderable=False, exclude_from_export=True)


ORG_SECTIONS = [Section("慈善组织", {
    "name": TextColumn("名称"), "credit_code": TextColumn("统一社会信用代码"),
    "form": CodeColumn(codes.ORG_FORMS, "组织形式"), "region_code": RegionColumn("登记管理机关所在区划"),
    "registered_on": DateColumn("登记日期"), "recognised_on": DateColumn("认定日期"),
    "recognition_no": TextColumn("认定文号"), "qualified_on": DateColumn("取得公开募捐资格日期"),
    "qualification_no": TextColumn("公开募捐资格证书编号"), "status": CodeColumn(codes.ORG_STATUS, "状态")})]
