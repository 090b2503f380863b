from minzheng.core import app_registry, roles
from minzheng.core.app_registry import NavEntry
from minzheng.core.audit_display import AuditObject

V, T, C, CITY = roles.VILLAGE, roles.TOWNSHIP, roles.COUNTY, roles.CITY


class CharityConfig(app_registry.MinzhengAppConfig):
    """慈善: recognised charitable organisations, public-fundraising qualification, online fundraising filings,
    projects (referral targets for monitoring warnings: selectors.active_projects), donations in money and kind
    with printable receipts, disclosure records, charitable trusts, complaints."""

    name = "minzheng.charity"
    label = "charity"
    verbose_name = "慈善"
    url_prefix = "charity/"
    api_router = "minzheng.charity.api.router"
    # Counties (the registering 民政部门) recognise organisations, grant qualifications, take filings and handle
    # complaints; townships and villages read the projects they may refer people to.
    permissions = {"charity.view": {V, T, C, CITY}, "charity.manage": {C}}
    nav_group = "社会组织"
    nav = [NavEntry("charity_org_list", "慈善", "charity.view", order=61)]
    demo_data = ["minzheng.charity.demo.seed"]
    audit_objects = {"charity_org": AuditObject("慈善组织", "charity.CharityOrganisation"),
                     "charity_filing": AuditObject("公开募捐备案", "charity.FundraisingFiling"),
                     "charity_project": AuditObject("慈善项目", "charity.Project"),
                     "charity_donation": AuditObject("慈善捐赠", "charity.Donation"),
                     "charity_disclosure": AuditObject("信息公开", "charity.Disclosure"),
                     "charity_trust": AuditObject("慈善信托", "charity.CharitableTrust"),
                     "charity_complaint": AuditObject("慈善投诉举报", "charity.Complaint")}
