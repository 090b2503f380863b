"""The generic list page: selector + filter set + table → filtered, ordered, paginated page with Excel/CSV export.

    class PersonList(ListPage):
        title = "人员"
        permission = "people.view"
        selector = staticmethod(selectors.persons_for)      # (user) -> scoped QuerySet
        filterset_class = PersonFilters
        table_class = PersonTable
        ordering = ("region_id", "name", "id")
        export_permission = "people.export"                  # None = same as permission; False = no export
        actions = [PageAction("person_create", "登记人员", "people.change")]

The page never queries the ORM itself: every row comes through the selector, so scoping is the selector's. An export
of more than MINZHENG_EXPORT_INLINE_ROWS rows becomes a background job that replays the same request through the
same page (core.pages.export_jobs)."""

from __future__ import annotations

import functools

from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.utils.functional import cached_property

from minzheng.core import roles
from minzheng.core.errors import Forbidden
from minzheng.core.pages import export, export_jobs
from minzheng.core.pages.base import Page, declared, error_page, visible_actions
from minzheng.core.pages.bulk import BulkActionsMixin

COUNT_CAP = 10_000


def count_up_to(rows, cap: int) -> int:
    """The rows, counted up to cap + 1 only (`SELECT COUNT(*) FROM (… LIMIT cap + 1)`, unordered: the count does
    not depend on the order); a list that is not a queryset by its length."""
    return rows.order_by()[: cap + 1].count() if hasattr(rows, "query") else len(rows)


class CappedPaginator(Paginator):
    """Counts at most COUNT_CAP + 1 rows (`SELECT COUNT(*) FROM (… LIMIT 10001)`): a county officer's unfiltered list
    of a million people would otherwise count them all on every page (≈ 0.3 s on PostgreSQL). Beyond the cap the
    pager says "10000+" and pages up to it; filters narrow the list further."""

    @cached_property
    def count(self) -> int:
        return count_up_to(self.object_list, COUNT_CAP)

    @property
    def shown_count(self) -> str | int:
        return f"{COUNT_CAP}+" if self.count > COUNT_CAP else self.count

    @property
    def shown_pages(self) -> str | int:
        # Beyond the cap the last page is not known: "334+" rather than a wrong total.
        return f"{self.num_pages}+" if self.count > COUNT_CAP else self.num_pages


def _is_field_path(model, path: str) -> bool:
    """True when `path` (`name`, `region__code`) names a database column the ORM can order by."""
    for part in path.split("__"):
        if model is None:
            return False
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return False
        if not field.concrete:
            return False
        model = field.related_model
    return True


@functools.cache
def _orderable_columns(table_class, model) -> dict[str, list[str]]:
    """Worked out once per table class and model (they are declarations), not by building an empty table twice on
    every page view."""
    out = {}
    for column in table_class([]).columns:
        if not column.orderable:
            continue
        keys = column.column.order_by or (column.accessor,)
        paths = [str(k).replace(".", "__") for k in keys]
        if all(_is_field_path(model, p.lstrip("-")) for p in paths):
            out[column.name] = paths
    return out


