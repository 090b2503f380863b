"""Filter sets of the fund's lists, shared by the pages and the API."""

from __future__ import annotations

from minzheng.core.pages.filters import ChoiceFilter, ContainsFilter, PageFilterSet
from minzheng.core.pages.region_picker import RegionFilter
from minzheng.lottery import codes

YEARS = [(str(y), str(y)) for y in range(2015, 2036)]


class ReceiptFilters(PageFilterSet):
    year = ChoiceFilter("year", label="资金年度", choices=YEARS)
    source = ChoiceFilter("source", label="来源", choices=codes.SOURCES)
    region_code = RegionFilter("region_code", label="区划")


class ProjectFilters(PageFilterSet):
    year = ChoiceFilter("year", label="资金年度", choices=YEARS)
    area = ChoiceFilter("area", label="资助领域", choices=codes.AREAS)
    progress = ChoiceFilter("progress", label="进度", choices=codes.PROGRESS)
    name = ContainsFilter("name", label="项目名称")
    implementer = ContainsFilter("implementer", label="实施单位")
    region_code = RegionFilter("region_code", label="区划")
