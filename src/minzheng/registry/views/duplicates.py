"""Duplicate-person pages (疑似重复人员): the list (status, lowest score, region; export), the side-by-side
comparison with the decision forms, merge (irreversible: confirmed with a comment), dismiss with a reason, and
the re-scan of the user's region."""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import format_html

from minzheng.core import roles
from minzheng.core.pages.base import PageAction
from minzheng.core.pages.detail import DetailPage, Related, Section
from minzheng.core.pages.lists import ListPage
from minzheng.registry import codes, forms, selectors, services
from minzheng.registry.filters import DuplicateFilters
from minzheng.registry.views.common import FormPage
from minzheng.registry.views.tables import DUPLICATE_SECTIONS, CompareTable, DuplicateTable, masked_id


class DuplicateList(ListPage):
    title = "疑似重复人员"
    permission = "people.view"
    selector = staticmethod(selectors.candidate_rows)
    filterset_class = DuplicateFilters
    table_class = DuplicateTable
    ordering = ("-score", "region_code", "id")
    export_permission = "people.export"
    export_object = "duplicate_candidate"
    empty_text = "没有符合条件的疑似重复人员"
    description = ("同一人以不同身份证号重复登记（证号录错、15/18 位新旧证号、改名、同音字、出生日期录错）。"
                   "请逐对核实后合并或排除。")
    actions = [PageAction("duplicate_scan", "重新查找", "people.change")]


def _person_link(person) -> str:
    if person.merged_into_id:
        return format_html('#{} <span class="badge bg-secondary">已合并到 #{}</span>', person.pk, person.merged_into_id)
    return format_html('<a href="{}">#{}</a>', reverse("person_detail", args=[person.pk]), person.pk)


def _household(membership) -> str:
    if membership is None:
        return "未入户"
    household = membership.household
    return format_html('<a href="{}">{}（#{}）</a> {}', reverse("household_detail", args=[household.pk]), household,
                       household.pk, codes.RELATIONS.get(membership.relation, membership.relation))


def comparison(user, candidate) -> list[dict]:
    """The two records side by side, as rows (label, a, b, differs), labels and names instead of codes."""
    a, b = selectors.candidate_sides(candidate)

    def day(value):
        return value.isoformat() if value else ""

    rows = [("编号", _person_link(a["person"]), _person_link(b["person"]), False)]
    for label, get in (("姓名", lambda s: s["person"].name),
                       ("姓名拼音", lambda s: s["person"].name_pinyin),
                       ("身份证号", lambda s: masked_id(s["person"])),
                       ("性别", lambda s: codes.SEX.get(s["person"].sex, "")),
                       ("出生日期", lambda s: day(s["person"].birth_date)),
                       ("民族", lambda s: codes.ETHNICITIES.get(s["person"].ethnicity, "")),
                       ("经常居住地", lambda s: s["person"].region.name),
                       ("死亡日期", lambda s: day(s["person"].death_date)),
                       ("当前家庭", lambda s: _household(s["current"])),
                       ("家庭成员关系记录数", lambda s: s["memberships"]),
                       ("收入记录数", lambda s: s["incomes"]),
                       ("登记日期", lambda s: day(s["person"].created_at.date()))):
        x, y = get(a), get(b)
        # Masked ID numbers may look alike: the numbers always differ.
        rows.append((label, x, y, label == "身份证号" or x != y))
    return [{"label": label, "a": x, "b": y, "differs": differs} for label, x, y, differs in rows]


def _merge_form(candidate, data=None) -> forms.MergeForm:
    form = forms.MergeForm(data)
    form.fields["keep_person_id"].choices = [
        (p.pk, f"{p.name}（#{p.pk}，{masked_id(p)}）") for p in (candidate.person_a, candidate.person_b)]
    return form


class DuplicateDetail(DetailPage):
    title = "疑似重复"
    permission = "people.view"
    template_name = "registry/duplicate_detail.html"
    selector = staticmethod(selectors.get_candidate)
    sections = [Section(title, columns) for title, columns in DUPLICATE_SECTIONS.items()]
    related = [Related("比对", CompareTable, comparison)]

    def heading(self, candidate) -> str:
        return f"疑似重复 #{candidate.pk}"

    def render(self, context, status=200, template=None):
        candidate = context.get("object")
        if candidate is not None and candidate.status == "open" and roles.has_perm(self.request.user,
                                                                                  "people.change"):
            context |= {"merge_form": _merge_form(candidate), "dismiss_form": forms.DismissForm()}
        return super().render(context, status, template)


class DuplicateMerge(FormPage):
    title = "合并为同一人"
    form_class = forms.MergeForm
    object_selector = staticmethod(selectors.get_candidate)
    submit_label = "合并"
    success_message = "已合并"
    confirm = True
    confirm_text = ("合并后另一条记录将停用，其家庭成员关系、户主身份和收入移到保留的记录上，不能撤销。"
                    "请核对后填写确认办理说明（记为合并说明）。")
    success_url = staticmethod(lambda person: reverse("person_detail", args=[person.pk]))

    def make_form(self, data=None):
        return _merge_form(self.object, data)

    def call_service(self, data, comment):
        return services.merge_duplicate(self.request.user, self.object.pk, data["keep_person_id"], comment or "")


class DuplicateDismiss(FormPage):
    title = "排除（不是同一人）"
    form_class = forms.DismissForm
    object_selector = staticmethod(selectors.get_candidate)
    submit_label = "排除"
    success_message = "已排除：两条记录不是同一人"
    success_url = "duplicate_list"

    def call_service(self, data, comment):
        return services.dismiss_duplicate(self.request.user, self.object.pk, data["note"])


class DuplicateScan(FormPage):
    """Re-run detection in the user's region (or part of it), synchronously: a county takes seconds."""

    title = "重新查找疑似重复"
    form_class = forms.ScanForm
    submit_label = "开始查找"
    success_url = "duplicate_list"

    def call_service(self, data, comment):
        self.summary = services.scan_duplicates(self.request.user, data.get("region_code"), data.get("min_score"))
        return self.summary

    @property
    def success_message(self) -> str:
        s = self.summary
        return (f"查找完成：比对 {s['pairs_checked']} 对，疑似重复 {s['candidates']} 对（新增 {s['created']}，"
                f"已处理的 {s['kept_decided']} 对保持不变），用时 {s['seconds']} 秒")
