"""Disasters: events, damage reports by village (初报、续报、核报 with their deadlines from ReportRule rows), report
rules loaded from CSV/XLSX, affected households (each handed over to monitoring: a `disaster_affected` warning in the
township's inbox) and the relief programs' kernel cases opened for them."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from minzheng.benefits import catalogue
from minzheng.core import audit, clock, regioncodes, roles, validation
from minzheng.core.errors import Conflict, FieldError, ValidationFailed
from minzheng.core.spreadsheets import RowError
from minzheng.relief import codes, policy, selectors
from minzheng.relief.models import (
    AffectedHousehold,
    DamageReport,
    DisasterEvent,
    InformationOfficer,
    ReliefCase,
    ReportRule,
)
from minzheng.relief.schemas import AffectedIn, DamageReportIn, EventEndIn, EventIn, ReliefCaseIn, RuleIn
from minzheng.relief.services.reserve import _region

MANAGE, REPORT = "relief.manage", "relief.report"
# A house left uninhabitable is the condition of 过渡期生活救助 and 恢复重建 (《自然灾害救助条例》第十九条).
HOUSE_PROGRAMS = {"disaster_transition", "disaster_rebuild"}
UNINHABITABLE = {"collapsed", "severe"}


def create_event(actor, data) -> DisasterEvent:
    selectors.require(actor, MANAGE, "只有县级以上民政（应急）部门可以登记灾害事件")
    d = validation.validate(EventIn, data)
    with transaction.atomic():
        _region(actor, d.region_code)
        event = DisasterEvent.objects.create(name=d.name, kind=d.kind, region_code=d.region_code, area=d.area,
                                             started_on=d.started_on, ended_on=d.ended_on,
                                             description=d.description, created_by=actor)
        audit.record(actor, audit.Event("create", "relief_event", event.pk, event.region_code, {
            "name": [None, event.name], "kind": [None, codes.DISASTER_KINDS[event.kind]],
            "started_on": [None, event.started_on], "ended_on": [None, event.ended_on]}))
    return event


def end_event(actor, event_id: int, data) -> DisasterEvent:
    """灾情稳定: the date from which the 核报 deadline runs."""
    selectors.require(actor, MANAGE, "只有县级以上民政（应急）部门可以登记灾情稳定")
    with transaction.atomic():
        event = selectors.get_event(actor, event_id)  # 404 before the input (ADR 0009)
        d = validation.validate(EventEndIn, data)
        event = DisasterEvent.objects.visible_to(actor, "change").select_for_update().filter(pk=event.pk).first()
        if event is None:
            raise Conflict("该灾害事件由上级登记，本级不能修改")
        if d.ended_on < event.started_on:
            raise ValidationFailed.one("ended_on", f"结束日期不能早于发生日期 {event.started_on}")
        before, event.ended_on = event.ended_on, d.ended_on
        event.save(update_fields=["ended_on"])
        audit.record(actor, audit.Event("update", "relief_event", event.pk, event.region_code,
                                        {"ended_on": [before, event.ended_on]}))
    return event


def record_report(actor, data) -> DamageReport:
    """A village's damage figures at one stage. 续报 and 核报 need the 初报 first; 核报 needs the disaster to be stable
    (its end date) and comes once. The deadline is computed from the rules in force (policy.report_due) and kept
    with the report, so a late report stays visible as late."""
    selectors.require(actor, REPORT, "您的角色不能报送灾情")
    d = validation.validate(DamageReportIn, data)
    if regioncodes.level_of(d.region_code) != "village":
        raise ValidationFailed.one("region_code", "灾情按村（社区）报送：须填写12位村级区划代码")
    with transaction.atomic():
        event = selectors.get_event(actor, d.event_id)
        _region(actor, d.region_code)
        if not regioncodes.in_subtree(d.region_code, event.region_code):
            raise ValidationFailed.one("region_code", "该村（社区）不在此次灾害的受灾区划内")
        day = d.reported_on or clock.today()
        if day < event.started_on:
            raise ValidationFailed.one("reported_on", f"报送日期不能早于灾害发生日期 {event.started_on}")
        previous = selectors.previous_report(event.pk, d.region_code)
        done = set(DamageReport.objects.filter(event=event, region_code=d.region_code)
                   .values_list("stage", flat=True))
        if d.stage == "initial" and "initial" in done:
            raise Conflict("该村（社区）已初报，后续变化请续报")
        if d.stage != "initial" and "initial" not in done:
            raise Conflict("须先初报")
        if "final" in done:
            raise Conflict("该村（社区）已核报，灾情数据已核定")
        if d.stage == "final" and event.ended_on is None:
            raise Conflict("灾情尚未稳定（未登记结束日期），不能核报")
        days = selectors.rule_days(d.region_code, d.stage, event.started_on)
        due = policy.report_due(d.stage, days, event.started_on, event.ended_on,
                                previous.reported_on if previous else None)
        officer = None
        if d.officer_id is not None:
            officer = InformationOfficer.objects.filter(pk=d.officer_id, region_code=d.region_code,
                                                        active=True).first()
            if officer is None:
                raise ValidationFailed.one("officer_id", "该信息员不是本村（社区）在岗的灾害信息员")
        values = d.model_dump(exclude={"event_id", "region_code", "stage", "reported_on", "officer_id"})
        values["reporter"] = d.reporter or officer.name
        report = DamageReport.objects.create(event=event, region_code=d.region_code, stage=d.stage, reported_on=day,
                                             due_on=due, officer=officer, recorded_by=actor, **values)
        audit.record(actor, audit.Event("create", "relief_report", report.pk, report.region_code, {
            "event": [None, event.pk], "stage": [None, codes.STAGES[d.stage]], "due_on": [None, due],
            "officer": [None, officer.pk if officer else None],
            **{k: [None, str(v)] for k, v in values.items() if v}}))
    return report


def load_rules(path: Path | str, actor=None) -> dict:
    """Report deadlines from CSV/XLSX (columns region_code,stage,days,effective_from[,source]); all or nothing, every
    bad row reported; re-loading the same file changes nothing."""
    from minzheng.core.spreadsheets import iter_rows

    header, rows = iter_rows(Path(path))
    header = [h.strip().lower() for h in header]
    errors: list[RowError] = []
    valid = []
    for number, cells in enumerate(rows, start=2):
        rec = dict(zip(header, cells, strict=False))
        if not any(str(c).strip() for c in cells):
            continue
        try:
            valid.append(validation.validate(RuleIn, rec))
        except ValidationFailed as exc:
            errors.extend(RowError(number, e.field, str(rec.get(e.field, "")), e.message) for e in exc.errors)
    if errors:
        return {"created": 0, "unchanged": 0, "errors": [e.text() for e in errors], "written": False}
    created = unchanged = 0
    with transaction.atomic():
        for r in valid:
            row, made = ReportRule.objects.get_or_create(
                region_code=r.region_code, stage=r.stage, effective_from=r.effective_from,
                defaults={"days": r.days, "source": r.source})
            if made:
                created += 1
            elif row.days == r.days:
                unchanged += 1
            else:
                raise Conflict(f"{r.region_code} {codes.STAGES[r.stage]} {r.effective_from} 起已有时限 {row.days} 日："
                               "不可改写，请以新的生效日期新增")
        if created:
            audit.record(actor or "system", audit.Event("import", "relief_report_rules", Path(path).name, "",
                                                        {"created": created, "unchanged": unchanged}))
    return {"created": created, "unchanged": unchanged, "errors": [], "written": True}


def add_rule(actor, data) -> ReportRule:
    """One report deadline row (county and city staff, for their region and below); a start date already used with
    another value is refused (history is never rewritten)."""
    selectors.require(actor, MANAGE, "只有县级以上部门可以设置报灾时限")
    r = validation.validate(RuleIn, data)
    with transaction.atomic():
        _region(actor, r.region_code)
        row, made = ReportRule.objects.get_or_create(region_code=r.region_code, stage=r.stage,
                                                     effective_from=r.effective_from,
                                                     defaults={"days": r.days, "source": r.source})
        if not made and row.days != r.days:
            raise Conflict(f"{r.effective_from} 起已有{codes.STAGES[r.stage]}时限 {row.days} 日：请以新的生效日期新增")
        if made:
            audit.record(actor, audit.Event("create", "relief_report_rule", row.pk, row.region_code, {
                "stage": [None, codes.STAGES[r.stage]], "days": [None, r.days],
                "effective_from": [None, r.effective_from], "source": [None, r.source]}))
    return row


def register_affected(actor, data) -> AffectedHousehold:
    """A household recorded as affected by an event; the household goes to monitoring for follow-up (the
    township's inbox) — monitoring.services.warnings.raise_from, signal `disaster_affected`."""
    from minzheng.monitoring.services import warnings
    from minzheng.registry import selectors as registry

    selectors.require(actor, REPORT, "您的角色不能登记受灾家庭")
    d = validation.validate(AffectedIn, data)
    with transaction.atomic():
        event = selectors.get_event(actor, d.event_id)
        household = registry.get_household(actor, d.household_id)
        if not regioncodes.in_subtree(household.region_id, event.region_code):
            raise ValidationFailed.one("household_id", "该家庭不在此次灾害的受灾区划内")
        if AffectedHousehold.objects.filter(event=event, household=household).exists():
            raise Conflict("该家庭已登记为此次灾害的受灾家庭")
        members = household.memberships.filter(left_on__isnull=True, person__death_date__isnull=True).count()
        affected = AffectedHousehold.objects.create(
            event=event, household=household, person_id=household.head_id, region_code=household.region_id,
            house_damage=d.house_damage, persons=d.persons or max(members, 1), note=d.note, recorded_by=actor)
        reason = (f"{event.name}（{codes.DISASTER_KINDS[event.kind]}）：{codes.HOUSE_DAMAGE[d.house_damage]}，"
                  f"受灾 {affected.persons} 人" + (f"；{d.note}" if d.note else ""))
        warning = warnings.raise_from(actor, person_id=household.head_id, signal="disaster_affected",
                                      source="relief", reason=reason,
                                      level="red" if d.house_damage in UNINHABITABLE else "orange")
        affected.warning_id = warning.pk
        affected.save(update_fields=["warning_id"])
        audit.record(actor, audit.Event("create", "relief_household", affected.pk, affected.region_code, {
            "event": [None, event.pk], "household": [None, household.pk],
            "house_damage": [None, codes.HOUSE_DAMAGE[d.house_damage]], "persons": [None, affected.persons],
            "warning": [None, warning.pk]}))
    return affected


def apply_assistance(actor, data) -> ReliefCase:
    """A relief program's application for an affected household: a kernel case (benefits.services.cases), decided
    and paid by the kernel (one-off or monthly for the set period). 过渡期生活救助 and 恢复重建 need a collapsed or
    severely damaged house."""
    from minzheng.benefits.services import cases

    selectors.require(actor, REPORT, "您的角色不能登记受灾人员救助申请")
    d = validation.validate(ReliefCaseIn, data)
    with transaction.atomic():
        affected = selectors.get_affected(actor, d.affected_id)
        if d.program in HOUSE_PROGRAMS and affected.house_damage not in UNINHABITABLE:
            raise ValidationFailed.one("program", f"{catalogue.PROGRAMS[d.program]}仅限房屋倒塌或严重损坏的受灾家庭"
                                                  "（《自然灾害救助条例》第十九条）")
        body = {"program": d.program, "household_id": affected.household_id, "applicant_id": affected.person_id,
                "channel": "clerk" if actor.role == roles.VILLAGE else "family",
                "bank_account": d.bank_account, "bank_name": d.bank_name}
        if actor.role == roles.VILLAGE:
            body["proxy_document"] = d.proxy_document or f"受灾家庭登记表（{affected.event.name}）"
        try:
            case = cases.create_case(actor, body)
        except ValidationFailed as exc:
            raise ValidationFailed([FieldError(e.field if e.field in ReliefCaseIn.model_fields else "program",
                                               e.message) for e in exc.errors]) from None
        link = ReliefCase.objects.create(affected=affected, case=case, program=d.program,
                                         region_code=affected.region_code)
        audit.record(actor, audit.Event("create", "relief_case", link.pk, link.region_code, {
            "affected": [None, affected.pk], "case": [None, case.pk], "program": [None, d.program]}))
    return link
