"""Writes of the welfare-lottery fund (one transaction each: role, region, validation, audit): receipts, projects
and their progress up to acceptance."""

from __future__ import annotations

from django.db import transaction

from minzheng.core import audit, regioncodes, validation
from minzheng.core.errors import Conflict, Forbidden, ValidationFailed
from minzheng.core.models import Region
from minzheng.lottery import codes, selectors
from minzheng.lottery.models import FundReceipt, Project
from minzheng.lottery.schemas import LotteryReceiptIn, ProgressIn, ProjectIn

MANAGE = "lottery.manage"
ORDER = list(codes.PROGRESS)


def _region(actor, code: str) -> None:
    if not regioncodes.in_subtree(code, actor.region_id):
        raise Forbidden(f"只能登记本辖区（{actor.region_id}）及其下级区划的资金")
    if not Region.objects.filter(code=code).exists():
        raise ValidationFailed.one("region_code", f"区划代码 {code} 不存在")


def add_receipt(actor, data) -> FundReceipt:
    selectors.require(actor, MANAGE, "您的角色不能登记福彩公益金收入")
    d = validation.validate(LotteryReceiptIn, data)
    with transaction.atomic():
        _region(actor, d.region_code)
        row = FundReceipt.objects.create(recorded_by=actor, **d.model_dump())
        audit.record(actor, audit.Event("create", "lottery_receipt", row.pk, row.region_code, {
            "year": [None, d.year], "amount": [None, str(d.amount)], "source": [None, codes.SOURCES[d.source]],
            "document_no": [None, d.document_no]}))
    return row


def add_project(actor, data) -> Project:
    selectors.require(actor, MANAGE, "您的角色不能登记福彩公益金资助项目")
    d = validation.validate(ProjectIn, data)
    with transaction.atomic():
        _region(actor, d.region_code)
        row = Project.objects.create(recorded_by=actor, **d.model_dump())
        audit.record(actor, audit.Event("create", "lottery_project", row.pk, row.region_code, {
            "year": [None, d.year], "name": [None, d.name], "area": [None, codes.AREAS[d.area]],
            "amount": [None, str(d.amount)], "implementer": [None, d.implementer]}))
    return row


def record_progress(actor, project_id: int, data) -> Project:
    """进度 and 验收: forward only (已立项 → 实施中 → 已完工待验收 → 已验收); acceptance needs its date and opinion."""
    selectors.require(actor, MANAGE, "您的角色不能登记项目进度")
    with transaction.atomic():
        row = selectors.get_project(actor, project_id, "change")  # 404 before the input (ADR 0009)
        d = validation.validate(ProgressIn, data)
        row = Project.objects.select_for_update().get(pk=row.pk)
        if ORDER.index(d.progress) < ORDER.index(row.progress) or row.progress == "accepted":
            raise Conflict(f"项目已为“{codes.PROGRESS[row.progress]}”，不能改为“{codes.PROGRESS[d.progress]}”")
        before = row.progress
        row.progress = d.progress
        if d.progress == "accepted":
            row.accepted_on, row.acceptance_note = d.accepted_on, d.note
        else:
            row.progress_note = d.note
        row.save()
        audit.record(actor, audit.Event("update", "lottery_project", row.pk, row.region_code, {
            "progress": [codes.PROGRESS[before], codes.PROGRESS[d.progress]], "note": [None, d.note],
            "accepted_on": [None, d.accepted_on]}))
    return row
