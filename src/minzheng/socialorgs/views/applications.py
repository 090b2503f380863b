"""登记申请 pages: the 成立登记 application (particulars, founding figures, materials checklist), an application's
page (what was asked, the materials, the review and the decision, the printable decision notice) and the
examiner's review. The decision page stays in views/__init__.py (ApplicationDecide)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from minzheng.core.pages.base import PageAction, visible_actions
from minzheng.core.pages.columns import CodeColumn, DateColumn, MoneyColumn, RegionColumn, TextColumn
from minzheng.core.pages.detail import DetailPage, Section
from minzheng.core.pages.forms import ServiceFormPage
from minzheng.socialorgs import codes, forms, selectors
from minzheng.socialorgs.services import register

VIEW, MANAGE = "socialorgs.view", "socialorgs.manage"


@dataclass(frozen=True)
class StateAction(PageAction):
    """A button shown only while `when(object)` holds (a step that is open, a document that exists)."""

    when: Callable = lambda obj: True


class StatefulDetail(DetailPage):
    """A detail page whose StateAction buttons follow the object's state."""

    def render(self, context: dict, status: int = 200, template: str | None = None):
        obj = context.get("object")
        if obj is not None and "actions" in context:
            shown = [a for a in self.actions if getattr(a, "when", None) is None or a.when(obj)]
            context["actions"] = visible_actions(shown, self.request.user, obj)
        return super().render(context, status, template)


def _application_url(result) -> str:
    return reverse("socialorgs_application", args=[result.pk])


class RegisterApply(ServiceFormPage):
    title = "成立登记申请"
    description = ("受理社会团体、社会服务机构、基金会的成立登记申请。材料须齐全（缺少的一次性告知），"
                   "注册资金、会员数须达到规则规定的最低要求；审查后由另一人作出准予或不予登记的决定，准予即写入名录。")
    permission = MANAGE
    form_class = forms.RegistrationForm
    service = staticmethod(register.apply_register)
    submit_label = "受理"
    success_message = "已受理成立登记申请"
    success_url = staticmethod(_application_url)

    def initial(self) -> dict:
        from minzheng.core import clock

        return {"received_on": clock.today()}


class ApplicationDetail(StatefulDetail):
    title = "登记申请"
    permission = VIEW
    selector = staticmethod(selectors.get_application)
    sections = [
        Section("申请", {
            "name": TextColumn("组织名称"), "kind": CodeColumn(codes.APPLICATION_KINDS, "申请类型"),
            "region_code": RegionColumn("区划"), "received_on": DateColumn("受理日期"),
            "due_on": DateColumn("决定期限"), "state": CodeColumn(codes.APPLICATION_STATES, "状态"),
            "funds": MoneyColumn("注册资金"), "members": TextColumn("会员数"),
            "materials_text": TextColumn("提交材料")}),
        Section("申请事项", {"summary": TextColumn("事项")}),
        Section("审查与决定", {
            "review_decision": CodeColumn(codes.REVIEW_DECISIONS, "审查意见"), "review_opinion": TextColumn("审查说明"),
            "reviewed_on": DateColumn("审查日期"), "decided_on": DateColumn("决定日期"),
            "decision_note": TextColumn("决定说明"), "org__name": TextColumn("社会组织")}),
    ]
    actions = [
        StateAction("socialorgs_application_review", "审查", MANAGE, url_args=("pk",),
                    when=lambda a: a.state == "submitted"),
        StateAction("socialorgs_application_decide", "作出决定", MANAGE, url_args=("pk",),
                    when=lambda a: a.state == "reviewed"),
        StateAction("socialorgs_print_decision", "打印决定书", VIEW, url_args=("pk",), style="outline-primary",
                    when=lambda a: a.state in ("approved", "refused")),
        StateAction("socialorgs_org", "社会组织", VIEW, url_args=("org_id",), style="outline-secondary",
                    when=lambda a: a.org_id is not None),
        PageAction("socialorgs_application_list", "登记申请", VIEW, style="outline-secondary"),
    ]


class ApplicationReview(ServiceFormPage):
    title = "登记申请审查"
    description = "审查材料和申请事项，提出建议准予或建议不予的意见；决定由另一人作出。"
    permission = MANAGE
    form_class = forms.ReviewForm
    object_selector = staticmethod(selectors.get_application)
    service = staticmethod(register.review)
    success_message = "已提出审查意见"
    success_url = staticmethod(_application_url)
