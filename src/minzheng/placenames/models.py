"""Records of the place-name app (区划地名). Regions themselves are core.Region; this app holds what is said about
them and about every other named place:

- the GB/T 18521-2001 category table as data (`Category`, extendable by an administrator);
- place names (`PlaceName`) with generated and correctable pinyin, aliases and historical names (`PlaceNameAlias`),
  photos in the encrypted file store (`PlaceNamePhoto`), the name's history (`PlaceNameChange`);
- naming and renaming applications (`NamingApplication`);
- standard addresses and doorplates (`StandardAddress`, `Doorplate`) and the link of a registry household to its
  standard address (`HouseholdAddress`);
- division changes (`DivisionChange`: the resumable migration of every scoped record; `RegionSuccession`: old code →
  new code, so old codes stay resolvable) and change proposals with their R-L-31 artefacts (`DivisionProposal`);
- boundaries: lines, markers (界桩), joint-inspection rounds and findings, disputes.

Every table is scoped by a region (core.scoping); place names and boundaries are public facts read by every staff
role, addresses linked to a household are read as people's data."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from minzheng.core.models import Region, StoredFile
from minzheng.core.scoping import Scope, ScopedQuerySet
from minzheng.placenames import codes
from minzheng.registry.models import Household

VIEW, CHANGE = "placenames.view", "placenames.change"


def _choices(table: dict) -> list[tuple[str, str]]:
    return list(table.items())


class Category(models.Model):
    """GB/T 18521-2001 category (门类 → 大类 → 中类 → 小类, one digit each). The standard's full table was not
    retrieved (NATIONAL_RULES §2.5 ❓): the known rows ship as data, an administrator adds the rest."""

    code = models.CharField("类别代码", max_length=4, primary_key=True)
    name = models.CharField("类别名称", max_length=50)
    level = models.CharField("层级", max_length=1, choices=_choices(codes.CATEGORY_LEVELS))
    source = models.CharField("来源", max_length=200, blank=True, default="")

    class Meta:
        ordering = ["code"]
        verbose_name = "地名类别"

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class PlaceName(models.Model):
    name = models.CharField("标准名称", max_length=100, db_index=True)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                 verbose_name="类别")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name="所在区划")
    # The region this name *is* (a township's or village's own name), so a renamed region renames its place name.
    names_region = models.ForeignKey(Region, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                     verbose_name="对应区划")
    pinyin = models.CharField("汉语拼音", max_length=400, blank=True, default="")  # toned syllables, spaced
    pinyin_key = models.CharField("拼音检索码", max_length=400, blank=True, default="", db_index=True)
    initials = models.CharField("拼音首字母", max_length=100, blank=True, default="", db_index=True)
    # [{"index": 0, "char": "六", "syllable": "lù"}]: kept on regeneration while the character is still there.
    pinyin_corrections = models.JSONField("多音字校正", default=list, blank=True)
    roman = models.CharField("罗马字母拼写（GB 17693）", max_length=200, blank=True, default="")
    meaning = models.TextField("含义", blank=True, default="")
    history_notes = models.TextField("历史沿革和文化内涵", blank=True, default="")
    status = models.CharField("状态", max_length=12, choices=_choices(codes.STATUS), default="standard")
    cleanup_task = models.CharField("清理整治任务", max_length=300, blank=True, default="")  # R-L-32
    geometry = models.JSONField("空间位置（GeoJSON）", null=True, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    scope = Scope("region_id", view=VIEW, change=CHANGE, export=VIEW)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "地名"
        ordering = ["region_id", "name", "id"]
        indexes = [models.Index(fields=["region", "status"], name="placename_region_status")]

    def __str__(self) -> str:
        return self.name


class PlaceNameAlias(models.Model):
    place = models.ForeignKey(PlaceName, on_delete=models.CASCADE, related_name="aliases", verbose_name="地名")
    name = models.CharField("名称", max_length=100, db_index=True)
    form = models.CharField("形式", max_length=12, choices=_choices(codes.NAME_FORMS))
    valid_from = models.DateField("起用日期", null=True, blank=True)
    valid_to = models.DateField("停用日期", null=True, blank=True)
    note = models.CharField("说明", max_length=300, blank=True, default="")

    scope = Scope("place__region_id", view=VIEW, change=CHANGE, export=VIEW)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "地名别名和历史名称"
        ordering = ["place_id", "valid_from", "id"]

    def __str__(self) -> str:
        return self.name


class PlaceNamePhoto(models.Model):
    place = models.ForeignKey(PlaceName, on_delete=models.CASCADE, related_name="photos", verbose_name="地名")
    file = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="+", verbose_name="照片")
    caption = models.CharField("说明", max_length=200, blank=True, default="")

    scope = Scope("place__region_id", view=VIEW, change=CHANGE, export=VIEW)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "地名照片"

    def __str__(self) -> str:
        return self.caption or f"照片 #{self.pk}"


class PlaceNameChange(models.Model):
    """The name's history: each naming, renaming or correction, with the application that decided it."""

    place = models.ForeignKey(PlaceName, on_delete=models.CASCADE, related_name="changes", verbose_name="地名")
    old_name = models.CharField("原名称", max_length=100, blank=True, default="")
    new_name = models.CharField("新名称", max_length=100)
    changed_on = models.DateField("日期")
    application = models.ForeignKey("NamingApplication", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name="申请")
    note = models.CharField("说明", max_length=300, blank=True, default="")

    scope = Scope("place__region_id", view=VIEW, change=CHANGE, export=VIEW)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "地名变更记录"
        ordering = ["place_id", "changed_on", "id"]

    def __str__(self) -> str:
        return f"{self.old_name} → {self.new_name}"


