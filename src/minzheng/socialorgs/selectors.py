"""Scoped reads of 社会组织. Every read goes through `Model.objects.visible_to(user)`; a role without
`socialorgs.view` is refused (403) before anything is looked up, a record outside the user's region is a 404.
Also the rules in force (report deadlines, grade bands, the appeal window) and what an organisation's evaluation
eligibility looks at (policy.History)."""

from __future__ import annotations

import datetime as dt

from django.db.models import OuterRef, Q, QuerySet, Subquery

from minzheng.core import clock, regioncodes, roles
from minzheng.core.errors import Conflict, Forbidden, NotFound
from minzheng.core.models import Region
from minzheng.socialorgs import codes, policy
from minzheng.socialorgs.models import (
    AnnualReport,
    Application,
    Evaluation,
    Inspection,
    InspectionRound,
    ListEntry,
    Rule,
    SocialOrg,
)

VIEW = "socialorgs.view"
GRADED = ("graded", "downgraded")  # states whose grade may be in force


def require(user, perm: str = VIEW, message: str = "您的角色无权查看社会组织信息") -> None:
    if not roles.has_perm(user, perm):
        raise Forbidden(message)


def _scoped(model, user) -> QuerySet:
    require(user)
    return model.objects.visible_to(user)


def _one(qs, pk):
    if not isinstance(pk, int) or not 0 < pk < 2**63:  # an id no database row can have
        raise NotFound()
    found = qs.filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def _current_grade_subqueries():
    current = (Evaluation.objects.filter(org=OuterRef("pk"), state__in=GRADED, grade__gt=0)
               .order_by("-awarded_on", "-pk"))
    return {"grade": Subquery(current.values("grade")[:1]),
            "grade_valid_until": Subquery(current.values("valid_until")[:1])}


def _credit_annotations() -> dict:
    """`credit` (codes.CREDIT: the worst open listing) and `abnormal_since` (the open abnormal-list entry's date)."""
    from django.db.models import Case, Exists, Value, When

    open_entries = ListEntry.objects.filter(org=OuterRef("pk"), removed_on__isnull=True)
    return {"credit": Case(When(Exists(open_entries.filter(list="serious")), then=Value("serious")),
                           When(Exists(open_entries.filter(list="abnormal")), then=Value("abnormal")),
                           default=Value("clear")),
            "abnormal_since": Subquery(open_entries.filter(list="abnormal").values("listed_on")[:1])}


def orgs_for(user) -> QuerySet:
    return _scoped(SocialOrg, user).annotate(**_current_grade_subqueries(), **_credit_annotations())


def get_org(user, pk) -> SocialOrg:
    org = _one(orgs_for(user), pk)
    org.blacklist_due = None
    if org.abnormal_since:
        found = rule("blacklist_after", org.region_code, org.abnormal_since)
        if found is not None:
            org.blacklist_due = policy.blacklist_on(org.abnormal_since, int(found.value["years"]))
    return org


def applications_for(user) -> QuerySet:
    return _scoped(Application, user).select_related("org")


def get_application(user, pk) -> Application:
    return _one(applications_for(user), pk)


def application_review_queue(user) -> QuerySet:
    return applications_for(user).filter(state="submitted")


def application_decision_queue(user) -> QuerySet:
    """Reviewed applications awaiting a decision by someone other than their examiner."""
    return applications_for(user).filter(state="reviewed").exclude(reviewed_by=user)


def decided_application(user, pk) -> Application:
    """An application with a decision (its notice can be printed); 404 otherwise."""
    app = get_application(user, pk)
    if app.state not in ("approved", "refused"):
        raise Conflict("该申请尚未作出决定，没有决定书")
    return app


def registration_of(user, org) -> Application | None:
    return applications_for(user).filter(org=org, kind="register", state="approved").first()


def concluded_report(user, pk) -> AnnualReport:
    report = get_report(user, pk)
    if report.state != "concluded":
        raise Conflict("该年度工作报告尚未出具年检结论")
    return report


