"""Records of the marriage registry (婚姻登记): registries (登记机关) and their slot capacities (data, with 520/七夕
peaks), appointments, registrations (结婚, 离婚, 补领; parties' ID numbers SM4-encrypted, bound to the row through
their blind index, and blind-indexed for the duplicate-marriage check), certificate counters by registry and year,
refusals (不予登记) with their reasons, divorce applications with the cooling-off deadlines (民法典第1077条),
reminders, and marriage and family counselling (婚姻家庭辅导). Writes in services/, reads in selectors; every table
is scoped by the registry's region (core.scoping)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from minzheng.core import documents, protected
from minzheng.core.scoping import Scope, ScopedQuerySet
from minzheng.marriage import codes

VIEW, CHANGE, EXPORT = "marriage.view", "marriage.register", "marriage.export"


def _c(table: dict) -> list[tuple]:
    return list(table.items())


class Registry(models.Model):
    """婚姻登记机关: the county 民政 (or a 乡镇 the province designates). Its code names it in the API and on
    certificate numbers."""

    code = models.CharField("登记机关代码", max_length=20, unique=True)
    name = models.CharField("名称", max_length=100)
    region_code = models.CharField("所在区划", max_length=12)
    address = models.CharField("地址", max_length=200, blank=True, default="")
    active = models.BooleanField("办理中", default=True)
    # 《婚姻登记条例》: marriages with a party from Hong Kong, Macau, Taiwan, abroad (华侨) or a foreigner are
    # registered by the provincial 民政 or a registry it designates.
    handles_foreign = models.BooleanField("办理涉外、涉港澳台婚姻登记", default=False)

    scope = Scope("region_code", view=VIEW, change="marriage.manage", export=VIEW)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "婚姻登记机关"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class SlotCapacity(models.Model):
    """Places per appointment slot: for every day, a weekday, or one given day (520, 七夕 peaks), from a date on."""

    registry = models.ForeignKey(Registry, on_delete=models.CASCADE, related_name="capacities",
                                 verbose_name="登记机关")
    region_code = models.CharField("区划", max_length=12)
    slot = models.CharField("时段", max_length=10, choices=_c(codes.SLOTS))
    capacity = models.PositiveIntegerField("可预约数")
    day = models.DateField("特定日期", null=True, blank=True)
    weekday = models.PositiveSmallIntegerField("星期（0=周一）", null=True, blank=True)
    effective_from = models.DateField("起始日期")
    note = models.CharField("说明", max_length=100, blank=True, default="")

    scope = Scope("region_code", view=VIEW, change="marriage.manage", export=VIEW)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "预约号源"
        constraints = [models.CheckConstraint(condition=Q(weekday__lte=6), name="marriage_capacity_weekday")]

    def __str__(self) -> str:
        return f"{self.registry_id} {self.slot} {self.capacity}"


class Appointment(models.Model):
    registry = models.ForeignKey(Registry, on_delete=models.PROTECT, related_name="+", verbose_name="登记机关")
    region_code = models.CharField("区划", max_length=12)
    day = models.DateField("预约日期")
    slot = models.CharField("时段", max_length=10, choices=_c(codes.SLOTS))
    kind = models.CharField("业务", max_length=10, choices=_c(codes.KINDS))
    name_a = models.CharField("甲方姓名", max_length=50)
    name_b = models.CharField("乙方姓名", max_length=50, blank=True, default="")
    status = models.CharField("状态", max_length=10, choices=_c(codes.APPOINTMENT_STATUS), default="booked")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField("预约时间", auto_now_add=True)

    scope = Scope("region_code", view=VIEW, change=CHANGE, export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "婚姻登记预约"
        indexes = [models.Index(fields=["registry", "day", "slot", "status"], name="marriage_appt_slot")]

    def __str__(self) -> str:
        return f"{self.name_a}、{self.name_b} {self.day} {codes.SLOTS.get(self.slot, self.slot)}"


class Registration(models.Model):
    """One registration: 结婚, 离婚 (after the cooling-off) or 补领 (a new certificate for a marriage in force).
    The parties' data are the registration's own record (the registry's persons are linked when they exist)."""

    kind = models.CharField("登记类型", max_length=10, choices=_c(codes.KINDS))
    registry = models.ForeignKey(Registry, on_delete=models.PROTECT, related_name="+", verbose_name="登记机关")
    region_code = models.CharField("区划", max_length=12)
    registered_on = models.DateField("登记日期")
    certificate_no = models.CharField("证件字号", max_length=40, unique=True)
    name_a = models.CharField("甲方姓名", max_length=50)
    sex_a = models.CharField("甲方性别", max_length=1)
    birth_a = models.DateField("甲方出生日期")
    id_a_enc = models.BinaryField("甲方身份证号（密文）")
    id_a_index = models.CharField(max_length=64, db_index=True)
    doc_a = models.CharField("甲方证件类型", max_length=16, default="id_card")
    nationality_a = models.CharField("甲方国籍", max_length=3, default="CHN")
    name_b = models.CharField("乙方姓名", max_length=50)
    sex_b = models.CharField("乙方性别", max_length=1)
    birth_b = models.DateField("乙方出生日期")
    id_b_enc = models.BinaryField("乙方身份证号（密文）")
    id_b_index = models.CharField(max_length=64, db_index=True)
    doc_b = models.CharField("乙方证件类型", max_length=16, default="id_card")
    nationality_b = models.CharField("乙方国籍", max_length=3, default="CHN")
    # 婚姻状况 the registry held for each party before this registration (restored when it is revoked).
    prior_status_a = models.CharField("甲方登记前婚姻状况", max_length=2, blank=True, default="")
    prior_status_b = models.CharField("乙方登记前婚姻状况", max_length=2, blank=True, default="")
    person_a_id = models.BigIntegerField("甲方人员ID", null=True, blank=True)  # registry.Person, when known
    person_b_id = models.BigIntegerField("乙方人员ID", null=True, blank=True)
    declaration_signed = models.BooleanField("已签署声明", default=True)
    # 结婚: in force until a divorce (ended_on) or a revocation; 离婚/补领: the marriage they concern.
    marriage = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                 verbose_name="所涉结婚登记")
    in_force = models.BooleanField("婚姻存续", default=False)
    ended_on = models.DateField("婚姻终止日期", null=True, blank=True)
    status = models.CharField("状态", max_length=10, choices=_c(codes.REGISTRATION_STATUS), default="registered")
    revoked_on = models.DateField("撤销日期", null=True, blank=True)
    revocation_basis = models.CharField("撤销依据", max_length=10, blank=True, default="",
                                        choices=_c(codes.REVOCATION_BASIS))
    revocation_decision = models.CharField("判决书或决定书文号", max_length=100, blank=True, default="")
    revocation_reason = models.CharField("撤销理由", max_length=500, blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    scope = Scope("region_code", view=VIEW, change=CHANGE, export=EXPORT)
    objects = ScopedQuerySet.as_manager()
    # Bound to the party's blind index (known before insert: bulk loads encrypt before ids exist).
    SEALED = (protected.Sealed("id_a_enc", "id_a_index"), protected.Sealed("id_b_enc", "id_b_index"))
    BLIND_INDEXES = (protected.BlindIndex("id_a_index", "id_a_enc"), protected.BlindIndex("id_b_index", "id_b_enc"))

    class Meta:
        verbose_name = "婚姻登记"
        indexes = [models.Index(fields=["region_code", "registered_on"], name="marriage_reg_scope"),
                   models.Index(fields=["registry", "registered_on"], name="marriage_reg_registry"),
                   models.Index(fields=["name_a"], name="marriage_reg_name_a"),
                   models.Index(fields=["name_b"], name="marriage_reg_name_b")]

    def __str__(self) -> str:
        return f"{codes.CERTIFICATE_NAMES.get(self.kind, '')} {self.certificate_no}"

    @property
    def id_a_masked(self) -> str:
        return protected.masked(self, "id_a_enc", lambda n: documents.mask(self.doc_a, n))

    @property
    def id_b_masked(self) -> str:
        return protected.masked(self, "id_b_enc", lambda n: documents.mask(self.doc_b, n))

    @property
    def doc_a_label(self) -> str:
        return documents.TYPES.get(self.doc_a, self.doc_a)

    @property
    def doc_b_label(self) -> str:
        return documents.TYPES.get(self.doc_b, self.doc_b)

    @property
    def nationality_a_label(self) -> str:
        return documents.country_name(self.nationality_a)

    @property
    def nationality_b_label(self) -> str:
        return documents.country_name(self.nationality_b)

    @property
    def standing(self) -> str:
        if self.status == "revoked":
            return "revoked"
        return "in_force" if self.in_force else "divorced"


class Spouse(models.Model):
    """A party to a marriage in force, one row per person (unique blind index): the database itself refuses a second
    marriage, even when two registries register the same person at the same moment; the duplicate-marriage check
    reads one unique index. Removed on divorce or revocation."""

    id_index = models.CharField(max_length=64, unique=True)
    marriage = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return f"婚姻存续 #{self.marriage_id}"


def rebuild_spouses(mapping=None, report=None) -> dict:
    """`minzheng keys rotate --index` (AppConfig.index_rekey): after the registrations' blind indexes were recomputed
    under the new key, the Spouse copies are rebuilt from the marriages in force (set-based, one transaction)."""
    from django.db import transaction

    with transaction.atomic():
        Spouse.objects.all().delete()
        rows = Registration.objects.filter(kind="marriage", in_force=True).values_list("pk", "id_a_index",
                                                                                      "id_b_index")
        made = Spouse.objects.bulk_create([Spouse(id_index=i, marriage_id=pk) for pk, a, b in rows.iterator()
                                           for i in (a, b)], batch_size=5000)
    return {"spouses": len(made)}


class CertificateCounter(models.Model):
    """The last certificate number given by a registry in a year, per certificate kind (locked while numbering)."""

    registry = models.ForeignKey(Registry, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=10)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["registry", "year", "kind"], name="marriage_counter_unique")]

    def __str__(self) -> str:
        return f"{self.registry_id} {self.year} {self.kind} {self.last}"