class NamingApplication(models.Model):
    """命名更名申请: materials, expert opinion, public consultation for a set number of days (approval only after
    it ends), approval at the right level, publication (公告) and the standard-name certificate."""

    kind = models.CharField("类型", max_length=10, choices=_choices(codes.APPLICATION_KINDS))
    place = models.ForeignKey(PlaceName, on_delete=models.PROTECT, null=True, blank=True, related_name="applications",
                              verbose_name="更名的地名")
    proposed_name = models.CharField("拟用名称", max_length=100)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                 verbose_name="类别")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name="所在区划")
    applicant = models.CharField("申请人", max_length=100)
    reason = models.TextField("理由（含义、来源）")
    materials = models.JSONField("申请材料", default=list)  # codes of codes.MATERIALS received
    expert_opinion = models.TextField("专家论证意见", blank=True, default="")
    consultation_days = models.PositiveSmallIntegerField("公示天数", default=30)
    consultation_start = models.DateField("公示开始", null=True, blank=True)
    consultation_end = models.DateField("公示截止", null=True, blank=True)
    consultation_result = models.TextField("公示意见", blank=True, default="")
    approval_level = models.CharField("批准层级", max_length=16, choices=_choices(codes.APPROVAL_LEVELS))
    state = models.CharField("状态", max_length=12, choices=_choices(codes.APPLICATION_STATES), default="submitted")
    decided_on = models.DateField("批准日期", null=True, blank=True)
    decision_document = models.CharField("批准文号", max_length=100, blank=True, default="")
    announcement = models.TextField("公告内容", blank=True, default="")
    published_on = models.DateField("公告日期", null=True, blank=True)
    certificate_no = models.CharField("标准地名证书编号", max_length=40, null=True, blank=True, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name="受理人")
    created_at = models.DateTimeField("受理时间", auto_now_add=True)

    scope = Scope("region_id", view=VIEW, change=CHANGE, export=VIEW)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "地名命名更名申请"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{codes.APPLICATION_KINDS[self.kind]}申请：{self.proposed_name}"


