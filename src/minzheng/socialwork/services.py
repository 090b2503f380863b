"""Writes of the social-work app (one transaction each: role, region, validation, audit): workers, employers,
stations and their "六有" checklist, training records, population figures, and the post-grade table from a file."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from minzheng.core import audit, clock, regioncodes, roles, validation
from minzheng.core.errors import FieldError, Forbidden, NotFound, ValidationFailed
from minzheng.core.models import Region
from minzheng.socialwork import codes, selectors
from minzheng.socialwork.models import Employer, Population, PostGrade, SocialWorker, Station, Training
from minzheng.socialwork.schemas import PopulationIn, StationIn, TrainingIn, WorkerIn

PERMISSION = "socialwork.manage"


def _require(actor, message: str) -> None:
    if not roles.has_perm(actor, PERMISSION):
        raise Forbidden(message)


def _own_region(actor, code: str, field: str = "region_code") -> str:
    if not regioncodes.in_subtree(code, actor.region_id):
        raise ValidationFailed.one(field, "区划应在您的辖区范围内")
    if not Region.objects.filter(code=code).exists():
        raise ValidationFailed.one(field, f"区划代码 {code} 不存在")
    return code


def add_worker(actor, data: dict[str, Any]) -> SocialWorker:
    _require(actor, "您的角色不能登记社会工作者")
    d = validation.validate(WorkerIn, data)
    _own_region(actor, d.region_code)
    problems = []
    if d.level != "none" and not d.certificate_no:
        problems.append(FieldError("certificate_no", "持证社会工作者须填写证书编号"))
    if d.level != "none" and d.certified_on is None:
        problems.append(FieldError("certified_on", "持证社会工作者须填写取得资格日期"))
    if d.certified_on and d.certified_on > clock.today():
        problems.append(FieldError("certified_on", "取得资格日期不能晚于今天"))
    if problems:
        raise ValidationFailed(problems)
    employer = None
    if d.employer_id is not None:
        try:
            employer = selectors.get_employer(actor, d.employer_id)
        except NotFound:
            raise ValidationFailed.one("employer_id", "所选用人单位不存在或不在您的辖区内") from None
    with transaction.atomic():
        row = SocialWorker.objects.create(name=d.name, sex=d.sex, region_code=d.region_code, employer=employer,
                                          level=d.level, certificate_no=d.certificate_no,
                                          certified_on=d.certified_on, post_grade=d.post_grade,
                                          started_on=d.started_on)
        audit.record(actor, audit.Event("create", "social_worker", row.pk, row.region_code, {
            "name": [None, row.name], "level": [None, codes.LEVELS[row.level]]}))
    return row


def add_employer(actor, data: dict[str, Any]) -> Employer:
    _require(actor, "您的角色不能登记用人单位")
    name = str(data.get("name") or "").strip()[:200]
    kind = data.get("kind")
    code = str(data.get("region_code") or "")
    if not name or kind not in codes.EMPLOYER_KINDS:
        raise ValidationFailed.one("name" if not name else "kind", "须填写单位名称和单位类型")
    try:
        code = regioncodes.normalize(code)
    except regioncodes.RegionCodeError as exc:
        raise ValidationFailed.one("region_code", str(exc)) from None
    _own_region(actor, code)
    with transaction.atomic():
        row = Employer.objects.create(name=name, kind=kind, region_code=code,
                                      credit_code=str(data.get("credit_code") or "")[:18])
        audit.record(actor, audit.Event("create", "sw_employer", row.pk, row.region_code, {"name": [None, name]}))
    return row


def save_station(actor, data: dict[str, Any]) -> Station:
    """Create or update a township's social-work station and its "六有" checklist (one station per township)."""
    _require(actor, "您的角色不能登记社工站")
    d = validation.validate(StationIn, data)
    _own_region(actor, d.region_code)
    if regioncodes.level_of(d.region_code) != "township":
        raise ValidationFailed.one("region_code", "社工站设在乡镇（街道）：请选择乡镇（街道）")
    fields = d.model_dump()
    with transaction.atomic():
        row = Station.objects.select_for_update().filter(region_code=d.region_code).first()
        before = {f: getattr(row, f) for f in codes.SIX_HAVES} if row else {}
        row = row or Station(region_code=d.region_code)
        for k, v in fields.items():
            setattr(row, k, v)
        row.updated_by = actor
        row.save()
        changes = {f: [before.get(f), getattr(row, f)] for f in codes.SIX_HAVES if before.get(f) != getattr(row, f)}
        audit.record(actor, audit.Event("update" if before else "create", "sw_station", row.pk, row.region_code,
                                        {"name": [None, row.name], **changes}))
    return row


