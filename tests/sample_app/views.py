from minzheng.core.pages.columns import CodeColumn, MoneyColumn, PageTable, RegionColumn, TextColumn
from minzheng.core.pages.filters import ChoiceFilter, PageFilterSet, RegionFilter
from minzheng.core.pages.lists import ListPage
from tests.sample_app import selectors
from tests.sample_app.codes import STATUS


class AllowanceFilters(PageFilterSet):
    region_code = RegionFilter("region_code")
    status = ChoiceFilter("status", label="状态", choices=STATUS)


class AllowanceTable(PageTable):
    name = TextColumn("姓名")
    region_code = RegionColumn("区划")
    amount = MoneyColumn("金额")
    status = CodeColumn(STATUS, "状态")


class AllowanceList(ListPage):
    title = "试点补贴"
    permission = "sample.view"
    selector = staticmethod(selectors.allowances_for)
    filterset_class = AllowanceFilters
    table_class = AllowanceTable
    ordering = ("name",)
