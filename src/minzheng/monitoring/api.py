"""Monitoring endpoints (/api/v1): the monitored population, warnings and their outcomes, referral answers,
discoveries and the signal rules. Scoped like every read (404 outside the caller's region); lists are paged
({"items", "count"}) and filtered with the pages' filter sets (the same Chinese 422); 403 for roles that may not see
or act (checked before the record is looked up); 409 for a warning already handled."""

from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from minzheng.core.api_auth import requires
from minzheng.core.api_schemas import BodyIn, Page, responses
from minzheng.core.validation import Field, Id
from minzheng.monitoring import codes, filters, selectors
from minzheng.monitoring.schemas import (
    DiscoveryOut,
    MonitoredPersonOut,
    OutcomeIn,
    OutcomeOut,
    ReferralAnswerIn,
    ReferralOut,
    RuleOut,
    VisitPlanOut,
    WarningOut,
)
from minzheng.monitoring.services import register, rules, visits, warnings

router = Router(tags=["monitoring"])


class MonitoredQuery(Schema):
    layer: str = Field("", description="监测类别：dibao、tekun、poverty_return、dibao_edge、rigid_expense、other")
    tag: str = Field("", description="标签代码")
    current: str = Field("", description="1 = 仍在监测（默认全部时期）；0 = 已退出")
    region_code: str = Field("", description="区划代码（含下级）")


class WarningQuery(Schema):
    month: str = Field("", description="监测月份 YYYY-MM")
    level: str = Field("", description="red、orange、yellow")
    status: str = Field("", description="open、assisted、referred、dismissed（不填 = 全部）")
    signal: str = Field("", description="信号代码（如 medical_oop）")
    region_code: str = Field("", description="区划代码（含下级）")


class DiscoveryQuery(Schema):
    month: str = Field("", description="发现月份 YYYY-MM")
    status: str = Field("", description="open、applied、dismissed")
    region_code: str = Field("", description="区划代码（含下级）")


class RuleQuery(Schema):
    code: str = Field("", description="信号代码")
    region_code: str = Field("", description="区划代码（含下级）")


class OtherIn(BodyIn):
    person_id: Id = Field(..., title="人员")
    reason: str = Field(..., title="纳入理由", max_length=500)


class RuleBodyIn(BodyIn):
    code: str = Field(..., title="信号")
    region_code: str = Field(..., title="区划代码", max_length=12)
    effective_from: str = Field(..., title="生效日期", max_length=10)
    effective_to: str | None = Field(None, title="终止日期", max_length=10)
    window_months: int = Field(1, title="观察期（月）", ge=1, le=36)
    threshold: str | None = Field(None, title="阈值", max_length=20)
    weight: int = Field(0, title="权重", ge=0, le=100)
    layers: list[str] = Field(default_factory=list, title="监测类别", max_length=6)
    enabled: bool = Field(True, title="启用")
    source: str = Field(..., title="依据", max_length=500)


@router.get("/monitored-persons", response=responses(list[MonitoredPersonOut]),
            summary="监测对象（本辖区，身份证号脱敏）")
@paginate(Page)
def list_monitored(request, query: Query[MonitoredQuery]):
    return filters.apply(filters.MonitoredFilters, request.GET, selectors.monitored_for(request.user), request.user)


@router.post("/monitored-persons", auth=requires("monitoring.add"),
             response=responses(MonitoredPersonOut, 201), summary="乡镇新增其他困难人员")
def add_monitored(request, body: OtherIn):
    return Status(201, register.add_other(request.user, body.model_dump()))


@router.get("/warnings", response=responses(list[WarningOut]), summary="监测预警（本辖区）")
@paginate(Page)
def list_warnings(request, query: Query[WarningQuery]):
    return filters.apply(filters.WarningFilters, request.GET, selectors.warnings_for(request.user), request.user)


@router.get("/warnings/{warning_id}", response=responses(WarningOut), summary="一条预警")
def get_warning(request, warning_id: Id):
    return selectors.get_warning(request.user, warning_id)


@router.post("/warnings/{warning_id}/outcome",
             auth=requires("warnings.handle", found=("warning_id", selectors.get_warning)),
             response=responses(OutcomeOut),
             summary="办理预警：assist（纳入救助，发起申请）、refer（转介）、dismiss（排除，须填理由）")
def warning_outcome(request, warning_id: Id, body: OutcomeIn):
    warning, case, referral = warnings.decide(request.user, warning_id, body)
    return {"warning": warning, "case_id": case.pk if case else None, "referral": referral}


@router.post("/referrals/{referral_id}/answer",
             auth=requires("warnings.handle", found=("referral_id", selectors.get_referral)),
             response=responses(ReferralOut), summary="登记接收单位的答复")
def referral_answer(request, referral_id: Id, body: ReferralAnswerIn):
    return warnings.answer_referral(request.user, referral_id, body)


@router.get("/discoveries", response=responses(list[DiscoveryOut]), summary="政策找人：可能符合条件的未享受家庭")
@paginate(Page)
def list_discoveries(request, query: Query[DiscoveryQuery]):
    return filters.apply(filters.DiscoveryFilters, request.GET, selectors.discoveries_for(request.user),
                         request.user)


@router.get("/monitoring-rules", response=responses(list[RuleOut]), summary="预警规则")
@paginate(Page)
def list_rules(request, query: Query[RuleQuery]):
    return filters.apply(filters.RuleFilters, request.GET, selectors.rules_for(request.user), request.user)


@router.post("/monitoring-rules", auth=requires("monitoring.rules"),
             response=responses(RuleOut, 201), summary="新增或更正预警规则（县级）")
def save_rule(request, body: RuleBodyIn):
    return Status(201, rules.save_rule(request.user, body.model_dump()))


class PlanQuery(Schema):
    group: str = Field("", description="走访对象：" + "、".join(codes.VISIT_GROUPS))
    region_code: str = Field("", description="区划代码（含下级）")


class PlanBodyIn(BodyIn):
    group: str = Field(..., title="走访对象", max_length=30)
    region_code: str = Field(..., title="区划代码", max_length=12)
    every_months: int = Field(..., title="走访周期（月）", ge=1, le=24)
    effective_from: str = Field(..., title="生效日期", max_length=10)
    source: str = Field(..., title="依据", max_length=500)


@router.get("/visit-plans", response=responses(list[VisitPlanOut]), summary="走访计划")
@paginate(Page)
def list_plans(request, query: Query[PlanQuery]):
    return filters.apply(filters.PlanFilters, request.GET, selectors.plans_for(request.user), request.user)


@router.post("/visit-plans", auth=requires("monitoring.rules"),
             response=responses(VisitPlanOut, 201), summary="新增或更正走访计划（县级）")
def save_plan(request, body: PlanBodyIn):
    return Status(201, visits.save_plan(request.user, body.model_dump()))