class Refusal(models.Model):
    """不予登记: the request and every reason, recorded (the parties' ID numbers as blind indexes only)."""

    kind = models.CharField("业务", max_length=10, choices=_c(codes.KINDS))
    registry = models.ForeignKey(Registry, on_delete=models.PROTECT, related_name="+", verbose_name="登记机关")
    region_code = models.CharField("区划", max_length=12)
    day = models.DateField("日期")
    name_a = models.CharField("甲方姓名", max_length=50)
    name_b = models.CharField("乙方姓名", max_length=50)
    # Masked only: a refusal is looked up by name and day; a blind index here could not follow a key rotation.
    id_a_masked = models.CharField("甲方身份证号（脱敏）", max_length=18, blank=True, default="")
    id_b_masked = models.CharField("乙方身份证号（脱敏）", max_length=18, blank=True, default="")
    reasons = models.JSONField("不予登记理由")  # [{"code", "field", "message"}]
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    scope = Scope("region_code", view=VIEW, change=CHANGE, export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "不予登记记录"
        indexes = [models.Index(fields=["region_code", "day"], name="marriage_refusal_scope")]

    def __str__(self) -> str:
        return f"不予登记 {self.name_a}、{self.name_b}"

    @property
    def reasons_text(self) -> str:
        return "；".join(r["message"] for r in self.reasons)


class DivorceApplication(models.Model):
    """离婚登记申请 and its cooling-off (民法典第1077条): the two deadlines are fixed on receipt
    (policy.cooling_off)."""

    marriage = models.ForeignKey(Registration, on_delete=models.PROTECT, related_name="+", verbose_name="结婚登记")
    registry = models.ForeignKey(Registry, on_delete=models.PROTECT, related_name="+", verbose_name="受理机关")
    region_code = models.CharField("区划", max_length=12)
    received = models.DateField("收到申请日期")
    withdrawal_deadline = models.DateField("撤回期限（冷静期届满日）")
    appearance_deadline = models.DateField("到场办理期限")
    deadline_note = models.CharField("期限顺延说明", max_length=300, blank=True, default="")
    status = models.CharField("状态", max_length=12, choices=_c(codes.DIVORCE_STATUS), default="cooling")
    withdrawn_on = models.DateField("撤回日期", null=True, blank=True)
    withdrawn_by = models.CharField("撤回方", max_length=6, blank=True, default="", choices=_c(codes.WITHDRAWN_BY))
    registration = models.OneToOneField(Registration, on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="+", verbose_name="离婚登记")
    agreement_signed = models.BooleanField("已提交书面离婚协议", default=True)
    # The parties' mobile numbers for the cooling-off reminders (given at the application; SM4-sealed to the row's
    # marriage, shown masked).
    phone_a_enc = models.BinaryField("甲方手机号（密文）", null=True, blank=True)
    phone_b_enc = models.BinaryField("乙方手机号（密文）", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    SEALED = (protected.Sealed("phone_a_enc", "marriage_id"), protected.Sealed("phone_b_enc", "marriage_id"))

    scope = Scope("region_code", view=VIEW, change=CHANGE, export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "离婚登记申请"
        constraints = [models.UniqueConstraint(fields=["marriage"], condition=Q(status="cooling"),
                                               name="marriage_one_open_divorce")]
        indexes = [models.Index(fields=["status", "appearance_deadline"], name="marriage_divorce_due"),
                   models.Index(fields=["region_code", "received"], name="marriage_divorce_scope")]

    def __str__(self) -> str:
        return f"离婚登记申请 #{self.pk}（{self.names}）"

    @property
    def names(self) -> str:
        return f"{self.marriage.name_a}、{self.marriage.name_b}"


class Reminder(models.Model):
    """A reminder to one party that a deadline is near (made once per party and deadline by the daily sweep; the
    registry sends it by SMS or phone and the list shows it)."""

    application = models.ForeignKey(DivorceApplication, on_delete=models.CASCADE, related_name="reminders")
    region_code = models.CharField("区划", max_length=12)
    party = models.CharField("当事人", max_length=1, choices=_c(codes.PARTIES))
    kind = models.CharField("提醒", max_length=12, choices=_c(codes.REMINDER_KINDS))
    deadline = models.DateField("期限")
    made_on = models.DateField("生成日期")
    sent_at = models.DateTimeField("短信发送时间", null=True, blank=True)  # none: no number given, the registry calls

    scope = Scope("region_code", view=VIEW, change=CHANGE, export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "冷静期提醒"
        constraints = [models.UniqueConstraint(fields=["application", "party", "kind"], name="marriage_reminder_once")]

    def __str__(self) -> str:
        return f"提醒 #{self.application_id} {self.party} {self.kind}"


class Counselling(models.Model):
    """婚姻家庭辅导: referred at the divorce application (or on request), sessions, an outcome."""

    application = models.ForeignKey(DivorceApplication, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="counselling", verbose_name="离婚登记申请")
    registry = models.ForeignKey(Registry, on_delete=models.PROTECT, related_name="+", verbose_name="登记机关")
    region_code = models.CharField("区划", max_length=12)
    names = models.CharField("当事人", max_length=120)
    referred_on = models.DateField("转介日期")
    provider = models.CharField("辅导机构/辅导员", max_length=100)
    topics = models.JSONField("辅导主题", default=list)
    status = models.CharField("状态", max_length=12, choices=_c(codes.COUNSELLING_STATUS), default="referred")
    outcome = models.CharField("辅导结果", max_length=12, blank=True, default="",
                               choices=_c(codes.COUNSELLING_OUTCOMES))
    closed_on = models.DateField("结束日期", null=True, blank=True)
    note = models.CharField("说明", max_length=500, blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")

    scope = Scope("region_code", view=VIEW, change=CHANGE, export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "婚姻家庭辅导"

    def __str__(self) -> str:
        return f"婚姻家庭辅导 #{self.pk}（{self.names}）"


class CounsellingSession(models.Model):
    counselling = models.ForeignKey(Counselling, on_delete=models.CASCADE, related_name="sessions")
    region_code = models.CharField("区划", max_length=12)
    held_on = models.DateField("辅导日期")
    counsellor = models.CharField("辅导员", max_length=50)
    minutes = models.PositiveSmallIntegerField("时长（分钟）")
    both_present = models.BooleanField("双方到场", default=True)
    note = models.CharField("记录", max_length=500, blank=True, default="")

    scope = Scope("region_code", view=VIEW, change=CHANGE, export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "辅导记录"
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"辅导 {self.held_on}"
