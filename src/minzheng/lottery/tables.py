"""Tables of the fund's pages."""

from __future__ import annotations

from minzheng.core.pages.columns import CodeColumn, DateColumn, MoneyColumn, PageTable, RegionColumn, TextColumn
from minzheng.lottery import codes


class ReceiptTable(PageTable):
    year = TextColumn("资金年度")
    received_on = DateColumn("到账日期")
    amount = MoneyColumn("金额（元）")
    source = CodeColumn(codes.SOURCES, "来源")
    document_no = TextColumn("文号")
    region_code = RegionColumn("区划")


class ProjectTable(PageTable):
    year = TextColumn("资金年度")
    name = TextColumn("项目名称")
    area = CodeColumn(codes.AREAS, "资助领域")
    amount = MoneyColumn("安排金额（元）")
    implementer = TextColumn("实施单位")
    progress = CodeColumn(codes.PROGRESS, "进度")
    accepted_on = DateColumn("验收日期")
    region_code = RegionColumn("区划")
