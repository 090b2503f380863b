"""社会组织 endpoints under /api/v1/socialorgs/…: the register (list, one organisation), an annual report filed for an
organisation, and an evaluation (the grade and its validity, or the reasons it cannot be evaluated). Lists take the
pages' filters (a bad value is the same Chinese 422) and paginate; bodies are validated by the services after the
role and region checks."""

from __future__ import annotations

from ninja import Router, Status
from ninja.pagination import paginate

from minzheng.benefits.schemas.fields import body
from minzheng.core.api_schemas import Page, responses
from minzheng.core.pages.filters import filter_errors_to_validation
from minzheng.socialorgs import codes, filters, schemas, selectors
from minzheng.socialorgs.services import evaluations, register, reports

router = Router(tags=["socialorgs"])


def _org_out(o) -> schemas.OrgOut:
    return schemas.OrgOut(id=o.pk, name=o.name, kind=o.kind, kind_label=codes.KINDS[o.kind], uscc=o.uscc,
                          domain=o.domain, supervisor=o.supervisor, legal_rep=o.legal_rep, region_code=o.region_code,
                          registered_on=o.registered_on, status=o.status, grade=getattr(o, "grade", None),
                          grade_valid_until=getattr(o, "grade_valid_until", None))


def report_out(r) -> schemas.ReportOut:
    return schemas.ReportOut(id=r.pk, org_id=r.org_id, year=r.year, state=r.state,
                             state_label=codes.REPORT_STATES[r.state], filed_on=r.filed_on,
                             supervisor_due=r.supervisor_due, registry_due=r.registry_due, late=r.late,
                             income=r.income, total_spending=r.total_spending,
                             checks=[schemas.CheckOut(**c) for c in r.checks], checks_ok=r.checks_ok, result=r.result)


def evaluation_out(e) -> schemas.OrgEvaluationOut:
    return schemas.OrgEvaluationOut(id=e.pk, org_id=e.org_id, eligible=e.state != "refused", reasons=e.reasons,
                                 state=e.state, state_label=codes.EVALUATION_STATES[e.state],
                                 score=str(e.score) if e.score is not None else None, grade=e.grade,
                                 grade_label=codes.GRADES.get(e.grade, "") if e.grade is not None else "",
                                 awarded_on=e.awarded_on, valid_until=e.valid_until, appeal_by=e.appeal_by)


def application_out(a) -> schemas.OrgApplicationOut:
    return schemas.OrgApplicationOut(
        id=a.pk, kind=a.kind, kind_label=codes.APPLICATION_KINDS[a.kind], name=a.name, region_code=a.region_code,
        state=a.state, state_label=codes.APPLICATION_STATES[a.state], received_on=a.received_on, due_on=a.due_on,
        materials=list(a.materials or []), review_decision=a.review_decision, reviewed_on=a.reviewed_on,
        decided_on=a.decided_on, decision_note=a.decision_note, org_id=a.org_id)


@router.post("/socialorgs/applications", response=responses(schemas.OrgApplicationOut, 201),
             summary="成立登记申请（材料清单、最低资金和会员数检查；审查后另一人决定，准予即写入名录）",
             description="materials 列出提交的材料（codes.MATERIALS）；缺少的材料一次性告知（422）。")
def apply_register(request, payload: body(schemas.OrgRegistrationIn)):
    return Status(201, application_out(register.apply_register(request.user, payload)))


@router.get("/socialorgs/applications/{application_id}", response=responses(schemas.OrgApplicationOut),
            summary="登记申请")
def get_application(request, application_id: int):
    return application_out(selectors.get_application(request.user, application_id))


@router.post("/socialorgs/applications/{application_id}/review", response=responses(schemas.OrgApplicationOut),
             summary="登记申请审查意见（建议准予 / 建议不予）")
def review_application(request, application_id: int, payload: body(schemas.OrgApplicationReviewIn)):
    return application_out(register.review(request.user, application_id, payload))


@router.post("/socialorgs/applications/{application_id}/decision", response=responses(schemas.OrgApplicationOut),
             summary="登记决定（准予成立登记须给出统一社会信用代码；不能由审查人作出）")
def decide_application(request, application_id: int, payload: body(schemas.DecideIn)):
    return application_out(register.decide(request.user, application_id, payload))


@router.get("/socialorgs", response=responses(list[schemas.OrgOut]), summary="社会组织名录")
@paginate(Page)
def list_orgs(request):
    fs = filters.OrgFilters(request.GET, queryset=selectors.orgs_for(request.user), user=request.user)
    if not fs.is_valid():
        raise filter_errors_to_validation(fs)
    return [_org_out(o) for o in fs.qs.order_by("region_code", "name", "id")]


@router.get("/socialorgs/{org_id}", response=responses(schemas.OrgOut), summary="社会组织")
def get_org(request, org_id: int):
    return _org_out(selectors.get_org(request.user, org_id))


@router.post("/socialorgs/{org_id}/annual-reports", response=responses(schemas.ReportOut, 201),
             summary="报送年度工作报告（基金会同时检查《基金会管理条例》第二十九条支出比例）")
def file_report(request, org_id: int, payload: body(schemas.ReportIn)):
    return Status(201, report_out(reports.file_report(request.user, org_id, payload)))


@router.post("/socialorgs/{org_id}/evaluations", response=responses(schemas.OrgEvaluationOut, 201),
             summary="社会组织评估（民政部令第39号）：评估等级及有效期，或不予受理的原因",
             description="不符合参加评估条件的，登记为不予受理，eligible 为 false，reasons 列出原因；符合的，"
                         "须填写 score、committee_size、present、votes_for，按分数线评定等级，有效期 5 年。")
def evaluate(request, org_id: int, payload: body(schemas.OrgEvaluationIn)):
    return Status(201, evaluation_out(evaluations.evaluate(request.user, org_id, payload)))
