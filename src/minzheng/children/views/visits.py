"""Visit pages: the due list (per 儿童主任 or region, overdue first, with export), visit records (list with export)
and the visit form (phone-friendly: a 儿童主任 records a visit on the spot)."""

from __future__ import annotations

from minzheng.children import filters, forms
from minzheng.children.selectors import register as register_selectors
from minzheng.children.selectors import visits as selectors
from minzheng.children.services import visits as services
from minzheng.children.tables import DueTable, VisitTable
from minzheng.children.views.register import LISTS, child_url
from minzheng.core import audit, clock, roles
from minzheng.core.pages import export
from minzheng.core.pages.base import Page
from minzheng.core.pages.forms import ServiceFormPage
from minzheng.core.pages.lists import ListPage


class VisitList(ListPage):
    title = "儿童走访记录"
    permission = "people.view"
    selector = staticmethod(selectors.visits_for)
    filterset_class = filters.VisitFilters
    table_class = VisitTable
    ordering = ("-visited_on", "-id")
    export_permission = "people.export"
    export_object = "child_visit"
    actions = [LISTS[0], LISTS[1]]


class DueList(Page):
    title = "儿童走访清单"
    permission = "people.view"
    template_name = "children/due.html"

    def get(self, request):
        user = request.user
        directors = register_selectors.worker_choices(user, "director")
        fs = filters.DueFilters(request.GET, queryset=register_selectors.children_for(user), request=request,
                                director_choices=directors)
        context = {"filterset": fs, "actions": [a for a in (LISTS[0], LISTS[2], LISTS[4]) if a.allowed(user)]}
        if not fs.is_valid():
            return self.render({**context, "filter_errors": fs.error_list()}, status=422)
        data = fs.form.cleaned_data
        director = data.get("director")
        mine = register_selectors.my_worker(user)
        if not director and mine is not None and mine.kind == "director" and "director" not in request.GET:
            director = str(mine.pk)  # a 儿童主任 sees their own children first
        rows = selectors.due_list(user, data.get("region_code") or "", int(director) if director else None)
        if data.get("overdue") in ("0", "1"):
            rows = [r for r in rows if r.overdue == (data["overdue"] == "1")]
        if request.GET.get("export") in ("xlsx", "csv") and roles.has_perm(user, "people.export"):
            fmt = request.GET["export"]
            header, values = export.headers(DueTable), list(export._values(DueTable, rows))
            filename = f"儿童走访清单-{clock.today():%Y%m%d}.{fmt}"
            response = (export.xlsx_response(header, values, filename, "走访清单")[0] if fmt == "xlsx"
                        else export.csv_response(header, values, filename))
            audit.record(user, audit.Event("export", "child_visit", "", user.region_id,
                                           {"rows": len(values), "format": fmt, "filters": fs.audit_filters()}))
            return response
        table = DueTable(rows[:500], empty_text="没有按走访计划需要走访的儿童")
        return self.render({**context, "table": table, "count": len(rows),
                            "overdue": sum(1 for r in rows if r.overdue), "more": len(rows) > 500,
                            "may_export": roles.has_perm(user, "people.export"),
                            "filters_active": fs.active_count(), "query": request.GET.urlencode(),
                            "pager": {"count": len(rows)}})


class VisitAdd(ServiceFormPage):
    title = "登记走访"
    description = "入户走访、电话或视频联系、到校了解后登记；发现风险的请勾选，并按需报告未成年人保护个案。"
    permission = "children.visit"
    form_class = forms.VisitForm
    object_selector = staticmethod(register_selectors.get_child)
    submit_label = "保存走访"
    success_message = "已登记走访"
    success_url = staticmethod(child_url)

    def initial(self) -> dict:
        return {"visited_on": clock.today(), "kind": "home",
                "visitor": self.request.user.get_full_name() or self.request.user.username}

    def page(self, form, status=200, **extra):
        if self.object is not None:
            self.description = f"走访对象：{self.object.person.name}。" + VisitAdd.description
        return super().page(form, status, **extra)

    def make_form(self, data=None):
        form = super().make_form(data)
        form.fields["volunteer_ids"].choices = _volunteer_choices(self.request.user, self.object)
        return form

    def call_service(self, data, comment):
        return services.record_visit(self.request.user, {**data, "child_id": self.object.pk})


def _volunteer_choices(user, child) -> list[tuple[int, str]]:
    from minzheng.core import roles
    from minzheng.volunteers import selectors as volunteer_selectors

    if child is None or not roles.has_perm(user, "volunteers.view"):
        return []
    township = child.region_code[:9] + "000"  # volunteers of the child's township
    return [(v.pk, f"{v.name}（{v.total_hours} 小时）")
            for v in volunteer_selectors.volunteer_choices(user, township)[:200]]


class VisitVolunteers(ServiceFormPage):
    """The volunteers who went on a recorded visit; saving again updates their hours (never counted twice)."""

    title = "走访志愿者"
    description = "勾选同去的志愿者并填写服务时长，保存后计入志愿服务记录；再次保存只按差额调整，不重复计算。"
    permission = "children.visit"
    form_class = forms.VisitVolunteersForm
    object_selector = staticmethod(selectors.get_visit)
    submit_label = "保存"
    success_message = "已保存走访志愿者"
    success_url = staticmethod(child_url)

    def initial(self) -> dict:
        from minzheng.volunteers import selectors as volunteer_selectors

        rows = list(volunteer_selectors.visit_records(self.request.user, "children_visit", self.object.pk))
        return {"volunteer_ids": [r.volunteer_id for r in rows], "volunteer_hours": rows[0].hours if rows else None}

    def make_form(self, data=None):
        form = super().make_form(data)
        form.fields["volunteer_ids"].choices = _volunteer_choices(self.request.user, self.object.child)
        return form

    def call_service(self, data, comment):
        return services.set_volunteers(self.request.user, self.object.pk, data)

