"""Household pages: the list (filters, Excel/CSV export of the filtered households, the roster export), the
detail page with members and their history, set up and correct a household, add a member, and the steps that
end a membership or change its roles (remove, change head: confirmed with a comment)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.http import urlencode

from minzheng.core import idnumber, regioncodes
from minzheng.core.errors import FieldError, ValidationFailed
from minzheng.core.pages.base import PageAction
from minzheng.core.pages.detail import DetailPage, Related, Section
from minzheng.core.pages.lists import ListPage
from minzheng.registry import codes, forms, selectors, services
from minzheng.registry.filters import HouseholdFilters
from minzheng.registry.views.common import FormPage
from minzheng.registry.views.tables import (
    HOUSEHOLD_SECTIONS,
    ChainTable,
    HouseholdHistoryTable,
    HouseholdTable,
    MemberTable,
)


def _detail(household) -> str:
    return reverse("household_detail", args=[household.pk])


class HouseholdList(ListPage):
    title = "家庭"
    permission = "people.view"
    selector = staticmethod(selectors.household_rows)
    filterset_class = HouseholdFilters
    table_class = HouseholdTable
    ordering = ("region_id", "id")
    export_permission = "people.export"
    export_object = "household"
    empty_text = "没有符合条件的家庭"
    actions = [PageAction("household_create", "建户", "people.change"),
               PageAction("import_households", "批量导入", "people.change", style="outline-primary"),
               PageAction("export_households", "导出成员花名册", "people.export", style="outline-secondary")]

    def render(self, context, status=200, template=None):
        # The roster export (one row per member, the import file's columns) follows the region filter.
        region = self.request.GET.get("region_code", "").strip()
        roster = reverse("export_households")
        for action in context.get("actions", []):
            if action["url"] == roster and region:
                action["url"] = f"{roster}?{urlencode({'region_code': region})}"
        return super().render(context, status, template)


class HouseholdDetail(DetailPage):
    title = "家庭"
    permission = "people.view"
    template_name = "registry/household_detail.html"
    selector = staticmethod(selectors.get_household)
    sections = [Section(title, columns) for title, columns in HOUSEHOLD_SECTIONS.items()]
    related = [Related("在册成员", MemberTable, selectors.active_members, empty_text="暂无在册成员"),
               Related("成员变动历史", HouseholdHistoryTable, selectors.household_history),
               Related("一户一条救助链", ChainTable, selectors.household_chain, limit=200,
                       empty_text="暂无救助记录")]
    actions = [PageAction("household_edit", "修改", "people.change", url_args=("pk",)),
               PageAction("member_add", "添加成员", "people.change", url_args=("pk",), style="outline-primary"),
               PageAction("member_remove", "移出成员", "people.change", url_args=("pk",), style="outline-primary"),
               PageAction("head_change", "变更户主", "people.change", url_args=("pk",), style="outline-primary")]

    def heading(self, household) -> str:
        return f"家庭 #{household.pk}：{household}"


class HouseholdCreate(FormPage):
    title = "建户"
    form_class = forms.HouseholdForm
    submit_label = "建户"
    success_message = "已建户"
    success_url = staticmethod(_detail)

    def initial(self) -> dict:
        user = self.request.user
        return {"region_code": user.region_id} if regioncodes.level_of(user.region_id) == "village" else {}

    def call_service(self, data, comment):
        user = self.request.user
        lines = data["members"]
        found = selectors.persons_by_id_numbers(user, [number for _, number, _ in lines])
        members, problems = [], []
        for n, number, relation in lines:
            person = found.get(_normalized(number))
            if person is None:
                problems.append(FieldError("members",
                                           f"第 {n} 行：身份证号 {number} 未登记或不在您的管辖范围内，请先登记人员"))
            else:
                members.append({"person_id": person.pk, "relation": relation})
        if problems:
            raise ValidationFailed(problems)
        return services.create_household(user, {**data, "members": members})


def _normalized(number: str) -> str | None:
    try:
        return idnumber.parse(number).number
    except idnumber.IdNumberError:
        return None


class HouseholdEdit(FormPage):
    title = "修改家庭"
    form_class = forms.HouseholdEditForm
    object_selector = staticmethod(selectors.get_household)
    submit_label = "保存"
    success_message = "已保存"
    success_url = staticmethod(_detail)

    def initial(self) -> dict:
        h = self.object
        return {"region_code": h.region_id, "urban_rural": h.urban_rural, "address": h.address}

    def call_service(self, data, comment):
        return services.update_household(self.request.user, self.object.pk, data)


class MemberAdd(FormPage):
    title = "添加成员"
    form_class = forms.AddMemberForm
    object_selector = staticmethod(selectors.get_household)
    submit_label = "添加"
    success_message = "已添加成员"
    success_url = staticmethod(lambda member: reverse("household_detail", args=[member.household_id]))

    def call_service(self, data, comment):
        user = self.request.user
        person = selectors.person_by_id_number(user, data["id_number"])
        if person is None:
            raise ValidationFailed.one("id_number", "该身份证号未登记或不在您的管辖范围内，请先登记人员")
        return services.add_member(user, self.object.pk, person.pk, data["relation"], data["reason"],
                                   data["joined_on"])


def _member_choices(user, household, heads: bool) -> list[tuple[int, str]]:
    return [(m.person_id, f"{m.person.name}（{codes.RELATIONS.get(m.relation, m.relation)}）")
            for m in selectors.active_members(user, household) if heads or m.relation != codes.HEAD]


class MemberRemove(FormPage):
    """移出成员 (死亡、迁出、分户): ends the membership; the history keeps it. `person_id` in the URL preselects."""

    title = "移出成员"
    form_class = forms.RemoveMemberForm
    object_selector = staticmethod(selectors.get_household)
    submit_label = "移出"
    success_message = "已移出"
    confirm = True
    confirm_text = "该成员将移出本家庭（成员关系结束，记入变动历史），不能撤销。请核对后填写确认办理说明。"
    success_url = staticmethod(lambda member: reverse("household_detail", args=[member.household_id]))

    def initial(self) -> dict:
        return {"person_id": self.kwargs.get("person_id")}

    def prepare_form(self, form) -> None:
        form.fields["person_id"].choices = _member_choices(self.request.user, self.object, heads=True)

    def call_service(self, data, comment):
        return services.remove_member(self.request.user, self.object.pk, data["person_id"], data["reason"],
                                      data["left_on"], comment=comment)


class HeadChange(FormPage):
    title = "变更户主"
    form_class = forms.HeadForm
    object_selector = staticmethod(selectors.get_household)
    submit_label = "变更"
    success_message = "已变更户主"
    confirm = True
    confirm_text = "户主将改为所选成员，原户主的与户主关系改为所填关系。请核对后填写确认办理说明。"
    success_url = staticmethod(_detail)

    def prepare_form(self, form) -> None:
        form.fields["new_head_id"].choices = _member_choices(self.request.user, self.object, heads=False)

    def call_service(self, data, comment):
        return services.change_head(self.request.user, self.object.pk, data["new_head_id"],
                                    data["old_head_relation"], comment=comment)
