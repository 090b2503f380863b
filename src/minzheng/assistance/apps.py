from minzheng.core import app_registry, roles
from minzheng.core.app_registry import NavEntry
from minzheng.core.audit_display import AuditObject

V, T, C, CITY = roles.VILLAGE, roles.TOWNSHIP, roles.COUNTY, roles.CITY


class AssistanceConfig(app_registry.MinzhengAppConfig):
    """社会救助: declares 低保, 低保边缘, 特困, 刚性支出困难家庭 and 临时救助 into the benefits kernel, and keeps the
    特困 care records (self-care assessments, 委托照料 agreements, institutions and 集中供养 placements, 供养证)."""

    name = "minzheng.assistance"
    label = "assistance"
    verbose_name = "社会救助"
    benefit_programs = "minzheng.assistance.programs.PROGRAMS"
    url_prefix = "assistance/"
    api_router = "minzheng.assistance.api.router"
    # Those who visit the person record the assessment and the carer's agreement (village, township, county); the
    # county registers institutions and places people (集中供养 is arranged and paid by the county). Reading is
    # people.view, export people.export (the platform's own).
    permissions = {
        "care.record": {V, T, C},
        "care.institutions": {C},
        "reserve.advance": {T, C},  # 先行救助 from the township's 备用金
        "reserve.fund": {C},  # 拨付 and 归垫
    }
    nav_group = "社会救助"
    nav = [NavEntry("care_assessment_list", "特困照料", "people.view", order=26),
           NavEntry("reserve_list", "备用金", ("reserve.advance", "reserve.fund"), order=27)]
    audit_objects = {"self_care_assessment": AuditObject("生活自理能力评估", "assistance.SelfCareAssessment"),
                     "care_agreement": AuditObject("委托照料协议", "assistance.CareAgreement"),
                     "institution": AuditObject("供养服务机构", "assistance.Institution"),
                     "placement": AuditObject("集中供养安置", "assistance.Placement"),
                     "reserve_entry": AuditObject("备用金台账", "assistance.ReserveEntry")}
    case_panels = ["minzheng.assistance.panels.CARE"]  # read by the benefits kernel's case page
    inbox = ["minzheng.assistance.inbox.AGREEMENTS_ENDING", "minzheng.assistance.inbox.NOT_ASSESSED"]
