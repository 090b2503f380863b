"""The funds and caseload board (资金和对象看板: households and persons in force by program, funds paid by month,
program and child region, from the benefits kernel and the payroll; ECharts trends; each chart and the whole board to
Excel) and the list of records behind a value (the app's own scoped list, with its export)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.module_loading import import_string

from minzheng.core import clock, regions, roles
from minzheng.core.data_elements import Period
from minzheng.core.errors import Forbidden, ValidationFailed
from minzheng.core.pages.base import error_page
from minzheng.core.pages.lists import ListPage
from minzheng.indicators import breakdowns, selectors
from minzheng.indicators import charts as chart_data
from minzheng.indicators.views.plans import _Checked, _number


def _charts(board, names: dict) -> list[chart_data.Chart]:
    return [
        chart_data.Chart("months", "按月走势", ["月份", "在保家庭户数（户）", "在保人数（人）", "发放资金（元）",
                                             "发放人次"],
                         [[m["month"], m["households"], m["persons"], m["paid"], m["lines"]] for m in board.months]),
        chart_data.Chart("programs", "按救助项目",
                         ["救助项目", "在保家庭户数（户）", "在保人数（人）", "发放资金（元）", "发放人次"],
                         [[p["label"], p["households"], p["persons"], p["paid"], p["lines"]]
                          for p in board.programs]),
        chart_data.Chart("regions", "下级区划比较", ["区划代码", "区划", "在保家庭户数（户）", "在保人数（人）",
                                                  "发放资金（元）", "发放人次"],
                         [[r["code"], names.get(r["code"], r["code"]), r["households"], r["persons"], r["paid"],
                           r["lines"]] for r in board.regions]),
        chart_data.Chart("urban_rural", "按城乡", ["城乡", "在保人数（人）", "发放资金（元）"],
                         [[u["label"], u["persons"], u["paid"]] for u in board.urban_rural]),
    ]


def _money(value) -> str:
    return format(Decimal(value or 0).quantize(Decimal("0.01")), "f")


def _list_link(user, code: str, region_code: str, period: str) -> str:
    """The records behind a figure, when its app declares them and the role may read them."""
    from minzheng.indicators.views.plans import _records_link

    return _records_link(user, code, region_code, period)


class FundsBoard(_Checked):
    title = "资金和对象看板"
    permission = "indicators.view"
    template_name = "indicators/funds.html"

    def get(self, request):
        user = request.user
        region_code = selectors.region_in_scope(user, request.GET.get("region_code", "").strip())
        period = Period.parse(request.GET.get("period", "").strip() or str(clock.today().year))
        board = breakdowns.funds_board(user, region_code, period.code)
        names = regions.names_for([region_code, *(r["code"] for r in board.regions)])
        charts = _charts(board, names)
        name = names.get(region_code, region_code)
        if request.GET.get("export") == "xlsx":
            filters = {"period": period.code}
            if request.GET.get("chart"):
                chart = chart_data.pick(charts, request.GET["chart"])
                return chart_data.chart_response(user, chart, f"资金和对象-{chart.title}-{name}-{period.code}.xlsx",
                                                 "indicator_value", region_code, filters)
            return chart_data.workbook_response(user, charts, f"资金和对象看板-{name}-{period.code}.xlsx",
                                                "indicator_value", region_code, filters)
        data = {"months": [m["month"] for m in board.months],
                "households": [_number(m["households"]) for m in board.months],
                "persons": [_number(m["persons"]) for m in board.months],
                "paid": [_number(m["paid"]) for m in board.months],
                "programs": [p["label"] for p in board.programs],
                "program_persons": [_number(p["persons"]) for p in board.programs],
                "program_paid": [_number(p["paid"]) for p in board.programs],
                "regions": [names.get(r["code"], r["code"]) for r in board.regions],
                "region_persons": [_number(r["persons"]) for r in board.regions],
                "region_paid": [_number(r["paid"]) for r in board.regions]}
        tiles = [(label, _money(board.totals.get(code)) if unit == "元" else _number(board.totals.get(code)),
                  unit, _list_link(user, code, region_code, period.code))
                 for code, label, unit in (("benefits.households", "在保家庭户数", "户"),
                                           ("benefits.persons", "在保人数（按项目计）", "人"),
                                           ("payroll.paid_amount", "发放资金", "元"),
                                           ("payroll.paid_lines", "发放人次", "人次"))] if board.available else []
        return self.render({"board": board, "region_code": region_code, "region_name": name, "tiles": tiles,
                            "period": period.code, "names": names, "data": data,
                            "regions": [(r, names.get(r["code"], r["code"]),
                                         _list_link(user, "benefits.persons", r["code"], period.code))
                                        for r in board.regions],
                            "export_base": f"?region_code={region_code}&period={period.code}&export=xlsx"})


class RecordList(ListPage):
    """The records behind a data element's value for a region and period: the app's scoped selector and list table
    (core.data_elements.Records), filtered by nothing else, exported with the app's export permission."""

    title = "指标明细名单"
    permission = "indicators.view"

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except ValidationFailed as exc:
            return error_page(request, 422, "；".join(e.message for e in exc.errors))

    def get(self, request, element):
        user = request.user
        found = breakdowns.element_with_records(element)  # 404 for an element without records
        records = found.records
        if not roles.has_perm(user, records.permission):
            raise Forbidden(f"您的角色无权查看{records.noun}名单")
        self.code = element
        self.region_code = selectors.region_in_scope(user, request.GET.get("region_code", "").strip())
        self.period = Period.parse(request.GET.get("period", "").strip() or str(clock.today().year)).code
        self.table_class = import_string(records.table)
        self.ordering = records.ordering
        self.export_permission = records.export_permission
        name = regions.names_for([self.region_code]).get(self.region_code, self.region_code)
        self.title = f"{found.name}｜{name}｜{self.period}"
        when = "统计期内" if found.kind == "flow" else "统计期末"
        self.description = (f"构成该数值的{records.noun}（{when}，{name}及下级区划，按您的权限范围）。"
                            f"{found.description}")
        return super().get(request)

    def queryset(self):
        return breakdowns.records_of(self.request.user, self.code, self.region_code, self.period)
