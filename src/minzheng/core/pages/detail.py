"""The generic detail page: one object through a selector, label/value sections and related tables.

    class PersonDetail(DetailPage):
        title = "人员"
        permission = "people.view"
        selector = staticmethod(selectors.get_person)          # (user, pk) -> object, raises NotFound (404)
        sections = [Section("基本信息", {"name": TextColumn("姓名"), "sex": CodeColumn(codes.SEX, "性别"),
                                         "region": RegionColumn("经常居住地")})]
        related = [Related("家庭成员", MemberTable, selectors.members_of)]   # (user, obj) -> rows
        actions = [PageAction("person_edit", "修改", "people.change", url_args=("pk",))]

Sections use the same typed columns as tables, so a detail page shows names and labels, never codes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from minzheng.core.errors import NotFound
from minzheng.core.pages.base import Page, declared, parse_pk, visible_actions
from minzheng.core.pages.columns import PageTable


class Section:
    """A titled list of label/value pairs; `columns` maps the attribute (accessor) to its typed column."""

    def __init__(self, title: str, columns: dict):
        self.title = title
        self.table_class = type("SectionTable", (PageTable,), dict(columns))

    def pairs(self, obj) -> list[tuple[str, str]]:
        table = self.table_class([obj])
        row = next(iter(table.rows))
        return [(column.header, cell) for column, cell in row.items()]


@dataclass(frozen=True)
class Related:
    """A table of related rows; `rows(user, obj)` is a selector. At most `limit` rows are shown."""

    title: str
    table_class: type
    rows: Callable
    limit: int = 100
    empty_text: str = field(default="暂无记录")


class DetailPage(Page):
    template_name = "core/pages/detail.html"
    selector = None
    sections: list = []
    related: list = []
    actions: list = []
    pk_url_kwarg = "pk"

    def heading(self, obj) -> str:
        return f"{self.title}：{obj}" if self.title else str(obj)

    def get(self, request, *args, **kwargs):
        pk = kwargs.get(self.pk_url_kwarg)
        if isinstance(pk, int):  # <int:pk> accepts any digits; ids past 64 bits would overflow the database
            pk = parse_pk(pk)
        if pk is None:
            raise NotFound()
        obj = declared(self, "selector")(request.user, pk)
        sections = [{"title": s.title, "pairs": s.pairs(obj)} for s in self.sections]
        tables = []
        for rel in self.related:
            rows = list(rel.rows(request.user, obj)[: rel.limit + 1])
            tables.append({"title": rel.title, "more": len(rows) > rel.limit, "limit": rel.limit,
                           "table": rel.table_class(rows[: rel.limit], empty_text=rel.empty_text)})
        return self.render({"object": obj, "heading": self.heading(obj), "sections": sections, "related": tables,
                            "actions": visible_actions(self.actions, request.user, obj)})
