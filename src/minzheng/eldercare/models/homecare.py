"""居家社区养老: service providers (account SM4-encrypted, bound to the row), their service items with prices, each
elder's monthly quotas (vouchers and subsidy balances), orders from registration to settlement, the monthly
settlements per provider with their lines, 助餐 points with meals served, and 日间照料中心 with attendance.
Money is integer fen (`*_fen`), as in the payroll; Decimal yuan only at the edges."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from minzheng.core import crypto, protected
from minzheng.core.models import StoredFile
from minzheng.core.scoping import Scope, ScopedQuerySet
from minzheng.eldercare import codes
from minzheng.registry.models import Person

VIEW, EXPORT, MANAGE, RECORD, SERVE = ("eldercare.view", "eldercare.export", "eldercare.manage", "eldercare.record",
                                       "eldercare.serve")


def _choices(table: dict) -> list[tuple]:
    return list(table.items())


class Provider(models.Model):
    name = models.CharField("服务组织名称", max_length=100)
    kind = models.CharField("类型", max_length=20, choices=_choices(codes.PROVIDER_KINDS))
    region_code = models.CharField("所在区划", max_length=12)
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True, default="")
    contact_name = models.CharField("联系人", max_length=50, blank=True, default="")
    phone_enc = models.BinaryField("联系电话（密文）", null=True, blank=True)
    bank_name = models.CharField("开户行", max_length=100, blank=True, default="")
    account_enc = models.BinaryField("银行账号（密文）", null=True, blank=True)
    active = models.BooleanField("在用", default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name="登记人")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    scope = Scope("region_code", view=VIEW, change=MANAGE, export=EXPORT)
    objects = ScopedQuerySet.as_manager()
    SEALED = (protected.Sealed("phone_enc", "id"), protected.Sealed("account_enc", "id"))

    class Meta:
        verbose_name = "养老服务组织"
        constraints = [models.UniqueConstraint(fields=["region_code", "name"], name="eldercare_provider_name_once")]
        indexes = [models.Index(fields=["region_code", "active"], name="eldercare_provider_scope")]

    def __str__(self) -> str:
        return self.name

    @property
    def account_masked(self) -> str:
        return protected.masked(self, "account_enc", crypto.mask_account)

    @property
    def phone_masked(self) -> str:
        return protected.masked(self, "phone_enc", crypto.mask_phone)


class ServiceItem(models.Model):
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="items", verbose_name="服务组织")
    region_code = models.CharField("区划", max_length=12)  # the provider's
    name = models.CharField("服务项目", max_length=60)
    unit = models.CharField("计价单位", max_length=10, choices=_choices(codes.ITEM_UNITS))
    price_fen = models.BigIntegerField("单价（分）")
    active = models.BooleanField("在用", default=True)

    scope = Scope("region_code", view=VIEW, change=MANAGE, export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "服务项目"
        constraints = [models.UniqueConstraint(fields=["provider", "name"], name="eldercare_item_once"),
                       models.CheckConstraint(condition=Q(price_fen__gte=0), name="eldercare_item_price")]

    def __str__(self) -> str:
        return self.name


class Quota(models.Model):
    """每人每月额度: what the government pays for an elder's services each month from `from_month` (to `to_month`)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name="老人")
    region_code = models.CharField("村(社区)", max_length=12)
    source = models.CharField("额度来源", max_length=20, choices=_choices(codes.QUOTA_SOURCES))
    monthly_fen = models.BigIntegerField("每月额度（分）")
    from_month = models.DateField("起始月份")
    to_month = models.DateField("终止月份", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name="登记人")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    scope = Scope("region_code", view=VIEW, change=MANAGE, export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "服务额度"
        constraints = [models.CheckConstraint(condition=Q(monthly_fen__gte=0), name="eldercare_quota_nonneg"),
                       models.CheckConstraint(
                           condition=Q(to_month__isnull=True) | Q(to_month__gte=models.F("from_month")),
                           name="eldercare_quota_period")]
        indexes = [models.Index(fields=["person", "from_month"], name="eldercare_quota_person"),
                   models.Index(fields=["region_code"], name="eldercare_quota_scope")]

    def __str__(self) -> str:
        return f"服务额度 #{self.pk}"


class Settlement(models.Model):
    """One provider's settlement for a month: what the government pays it (the elders' quotas consumed by its
    orders) and what the elders paid themselves; the settlement file in the encrypted store."""

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="settlements",
                                 verbose_name="服务组织")
    region_code = models.CharField("区划", max_length=12)  # the county that settled
    month = models.DateField("结算月份")
    orders = models.PositiveIntegerField("订单数")
    persons = models.PositiveIntegerField("服务人数")
    total_fen = models.BigIntegerField("服务金额（分）")
    gov_fen = models.BigIntegerField("政府支付（分）")
    self_fen = models.BigIntegerField("个人支付（分）")
    state = models.CharField("状态", max_length=10, choices=_choices(codes.SETTLEMENT_STATES), default="draft")
    file = models.ForeignKey(StoredFile, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                             verbose_name="结算文件")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name="结算人")
    created_at = models.DateTimeField("结算时间", auto_now_add=True)

    scope = Scope("region_code", view=VIEW, change=MANAGE, export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "服务结算"
        constraints = [models.UniqueConstraint(fields=["provider", "month"], name="eldercare_settlement_once"),
                       models.CheckConstraint(condition=Q(total_fen=models.F("gov_fen") + models.F("self_fen")),
                                              name="eldercare_settlement_sum")]
        indexes = [models.Index(fields=["region_code", "month"], name="eldercare_settlement_scope")]

    def __str__(self) -> str:
        return f"{self.provider_id} {self.month:%Y-%m} 结算"


class SettlementLine(models.Model):
    settlement = models.ForeignKey(Settlement, on_delete=models.CASCADE, related_name="lines",
                                   verbose_name="结算")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name="老人")
    region_code = models.CharField("村(社区)", max_length=12)
    orders = models.PositiveIntegerField("订单数")
    total_fen = models.BigIntegerField("服务金额（分）")
    gov_fen = models.BigIntegerField("政府支付（分）")
    self_fen = models.BigIntegerField("个人支付（分）")

    scope = Scope("region_code", view=VIEW, change=MANAGE, export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "结算明细"
        indexes = [models.Index(fields=["settlement", "region_code"], name="eldercare_line_settlement")]

    def __str__(self) -> str:
        return f"结算明细 #{self.pk}"


class Order(models.Model):
    """A service order: registered (by a clerk, a family or the citizen channel) → dispatched to a provider (and a
    worker) → checked in and out with time and place → confirmed and rated by the elder → settled in the month of
    its check-out. Amounts are fixed when the order is made (price × quantity, fen)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name="老人")
    region_code = models.CharField("村(社区)", max_length=12)
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="+", verbose_name="服务组织")
    item = models.ForeignKey(ServiceItem, on_delete=models.PROTECT, related_name="+", verbose_name="服务项目")
    bed = models.ForeignKey("eldercare.FamilyBed", on_delete=models.PROTECT, null=True, blank=True,
                            related_name="+", verbose_name="家庭养老床位")
    quantity = models.PositiveIntegerField("数量")
    price_fen = models.BigIntegerField("单价（分）")
    amount_fen = models.BigIntegerField("金额（分）")
    source = models.CharField("来源", max_length=10, choices=_choices(codes.ORDER_SOURCES))
    note = models.CharField("需求说明", max_length=200, blank=True, default="")
    scheduled_on = models.DateField("预约日期")
    state = models.CharField("状态", max_length=12, choices=_choices(codes.ORDER_STATES), default="created")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name="登记人")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    dispatched_at = models.DateTimeField("派单时间", null=True, blank=True)
    worker = models.ForeignKey("eldercare.CareWorker", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name="服务人员")
    checkin_at = models.DateTimeField("签到时间", null=True, blank=True)
    checkin_lat = models.DecimalField("签到纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    checkin_lng = models.DecimalField("签到经度", max_digits=9, decimal_places=6, null=True, blank=True)
    checkout_at = models.DateTimeField("签退时间", null=True, blank=True)
    checkout_lat = models.DecimalField("签退纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    checkout_lng = models.DecimalField("签退经度", max_digits=9, decimal_places=6, null=True, blank=True)
    service_month = models.DateField("服务月份", null=True, blank=True)  # the month of check-out
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    rating = models.PositiveSmallIntegerField("评价（1–5）", null=True, blank=True)
    feedback = models.CharField("评价意见", max_length=200, blank=True, default="")
    settlement = models.ForeignKey(Settlement, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                   verbose_name="结算")
    gov_fen = models.BigIntegerField("政府支付（分）", null=True, blank=True)
    self_fen = models.BigIntegerField("个人支付（分）", null=True, blank=True)
    cancel_reason = models.CharField("取消原因", max_length=200, blank=True, default="")

    scope = Scope("region_code", view=VIEW, change=SERVE, export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "服务订单"
        constraints = [
            models.CheckConstraint(condition=Q(amount_fen=models.F("price_fen") * models.F("quantity")),
                                   name="eldercare_order_amount"),
            models.CheckConstraint(condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                                   name="eldercare_order_rating"),
        ]
        indexes = [models.Index(fields=["service_month", "state"], name="eldercare_order_month"),
                   models.Index(fields=["region_code", "state"], name="eldercare_order_scope"),
                   models.Index(fields=["bed", "service_month"], name="eldercare_order_bed")]

    def __str__(self) -> str:
        return f"服务订单 #{self.pk}"


class MealPoint(models.Model):
    """助餐点 (老年食堂、助餐服务点): where meals are served, by which provider."""

    name = models.CharField("助餐点名称", max_length=100)
    region_code = models.CharField("所在区划", max_length=12)
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                 verbose_name="运营服务组织")
    seats = models.PositiveIntegerField("就餐座位", default=0)
    meal_price_fen = models.BigIntegerField("餐标（分/餐）", default=0)
    active = models.BooleanField("在用", default=True)

    scope = Scope("region_code", view=VIEW, change=MANAGE, export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "助餐点"
        constraints = [models.UniqueConstraint(fields=["region_code", "name"], name="eldercare_mealpoint_once")]

    def __str__(self) -> str:
        return self.name


class MealRecord(models.Model):
    """Meals served at a point on a day (counts: all, of which to elderly, of which delivered to homes)."""

    point = models.ForeignKey(MealPoint, on_delete=models.PROTECT, related_name="records", verbose_name="助餐点")
    region_code = models.CharField("区划", max_length=12)
    served_on = models.DateField("日期")
    meals = models.PositiveIntegerField("供餐数")
    elderly_meals = models.PositiveIntegerField("其中老年人用餐")
    delivered = models.PositiveIntegerField("其中送餐上门", default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name="登记人")

    scope = Scope("region_code", view=VIEW, change=RECORD, export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "助餐记录"
        constraints = [models.UniqueConstraint(fields=["point", "served_on"], name="eldercare_meal_once"),
                       models.CheckConstraint(condition=Q(elderly_meals__lte=models.F("meals"))
                                              & Q(delivered__lte=models.F("meals")), name="eldercare_meal_counts")]

    def __str__(self) -> str:
        return f"助餐记录 #{self.pk}"


class DayCenter(models.Model):
    """日间照料中心 (街道/乡镇 elderly centre): the services it offers and its places."""

    name = models.CharField("中心名称", max_length=100)
    region_code = models.CharField("所在区划", max_length=12)
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                 verbose_name="运营服务组织")
    services = models.CharField("服务内容", max_length=300)
    places = models.PositiveIntegerField("日托床位/位数", default=0)
    active = models.BooleanField("在用", default=True)

    scope = Scope("region_code", view=VIEW, change=MANAGE, export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "日间照料中心"
        constraints = [models.UniqueConstraint(fields=["region_code", "name"], name="eldercare_daycenter_once")]

    def __str__(self) -> str:
        return self.name


class Attendance(models.Model):
    """An elder at a day centre on a day (once a day), and what they used there."""

    center = models.ForeignKey(DayCenter, on_delete=models.PROTECT, related_name="attendance",
                               verbose_name="日间照料中心")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name="老人")
    region_code = models.CharField("区划", max_length=12)  # the centre's
    on = models.DateField("日期")
    services = models.CharField("接受服务", max_length=200, blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name="登记人")

    scope = Scope("region_code", view=VIEW, change=RECORD, export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "日间照料签到"
        constraints = [models.UniqueConstraint(fields=["center", "person", "on"], name="eldercare_attendance_once")]
        indexes = [models.Index(fields=["region_code", "on"], name="eldercare_attendance_scope")]

    def __str__(self) -> str:
        return f"日间照料签到 #{self.pk}"
