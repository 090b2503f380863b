"""Person and household registry (民政对象统一库): one Person per real person, households with membership history."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from minzheng.core import crypto, idnumber, protected
from minzheng.core.models import Region
from minzheng.core.scoping import Scope, ScopedQuerySet
from minzheng.registry import codes


class PersonQuerySet(ScopedQuerySet):
    def visible_to(self, user, action: str = "view"):
        # A person merged into another (duplicate resolution) is kept for history but no longer listed.
        return super().visible_to(user, action).filter(merged_into__isnull=True)


def _choices(table: dict) -> list[tuple]:
    return list(table.items())


class Person(models.Model):
    name = models.CharField("姓名", max_length=50)  # searched by substring: an index would not be used
    # Toneless pinyin of the name (registry.names.pinyin_key): finds 同音 variants when looking for duplicates.
    name_pinyin = models.CharField("姓名拼音", max_length=150, blank=True, default="")  # compared whole: Meta index
    # Sensitive fields: SM4 ciphertext + SM3-HMAC blind index (core.crypto); never stored in plaintext.
    id_number_enc = models.BinaryField("身份证号（密文）")
    # Blind indexes (and name_pinyin) are only ever compared whole: their indexes are declared in Meta, which on
    # PostgreSQL spares the second, pattern-matching (`_like`) index Django adds to an indexed CharField — a b-tree
    # more that every new person's row writes to (docs/postgres.md, "Indexes a first load pays for").
    id_number_index = models.CharField(max_length=64)
    phone_enc = models.BinaryField("联系电话（密文）", null=True, blank=True)
    phone_index = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001 (NULL: no phone)
    birth_date = models.DateField("出生日期")  # searched through the (birth_date, sex) index, which leads with it
    sex = models.CharField("性别", max_length=1, choices=_choices(codes.SEX))
    ethnicity = models.CharField("民族", max_length=2, blank=True, default="", choices=_choices(codes.ETHNICITIES))
    # No index of its own: person_region_name leads with region_id and also gives lists their order (village, name)
    # without sorting a county's million people.
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name="经常居住地",
                               db_index=False)
    hukou_region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", null=True, blank=True,
                                     verbose_name="户籍地")
    disability_category = models.CharField("残疾类别", max_length=1, blank=True, default="",
                                           choices=_choices(codes.DISABILITY_CATEGORIES))
    disability_grade = models.PositiveSmallIntegerField("残疾等级", null=True, blank=True,
                                                        choices=_choices(codes.DISABILITY_GRADES))
    # A disability certificate number embeds the ID number, so it is encrypted too.
    disability_cert_enc = models.BinaryField("残疾人证号（密文）", null=True, blank=True)
    serious_illness = models.BooleanField("患重特大疾病", default=False)
    illness_kind = models.CharField("疾病名称", max_length=100, blank=True, default="")
    labour_capacity = models.CharField("劳动能力", max_length=10, blank=True, default="",
                                       choices=_choices(codes.LABOUR_CAPACITY))
    schooling = models.CharField("在校情况", max_length=20, blank=True, default="", choices=_choices(codes.SCHOOLING))
    employment = models.CharField("就业状况", max_length=20, blank=True, default="", choices=_choices(codes.EMPLOYMENT))
    marital_status = models.CharField("婚姻状况", max_length=2, blank=True, default="",
                                      choices=_choices(codes.MARITAL_STATUS))
    death_date = models.DateField("死亡日期", null=True, blank=True)
    merged_into = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                    verbose_name="已合并到")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    scope = Scope("region__code", view="people.view", change="people.change", export="people.export")
    objects = PersonQuerySet.as_manager()
    # Ciphertexts are bound to the person's ID-number blind index (unique; known before insert, so bulk imports
    # encrypt in parallel before ids are allocated). docs/decisions/0003-sm4-blind-index.md.
    SEALED = (protected.Sealed("id_number_enc", "id_number_index"), protected.Sealed("phone_enc", "id_number_index"),
              protected.Sealed("disability_cert_enc", "id_number_index"))
    BLIND_INDEXES = (protected.BlindIndex("id_number_index", "id_number_enc", shared=True),
                     protected.BlindIndex("phone_index", "phone_enc"))

    class Meta:
        verbose_name = "人员"
        constraints = [models.UniqueConstraint(fields=["id_number_index"], name="person_id_number_index")]
        indexes = [models.Index(fields=["birth_date", "sex"]),  # duplicate-detection blocking; birth-date ranges
                   models.Index(fields=["phone_index"], name="person_phone_index"),
                   models.Index(fields=["name_pinyin"], name="person_name_pinyin"),  # duplicate-search blocks
                   models.Index(fields=["region", "name"], name="person_region_name"),
                   # The few dead among a million: the 待办 of entitlements whose payee died reads them on every visit.
                   models.Index(fields=["death_date"], name="person_dead",
                                condition=models.Q(death_date__isnull=False))]

    def __str__(self) -> str:
        return self.name

    # Plaintext access decrypts on demand; callers decide whether to show it masked (see registry.presenters).
    @property
    def id_number(self) -> str:
        return protected.unseal(self, "id_number_enc") or ""

    @property
    def phone(self) -> str:
        return protected.unseal(self, "phone_enc") or ""

    @property
    def disability_cert_no(self) -> str:
        return protected.unseal(self, "disability_cert_enc") or ""

    @property
    def id_number_masked(self) -> str:
        return protected.masked(self, "id_number_enc", idnumber.mask)

    @property
    def phone_masked(self) -> str:
        return protected.masked(self, "phone_enc", crypto.mask_phone)

    @property
    def disability_cert_masked(self) -> str:
        return protected.masked(self, "disability_cert_enc", idnumber.mask)

    def age_on(self, day) -> int:
        years = day.year - self.birth_date.year
        return years - ((day.month, day.day) < (self.birth_date.month, self.birth_date.day))


class Household(models.Model):
    # No index of its own: household_region_id leads with region_id and gives the list its order (village, id), so a
    # page of a village's 57,000 households reads 30 rows instead of sorting them all with their heads joined.
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name="所在村(社区)",
                               db_index=False)
    urban_rural = models.CharField("城乡属性", max_length=5, choices=_choices(codes.URBAN_RURAL))
    address = models.CharField("住址", max_length=200, blank=True, default="")
    head = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name="户主")
    ref = models.CharField("户编号", max_length=50, null=True, blank=True, unique=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    scope = Scope("region__code", view="people.view", change="people.change", export="people.export")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "家庭"
        indexes = [models.Index(fields=["region", "id"], name="household_region_id")]

    def __str__(self) -> str:
        return f"{self.head.name if self.head_id else '（无户主）'}户"

    def active_memberships(self):
        return self.memberships.filter(left_on__isnull=True).select_related("person")


class Membership(models.Model):
    """A person's membership of a household over time; left_on NULL = current member."""

    # Indexed by (household, left_on) below, which also serves plain household lookups.
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="memberships", db_index=False)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    relation = models.CharField("与户主关系", max_length=2, choices=_choices(codes.RELATIONS))
    joined_on = models.DateField("加入日期")
    join_reason = models.CharField("加入原因", max_length=200, blank=True, default="")
    left_on = models.DateField("离开日期", null=True, blank=True)
    leave_reason = models.CharField("离开原因", max_length=200, blank=True, default="")

    scope = Scope("household__region__code", view="people.view", change="people.change", export="people.export")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "家庭成员关系"
        ordering = ["household_id", "joined_on", "id"]
        constraints = [
            # The service rule "one active household per person" enforced by the database as well.
            models.UniqueConstraint(fields=["person"], condition=Q(left_on__isnull=True),
                                    name="one_active_household_per_person"),
        ]
        indexes = [models.Index(fields=["household", "left_on"])]

    def __str__(self) -> str:
        return f"{self.person_id} → 家庭 #{self.household_id}（{self.relation_label}）"

    @property
    def relation_label(self) -> str:
        return codes.RELATIONS.get(self.relation, self.relation)


