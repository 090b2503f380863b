"""Charity pages on the generic blocks: organisations (list, detail with projects/filings/donations, add, grant the
public-fundraising qualification with a confirmation step), projects, fundraising filings, donations (with the
printable receipt), disclosures, charitable trusts and complaints (lists with export, forms). No ORM here."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse

from minzheng.charity import codes, filters, forms, selectors, services, tables
from minzheng.core import audit, roles
from minzheng.core.errors import Forbidden
from minzheng.core.pages.base import PageAction
from minzheng.core.pages.detail import DetailPage, Related
from minzheng.core.pages.forms import ServiceFormPage
from minzheng.core.pages.lists import ListPage

NAV = [PageAction("charity_projects", "项目", "charity.view", style="outline-secondary"),
       PageAction("charity_filings", "募捐备案", "charity.view", style="outline-secondary"),
       PageAction("charity_donations", "捐赠", "charity.view", style="outline-secondary"),
       PageAction("charity_disclosures", "信息公开", "charity.view", style="outline-secondary"),
       PageAction("charity_trusts", "慈善信托", "charity.view", style="outline-secondary"),
       PageAction("charity_complaints", "投诉举报", "charity.view", style="outline-secondary")]


def _list(name, title_, selector, fs, table, ordering, obj, actions=(), description=""):
    return type(name, (ListPage,), {
        "title": title_, "permission": "charity.view", "selector": staticmethod(selector), "filterset_class": fs,
        "table_class": table, "ordering": ordering, "export_permission": "charity.view", "export_object": obj,
        "actions": [*actions, PageAction("charity_org_list", "慈善组织", "charity.view", style="outline-secondary")],
        "description": description})


class OrganisationList(ListPage):
    title = "慈善组织"
    permission = "charity.view"
    description = "依法登记并认定的慈善组织及其公开募捐资格（《慈善法》第十条、第二十二条）。"
    selector = staticmethod(selectors.organisations_for)
    filterset_class = filters.OrganisationFilters
    table_class = tables.OrganisationTable
    ordering = ("region_code", "name", "id")
    export_permission = "charity.view"
    export_object = "charity_org"
    actions = [PageAction("charity_org_add", "登记慈善组织", "charity.manage"), *NAV]


def _org_rows(attr):
    def rows(user, org):
        return getattr(selectors, attr)(user).filter(org=org)
    return rows


class OrganisationDetail(DetailPage):
    title = "慈善组织"
    permission = "charity.view"
    selector = staticmethod(selectors.get_organisation)
    sections = tables.ORG_SECTIONS
    related = [Related("慈善项目", tables.ProjectTable, _org_rows("projects_for")),
               Related("公开募捐备案", tables.FilingTable, _org_rows("filings_for")),
               Related("捐赠", tables.DonationTable, _org_rows("donations_for"), limit=50)]
    actions = [PageAction("charity_qualify", "授予公开募捐资格", "charity.manage", url_args=("pk",))]


class OrganisationAdd(ServiceFormPage):
    title = "登记慈善组织"
    permission = "charity.manage"
    form_class = forms.OrganisationForm
    service = staticmethod(services.add_organisation)
    success_message = "已登记"
    success_url = staticmethod(lambda row: reverse("charity_org_detail", args=[row.pk]))


class Qualify(ServiceFormPage):
    title = "授予公开募捐资格"
    permission = "charity.manage"
    form_class = forms.QualificationForm
    object_selector = staticmethod(selectors.get_organisation)
    service = staticmethod(services.grant_qualification)
    description = "依法登记满规定年限、已认定的慈善组织可取得公开募捐资格（《慈善法》第二十二条）。"
    confirm = True
    success_message = "已授予公开募捐资格"
    success_url = staticmethod(lambda row: reverse("charity_org_detail", args=[row.pk]))


class _WithOrgs(ServiceFormPage):
    permission = "charity.manage"

    def make_form(self, data=None):
        from minzheng.core.pages.forms import bind_user

        user = self.request.user
        kwargs = {"orgs": selectors.organisations_for(user).order_by("name")[:500],
                  "projects": selectors.projects_for(user).filter(status="active").order_by("name")[:500]}
        form = self.form_class(data, **kwargs) if data is not None else self.form_class(**kwargs)
        return bind_user(form, user)


class ProjectAdd(_WithOrgs):
    title = "登记慈善项目"
    form_class = forms.ProjectForm
    service = staticmethod(services.add_project)
    success_message = "已登记项目"
    success_url = "charity_projects"


class FilingAdd(_WithOrgs):
    title = "公开募捐方案备案"
    form_class = forms.FilingForm
    description = ("须有公开募捐资格，通过民政部指定的互联网公开募捐服务平台，"
                   "在募捐开始前备案（《慈善法》第二十三、二十四条）。")
    service = staticmethod(services.file_fundraising)
    success_message = "已备案"
    success_url = "charity_filings"


class DonationAdd(_WithOrgs):
    title = "登记捐赠"
    form_class = forms.DonationForm
    service = staticmethod(services.record_donation)
    success_message = "已登记捐赠，可打印捐赠收据"
    success_url = staticmethod(lambda row: reverse("charity_receipt", args=[row.pk]))


class ComplaintAdd(_WithOrgs):
    title = "登记投诉举报"
    form_class = forms.ComplaintForm
    service = staticmethod(services.add_complaint)
    success_message = "已登记"
    success_url = "charity_complaints"


class ComplaintClose(ServiceFormPage):
    title = "办结投诉举报"
    permission = "charity.manage"
    form_class = forms.CloseForm
    object_selector = staticmethod(selectors.get_complaint)
    confirm = True
    success_message = "已办结"
    success_url = "charity_complaints"

    def call_service(self, data, comment):
        return services.close_complaint(self.request.user, self.object.pk, data, comment=comment)


class TrustAdd(ServiceFormPage):
    title = "慈善信托备案"
    permission = "charity.manage"
    form_class = forms.TrustForm
    service = staticmethod(services.add_trust)
    success_message = "已备案"
    success_url = "charity_trusts"


ProjectList = _list("ProjectList", "慈善项目", selectors.projects_for, filters.ProjectFilters, tables.ProjectTable,
                    ("-starts_on", "id"), "charity_project",
                    [PageAction("charity_project_add", "登记项目", "charity.manage")],
                    "实施中、接受民政转介的项目可作为监测预警转介的接收方（服务区域覆盖被转介人员所在村（社区））。")
FilingList = _list("FilingList", "公开募捐备案", selectors.filings_for, filters.FilingFilters, tables.FilingTable,
                   ("-filed_on", "-id"), "charity_filing", [PageAction("charity_filing_add", "备案", "charity.manage")])
DonationList = _list("DonationList", "慈善捐赠", selectors.donations_for, filters.DonationFilters,
                     tables.DonationTable, ("-received_on", "-id"), "charity_donation",
                     [PageAction("charity_donation_add", "登记捐赠", "charity.manage")])
DisclosureList = _list("DisclosureList", "信息公开", selectors.disclosures_for, filters.DisclosureFilters,
                       tables.DisclosureTable, ("-published_on", "-id"), "charity_disclosure")
TrustList = _list("TrustList", "慈善信托", selectors.trusts_for, filters.TrustFilters, tables.TrustTable,
                  ("-filed_on", "-id"), "charity_trust", [PageAction("charity_trust_add", "备案", "charity.manage")])
ComplaintList = _list("ComplaintList", "慈善投诉举报", selectors.complaints_for, filters.ComplaintFilters,
                      tables.ComplaintTable, ("status", "-received_on", "-id"), "charity_complaint",
                      [PageAction("charity_complaint_add", "登记投诉举报", "charity.manage")])


@login_required
def receipt(request, pk: int):
    """The printable donation receipt (捐赠收据); donors' names are personal data: the print is audited."""
    if not roles.has_perm(request.user, "charity.view"):
        raise Forbidden("您的角色无权访问此页面")
    row = selectors.get_donation(request.user, pk)
    audit.record(request.user, audit.Event("export", "charity_donation", row.pk, row.region_code,
                                           {"print": [None, "receipt"]}))
    return render(request, "charity/receipt.html", {
        "row": row, "kind": codes.DONOR_KINDS[row.donor_kind], "form": codes.DONATION_FORMS[row.form]})