def graded_evaluation(user, pk) -> Evaluation:
    ev = get_evaluation(user, pk)
    if ev.state == "refused":
        raise Conflict("该评估申请不予受理，没有评估结果")
    return ev


def reports_for(user) -> QuerySet:
    return _scoped(AnnualReport, user).select_related("org")


def get_report(user, pk) -> AnnualReport:
    return _one(reports_for(user), pk)


def reports_of(user, org) -> QuerySet:
    return reports_for(user).filter(org=org).order_by("-year")


def evaluations_for(user) -> QuerySet:
    return _scoped(Evaluation, user).select_related("org")


def get_evaluation(user, pk) -> Evaluation:
    return _one(evaluations_for(user), pk)


def evaluations_of(user, org) -> QuerySet:
    return evaluations_for(user).filter(org=org).order_by("-applied_on", "-pk")


def list_entries_for(user) -> QuerySet:
    return _scoped(ListEntry, user).select_related("org")


def get_list_entry(user, pk) -> ListEntry:
    return _one(list_entries_for(user), pk)


def list_entries_of(user, org) -> QuerySet:
    return list_entries_for(user).filter(org=org).order_by("-listed_on")


def rounds_for(user) -> QuerySet:
    return _scoped(InspectionRound, user)


def get_round(user, pk) -> InspectionRound:
    return _one(rounds_for(user), pk)


def inspections_for(user) -> QuerySet:
    return _scoped(Inspection, user).select_related("org", "round")


def get_inspection(user, pk) -> Inspection:
    return _one(inspections_for(user), pk)


def inspections_of_round(user, rnd) -> QuerySet:
    return inspections_for(user).filter(round=rnd).order_by("org__name")


def inspections_of_org(user, org) -> QuerySet:
    return inspections_for(user).filter(org=org).order_by("-round__drawn_on")


def supervisor_queue(user) -> QuerySet:
    return reports_for(user).filter(state="filed")


def registry_queue(user) -> QuerySet:
    return reports_for(user).filter(state="supervised")


def inspector_choices(user) -> list[tuple[int, str]]:
    """Staff who may inspect: township and county officers of the user's subtree."""
    from django.contrib.auth import get_user_model

    require(user)
    users = get_user_model().objects.filter(is_active=True, role__in=(roles.TOWNSHIP, roles.COUNTY),
                                            **regioncodes.subtree_lookup("region_id", user.region_prefix))
    return [(u.pk, u.full_name or u.username) for u in users.order_by("username")[:500]]


# ---- rules as data --------------------------------------------------------------------------------------------------


def _ancestry(code: str) -> list[str]:
    """The code, the regions above it, and "" (the national default rows)."""
    out, node = [code], regioncodes.parent_code(code)
    while node:
        out.append(node)
        node = regioncodes.parent_code(node)
    return [*out, ""]


def rule(key: str, region_code: str, on: dt.date, kind: str = "") -> Rule | None:
    """The rule in force on `on` for the region (most specific region first, then the latest effective date); a
    kind-specific row before the all-kinds row of the same region."""
    rows = list(Rule.objects.filter(key=key, region_code__in=_ancestry(region_code), effective_from__lte=on,
                                    kind__in=[kind, ""]))
    if not rows:
        return None
    depth = {c: i for i, c in enumerate(_ancestry(region_code))}
    rows.sort(key=lambda r: (depth[r.region_code], r.kind != kind, -r.effective_from.toordinal()))
    return rows[0]


def rules_for(user) -> QuerySet:
    require(user)
    return Rule.objects.filter(region_code__in=_ancestry(user.region_id)) | Rule.objects.filter(
        **regioncodes.subtree_lookup("region_code", user.region_id))


# ---- evaluation history ---------------------------------------------------------------------------------------------


def current_grade(org_id: int, on: dt.date) -> Evaluation | None:
    """The evaluation whose grade is in force on `on` (latest awarded, not cancelled, not expired)."""
    row = (Evaluation.objects.filter(org_id=org_id, state__in=GRADED, grade__gt=0, awarded_on__lte=on,
                                     valid_until__gte=on).order_by("-awarded_on", "-pk").first())
    return row