class Income(models.Model):
    """A person's income of one kind for one year (annual amount, exact Decimal yuan)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="incomes")
    kind = models.CharField("收入类型", max_length=20, choices=_choices(codes.INCOME_KINDS))
    year = models.PositiveSmallIntegerField("年度")
    annual_amount = models.DecimalField("年收入（元）", max_digits=12, decimal_places=2)
    source = models.CharField("来源", max_length=20, default="declared")  # declared | imported | seeded | verified
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    scope = Scope("person__region__code", view="people.view", change="people.change", export="people.export")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "收入"
        constraints = [models.UniqueConstraint(fields=["person", "kind", "year"], name="one_income_per_kind_year")]

    def __str__(self) -> str:
        return f"{self.year} {codes.INCOME_KINDS.get(self.kind, self.kind)} {self.annual_amount}"


class DuplicateCandidate(models.Model):
    """A pair of person records that look like the same real person (疑似重复), for a human to merge or dismiss."""

    STATUS = codes.DUPLICATE_STATUS

    person_a = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")  # person_a_id < person_b_id
    person_b = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    region_code = models.CharField("区划", max_length=12, db_index=True)  # deepest common region, for scoping
    score = models.PositiveSmallIntegerField("相似度")  # 0–100
    reasons = models.JSONField("理由", default=list)
    status = models.CharField("状态", max_length=10, choices=list(STATUS.items()), default="open", db_index=True)
    decided_by = models.CharField("处理人", max_length=150, blank=True, default="")
    decided_at = models.DateTimeField("处理时间", null=True, blank=True)
    note = models.CharField("说明", max_length=200, blank=True, default="")
    created_at = models.DateTimeField("发现时间", auto_now_add=True)

    scope = Scope("region_code", view="people.view", change="people.change", export="people.export")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "疑似重复人员"
        constraints = [models.UniqueConstraint(fields=["person_a", "person_b"], name="one_candidate_per_pair")]

    def __str__(self) -> str:
        return f"疑似重复 #{self.pk}：{self.person_a.name} / {self.person_b.name}（相似度 {self.score}）"