class StandardAddress(models.Model):
    """标准地址: road or lane (a place name), number, building, unit, room, in a village (社区)."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name="所在村(社区)")
    place = models.ForeignKey(PlaceName, on_delete=models.PROTECT, related_name="addresses",
                              verbose_name="道路街巷或小区（地名）")
    number = models.CharField("门牌号", max_length=20)
    building = models.CharField("楼栋", max_length=20, blank=True, default="")
    unit = models.CharField("单元", max_length=20, blank=True, default="")
    room = models.CharField("户室", max_length=20, blank=True, default="")
    full_text = models.CharField("标准地址", max_length=300, db_index=True)  # kept in step when the name changes
    state = models.CharField("状态", max_length=10, choices=_choices(codes.ADDRESS_STATES), default="active")
    lon = models.DecimalField("经度", max_digits=10, decimal_places=6, null=True, blank=True)
    lat = models.DecimalField("纬度", max_digits=10, decimal_places=6, null=True, blank=True)

    scope = Scope("region_id", view=VIEW, change="placenames.address", export=VIEW)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "标准地址"
        ordering = ["region_id", "full_text", "id"]
        constraints = [models.UniqueConstraint(fields=["place", "number", "building", "unit", "room"],
                                               name="placenames_address_unique")]

    def __str__(self) -> str:
        return self.full_text


class Doorplate(models.Model):
    """门牌 (智慧门牌): its QR code carries only `/placenames/d/<token>/` — the public address page."""

    address = models.OneToOneField(StandardAddress, on_delete=models.PROTECT, related_name="doorplate",
                                   verbose_name="标准地址")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name="所在村(社区)")
    token = models.CharField("二维码标识", max_length=32, unique=True)
    kind = models.CharField("类型", max_length=10, choices=_choices(codes.DOORPLATE_KINDS), default="house")
    installed_on = models.DateField("安装日期", null=True, blank=True)
    condition = models.CharField("状况", max_length=10, choices=_choices(codes.CONDITIONS), default="good")

    scope = Scope("region_id", view=VIEW, change="placenames.address", export=VIEW)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "门牌"
        ordering = ["region_id", "id"]

    def __str__(self) -> str:
        return f"门牌 #{self.pk}"


class HouseholdAddress(models.Model):
    """A registry household linked to its standard address (by the matcher or by a clerk)."""

    household = models.OneToOneField(Household, on_delete=models.CASCADE, related_name="+", verbose_name="家庭")
    address = models.ForeignKey(StandardAddress, on_delete=models.PROTECT, related_name="households",
                                verbose_name="标准地址")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name="区划")
    matched_how = models.CharField("关联方式", max_length=10, default="matcher")  # matcher | clerk
    linked_at = models.DateTimeField("关联时间", auto_now_add=True)

    scope = Scope("region_id", view="people.view", change="placenames.address", export="people.export")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "家庭标准地址"


    def __str__(self) -> str:
        return f"家庭 #{self.household_id} 的标准地址"


# ---- division changes ----------------------------------------------------------------------------------------------


class DivisionChange(models.Model):
    """One division change applied by `minzheng region change`: the plan (old code → new code for every region
    moved) fixed on the first run, the steps done (one audited transaction each), the counts moved."""

    key = models.CharField("变更标识", max_length=64, unique=True)  # SHA-256 of the canonical request
    change_type = models.CharField("类型", max_length=10, choices=_choices(codes.CHANGE_TYPES))
    request = models.JSONField("变更请求")
    plan = models.JSONField("区划代码对照", default=list)  # [[old, new, name, parent], …]
    effective_from = models.DateField("生效日期")
    document = models.TextField("批准文件")
    state = models.CharField("状态", max_length=10, choices=_choices(codes.CHANGE_STATES), default="planned")
    steps_done = models.JSONField("已完成步骤", default=list)
    counts = models.JSONField("迁移数量", default=dict)
    started_at = models.DateTimeField("开始时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    region_code = models.CharField("区划", max_length=12)  # the parent of the regions changed

    scope = Scope("region_code", view=VIEW, change="placenames.division", export=VIEW)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "区划调整"
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"区划调整 #{self.pk}"


class RegionSuccession(models.Model):
    """An old region code and the code that replaced it: old codes stay resolvable for history and reports."""

    old_code = models.CharField("原区划代码", max_length=12, unique=True)
    new_code = models.CharField("现区划代码", max_length=12, db_index=True)
    old_name = models.CharField("原名称", max_length=100)
    change = models.ForeignKey(DivisionChange, on_delete=models.PROTECT, related_name="successions",
                               verbose_name="区划调整")
    effective_from = models.DateField("生效日期")

    class Meta:
        verbose_name = "区划代码沿革"

    def __str__(self) -> str:
        return f"{self.old_code} → {self.new_code}"


class DivisionProposal(models.Model):
    """区划调整方案 (R-L-31): the four artefacts required before submission, the three steps after approval."""

    title = models.CharField("方案名称", max_length=200)
    kind = models.CharField("调整类型", max_length=10, choices=_choices(codes.PROPOSAL_KINDS))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name="涉及区划")
    summary = models.TextField("方案内容")
    # {"expert_review": {"done_on": "2026-01-05", "note": "…"}, …} for codes.ARTEFACTS and codes.AFTER_STEPS
    artefacts = models.JSONField("报批前材料", default=dict, blank=True)
    after_steps = models.JSONField("批准后工作", default=dict, blank=True)
    state = models.CharField("状态", max_length=10, choices=_choices(codes.PROPOSAL_STATES), default="draft")
    submitted_on = models.DateField("上报日期", null=True, blank=True)
    approved_on = models.DateField("批准日期", null=True, blank=True)
    approval_document = models.CharField("批准文号", max_length=100, blank=True, default="")
    change = models.ForeignKey(DivisionChange, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name="已执行的区划调整")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    scope = Scope("region_id", view=VIEW, change="placenames.division", export=VIEW)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "区划调整方案"
        ordering = ["-created_at", "-id"]


    def __str__(self) -> str:
        return self.title


class RegionGeometry(models.Model):
    """A region's own outline (GeoJSON Polygon or MultiPolygon), drawn on the map in place of the polygon of the
    region's place name. A division change carries it: a region re-coded under its own name keeps it, a merge adds
    the merged outline to the receiving region's, a boundary adjustment marks the regions touched for redrawing
    (行政区划图更新, R-L-31)."""

    region = models.OneToOneField(Region, on_delete=models.PROTECT, primary_key=True, related_name="+",
                                  verbose_name="区划")
    geometry = models.JSONField("界域（GeoJSON）")
    source = models.CharField("来源", max_length=200, blank=True, default="")
    state = models.CharField("状态", max_length=10, choices=_choices(codes.GEOMETRY_STATES), default="current")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    scope = Scope("region_id", view=VIEW, change=CHANGE, export=VIEW)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "区划界域"
        ordering = ["region_id"]

    def __str__(self) -> str:
        return f"{self.region_id} 界域"


# ---- boundaries ----------------------------------------------------------------------------------------------------


class BoundaryLine(models.Model):
    name = models.CharField("界线名称", max_length=100)
    level = models.CharField("界线级别", max_length=10, choices=_choices(codes.BOUNDARY_LEVELS))
    left_region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name="一侧区划")
    right_region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name="另一侧区划")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name="管理区划")
    agreement = models.CharField("界线协议书", max_length=200, blank=True, default="")
    geometry = models.JSONField("走向（GeoJSON）", null=True, blank=True)
    length_km = models.DecimalField("长度（千米）", max_digits=9, decimal_places=3, null=True, blank=True)

    scope = Scope("region_id", view=VIEW, change=CHANGE, export=VIEW)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "行政区域界线"
        ordering = ["region_id", "name", "id"]

    def __str__(self) -> str:
        return self.name


class BoundarySegment(models.Model):
    line = models.ForeignKey(BoundaryLine, on_delete=models.CASCADE, related_name="segments", verbose_name="界线")
    seq = models.PositiveSmallIntegerField("段号")
    description = models.CharField("走向说明", max_length=300, blank=True, default="")
    geometry = models.JSONField("走向（GeoJSON）", null=True, blank=True)

    scope = Scope("line__region_id", view=VIEW, change=CHANGE, export=VIEW)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "界线段"
        ordering = ["line_id", "seq"]
        constraints = [models.UniqueConstraint(fields=["line", "seq"], name="placenames_segment_seq")]

    def __str__(self) -> str:
        return f"第{self.seq}段"


class BoundaryMarker(models.Model):
    line = models.ForeignKey(BoundaryLine, on_delete=models.PROTECT, related_name="markers", verbose_name="界线")
    number = models.CharField("界桩编号", max_length=30, unique=True)
    kind = models.CharField("类型", max_length=10, choices=_choices(codes.MARKER_KINDS))
    lon = models.DecimalField("经度", max_digits=10, decimal_places=6)
    lat = models.DecimalField("纬度", max_digits=10, decimal_places=6)
    condition = models.CharField("状况", max_length=10, choices=_choices(codes.CONDITIONS), default="good")
    photo = models.ForeignKey(StoredFile, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                              verbose_name="照片")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name="管理区划")

    scope = Scope("region_id", view=VIEW, change=CHANGE, export=VIEW)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "界桩"
        ordering = ["line_id", "number"]

    def __str__(self) -> str:
        return self.number


class InspectionRound(models.Model):
    """界线联检: a joint-inspection round (e.g. the 5th round) over the county's lines."""

    name = models.CharField("联检名称", max_length=100)
    round_no = models.PositiveSmallIntegerField("轮次")
    started_on = models.DateField("开始日期")
    finished_on = models.DateField("结束日期", null=True, blank=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name="组织区划")

    scope = Scope("region_id", view=VIEW, change=CHANGE, export=VIEW)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "界线联检"
        ordering = ["-started_on", "-id"]

    def __str__(self) -> str:
        return self.name


