"""Evaluation of social organisations (《社会组织评估管理办法》, 民政部令第39号): an application is refused with its
reasons when the organisation may not be evaluated (policy.eligibility), else the committee's score and vote give
the grade (bands as data) valid five years; the organisation may appeal within the window (data); the 复核委员会
answers within 15 days; a grade may be lowered or cancelled, which bars a new application for 2 or 3 years."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction

from minzheng.core import audit, clock, validation
from minzheng.core.errors import Conflict, ValidationFailed
from minzheng.socialorgs import codes, policy, selectors
from minzheng.socialorgs.models import Evaluation, SocialOrg
from minzheng.socialorgs.schemas import AppealDecisionIn, AppealIn, OrgEvaluationIn, SanctionIn
from minzheng.socialorgs.services.common import not_future, require, rule_value

MANAGE, FILE = "socialorgs.manage", "socialorgs.file"


def evaluate(actor, org: SocialOrg | int, data: dict[str, Any]) -> Evaluation:
    """Record an application for evaluation: refused with reasons, or graded by the committee (county)."""
    require(actor, MANAGE, "社会组织评估由登记管理机关（县级民政部门）组织")
    org = org if isinstance(org, SocialOrg) else selectors.get_org(actor, org)
    d = validation.validate(OrgEvaluationIn, data)
    applied_on = d.applied_on or clock.today()
    not_future(applied_on, "applied_on", "申请日期")
    kind = "standardisation" if org.kind == "service" else "comprehensive"
    with transaction.atomic():
        SocialOrg.objects.select_for_update().filter(pk=org.pk).first()  # one evaluation at a time per organisation
        reasons = policy.eligibility(selectors.history(org, applied_on), applied_on)
        if reasons:
            row = Evaluation.objects.create(org=org, region_code=org.region_code, kind=kind, applied_on=applied_on,
                                            state="refused", reasons=reasons, note=d.note, created_by=actor)
            audit.record(actor, audit.Event("evaluate", "socialorg_evaluation", row.pk, row.region_code, {
                "org": [None, org.name], "state": [None, "不予受理"], "reasons": [None, reasons]}))
            return row
        missing = [validation.FieldError(f, f"须填写{label}") for f, label in (
            ("score", "评估得分"), ("committee_size", "评估委员会人数"), ("present", "出席委员"),
            ("votes_for", "同意票")) if getattr(d, f) is None]
        if missing:
            raise ValidationFailed(missing)
        problems = policy.committee_problems(policy.Committee(d.committee_size, d.present, d.votes_for))
        if problems:
            raise ValidationFailed([validation.FieldError("votes_for", p) for p in problems])
        awarded_on = d.awarded_on or clock.today()
        not_future(awarded_on, "awarded_on", "评定日期")
        if awarded_on < applied_on:
            raise ValidationFailed.one("awarded_on", f"评定日期不能早于申请日期（{applied_on}）")
        bands = rule_value("grade_bands", org.region_code, awarded_on, org.kind)
        window = int(rule_value("appeal_window", org.region_code, awarded_on).get("days", 7))
        grade = policy.grade_for(Decimal(d.score), bands)
        previous = selectors.current_grade(org.pk, awarded_on)
        row = Evaluation.objects.create(
            org=org, region_code=org.region_code, kind=kind, applied_on=applied_on,
            state="graded" if grade else "ungraded", score=d.score, committee_size=d.committee_size,
            present=d.present, votes_for=d.votes_for, grade=grade, awarded_on=awarded_on,
            valid_until=policy.valid_until(awarded_on) if grade else None,
            appeal_by=policy.appeal_deadline(awarded_on, window), note=d.note, created_by=actor)
        if previous is not None and grade:
            Evaluation.objects.filter(pk=previous.pk).update(state="superseded")
        audit.record(actor, audit.Event("evaluate", "socialorg_evaluation", row.pk, row.region_code, {
            "org": [None, org.name], "score": [None, d.score], "grade": [None, codes.GRADES[grade]],
            "valid_until": [None, row.valid_until], "votes": [None, f"{d.votes_for}/{d.present}/{d.committee_size}"],
            "superseded": [None, previous.pk if previous and grade else None]}))
    return row


def _locked(actor, evaluation) -> Evaluation:
    evaluation = evaluation if isinstance(evaluation, Evaluation) else selectors.get_evaluation(actor, evaluation)
    return Evaluation.objects.select_for_update().select_related("org").get(pk=evaluation.pk)


def appeal(actor, evaluation: Evaluation | int, data: dict[str, Any]) -> Evaluation:
    """The organisation asks for 复核 within the window; the answer is due within 15 days."""
    require(actor, FILE, "复核申请由社会组织提出（工作人员可代为录入）")
    if not isinstance(evaluation, Evaluation):
        evaluation = selectors.get_evaluation(actor, evaluation)
    d = validation.validate(AppealIn, data)
    on = d.appealed_on or clock.today()
    not_future(on, "appealed_on", "申请复核日期")
    with transaction.atomic():
        row = _locked(actor, evaluation)
        if row.state not in ("graded", "ungraded") or row.appeal_state:
            raise Conflict("该评估结论不能申请复核（已复核、已处理或未受理）")
        if on > row.appeal_by:
            raise Conflict(f"复核申请期限已过（{row.appeal_by} 前）")
        if on < row.awarded_on:
            raise ValidationFailed.one("appealed_on", f"申请复核日期不能早于评定日期（{row.awarded_on}）")
        row.appeal_state, row.appeal_reason, row.appealed_on = "pending", d.reason, on
        row.appeal_due = policy.appeal_answer_due(on)
        row.save(update_fields=["appeal_state", "appeal_reason", "appealed_on", "appeal_due"])
        audit.record(actor, audit.Event("appeal", "socialorg_evaluation", row.pk, row.region_code, {
            "reason": [None, d.reason], "appeal_due": [None, row.appeal_due]}))
    return row


def decide_appeal(actor, evaluation: Evaluation | int, data: dict[str, Any]) -> Evaluation:
    require(actor, MANAGE, "复核结论由复核委员会作出（县级民政部门录入）")
    if not isinstance(evaluation, Evaluation):
        evaluation = selectors.get_evaluation(actor, evaluation)
    d = validation.validate(AppealDecisionIn, data)
    not_future(d.decided_on, "decided_on", "复核结论日期")
    with transaction.atomic():
        row = _locked(actor, evaluation)
        if row.appeal_state != "pending":
            raise Conflict("该评估没有待复核的申请")
        if d.decided_on < row.appealed_on:
            raise ValidationFailed.one("decided_on", f"复核结论日期不能早于申请复核日期（{row.appealed_on}）")
        before = row.grade
        if d.upheld:
            row.appeal_state = "upheld"
        else:
            if d.grade is None or d.grade == row.grade:
                raise ValidationFailed.one("grade", "变更评估等级须填写与原等级不同的复核后等级")
            row.appeal_state, row.grade = "changed", d.grade
            row.state = "graded" if d.grade else "ungraded"
            row.valid_until = policy.valid_until(row.awarded_on) if d.grade else None
        row.appeal_decided_on = d.decided_on
        row.save(update_fields=["appeal_state", "grade", "state", "valid_until", "appeal_decided_on"])
        audit.record(actor, audit.Event("appeal_decide", "socialorg_evaluation", row.pk, row.region_code, {
            "result": [None, codes.APPEAL_STATES[row.appeal_state]],
            "grade": [codes.GRADES.get(before or 0), codes.GRADES.get(row.grade or 0)],
            "late": [None, d.decided_on > row.appeal_due]}))
    return row


def sanction(actor, evaluation: Evaluation | int, data: dict[str, Any]) -> Evaluation:
    """降低 or 取消 a grade in force: the organisation may not apply again for 2 (downgrade) or 3 (cancel) years and
    returns the certificate and plaque within 15 days."""
    require(actor, MANAGE, "降低或取消评估等级由登记管理机关决定")
    if not isinstance(evaluation, Evaluation):
        evaluation = selectors.get_evaluation(actor, evaluation)
    d = validation.validate(SanctionIn, data)
    not_future(d.on, "on", "处理日期")
    with transaction.atomic():
        row = _locked(actor, evaluation)
        if row.state not in selectors.GRADED or not row.grade or not (row.awarded_on <= d.on <= row.valid_until):
            raise Conflict("只能对有效期内的评估等级作降级或取消处理")
        if row.sanction == "cancel" or (row.sanction and d.sanction == "downgrade"):
            raise Conflict("该评估等级已作过处理")
        before = row.grade
        if d.sanction == "downgrade":
            if row.grade == 1:
                raise Conflict("1A 等级不能再降低，请选择取消评估等级")
            row.grade, row.state = row.grade - 1, "downgraded"
        else:
            row.state = "cancelled"
        row.sanction, row.sanction_on, row.sanction_reason = d.sanction, d.on, d.reason
        row.return_due = policy.return_due(d.on)
        row.save(update_fields=["grade", "state", "sanction", "sanction_on", "sanction_reason", "return_due"])
        audit.record(actor, audit.Event("sanction", "socialorg_evaluation", row.pk, row.region_code, {
            "sanction": [None, codes.SANCTIONS[d.sanction]], "grade": [codes.GRADES[before], codes.GRADES[row.grade]],
            "reason": [None, d.reason], "barred_until": [None, policy.add_years(d.on, policy.BAR_YEARS[d.sanction])],
            "return_due": [None, row.return_due]}))
    return row


def barred_until(sanction_kind: str, on: dt.date) -> dt.date:
    return policy.add_years(on, policy.BAR_YEARS[sanction_kind])
