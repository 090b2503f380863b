"""Person pages: the list (filters, Excel/CSV export), the detail page (names and labels, masked values with
查看明文 for users holding the right), register and correct, move to another household (confirmed)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from minzheng.core import clock, regioncodes, roles
from minzheng.core.errors import NotFound
from minzheng.core.pages.base import PageAction, parse_pk
from minzheng.core.pages.detail import DetailPage, Related, Section
from minzheng.core.pages.lists import ListPage
from minzheng.registry import forms, selectors, services
from minzheng.registry.filters import PersonFilters
from minzheng.registry.views.common import FormPage
from minzheng.registry.views.tables import PERSON_SECTIONS, PersonMembershipTable, PersonTable


class PersonList(ListPage):
    title = "人员"
    permission = "people.view"
    selector = staticmethod(selectors.persons_for)
    filterset_class = PersonFilters
    table_class = PersonTable
    ordering = ("region_id", "name", "id")
    export_permission = "people.export"
    export_object = "person"
    empty_text = "没有符合条件的人员"
    actions = [PageAction("person_create", "登记人员", "people.change")]


def person_page(user, pk):
    """The person with what the page shows besides the record: current household, age, may the reader unmask."""
    person = selectors.person_profile(user, pk)
    person.age = person.age_on(person.death_date or clock.today())
    person.may_reveal = roles.may_unmask(user)
    return person


class PersonDetail(DetailPage):
    title = "人员"
    permission = "people.view"
    selector = staticmethod(person_page)
    sections = [Section(title, columns) for title, columns in PERSON_SECTIONS.items()]
    related = [Related("家庭成员关系历史", PersonMembershipTable, selectors.membership_history)]
    actions = [PageAction("person_edit", "修改", "people.change", url_args=("pk",)),
               PageAction("person_move", "迁移到另一家庭", "people.change", url_args=("pk",), style="outline-primary")]


class PersonCreate(FormPage):
    title = "登记人员"
    form_class = forms.PersonForm
    submit_label = "登记"
    success_message = "已登记"
    success_url = staticmethod(lambda person: reverse("person_detail", args=[person.pk]))

    def initial(self) -> dict:
        user = self.request.user
        return {"region_code": user.region_id} if regioncodes.level_of(user.region_id) == "village" else {}

    def call_service(self, data, comment):
        return services.create_person(self.request.user, forms.person_data(data, editing=False))


EDITABLE = ("name", "ethnicity", "marital_status", "disability_category", "serious_illness", "illness_kind",
            "labour_capacity", "schooling", "employment", "death_date")


class PersonEdit(FormPage):
    title = "修改人员"
    form_class = forms.PersonEditForm
    object_selector = staticmethod(selectors.get_person)
    submit_label = "保存"
    success_message = "已保存"
    success_url = staticmethod(lambda person: reverse("person_detail", args=[person.pk]))

    def initial(self) -> dict:
        person = self.object
        values = {key: getattr(person, key) for key in EDITABLE}
        return values | {"region_code": person.region_id, "hukou_region_code": person.hukou_region_id or "",
                         "disability_grade": person.disability_grade or ""}

    def prepare_form(self, form) -> None:
        # A registered residence outside the user's region (人户分离) cannot be shown in their picker: it is left
        # as it is rather than cleared by an empty picker.
        hukou = self.object.hukou_region_id
        if hukou and not regioncodes.in_subtree(hukou, self.request.user.region_id):
            del form.fields["hukou_region_code"]

    def call_service(self, data, comment):
        return services.update_person(self.request.user, self.object.pk, forms.person_data(data, editing=True))


class PersonMove(FormPage):
    title = "迁移到另一家庭"
    form_class = forms.MoveForm
    object_selector = staticmethod(selectors.get_person)
    submit_label = "迁移"
    success_message = "已迁移"
    confirm = True
    confirm_text = ("该成员将离开现在的家庭并加入迁入家庭，原家庭的成员关系随即结束，不能撤销。"
                    "请核对后填写确认办理说明。")
    success_url = staticmethod(lambda member: reverse("household_detail", args=[member.household_id]))

    def call_service(self, data, comment):
        return services.move_member(self.request.user, self.object.pk, data["to_household_id"], data["relation"],
                                    data["reason"], data["on"], comment=comment)


@login_required
@require_POST
def person_reveal(request, pk: int, field: str):
    """HTMX: swap a masked value for its plaintext (unmask right required; audited)."""
    pk = parse_pk(pk)
    if pk is None:
        raise NotFound()
    person = selectors.get_person(request.user, pk)
    value = services.reveal(request.user, person, field)
    return HttpResponse(format_html('<span class="font-monospace text-danger" title="已记录审计日志">{}</span>', value))
