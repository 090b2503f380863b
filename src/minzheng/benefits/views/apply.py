"""The application form (登记救助申请) from a household: `cases.create_case` decides, its Chinese field errors
are shown on the form (422), a refusal such as an open application for the same program is shown above it (409)."""

from __future__ import annotations

from django.urls import reverse

from minzheng.benefits import programs, selectors
from minzheng.benefits.services import cases
from minzheng.benefits.views.case_forms import ApplicationForm
from minzheng.core import clock
from minzheng.core.errors import ValidationFailed
from minzheng.core.pages.forms import ServiceFormPage
from minzheng.registry import selectors as registry

# The form has its own field for what the service reads from the case facts.
FACT_FIELDS = {"facts.requested_amount": "requested_amount"}


class CaseCreate(ServiceFormPage):
    title = "登记救助申请"
    permission = "people.view"
    template_name = "benefits/case_form.html"
    form_class = ApplicationForm
    object_selector = staticmethod(registry.get_household)
    pk_url_kwarg = "household_id"
    submit_label = "提交申请"

    def load_object(self):
        cases.require_can_apply(self.request.user)  # 403 for roles that do not file applications
        super().load_object()
        self.members = [m.person for m in selectors.members_of(self.object.pk, clock.today())]

    def make_form(self, data=None):
        self.form = self.form_class(data, members=self.members, user=self.request.user)
        return self.form

    def page(self, form, status=200, **extra):
        return super().page(form, status, household=self.object, members=self.members, **extra)

    def call_service(self, data: dict, comment):
        try:
            case = cases.create_case(self.request.user, self.form.case_data(self.object.pk))
        except ValidationFailed as exc:
            for e in exc.errors:
                e.field = FACT_FIELDS.get(e.field, e.field)
            raise
        self.success_message = f"已登记{programs.name(case.program)}申请 #{case.pk}"
        return case

    def success_location(self, case) -> str:
        return reverse("case_detail", args=[case.pk])
