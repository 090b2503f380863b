"""List pages of the benefits kernel on the generic list block (filters, names not codes, Excel/CSV export): cases
(救助申请, the full list behind the inbox's 待办案件 with 待我办理), entitlements (救助待遇) and standards (救助标准)
with the history of one standard."""

from __future__ import annotations

from django.db.models import F
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse

from minzheng.benefits import catalogue, programs, selectors
from minzheng.benefits.filters import CaseFilters, EntitlementFilters, StandardFilters
from minzheng.benefits.services import standards
from minzheng.benefits.views.tables import CaseTable, EntitlementTable, StandardHistoryTable, StandardTable
from minzheng.core import regions
from minzheng.core.pages.base import PageAction
from minzheng.core.pages.lists import ListPage


class CaseList(ListPage):
    title = "救助申请"
    permission = "people.view"
    selector = staticmethod(selectors.case_rows)
    filterset_class = CaseFilters
    table_class = CaseTable
    ordering = ("-id",)
    export_permission = "people.export"
    actions = [PageAction("notice_sheet", "公示名单", "people.view", style="outline-secondary"),
               PageAction("household_list", "从家庭发起申请", "people.change", style="outline-primary")]

    def ordered(self, queryset, sort: str):
        # 待我办理 reads like the inbox: nearest deadline first, cases without one last.
        if not sort and self.request.GET.get("mine") == "1":
            return queryset.order_by(F("task_due").asc(nulls_last=True), "applied_on", "id"), ("", "")
        return super().ordered(queryset, sort)


def case_todo(request):
    """The inbox's 查看全部: the case list narrowed to the user's work."""
    return redirect(reverse("case_list") + "?mine=1")


class EntitlementList(ListPage):
    title = "救助待遇"
    permission = "people.view"
    selector = staticmethod(selectors.entitlement_rows)
    filterset_class = EntitlementFilters
    table_class = EntitlementTable
    ordering = ("region_code", "program", "id")
    export_permission = "people.export"
    description = "按月发放的救助待遇：每条来自一件已确认的申请，点击编号查看申请和变更领取人。"


class StandardList(ListPage):
    title = "救助标准"
    permission = "people.view"
    selector = staticmethod(selectors.standards_for)
    filterset_class = StandardFilters
    table_class = StandardTable
    ordering = ("program", "item", "region_code", "area", "effective_from")
    per_page = 50
    export_permission = None  # policy, not people's data: whoever reads the standards may export them
    actions = [PageAction("standard_add", "新增标准", None, style="outline-primary")]

    def get(self, request, *args, **kwargs):
        # Only county and city staff set standards (standards.require_editor); others do not see the button.
        self.actions = [a for a in type(self).actions if request.user.role in standards.EDITOR_ROLES]
        return super().get(request, *args, **kwargs)


class StandardHistory(ListPage):
    """Every value one standard (program, item, region, area) ever had, oldest first."""

    permission = "people.view"
    table_class = StandardHistoryTable
    ordering = ("effective_from",)
    export_permission = None
    empty_text = "没有记录"

    def queryset(self):
        k = self.kwargs
        return selectors.standard_history(self.request.user, k["program"], k["item"], k["region_code"], k["area"])

    def get(self, request, *args, **kwargs):
        program, item, area = kwargs["program"], kwargs["item"], kwargs["area"]
        if program not in catalogue.PROGRAMS or area not in catalogue.AREAS:
            raise Http404
        spec = catalogue.ITEMS.get((program, item))
        code = kwargs["region_code"]
        place = regions.names_for([code]).get(code, code)
        self.title = (f"{programs.name(program)} · {spec.label if spec else item} · {place} · "
                      f"{catalogue.AREAS[area]}")
        self.description = ((spec.meaning + " " if spec else "")
                            + "历史标准不会被改写：新标准自生效日期起取代旧标准，旧标准的终止日期自动设为前一天。")
        return super().get(request, *args, **kwargs)
