"""Objections during 公示, complaints after a decision and reports of suspected fraud, filed by a resident and
answered by township/county staff from their 待办 (portal.inbox) within codes.ANSWER_WORKDAYS working days
(core.workdays). An objection or complaint names one of the resident's own cases; a fraud report names the person
reported (free text) and its region is the reporter's village — staff never see who reported (pages and the inbox
show 举报人信息已保护)."""

from __future__ import annotations

from django.db import transaction

from minzheng.benefits import workflow
from minzheng.core import audit, clock, roles
from minzheng.core.errors import Conflict, FieldError, Forbidden, NotFound, ValidationFailed
from minzheng.core.workdays import Calendar
from minzheng.portal import codes, selectors
from minzheng.portal.models import Complaint, PortalAccount
from minzheng.portal.services import signin


def file(account: PortalAccount, kind: str, text: str, case_id: int | None = None, subject: str = "") -> Complaint:
    household = selectors.own_household(account)
    errors = []
    if kind not in codes.COMPLAINT_KINDS:
        errors.append(FieldError("kind", f"请选择类别：{'、'.join(codes.COMPLAINT_KINDS.values())}"))
    text = (text or "").strip() if isinstance(text, str) else ""
    if not 5 <= len(text) <= 2000:
        errors.append(FieldError("text", "请把情况写清楚（5 至 2000 字）"))
    if errors:
        raise ValidationFailed(errors)
    case = None
    if kind in ("objection", "complaint"):
        if case_id is None:
            raise ValidationFailed([FieldError("case_id", "请选择所涉及的申请")])
        case = selectors.own_case(account, case_id)  # 404 for another household's case
        if kind == "objection" and case.state != workflow.IN_NOTICE:
            raise Conflict("只能在公示期间提出公示异议")
        if kind == "complaint" and not case.decision:
            raise Conflict("该申请尚未作出决定；决定作出后可以投诉")
    today = clock.today()
    region = case.region_code if case else household.region_id
    due = Calendar(region).add_workdays(today, codes.ANSWER_WORKDAYS).day
    with transaction.atomic():
        row = Complaint.objects.create(account=account, kind=kind, case=case, region_code=region,
                                       subject=(subject or "")[:100], text=text, filed_on=today, due_on=due)
        audit.record(signin.audit_name(account) if kind != "fraud" else "portal:举报人",
                     audit.Event("create", "portal_complaint", row.pk, region, {"kind": [None, kind]}))
    return row


def answer(actor, complaint_id, text: str) -> Complaint:
    """Staff answer (township or county, within their region); the resident reads it in the portal."""
    if not roles.has_perm(actor, "people.change") or actor.role == roles.VILLAGE:
        raise Forbidden("由乡镇（街道）或县民政局答复群众诉求")
    text = (text or "").strip() if isinstance(text, str) else ""
    with transaction.atomic():
        row = selectors.complaints_for(actor).select_for_update(of=("self",)).filter(pk=complaint_id).first()
        if row is None:
            raise NotFound()
        if row.state == "answered":
            raise Conflict("该诉求已答复")
        if not 2 <= len(text) <= 2000:
            raise ValidationFailed([FieldError("answer", "须填写答复（2 至 2000 字）")])
        row.answer, row.state, row.answered_on, row.answered_by = text, "answered", clock.today(), actor
        row.save(update_fields=["answer", "state", "answered_on", "answered_by"])
        audit.record(actor, audit.Event("update", "portal_complaint", row.pk, row.region_code,
                                        {"state": ["open", "answered"]}))
    return row