class ListPage(BulkActionsMixin, Page):
    template_name = "core/pages/list.html"
    selector = None
    filterset_class = None
    table_class = None
    ordering: tuple = ()
    per_page = 30
    export_permission: str | bool | None = None
    export_object = ""  # object type in the export's audit entry; default: the model's name
    actions: list = []
    empty_text = "没有符合条件的记录"
    description = ""
    export_job = None  # (job, progress) while the page runs inside its background export (core.pages.export_jobs)

    # --- reading -------------------------------------------------------------------------------------------
    def queryset(self):
        return declared(self, "selector")(self.request.user)

    def filterset(self, queryset):
        if self.filterset_class is None:
            return None
        return self.filterset_class(self.request.GET, queryset=queryset, request=self.request)

    def orderable_columns(self, model) -> dict[str, list[str]]:
        """Column name -> database order paths, for the columns the database can order meaningfully."""
        return dict(_orderable_columns(self.table_class, model))

    def ordered(self, queryset, sort: str):
        """Order by the clicked column (if orderable), then the declared ordering, then pk (stable pages)."""
        name, descending = sort.lstrip("-"), sort.startswith("-")
        paths = self.orderable_columns(queryset.model).get(name)
        keys = []
        if paths:
            for p in paths:
                flipped = p[1:] if p.startswith("-") else "-" + p
                keys.append(flipped if descending else p)
        used = {k.lstrip("-") for k in keys}
        keys += [o for o in self.ordering if o.lstrip("-") not in used]
        if not {k.lstrip("-") for k in keys} & {"pk", "id"}:
            keys.append("pk")
        state = (name, "desc" if descending else "asc") if paths else ("", "")
        return queryset.order_by(*keys), state

    # --- export --------------------------------------------------------------------------------------------
    def may_export(self) -> bool:
        if self.export_permission is False:
            return False
        return roles.has_perm(self.request.user, self.export_permission or self.permission)

    def export(self, rows, fmt: str, filterset):
        """The download; past MINZHENG_EXPORT_INLINE_ROWS rows a background job and its progress page instead; inside
        that job, the file it keeps."""
        spec = {"table_class": self.table_class, "fmt": fmt, "title": self.title,
                "object_type": self.export_object or rows.model._meta.model_name,
                "filters": filterset.audit_filters() if filterset is not None else {}}
        if self.export_job is not None:
            job, progress = self.export_job
            return export_jobs.write(job, progress, self.request.user, rows, **spec)
        limit = export_jobs.inline_rows()
        count = count_up_to(rows, limit)
        if count > limit:
            # Refused before any job runs: a sheet past Excel's last row would be cut off where the officer opens it.
            if fmt == "xlsx" and count_up_to(rows, export.XLSX_MAX_ROWS + 1) > export.XLSX_MAX_ROWS:
                return error_page(self.request, 422, export.XLSX_TOO_MANY)
            job = export_jobs.submit(self.request, fmt, self.title)
            if job is not None:  # the job page says why and offers the file when done
                return redirect("job_detail", job_id=job.pk)
            count = None
        return export.export_response(self.request.user, queryset=rows, count=count, **spec)

    # --- links ---------------------------------------------------------------------------------------------
    def link(self, **changes) -> str:
        params = self.request.GET.copy()
        for key, value in changes.items():
            params.pop(key, None)
            if value is not None:
                params[key] = value
        query = params.urlencode()
        return f"{self.request.path}?{query}" if query else self.request.path

    def sort_links(self, model, state) -> dict[str, tuple[str, str]]:
        current, direction = state
        links = {}
        for name in self.orderable_columns(model):
            is_current = name == current
            target = f"-{name}" if is_current and direction == "asc" else name
            links[name] = (self.link(sort=target, page=None), direction if is_current else "")
        return links

    def page(self, rows, number):
        """The page asked for. The first page's rows are read first: when there is room to spare they are the whole
        list, counted by their number, which spares an ID search or a narrow filter its `COUNT(*)`."""
        paginator = CappedPaginator(rows, self.per_page)
        if number not in (None, "", "1"):
            return paginator.get_page(number)
        first = rows[: self.per_page]
        if len(first) < self.per_page:  # len() reads the rows, and the queryset keeps them
            paginator.count = len(first)
        page = paginator.get_page(1)
        page.object_list = first  # the rows already read (still a queryset: the table knows its model)
        return page

    # --- the page ------------------------------------------------------------------------------------------
    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("export")
        if fmt is not None:
            if fmt not in export.FORMATS:
                return error_page(request, 400, "导出格式不正确：应为 xlsx 或 csv")
            if not self.may_export():
                raise Forbidden("您的角色无权导出此列表")
        queryset = self.queryset()
        filterset = self.filterset(queryset)
        context = {"filterset": filterset, "actions": visible_actions(self.actions, request.user),
                   "description": self.description, "clear_url": request.path,
                   "filters_active": filterset.active_count() if filterset is not None else 0}
        if filterset is not None and not filterset.is_valid():
            return self.render({**context, "filter_errors": filterset.error_list()}, status=422)
        rows = filterset.qs if filterset is not None else queryset
        rows, state = self.ordered(rows, request.GET.get("sort", ""))
        if fmt is not None:
            return self.export(rows, fmt, filterset)
        page = self.page(rows, request.GET.get("page"))
        bulk = self.allowed_bulk_actions()
        table = self.table_class(page.object_list, select=bool(bulk), empty_text=self.empty_text)
        table.sort_links = self.sort_links(rows.model, state)
        pager = {"count": page.paginator.shown_count, "number": page.number, "pages": page.paginator.num_pages,
                 "shown_pages": page.paginator.shown_pages,
                 "previous": self.link(page=page.previous_page_number()) if page.has_previous() else "",
                 "next": self.link(page=page.next_page_number()) if page.has_next() else ""}
        exports = ({fmt: self.link(export=fmt, page=None) for fmt in export.FORMATS} if self.may_export() else {})
        return self.render({**context, "table": table, "pager": pager, "exports": exports, "bulk_actions": bulk})
