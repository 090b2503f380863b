"""Tables of 城乡社区治理: for each village or community (a core Region at village level) its committee members and
community workers, elections (换届), meetings (三会 and consultations), task lists (权责/工作事项/协助事项清单),
service stations with floor area and functions, the service catalogue and 一窗受理 tickets with pledge deadlines in
working days, and the funding ledger (Decimal yuan). Each row carries the 12-digit region code for scoping."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from minzheng.communities import codes
from minzheng.core import crypto, protected
from minzheng.core.scoping import Scope, ScopedQuerySet

VIEW, EXPORT, RECORD, MANAGE = ("communities.view", "communities.export", "communities.record",
                                "communities.manage")


def _choices(table: dict) -> list[tuple]:
    return list(table.items())


def _scope(change=RECORD):
    return Scope("region_code", view=VIEW, change=change, export=EXPORT)


class Member(models.Model):
    """A committee member or community worker of a village/community from `from_on` until `to_on`."""

    region_code = models.CharField("村（社区）", max_length=12)
    name = models.CharField("姓名", max_length=50)
    committee = models.CharField("组织", max_length=12, choices=_choices(codes.COMMITTEES))
    post = models.CharField("职务", max_length=10, choices=_choices(codes.POSTS))
    phone_enc = models.BinaryField("联系电话（密文）", null=True, blank=True)
    from_on = models.DateField("任职日期")
    to_on = models.DateField("离任日期", null=True, blank=True)
    election = models.ForeignKey("communities.Election", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="members", verbose_name="选举")

    scope = _scope()
    objects = ScopedQuerySet.as_manager()
    SEALED = (protected.Sealed("phone_enc", "id"),)

    class Meta:
        verbose_name = "社区成员"
        constraints = [models.CheckConstraint(condition=Q(to_on__isnull=True) | Q(to_on__gte=models.F("from_on")),
                                              name="communities_member_period")]
        indexes = [models.Index(fields=["region_code", "to_on"], name="communities_member_scope")]

    def __str__(self) -> str:
        return self.name

    @property
    def phone_masked(self) -> str:
        return protected.masked(self, "phone_enc", crypto.mask_phone)


class Election(models.Model):
    """换届选举: the day, the electorate and those who voted (turnout), the result, the term and the next due."""

    region_code = models.CharField("村（社区）", max_length=12)
    held_on = models.DateField("选举日期")
    term_years = models.PositiveSmallIntegerField("任期（年）", default=5)
    electorate = models.PositiveIntegerField("登记选民数")
    voted = models.PositiveIntegerField("参加投票人数")
    results = models.TextField("选举结果")
    next_due = models.DateField("下次换届")
    note = models.CharField("说明", max_length=300, blank=True, default="")

    scope = _scope(MANAGE)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "换届选举"
        constraints = [models.CheckConstraint(condition=Q(voted__lte=models.F("electorate")),
                                              name="communities_election_turnout")]
        indexes = [models.Index(fields=["region_code", "-held_on"], name="communities_election_scope")]

    def __str__(self) -> str:
        return f"换届选举 #{self.pk}"


class Meeting(models.Model):
    region_code = models.CharField("村（社区）", max_length=12)
    kind = models.CharField("会议类型", max_length=16, choices=_choices(codes.MEETING_KINDS))
    held_on = models.DateField("召开日期")
    topic = models.CharField("议题", max_length=200)
    attendance = models.PositiveIntegerField("参会人数")
    decisions = models.TextField("议定事项", blank=True, default="")

    scope = _scope()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "会议记录"
        indexes = [models.Index(fields=["region_code", "-held_on"], name="communities_meeting_scope")]

    def __str__(self) -> str:
        return self.topic


class TaskItem(models.Model):
    """An entry of a task list (a county's list applies to every community below it)."""

    region_code = models.CharField("适用区划", max_length=12)
    list_kind = models.CharField("清单", max_length=10, choices=_choices(codes.TASK_LISTS))
    title = models.CharField("事项", max_length=200)
    department = models.CharField("责任部门", max_length=100, blank=True, default="")
    basis = models.CharField("依据", max_length=200, blank=True, default="")
    effective_from = models.DateField("生效日期")

    scope = _scope(MANAGE)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "清单事项"

    def __str__(self) -> str:
        return self.title


class Station(models.Model):
    """A community service station (综合服务设施) with its floor area and functions."""

    region_code = models.CharField("村（社区）", max_length=12)
    name = models.CharField("名称", max_length=100)
    floor_area = models.DecimalField("建筑面积（m²）", max_digits=10, decimal_places=2)
    functions = models.JSONField("功能", default=list, blank=True)
    opened_on = models.DateField("启用日期")
    closed_on = models.DateField("停用日期", null=True, blank=True)

    scope = _scope(MANAGE)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "社区服务设施"
        constraints = [models.CheckConstraint(condition=Q(floor_area__gt=0), name="communities_station_area")]
        indexes = [models.Index(fields=["region_code"], name="communities_station_scope")]

    def __str__(self) -> str:
        return self.name


class CatalogueItem(models.Model):
    """A service of the catalogue (服务事项目录) with its pledge in working days; a county's item applies below."""

    region_code = models.CharField("适用区划", max_length=12)
    name = models.CharField("服务事项", max_length=100)
    department = models.CharField("办理部门", max_length=100, blank=True, default="")
    pledge_days = models.PositiveSmallIntegerField("承诺时限（工作日）")
    materials = models.CharField("申请材料", max_length=300, blank=True, default="")

    scope = _scope(MANAGE)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "服务事项"

    def __str__(self) -> str:
        return self.name


class Ticket(models.Model):
    """一窗受理: a request received at the community window, due within the item's pledge (working days)."""

    region_code = models.CharField("受理村（社区）", max_length=12)
    item = models.ForeignKey(CatalogueItem, on_delete=models.PROTECT, related_name="+", verbose_name="服务事项")
    applicant = models.CharField("申请人", max_length=50)
    phone_enc = models.BinaryField("联系电话（密文）", null=True, blank=True)
    received_on = models.DateField("受理日期")
    due_on = models.DateField("承诺办结日期")
    provisional = models.BooleanField("期限按暂定日历", default=False)
    state = models.CharField("状态", max_length=10, choices=_choices(codes.TICKET_STATES), default="open")
    done_on = models.DateField("办结日期", null=True, blank=True)
    result = models.CharField("办理结果", max_length=300, blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    scope = _scope()
    objects = ScopedQuerySet.as_manager()
    SEALED = (protected.Sealed("phone_enc", "id"),)

    class Meta:
        verbose_name = "一窗受理"
        indexes = [models.Index(fields=["region_code", "state", "due_on"], name="communities_ticket_scope")]

    def __str__(self) -> str:
        return f"受理 #{self.pk}"

    @property
    def phone_masked(self) -> str:
        return protected.masked(self, "phone_enc", crypto.mask_phone)


class FundEntry(models.Model):
    region_code = models.CharField("村（社区）", max_length=12)
    on = models.DateField("日期")
    direction = models.CharField("收支", max_length=3, choices=_choices(codes.FUND_DIRECTIONS))
    category = models.CharField("科目", max_length=14, choices=_choices(codes.FUND_CATEGORIES))
    amount = models.DecimalField("金额", max_digits=14, decimal_places=2)
    note = models.CharField("摘要", max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    scope = _scope()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "社区经费"
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="communities_fund_positive")]
        indexes = [models.Index(fields=["region_code", "on"], name="communities_fund_scope")]

    def __str__(self) -> str:
        return f"经费 #{self.pk}"
