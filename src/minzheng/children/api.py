"""Children's endpoints (/api/v1): the register (`GET /children?category=&village=`, one child), visits (record
one, the due list) and minors protection (`POST /minors/reports` → a case with its deadlines; cases; one case).
Lists take the pages' filters (a bad value is the same Chinese 422) and paginate; 403 for a role that may not read
or act, before the record (404 outside the region, or a restricted case the caller is not named on) and the body."""

from typing import Any

from django.utils import timezone
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from minzheng.children import codes, filters
from minzheng.children.policy.minors import AWAITS
from minzheng.children.schemas import (
    ChildDueOut,
    ChildOut,
    ChildVisitIn,
    ChildVisitOut,
    MinorsCaseOut,
    MinorsDeadlineOut,
    MinorsReportIn,
)
from minzheng.children.selectors import minors, visits
from minzheng.children.selectors import register as register_selectors
from minzheng.children.services import minors as minors_services
from minzheng.children.services import visits as visit_services
from minzheng.core import clock
from minzheng.core.api_auth import requires
from minzheng.core.api_schemas import Page, responses
from minzheng.core.validation import Field, Id

router = Router(tags=["children"])


class ChildQuery(Schema):
    category: str = Field("", description="orphan、unsupported、left_behind、hardship")
    village: str = Field("", description="村(社区)区划代码（含下级）")
    region_code: str = Field("", description="区划代码（含下级）")
    tier: str = Field("", description="分级代码")
    current: str = Field("", description="1 = 在册；0 = 已退出")


class MinorsCaseQuery(Schema):
    state: str = Field("", description="、".join(codes.CASE_STATES))
    region_code: str = Field("", description="区划代码（含下级）")


class ChildPage(Page):
    """The register's pages: the benefits of all rows of the page at once (two queries)."""

    def paginate_queryset(self, queryset, pagination, request, **params: Any) -> Any:
        out = super().paginate_queryset(queryset, pagination, request, **params)
        items = list(out["items"])
        benefits = register_selectors.benefits_of([c.person_id for c in items])
        return {**out, "items": [ChildOut.build(c, benefits.get(c.person_id, [])) for c in items]}


@router.get("/children", response=responses(list[ChildOut]),
            summary="儿童名册（?category=orphan|unsupported|left_behind|hardship&village=村区划代码）")
@paginate(ChildPage)
def list_children(request, query: Query[ChildQuery]):
    qs = filters.apply(filters.ChildFilters, request.GET, register_selectors.children_for(request.user),
                       request.user)
    return qs.order_by("region_code", "category", "id")


@router.get("/children/visits/due", response=responses(list[ChildDueOut]),
            summary="走访清单：按走访计划应走访的在册儿童（逾期在前）")
@paginate(Page)
def due_visits(request, region_code: str = "", director_id: Id | None = None):
    rows = visits.due_list(request.user, region_code, director_id)
    return [ChildDueOut(child_id=r.child_id, person_id=r.person_id, name=r.name, category=r.category,
                   region_code=r.region_code, director=r.director, plan=r.plan, last_visit=r.last_visit,
                   due_on=r.due_on, overdue=r.overdue) for r in rows]


@router.post("/children/visits", auth=requires("children.visit"), response=responses(ChildVisitOut, 201),
             summary="登记走访或联系（儿童主任、儿童督导员、民政部门）")
def add_visit(request, body: ChildVisitIn):
    visit = visit_services.record_visit(request.user, body.model_dump())
    due = visits.due_rows([register_selectors.get_child(request.user, visit.child_id)])
    return Status(201, ChildVisitOut(id=visit.pk, child_id=visit.child_id, region_code=visit.region_code,
                                visited_on=visit.visited_on, kind=visit.kind, visitor=visit.visitor,
                                seen=visit.seen, findings=visit.findings, concern=visit.concern,
                                next_due=min((d.due_on for d in due), default=None),
                                overdue=any(d.overdue for d in due)))


@router.get("/children/{child_id}", response=responses(ChildOut), summary="一名在册儿童")
def get_child(request, child_id: Id):
    child = register_selectors.get_child(request.user, child_id)
    return ChildOut.build(child, register_selectors.benefits_of([child.person_id]).get(child.person_id, []))


def case_out(case, steps) -> MinorsCaseOut:
    """A case with its deadlines: each step done (its deadline, when done, whether late) and the one awaited."""
    now = clock.now()
    deadlines = [MinorsDeadlineOut(step=s.action, label=codes.CASE_ACTIONS[s.action], due_at=s.due_at,
                                   done_at=s.at, late=s.late) for s in steps if s.action in codes.LIMIT_STEPS]
    if case.state != "closed" and case.due_at is not None:
        step = AWAITS[case.state]
        deadlines.append(MinorsDeadlineOut(step=step, label=codes.LIMIT_STEPS[step], due_at=case.due_at,
                                           done_at=None, late=case.due_at < now))
    return MinorsCaseOut(
        id=case.pk, region_code=case.region_code, child_name=case.child_name, person_id=case.person_id,
        reporter_name=case.reporter_name, reporter_type=case.reporter_type, channel=case.channel,
        reported_at=timezone.localtime(case.reported_at), harm=case.harm, urgency=case.urgency, state=case.state,
        state_label=codes.CASE_STATES[case.state],
        due_at=timezone.localtime(case.due_at) if case.due_at else None,
        overdue=bool(case.due_at and case.state != "closed" and case.due_at < now),
        restricted=case.restricted, deadlines=deadlines)


class CasePage(Page):
    """Cases with their deadlines: the steps of all rows of the page in one query."""

    def paginate_queryset(self, queryset, pagination, request, **params: Any) -> Any:
        out = super().paginate_queryset(queryset, pagination, request, **params)
        items = list(out["items"])
        steps = minors.steps_by_case([c.pk for c in items])
        return {**out, "items": [case_out(c, steps.get(c.pk, [])) for c in items]}


@router.post("/minors/reports", auth=requires("minors.report"), response=responses(MinorsCaseOut, 201),
             summary="登记强制报告（报告人、渠道、时间）→ 未成年人保护个案及其办理期限")
def add_report(request, body: MinorsReportIn):
    case = minors_services.report(request.user, body.model_dump())
    return Status(201, case_out(case, minors.steps_by_case([case.pk]).get(case.pk, [])))


@router.get("/minors/cases", response=responses(list[MinorsCaseOut]),
            summary="未成年人保护个案（限制访问的个案仅指定的经办人员可见）")
@paginate(CasePage)
def list_cases(request, query: Query[MinorsCaseQuery]):
    qs = filters.apply(filters.CaseFilters, request.GET, minors.cases_for(request.user), request.user)
    return qs.order_by("-reported_at", "-id")


@router.get("/minors/cases/{minors_case_id}", response=responses(MinorsCaseOut), summary="一件未成年人保护个案")
def get_case(request, minors_case_id: Id):
    case = minors.get_case(request.user, minors_case_id)
    return case_out(case, minors.steps_by_case([case.pk]).get(case.pk, []))