def history(org: SocialOrg, on: dt.date) -> policy.History:
    current = current_grade(org.pk, on)
    sanctions = [policy.Sanction(kind, day) for kind, day in Evaluation.objects.filter(
        org=org, sanction__in=list(policy.BAR_YEARS), sanction_on__isnull=False).values_list("sanction", "sanction_on")]
    results = dict(AnnualReport.objects.filter(org=org).values_list("year", "result"))
    listed = (ListEntry.objects.filter(org=org, listed_on__lte=on)
              .filter(Q(removed_on__isnull=True) | Q(removed_on__gt=on)).values_list("list", flat=True).first())
    return policy.History(
        registered_on=org.registered_on, status=org.status,
        current=policy.PastGrade(current.grade, current.awarded_on, current.valid_until,
                                 downgraded=current.state == "downgraded") if current else None,
        ever_graded=Evaluation.objects.filter(org=org, grade__gt=0).exists(),
        annual_results=results, sanctions=sanctions,
        punished_last_year=bool(org.punished_on and org.punished_on.year == on.year - 1),
        under_investigation=org.under_investigation, listed=codes.LISTS.get(listed, "") if listed else "")


# ---- indicators -----------------------------------------------------------------------------------------------------


def region_name(code: str) -> str:
    return Region.objects.filter(code=code).values_list("name", flat=True).first() or code


def today() -> dt.date:
    return clock.today()


def indicators(user, region_code: str = "", today: dt.date | None = None) -> dict:
    """每万人社会组织数 by child region of `region_code`: active organisations located there (registered on or
    before `today`) × 10,000 / registry population (current members of households), and by kind."""
    from django.db.models import Count
    from django.db.models.functions import Substr

    from minzheng.registry.models import Membership

    require(user)
    if not roles.has_perm(user, "people.view"):
        raise Forbidden("您的角色无权查看人口统计")
    today = today or clock.today()
    root = regioncodes.normalize(region_code) if region_code else user.region_id
    if not regioncodes.in_subtree(root, user.region_id):
        raise NotFound()
    depth = regioncodes.LEVELS.index(regioncodes.level_of(root))
    width = regioncodes.LEVEL_LENGTH[regioncodes.LEVELS[min(depth + 1, len(regioncodes.LEVELS) - 1)]]
    people = {r["prefix"]: r["n"] for r in Membership.objects.visible_to(user).filter(left_on__isnull=True)
              .filter(**regioncodes.subtree_lookup("household__region_id", root))
              .annotate(prefix=Substr("household__region_id", 1, width)).values("prefix")
              .annotate(n=Count("pk")).order_by("prefix")}
    orgs: dict[str, dict[str, int]] = {}
    for r in (SocialOrg.objects.visible_to(user).filter(**regioncodes.subtree_lookup("region_code", root))
              .filter(registered_on__lte=today).filter(Q(deregistered_on__isnull=True) | Q(deregistered_on__gt=today))
              .annotate(prefix=Substr("region_code", 1, width)).values("prefix", "kind").annotate(n=Count("pk"))
              .order_by("prefix")):
        orgs.setdefault(r["prefix"], {})[r["kind"]] = r["n"]

    def row(code: str, name: str, prefix: str | None) -> dict:
        kinds = ({k: sum(v.get(k, 0) for v in orgs.values()) for k in codes.KINDS} if prefix is None
                 else {k: orgs.get(prefix, {}).get(k, 0) for k in codes.KINDS})
        population = sum(people.values()) if prefix is None else people.get(prefix, 0)
        total = sum(kinds.values())
        return {"code": code, "name": name, "population": population, "orgs": total, **kinds,
                "per_10000": policy.per_10000(total, population)}

    children = list(Region.objects.filter(parent_id=root).order_by("code").values_list("code", "name"))
    # Organisations located at the root itself (the county's own) count in the total only.
    rows = [row(code, name, code[:width]) for code, name in children]
    return {"root": root, "rows": rows, "total": row(root, f"{region_name(root)}合计", None)}
