"""Tables of the relief pages (typed columns: region names, code labels; exports as people read them)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import format_html

from minzheng.core.pages.columns import (
    BooleanColumn,
    CodeColumn,
    CountColumn,
    DateColumn,
    LinkColumn,
    MoneyColumn,
    PageTable,
    RegionColumn,
    TextColumn,
    TypedColumn,
)
from minzheng.relief import codes


class EventTable(PageTable):
    name = LinkColumn("灾害名称", "relief_event", url_args=("pk",))
    kind = CodeColumn(codes.DISASTER_KINDS, "灾害种类")
    region_code = RegionColumn("受灾区划")
    area = TextColumn("受灾区域")
    started_on = DateColumn("发生日期")
    ended_on = DateColumn("灾情稳定日期")


class ReportTable(PageTable):
    event = TextColumn("灾害事件", accessor="event__name")
    region_code = RegionColumn("村(社区)")
    stage = CodeColumn(codes.STAGES, "阶段")
    reported_on = DateColumn("报送日期")
    due_on = DateColumn("应报日期")
    late = BooleanColumn("逾期", orderable=False)
    affected_persons = CountColumn("受灾人口")
    relocated_persons = CountColumn("转移安置")
    houses_collapsed = CountColumn("倒塌房屋")
    houses_severe = CountColumn("严重损坏")
    crop_affected = MoneyColumn("农作物受灾（公顷）")
    direct_loss = MoneyColumn("直接经济损失（万元）")
    reporter = TextColumn("灾害信息员")


class AffectedTable(PageTable):
    event = TextColumn("灾害事件", accessor="event__name")
    person = TextColumn("联系人", accessor="person__name")
    region_code = RegionColumn("村(社区)")
    house_damage = CodeColumn(codes.HOUSE_DAMAGE, "房屋倒损")
    persons = CountColumn("受灾人数")
    note = TextColumn("受灾情况")
    warning_id = TextColumn("监测预警编号")


class WarehouseTable(PageTable):
    name = LinkColumn("储备库", "relief_warehouse", url_args=("pk",))
    level = CodeColumn(codes.WAREHOUSE_LEVELS, "层级")
    region_code = RegionColumn("所在区划")
    address = TextColumn("地址")
    keeper = TextColumn("保管员")


class StockTable(PageTable):
    warehouse = TextColumn("储备库", accessor="warehouse__name")
    item = TextColumn("物资", accessor="item__name")
    unit = TextColumn("单位", accessor="item__unit", orderable=False)
    quantity = CountColumn("库存数量")
    region_code = RegionColumn("所在区划")


class MovementTable(PageTable):
    moved_on = DateColumn("日期")
    warehouse = TextColumn("储备库", accessor="warehouse__name")
    item = TextColumn("物资", accessor="item__name")
    kind = CodeColumn(codes.MOVEMENT_KINDS, "类别")
    delta = CountColumn("数量变动")
    balance = CountColumn("变动后库存")
    source = CodeColumn(codes.RECEIPT_SOURCES, "入库来源")
    destination_code = RegionColumn("调往区划")
    status = CodeColumn(codes.DISPATCH_STATUS, "签收")
    signed_by = TextColumn("签收人")
    expires_on = DateColumn("有效期至")
    note = TextColumn("说明")


class StepColumn(TypedColumn):
    """A link to the next step of a dispatch (签收 while unsigned); not exported."""

    def __init__(self, verbose_name, url_name: str, label: str, **kwargs):
        kwargs.setdefault("orderable", False)
        kwargs.setdefault("exclude_from_export", True)
        super().__init__(verbose_name, accessor="pk", **kwargs)
        self.url_name, self.label = url_name, label

    def display(self, raw, record, table):
        return format_html('<a href="{}">{}</a>', reverse(self.url_name, args=[raw]), self.label)


class DispatchTable(MovementTable):
    sign = StepColumn("操作", "relief_dispatch_sign", "签收 / 回收")

    class Meta:
        exclude = ("source", "expires_on", "balance")


# ---- 灾害信息员, 避难场所, stocktakes, exchanges --------------------------------------------------------------------


class FacilitiesColumn(TypedColumn):
    """The comma-joined facility codes as their names."""

    def display(self, raw, record, table):
        return "、".join(codes.FACILITIES.get(f, f) for f in (raw or "").split(",") if f)

    export = display


class OfficerTable(PageTable):
    name = TextColumn("姓名")
    region_code = RegionColumn("村(社区)")
    role = CodeColumn(codes.OFFICER_ROLES, "职责")
    phone = TextColumn("联系电话", accessor="phone_masked", orderable=False)
    trained_on = DateColumn("最近培训")
    training = TextColumn("培训内容")
    active = BooleanColumn("在岗", yes="在岗", no="已离岗")
    train = StepColumn("操作", "relief_officer_train", "登记培训")


class CoverageTable(PageTable):
    name = TextColumn("村(社区)")
    code = RegionColumn("所属区划", accessor="parent_id")
    officers = CountColumn("在岗信息员")
    covered = BooleanColumn("已覆盖", accessor="officers", yes="已覆盖", no="未配备", orderable=False)
    last_trained = DateColumn("最近培训")


class ShelterTable(PageTable):
    name = LinkColumn("场所名称", "relief_shelter", url_args=("pk",))
    kind = CodeColumn(codes.SHELTER_KINDS, "类型")
    region_code = RegionColumn("所在区划")
    capacity = CountColumn("容纳人数")
    occupancy = CountColumn("当前安置", orderable=False)
    open_event = TextColumn("启用于", orderable=False)
    facilities = FacilitiesColumn("设施", orderable=False)
    manager = TextColumn("管理人")


class OpeningTable(PageTable):
    shelter = TextColumn("避难场所", accessor="shelter__name")
    event = TextColumn("灾害事件", accessor="event__name")
    opened_on = DateColumn("启用日期")
    closed_on = DateColumn("关闭日期")
    occupancy = CountColumn("当前安置")
    peak = CountColumn("最多安置")
    step = StepColumn("操作", "relief_opening_update", "安置人数 / 关闭")


class StocktakeTable(PageTable):
    counted_on = LinkColumn("盘点日期", "relief_stocktake", url_args=("pk",))
    warehouse = TextColumn("储备库", accessor="warehouse__name")
    counted_by = TextColumn("盘点人")
    differences = CountColumn("差异品种", orderable=False)
    note = TextColumn("说明")


class StocktakeLineTable(PageTable):
    item = TextColumn("物资", accessor="item__name")
    unit = TextColumn("单位", accessor="item__unit", orderable=False)
    book = CountColumn("账面数量")
    counted = CountColumn("实盘数量")
    difference = CountColumn("差异", orderable=False)
    explanation = TextColumn("差异原因")


class ExchangeTable(PageTable):
    created_at = DateColumn("时间")
    direction = CodeColumn(codes.EXCHANGE_DIRECTIONS, "方向")
    name = TextColumn("文件名")
    rows = CountColumn("行数")
    created = CountColumn("新增")
    unchanged = CountColumn("未变化")
