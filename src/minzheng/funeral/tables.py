"""Tables of the funeral pages (rendered by core/pages/_table.html, exported with labels and region names)."""

from __future__ import annotations

from minzheng.core.pages.columns import (
    CodeColumn,
    CountColumn,
    DateColumn,
    LinkColumn,
    MoneyColumn,
    PageTable,
    RegionColumn,
    TextColumn,
)
from minzheng.funeral import codes


class DeathTable(PageTable):
    name = LinkColumn("逝者", "funeral_death", accessor="person__name")
    region = RegionColumn("村(社区)", accessor="region_code")
    death_date = DateColumn("死亡日期")
    source = CodeColumn(codes.DEATH_SOURCES, "死亡信息来源")
    status = CodeColumn(codes.DEATH_STATUS, "状态")
    registered_on = DateColumn("登记日期")


class CemeteryTable(PageTable):
    name = TextColumn("公墓名称")
    region = RegionColumn("所在区划", accessor="region_code")
    kind = CodeColumn(codes.CEMETERY_KINDS, "类型")
    operator = TextColumn("经营管理单位")
    address = TextColumn("地址")


class PlotTable(PageTable):
    cemetery = TextColumn("公墓", accessor="cemetery__name")
    code = TextColumn("编号")
    kind = CodeColumn(codes.PLOT_KINDS, "类型")
    status = CodeColumn(codes.PLOT_STATUS, "状态")
    holder_name = TextColumn("使用权人")
    fee = MoneyColumn("收费")
    paid_until = DateColumn("续费到期日")


class SlotTable(PageTable):
    cemetery = TextColumn("公墓", accessor="cemetery__name")
    day = DateColumn("日期")
    starts = TextColumn("开始", accessor="starts_text", orderable=False)
    ends = TextColumn("结束", accessor="ends_text", orderable=False)
    capacity = CountColumn("可预约人数")
    booked = CountColumn("已预约人数")


class BookingTable(PageTable):
    visitor_name = LinkColumn("预约人", "funeral_booking_ticket")
    cemetery = TextColumn("公墓", accessor="slot__cemetery__name")
    day = DateColumn("祭扫日期", accessor="slot__day")
    party_size = CountColumn("人数")
    status = CodeColumn(codes.BOOKING_STATUS, "状态")
    created_at = DateColumn("预约时间")


class EcoTable(PageTable):
    name = LinkColumn("逝者", "funeral_death", accessor="death__person__name", url_args=("death_id",))
    region = RegionColumn("村(社区)", accessor="region_code")
    kind = CodeColumn(codes.ECO_KINDS, "安葬方式")
    buried_on = DateColumn("安葬日期")
    place = TextColumn("安葬地点")
    reward = MoneyColumn("奖补金额")
    status = CodeColumn(codes.ECO_STATUS, "状态")


class SettlementTable(PageTable):
    home = TextColumn("殡仪馆", accessor="funeral_home__name")
    month = DateColumn("结算月份")
    count = CountColumn("减免具数")
    total = MoneyColumn("结算金额")
    created_at = DateColumn("结算时间")


class IndicatorTable(PageTable):
    region_name = TextColumn("区划", orderable=False)
    deaths = CountColumn("死亡登记", orderable=False)
    cremations = CountColumn("火化", orderable=False)
    eco_burials = CountColumn("生态安葬", orderable=False)
    cremation_rate = TextColumn("火化率（%）", orderable=False)
    eco_rate = TextColumn("生态安葬率（%）", orderable=False)