def add_training(actor, worker_id, data: dict[str, Any]) -> Training:
    _require(actor, "您的角色不能登记培训")
    worker = selectors.get_worker(actor, worker_id)
    d = validation.validate(TrainingIn, data)
    if d.trained_on > clock.today():
        raise ValidationFailed.one("trained_on", "培训日期不能晚于今天")
    with transaction.atomic():
        row = Training.objects.create(worker=worker, region_code=worker.region_code, **d.model_dump())
        audit.record(actor, audit.Event("create", "sw_training", row.pk, row.region_code, {
            "worker": [None, worker.pk], "hours": [None, row.hours], "topic": [None, row.topic]}))
    return row


def save_population(actor, data: dict[str, Any]) -> Population:
    if not roles.has_perm(actor, "socialwork.manage"):
        raise Forbidden("您的角色不能录入常住人口")
    d = validation.validate(PopulationIn, data)
    _own_region(actor, d.region_code)
    with transaction.atomic():
        row, created = Population.objects.update_or_create(region_code=d.region_code, year=d.year,
                                                           defaults={"residents": d.residents, "source": d.source})
        audit.record(actor, audit.Event("create" if created else "update", "sw_population", row.pk, row.region_code,
                                        {"year": [None, d.year], "residents": [None, d.residents]}))
    return row


GRADE_HEADER = ["适用区划", "生效日期", "等级代码", "岗位等级", "序列", "要求职业资格", "月薪下限", "月薪上限", "依据"]


def load_post_grades(actor, rows: list[list[str]]) -> int:
    """The post-grade sequence and pay bands from a file's rows (GRADE_HEADER; blank region = nationwide 示例);
    all or nothing, every bad row reported."""
    if actor is not None and not roles.has_perm(actor, PERMISSION):
        raise Forbidden("您的角色不能设置岗位等级")
    labels = {v: k for k, v in codes.LEVELS.items()}
    problems, parsed = [], []
    for n, row in enumerate(rows, start=2):
        c = [*row, *[""] * 9][:9]
        try:
            grade = PostGrade(region_code=regioncodes.normalize(c[0]) if c[0] else "",
                              effective_from=dt.date.fromisoformat(c[1]), code=c[2], name=c[3],
                              sequence=int(c[4]), required_level=labels.get(c[5], c[5]),
                              pay_low=Decimal(c[6]), pay_high=Decimal(c[7]), source=c[8])
            if (not grade.code or not grade.name or grade.required_level not in codes.LEVELS or not grade.source
                    or not Decimal("0") <= grade.pay_low <= grade.pay_high < Decimal("10000000")):
                raise ValueError
        except (ValueError, InvalidOperation, regioncodes.RegionCodeError):
            problems.append(FieldError(f"第{n}行", "应为：区划（可空）、生效日期、等级代码、岗位等级、序列、"
                                                  "要求职业资格、月薪下限、月薪上限（上限不低于下限）、依据"))
            continue
        parsed.append(grade)
    if problems:
        raise ValidationFailed(problems)
    with transaction.atomic():
        for g in parsed:
            PostGrade.objects.update_or_create(
                region_code=g.region_code, effective_from=g.effective_from, code=g.code,
                defaults={"name": g.name, "sequence": g.sequence, "required_level": g.required_level,
                          "pay_low": g.pay_low, "pay_high": g.pay_high, "source": g.source})
        audit.record(actor, audit.Event("import", "sw_post_grade", "", "", {"rows": [None, len(parsed)]}))
    return len(parsed)
