"""Records of volunteer service (志愿服务): organisations and stations, real-name volunteers (the fields of
《志愿服务记录与证明出具办法（试行）》; ID number and phone SM4-encrypted, bound to the row, with blind indexes like
the registry's persons), activities (insurance for risky ones), service-hour records (flagged `late` when entered
past 10 working days), and the star thresholds as data. Other apps may point at a volunteer (an elderly or child
visit made by a volunteer): `models.ForeignKey("volunteers.Volunteer", null=True, blank=True, on_delete=PROTECT)`.
Every table is scoped (core.scoping) by its region code."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

from minzheng.core import crypto, idnumber, protected
from minzheng.core.scoping import Scope, ScopedQuerySet
from minzheng.volunteers import codes

VIEW, CHANGE, EXPORT = "volunteers.view", "volunteers.record", "people.export"


class Organisation(models.Model):
    """志愿服务组织、志愿服务队 or the host of a station (a community, a school …)."""

    name = models.CharField("名称", max_length=200)
    kind = models.CharField("类型", max_length=20, choices=list(codes.ORG_KINDS.items()))
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True, default="")
    region_code = models.CharField("所在区划", max_length=12)
    contact = models.CharField("负责人", max_length=50, blank=True, default="")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    scope = Scope("region_code", view=VIEW, change=CHANGE, export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "志愿服务组织"
        indexes = [models.Index(fields=["region_code"], name="vol_org_scope")]

    def __str__(self) -> str:
        return self.name


class Station(models.Model):
    """志愿服务站点 (in a community service facility: the plans count stations per facility)."""

    name = models.CharField("站点名称", max_length=200)
    region_code = models.CharField("所在区划", max_length=12)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="stations", verbose_name="依托单位")
    address = models.CharField("地址", max_length=200, blank=True, default="")
    opened_on = models.DateField("设立日期", null=True, blank=True)
    closed_on = models.DateField("撤销日期", null=True, blank=True)

    scope = Scope("region_code", view=VIEW, change=CHANGE, export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "志愿服务站点"
        indexes = [models.Index(fields=["region_code"], name="vol_station_scope")]

    def __str__(self) -> str:
        return self.name


class Volunteer(models.Model):
    """A registered volunteer (实名注册): 姓名, 性别, 出生日期, 证件号, 居住区域, 联系方式, 专业技能, 服务类别."""

    name = models.CharField("姓名", max_length=50)
    sex = models.CharField("性别", max_length=1, choices=list(codes.SEX.items()))
    birth_date = models.DateField("出生日期")
    id_number_enc = models.BinaryField("证件号（密文）")
    id_number_index = models.CharField(max_length=64, unique=True)
    phone_enc = models.BinaryField("联系方式（密文）", null=True, blank=True)
    phone_index = models.CharField(max_length=64, null=True, blank=True, db_index=True)  # noqa: DJ001 (NULL: none)
    region_code = models.CharField("居住区域", max_length=12)
    skills = models.CharField("专业技能", max_length=200, blank=True, default="")
    categories = models.JSONField("服务类别", default=list)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="volunteers", verbose_name="所属组织")
    registered_on = models.DateField("注册日期")
    status = models.CharField("状态", max_length=10, choices=list(codes.STATUS.items()), default="active")
    total_hours = models.DecimalField("累计服务时长（小时）", max_digits=9, decimal_places=1, default=Decimal("0"))
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="+", verbose_name="登记人")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    scope = Scope("region_code", view=VIEW, change=CHANGE, export=EXPORT)
    objects = ScopedQuerySet.as_manager()
    # Bound to the ID-number blind index, as registry persons are (docs/decisions/0003-sm4-blind-index.md).
    SEALED = (protected.Sealed("id_number_enc", "id_number_index"), protected.Sealed("phone_enc", "id_number_index"))
    BLIND_INDEXES = (protected.BlindIndex("id_number_index", "id_number_enc"),
                     protected.BlindIndex("phone_index", "phone_enc"))

    class Meta:
        verbose_name = "志愿者"
        indexes = [models.Index(fields=["region_code", "status"], name="vol_volunteer_scope")]

    def __str__(self) -> str:
        return self.name

    @property
    def id_number_masked(self) -> str:
        return protected.masked(self, "id_number_enc", idnumber.mask)

    @property
    def phone_masked(self) -> str:
        return protected.masked(self, "phone_enc", crypto.mask_phone)

    @property
    def category_names(self) -> str:
        return "、".join(codes.CATEGORIES.get(c, c) for c in self.categories or [])


class Activity(models.Model):
    """A volunteer activity: name, dates, place, content, category, organiser and leader; activities with risk carry
    the personal-accident insurance bought for them (《志愿服务条例》第十七条)."""

    name = models.CharField("活动名称", max_length=200)
    region_code = models.CharField("活动区划", max_length=12)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="activities", verbose_name="组织单位")
    station = models.ForeignKey(Station, on_delete=models.PROTECT, null=True, blank=True, related_name="activities",
                                verbose_name="服务站点")
    category = models.CharField("服务类别", max_length=20, choices=list(codes.CATEGORIES.items()))
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    place = models.CharField("地点", max_length=200, blank=True, default="")
    content = models.CharField("服务内容", max_length=500, blank=True, default="")
    leader = models.CharField("负责人", max_length=50, blank=True, default="")
    risky = models.BooleanField("有人身风险", default=False)
    insurer = models.CharField("承保单位", max_length=100, blank=True, default="")
    policy_no = models.CharField("保单号", max_length=50, blank=True, default="")
    covered_from = models.DateField("保险起期", null=True, blank=True)
    covered_to = models.DateField("保险止期", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name="登记人")

    scope = Scope("region_code", view=VIEW, change=CHANGE, export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "志愿服务活动"
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")),
                                              name="vol_activity_dates")]
        indexes = [models.Index(fields=["region_code", "starts_on"], name="vol_activity_scope")]

    def __str__(self) -> str:
        return self.name


class ServiceRecord(models.Model):
    """志愿服务记录: 活动名称, 日期, 地点, 内容, 服务时间 (actual hours), 组织单位, 负责人 — with when it was
    entered and whether that was past the 10 working days (`late`, kept: a late record still counts, flagged for
    review)."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="records", verbose_name="志愿者")
    region_code = models.CharField("区划", max_length=12)  # the volunteer's, so their township sees the hours
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, null=True, blank=True, related_name="records",
                                 verbose_name="活动")
    activity_name = models.CharField("活动名称", max_length=200)
    served_on = models.DateField("服务日期")
    hours = models.DecimalField("服务时长（小时）", max_digits=4, decimal_places=1)
    organiser = models.CharField("组织单位", max_length=200)
    place = models.CharField("地点", max_length=200, blank=True, default="")
    content = models.CharField("服务内容", max_length=500, blank=True, default="")
    leader = models.CharField("负责人", max_length=50, blank=True, default="")
    category = models.CharField("服务类别", max_length=20, blank=True, default="",
                                choices=list(codes.CATEGORIES.items()))
    recorded_on = models.DateField("记录日期")
    due_on = models.DateField("应记录截止日")
    late = models.BooleanField("逾期补录", default=False)
    workdays_late = models.PositiveSmallIntegerField("逾期工作日数", default=0)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name="记录人")
    created_at = models.DateTimeField("录入时间", auto_now_add=True)
    # A record made from another app's visit (codes.VISIT_SOURCES, e.g. "children_visit" and the visit's id): one
    # per volunteer and visit, so saving the visit again updates it instead of counting the hours twice.
    source = models.CharField("来源", max_length=30, blank=True, default="")
    source_id = models.PositiveBigIntegerField("来源记录", null=True, blank=True)

    scope = Scope("region_code", view=VIEW, change=CHANGE, export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "志愿服务记录"
        constraints = [models.CheckConstraint(condition=Q(hours__gt=0) & Q(hours__lte=24), name="vol_record_hours"),
                       models.UniqueConstraint(fields=["volunteer", "source", "source_id"],
                                               condition=~Q(source=""), name="vol_record_visit_once")]
        indexes = [models.Index(fields=["region_code", "served_on"], name="vol_record_scope"),
                   models.Index(fields=["volunteer", "served_on"], name="vol_record_volunteer"),
                   models.Index(fields=["source", "source_id"], name="vol_record_source")]

    def __str__(self) -> str:
        return f"{self.activity_name}（{self.served_on}）"


class StarRule(models.Model):
    """Cumulative hours for a star level, by region and effective date (policy is data; the bundled set is a 示例)."""

    region_code = models.CharField("适用区划", max_length=12)
    effective_from = models.DateField("生效日期")
    stars = models.PositiveSmallIntegerField("星级")
    hours = models.DecimalField("累计服务时长（小时）", max_digits=7, decimal_places=1)
    source = models.CharField("依据", max_length=200)

    class Meta:
        verbose_name = "志愿者星级标准"
        constraints = [models.UniqueConstraint(fields=["region_code", "effective_from", "stars"],
                                               name="vol_star_rule_once")]

    def __str__(self) -> str:
        return f"{self.stars}星 ≥{self.hours}小时"
