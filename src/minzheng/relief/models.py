"""Records of disaster relief and the relief-material reserve.

Disasters: `DisasterEvent` (kind, area, dates), `DamageReport` (a village's 初报/续报/核报 figures with the deadline
it was due by: `ReportRule` rows by region and date hold the deadlines), `AffectedHousehold` (a registry household
recorded as affected; handed over to monitoring) and `ReliefCase` (the kernel case of a relief program opened for it).

Reserve: `Warehouse`, `ReliefItem` (an item and its unit), `Stock` (the balance of one item in one warehouse, never
negative: a CHECK constraint and a conditional UPDATE in services.reserve), `Movement` (the ledger: every receipt,
dispatch, return, stocktake difference and write-off, with the balance after it — the balances of a warehouse's
ledger sum to its stock at every moment), `Stocktake` and `StocktakeLine` (counted vs book, differences explained).
Local capacity: `InformationOfficer` (灾害信息员: a village's reporter, trained, with a sealed phone number; damage
reports name the one who reported), `Shelter` (应急避难场所: place, capacity, facilities) and `ShelterOpening` (a
shelter opened for an event, its occupancy). Exchange: `Exchange` (a file exchanged with 应急管理部门, its digest so
the same file twice changes nothing).

Every table is scoped (core.scoping) by the region it belongs to."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from minzheng.core import crypto, protected
from minzheng.core.scoping import Scope, ScopedQuerySet
from minzheng.relief import codes

VIEW, MANAGE, REPORT, STORE, EXPORT = ("relief.view", "relief.manage", "relief.report", "relief.store",
                                       "relief.export")


def _choices(table: dict[str, str]) -> list[tuple[str, str]]:
    return list(table.items())


class DisasterEvent(models.Model):
    """一次自然灾害过程: its kind, the area hit (the region code of the smallest division covering it, and a text),
    and its dates (ended_on empty while it lasts)."""

    name = models.CharField("灾害名称", max_length=100)
    kind = models.CharField("灾害种类", max_length=20, choices=_choices(codes.DISASTER_KINDS))
    region_code = models.CharField("受灾区划", max_length=12, db_index=True)
    area = models.CharField("受灾区域", max_length=300, blank=True, default="")
    started_on = models.DateField("发生日期")
    ended_on = models.DateField("结束（灾情稳定）日期", null=True, blank=True)
    description = models.TextField("灾情概述", blank=True, default="")
    source_ref = models.CharField("应急管理部门事件编号", max_length=40, null=True, blank=True, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name="登记人")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    scope = Scope("region_code", view=VIEW, change=MANAGE, export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "灾害事件"
        ordering = ["-started_on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F(
            "started_on")), name="relief_event_dates")]

    def __str__(self) -> str:
        return self.name


class ReportRule(models.Model):
    """报灾时限 as data: for a stage, the report is due `days` calendar days after its anchor (初报: the event's
    start; 续报: the previous report; 核报: the day the disaster became stable). Rows by region and start date; the
    most specific region in force wins (a bundled 示例 set: data/report_rules.csv)."""

    region_code = models.CharField("区划", max_length=12)
    stage = models.CharField("报送阶段", max_length=10, choices=_choices(codes.STAGES))
    days = models.PositiveSmallIntegerField("时限（日）")
    effective_from = models.DateField("生效日期")
    source = models.CharField("依据", max_length=300, blank=True, default="")

    class Meta:
        verbose_name = "报灾时限"
        constraints = [models.UniqueConstraint(fields=["region_code", "stage", "effective_from"],
                                               name="relief_report_rule_once")]

    def __str__(self) -> str:
        return f"{self.region_code} {self.stage} {self.days}日"


class DamageReport(models.Model):
    """One village's damage figures for an event at one stage, as the 灾害信息员 reports them."""

    event = models.ForeignKey(DisasterEvent, on_delete=models.PROTECT, related_name="reports",
                              verbose_name="灾害事件")
    region_code = models.CharField("村（社区）", max_length=12, db_index=True)
    stage = models.CharField("报送阶段", max_length=10, choices=_choices(codes.STAGES))
    reported_on = models.DateField("报送日期")
    due_on = models.DateField("应报日期", null=True, blank=True)
    affected_persons = models.PositiveIntegerField("受灾人口（人）", default=0)
    relocated_persons = models.PositiveIntegerField("紧急转移安置人口（人）", default=0)
    needing_help = models.PositiveIntegerField("需紧急生活救助人口（人）", default=0)
    deaths = models.PositiveIntegerField("死亡失踪人口（人）", default=0)
    houses_collapsed = models.PositiveIntegerField("倒塌房屋（间）", default=0)
    houses_severe = models.PositiveIntegerField("严重损坏房屋（间）", default=0)
    houses_general = models.PositiveIntegerField("一般损坏房屋（间）", default=0)
    crop_affected = models.DecimalField("农作物受灾面积（公顷）", max_digits=12, decimal_places=2, default=0)
    crop_failed = models.DecimalField("农作物绝收面积（公顷）", max_digits=12, decimal_places=2, default=0)
    direct_loss = models.DecimalField("直接经济损失（万元）", max_digits=14, decimal_places=2, default=0)
    reporter = models.CharField("灾害信息员", max_length=50)
    officer = models.ForeignKey("relief.InformationOfficer", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="reports", verbose_name="报送的灾害信息员")
    note = models.CharField("说明", max_length=500, blank=True, default="")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name="录入人")
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    scope = Scope("region_code", view=VIEW, change=REPORT, export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "灾情报告"
        ordering = ["event_id", "region_code", "reported_on", "id"]
        constraints = [
            # 初报 and 核报 once per village and event; 续报 as often as the situation changes.
            models.UniqueConstraint(fields=["event", "region_code", "stage"], condition=~Q(stage="update"),
                                    name="relief_report_once_per_stage"),
            models.CheckConstraint(condition=Q(crop_failed__lte=models.F("crop_affected")),
                                   name="relief_report_crop_failed_within_affected"),
        ]

    def __str__(self) -> str:
        return f"{self.event_id}·{self.region_code}·{self.stage}"

    @property
    def late(self) -> bool:
        return self.due_on is not None and self.reported_on > self.due_on


class AffectedHousehold(models.Model):
    """A registry household recorded as affected by an event (its house damage and the people affected); the
    hand-over to monitoring is the warning it raised (monitoring.services.warnings.raise_from)."""

    event = models.ForeignKey(DisasterEvent, on_delete=models.PROTECT, related_name="households",
                              verbose_name="灾害事件")
    household = models.ForeignKey("registry.Household", on_delete=models.PROTECT, related_name="+",
                                  verbose_name="家庭")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+",
                               verbose_name="联系人")
    region_code = models.CharField("区划", max_length=12, db_index=True)
    house_damage = models.CharField("房屋倒损", max_length=10, choices=_choices(codes.HOUSE_DAMAGE),
                                    default="none")
    persons = models.PositiveSmallIntegerField("受灾人数")
    note = models.CharField("受灾情况", max_length=500, blank=True, default="")
    warning_id = models.BigIntegerField("监测预警", null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name="录入人")
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    scope = Scope("region_code", view=VIEW, change=REPORT, export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "受灾家庭"
        ordering = ["event_id", "region_code", "id"]
        constraints = [models.UniqueConstraint(fields=["event", "household"], name="relief_household_once")]

    def __str__(self) -> str:
        return f"受灾家庭 #{self.household_id}"


class ReliefCase(models.Model):
    """A relief program's kernel case opened for an affected household (the kernel decides and pays it)."""

    affected = models.ForeignKey(AffectedHousehold, on_delete=models.PROTECT, related_name="cases",
                                 verbose_name="受灾家庭")
    case = models.OneToOneField("benefits.Case", on_delete=models.PROTECT, related_name="+", verbose_name="救助案件")
    program = models.CharField("救助项目", max_length=30, choices=_choices(codes.PROGRAMS))
    region_code = models.CharField("区划", max_length=12, db_index=True)
    created_at = models.DateTimeField("申请时间", auto_now_add=True)

    scope = Scope("region_code", view=VIEW, change=REPORT, export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "受灾救助申请"
        ordering = ["-id"]


# ---- the material reserve ---------------------------------------------------------------------------------------

    def __str__(self) -> str:
        return f"{self.program} #{self.case_id}"


class Warehouse(models.Model):
    name = models.CharField("储备库名称", max_length=100)
    level = models.CharField("层级", max_length=10, choices=_choices(codes.WAREHOUSE_LEVELS))
    region_code = models.CharField("所在区划", max_length=12, db_index=True)
    address = models.CharField("地址", max_length=200, blank=True, default="")
    keeper = models.CharField("保管员", max_length=50, blank=True, default="")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    scope = Scope("region_code", view=VIEW, change=STORE, export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "救灾物资储备库"
        ordering = ["region_code", "name", "id"]
        constraints = [models.UniqueConstraint(fields=["region_code", "name"], name="relief_warehouse_name_once")]

    def __str__(self) -> str:
        return self.name


class ReliefItem(models.Model):
    """An item of relief material and the unit it is counted in (帐篷·顶, 棉被·床 …): one catalogue for the county."""

    name = models.CharField("物资名称", max_length=50, unique=True)
    unit = models.CharField("计量单位", max_length=10)

    class Meta:
        verbose_name = "救灾物资品种"
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name}（{self.unit}）"


class Stock(models.Model):
    """The book balance of one item in one warehouse. Changed only by services.reserve, in the same transaction as
    the ledger row that explains the change."""

    warehouse = models.ForeignKey(Warehouse, on_delete=models.PROTECT, related_name="stock", verbose_name="储备库")
    item = models.ForeignKey(ReliefItem, on_delete=models.PROTECT, related_name="+", verbose_name="物资")
    region_code = models.CharField("区划", max_length=12, db_index=True)
    quantity = models.BigIntegerField("库存数量", default=0)

    scope = Scope("region_code", view=VIEW, change=STORE, export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "库存"
        ordering = ["warehouse_id", "item__name"]
        constraints = [models.UniqueConstraint(fields=["warehouse", "item"], name="relief_stock_once"),
                       models.CheckConstraint(condition=Q(quantity__gte=0), name="relief_stock_never_negative")]

    def __str__(self) -> str:
        return f"{self.warehouse_id}·{self.item_id}: {self.quantity}"


class Stocktake(models.Model):
    warehouse = models.ForeignKey(Warehouse, on_delete=models.PROTECT, related_name="stocktakes",
                                  verbose_name="储备库")
    region_code = models.CharField("区划", max_length=12, db_index=True)
    counted_on = models.DateField("盘点日期")
    counted_by = models.CharField("盘点人", max_length=100)
    note = models.CharField("说明", max_length=500, blank=True, default="")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name="录入人")
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    scope = Scope("region_code", view=VIEW, change=STORE, export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "库存盘点"
        ordering = ["-counted_on", "-id"]

    def __str__(self) -> str:
        return f"盘点 {self.counted_on}"


class StocktakeLine(models.Model):
    stocktake = models.ForeignKey(Stocktake, on_delete=models.CASCADE, related_name="lines", verbose_name="盘点")
    item = models.ForeignKey(ReliefItem, on_delete=models.PROTECT, related_name="+", verbose_name="物资")
    book = models.BigIntegerField("账面数量")
    counted = models.BigIntegerField("实盘数量")
    explanation = models.CharField("差异原因", max_length=300, blank=True, default="")

    class Meta:
        verbose_name = "盘点明细"
        constraints = [models.CheckConstraint(condition=Q(counted__gte=0), name="relief_count_nonnegative")]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.book} → {self.counted}"

    @property
    def difference(self) -> int:
        return self.counted - self.book


class Movement(models.Model):
    """One ledger row: `delta` is signed (receipts, returns, 盘盈 +; dispatches, 盘亏, write-offs −) and `balance` is
    the warehouse's stock of the item right after it, so the ledger can be checked row by row."""

    warehouse = models.ForeignKey(Warehouse, on_delete=models.PROTECT, related_name="movements",
                                  verbose_name="储备库")
    item = models.ForeignKey(ReliefItem, on_delete=models.PROTECT, related_name="+", verbose_name="物资")
    region_code = models.CharField("区划", max_length=12, db_index=True)  # the warehouse's
    kind = models.CharField("类别", max_length=12, choices=_choices(codes.MOVEMENT_KINDS))
    delta = models.BigIntegerField("数量变动")
    balance = models.BigIntegerField("变动后库存")
    moved_on = models.DateField("日期")
    source = models.CharField("入库来源", max_length=12, blank=True, default="",
                              choices=_choices(codes.RECEIPT_SOURCES))
    supplier = models.CharField("供货/调拨/捐赠单位", max_length=100, blank=True, default="")
    expires_on = models.DateField("有效期至", null=True, blank=True)
    event = models.ForeignKey(DisasterEvent, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                              verbose_name="灾害事件")
    destination_code = models.CharField("调往区划", max_length=12, blank=True, default="")
    recipient = models.CharField("接收人", max_length=50, blank=True, default="")
    status = models.CharField("签收状态", max_length=10, blank=True, default="",
                              choices=_choices(codes.DISPATCH_STATUS))
    signed_by = models.CharField("签收人", max_length=50, blank=True, default="")
    signed_on = models.DateField("签收日期", null=True, blank=True)
    dispatch = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="returns",
                                 verbose_name="回收的调拨")
    stocktake = models.ForeignKey(Stocktake, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                  verbose_name="盘点")
    note = models.CharField("说明", max_length=300, blank=True, default="")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+",
                                    verbose_name="录入人")
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    scope = Scope("region_code", view=VIEW, change=STORE, export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "物资台账"
        ordering = ["warehouse_id", "item_id", "id"]
        indexes = [models.Index(fields=["warehouse", "item", "id"], name="relief_ledger_order")]
        constraints = [models.CheckConstraint(condition=Q(balance__gte=0), name="relief_ledger_never_negative"),
                       models.CheckConstraint(condition=~Q(delta=0), name="relief_ledger_moves")]

    def __str__(self) -> str:
        return f"{self.kind} {self.delta:+d}"


# ---- local capacity: 灾害信息员 and 应急避难场所 ---------------------------------------------------------------------


class InformationOfficer(models.Model):
    """灾害信息员: the person who reports a village's damage (《灾害信息员管理办法》, one per village at least, a
    backup where possible), trained, reachable. The phone number is sealed (SM4, bound to the row) and masked."""

    region_code = models.CharField("村（社区）", max_length=12, db_index=True)
    name = models.CharField("姓名", max_length=50)
    role = models.CharField("职责", max_length=10, choices=_choices(codes.OFFICER_ROLES), default="principal")
    phone_enc = models.BinaryField("联系电话（密文）", null=True, blank=True)
    trained_on = models.DateField("最近培训日期", null=True, blank=True)
    training = models.CharField("培训内容", max_length=200, blank=True, default="")
    active = models.BooleanField("在岗", default=True)
    left_on = models.DateField("离岗日期", null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name="录入人")
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    SEALED = (protected.Sealed("phone_enc", "id"),)
    scope = Scope("region_code", view=VIEW, change=REPORT, export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "灾害信息员"
        ordering = ["region_code", "-role", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def phone_masked(self) -> str:
        return protected.masked(self, "phone_enc", crypto.mask_phone)


class Shelter(models.Model):
    """应急避难场所: where people relocated in a disaster stay (a school, a community centre, a park)."""

    name = models.CharField("场所名称", max_length=100)
    kind = models.CharField("场所类型", max_length=12, choices=_choices(codes.SHELTER_KINDS))
    region_code = models.CharField("所在区划", max_length=12, db_index=True)
    address = models.CharField("地址", max_length=200, blank=True, default="")
    capacity = models.PositiveIntegerField("容纳人数")
    area_m2 = models.PositiveIntegerField("有效面积（平方米）", null=True, blank=True)
    facilities = models.CharField("设施", max_length=200, blank=True, default="")  # codes.FACILITIES, comma-joined
    manager = models.CharField("管理人", max_length=50, blank=True, default="")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    scope = Scope("region_code", view=VIEW, change=REPORT, export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "应急避难场所"
        ordering = ["region_code", "name", "id"]
        constraints = [models.UniqueConstraint(fields=["region_code", "name"], name="relief_shelter_name_once"),
                       models.CheckConstraint(condition=Q(capacity__gte=1), name="relief_shelter_capacity")]

    def __str__(self) -> str:
        return self.name

    @property
    def facility_codes(self) -> list[str]:
        return [f for f in self.facilities.split(",") if f]


class ShelterOpening(models.Model):
    """A shelter opened for an event: how many people stay there now and at most (never above its capacity)."""

    shelter = models.ForeignKey(Shelter, on_delete=models.PROTECT, related_name="openings", verbose_name="避难场所")
    event = models.ForeignKey(DisasterEvent, on_delete=models.PROTECT, related_name="shelters",
                              verbose_name="灾害事件")
    region_code = models.CharField("区划", max_length=12, db_index=True)
    opened_on = models.DateField("启用日期")
    closed_on = models.DateField("关闭日期", null=True, blank=True)
    occupancy = models.PositiveIntegerField("当前安置人数", default=0)
    peak = models.PositiveIntegerField("最多安置人数", default=0)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name="录入人")

    scope = Scope("region_code", view=VIEW, change=REPORT, export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "避难场所启用"
        ordering = ["-opened_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["shelter"], condition=Q(closed_on__isnull=True),
                                               name="relief_shelter_open_once"),
                       models.CheckConstraint(condition=Q(peak__gte=models.F("occupancy")),
                                              name="relief_shelter_peak")]

    def __str__(self) -> str:
        return f"{self.shelter_id}·{self.event_id}"


class Exchange(models.Model):
    """A file exchanged with 应急管理部门 (export or import) and what it did; an import's digest makes the same file
    twice a no-op."""

    direction = models.CharField("方向", max_length=10, choices=_choices(codes.EXCHANGE_DIRECTIONS))
    region_code = models.CharField("区划", max_length=12, db_index=True)
    name = models.CharField("文件名", max_length=200)
    digest = models.CharField("摘要", max_length=64, db_index=True)
    rows = models.PositiveIntegerField("行数", default=0)
    created = models.PositiveIntegerField("新增", default=0)
    unchanged = models.PositiveIntegerField("未变化", default=0)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name="办理人")
    created_at = models.DateTimeField("时间", auto_now_add=True)

    scope = Scope("region_code", view=VIEW, change=MANAGE, export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "应急管理数据交换"
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.name