class InspectionFinding(models.Model):
    inspection = models.ForeignKey(InspectionRound, on_delete=models.CASCADE, related_name="findings",
                                   verbose_name="联检")
    line = models.ForeignKey(BoundaryLine, on_delete=models.PROTECT, related_name="+", verbose_name="界线")
    marker = models.ForeignKey(BoundaryMarker, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name="界桩")
    kind = models.CharField("问题类型", max_length=20, choices=_choices(codes.FINDING_KINDS))
    description = models.CharField("情况", max_length=500)
    rectification = models.CharField("整改措施", max_length=500, blank=True, default="")
    rectified_on = models.DateField("整改完成日期", null=True, blank=True)

    scope = Scope("inspection__region_id", view=VIEW, change=CHANGE, export=VIEW)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "联检发现的问题"
        ordering = ["inspection_id", "id"]

    def __str__(self) -> str:
        return self.description


class BoundaryDispute(models.Model):
    line = models.ForeignKey(BoundaryLine, on_delete=models.PROTECT, related_name="disputes", verbose_name="界线")
    title = models.CharField("争议事项", max_length=200)
    parties = models.CharField("争议各方", max_length=300)
    opened_on = models.DateField("发生日期")
    state = models.CharField("状态", max_length=10, choices=_choices(codes.DISPUTE_STATES), default="open")
    # [{"on": "2026-03-01", "by": "…", "record": "…"}]: mediation records, appended
    mediation = models.JSONField("调处记录", default=list, blank=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name="管理区划")

    scope = Scope("region_id", view=VIEW, change=CHANGE, export=VIEW)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "界线争议"
        ordering = ["-opened_on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(state__in=list(codes.DISPUTE_STATES)),
                                              name="placenames_dispute_state")]

    def __str__(self) -> str:
        return self.title
