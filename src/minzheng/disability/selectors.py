"""Scoped reads of the disability app: the coverage check (disability.coverage) for a region the user may see,
the stored gaps, reviews and reviews due, the kernel's certificate-expiry holds, and the 残联 reconciliation rows.
403 for a role without people.view before any lookup; 404 outside the user's region."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from minzheng.benefits.models import PaymentHold
from minzheng.core import clock, months
from minzheng.core.errors import NotFound
from minzheng.disability import codes, coverage, policy
from minzheng.disability.models import AnnualReview, CoverageGap
from minzheng.registry import selectors as registry_selectors


def this_month() -> dt.date:
    return clock.today().replace(day=1)


def check(user, region_code: str = "", month: dt.date | None = None) -> dict:
    """The coverage summary (disability.coverage.summary) of the user's region or a region inside it."""
    month = month or this_month()
    persons = registry_selectors.persons_for(user).within(region_code, "region")
    return coverage.summary(coverage.assess(coverage.rows(persons, month), month))


def gaps_for(user) -> QuerySet[CoverageGap]:
    registry_selectors.require_people_access(user)
    return CoverageGap.objects.visible_to(user).select_related("person")


def get_gap(user, gap_id) -> CoverageGap:
    found = gaps_for(user).filter(pk=gap_id).first()
    if found is None:
        raise NotFound()
    return found


def reviews_for(user) -> QuerySet[AnnualReview]:
    registry_selectors.require_people_access(user)
    return AnnualReview.objects.visible_to(user).select_related("person")


def paid(user, month: dt.date | None = None):
    """Subsidy entitlements in force this month in the user's region."""
    registry_selectors.require_people_access(user)
    from minzheng.benefits import selectors as benefits_selectors

    month = month or this_month()
    return (benefits_selectors.entitlement_rows(user).filter(program__in=list(codes.PROGRAMS))
            .filter(pk__in=coverage.in_force(month).values("pk")))


def reviews_due(user, year: int | None = None):
    """Persons paid a subsidy without an annual review this year: (person_id, name, region_code) rows."""
    year = year or clock.today().year
    done = AnnualReview.objects.filter(year=year).values("person_id")
    return (paid(user).exclude(person_id__in=done).values_list("person_id", "person__name", "region_code")
            .distinct().order_by("region_code", "person_id"))


def review_due_entitlements(user, year: int | None = None):
    """Subsidies paid this month whose person has no annual review this year (the due list's rows)."""
    year = year or clock.today().year
    return paid(user).exclude(person_id__in=AnnualReview.objects.filter(year=year).values("person_id")) \
        .select_related("person")


def holds_for(user) -> QuerySet[PaymentHold]:
    """The kernel's holds this app placed (certificate expired), open first."""
    registry_selectors.require_people_access(user)
    return (PaymentHold.objects.visible_to(user).filter(source__startswith=codes.HOLD_SOURCE + ":")
            .select_related("entitlement", "entitlement__person").order_by("released_on", "-placed_on", "-id"))


def get_hold(user, hold_id) -> PaymentHold:
    found = holds_for(user).filter(pk=hold_id).first()
    if found is None:
        raise NotFound()
    return found


def reconciliation(user, region_code: str = "", month: dt.date | None = None) -> list[list]:
    """The 残联 reconciliation rows: every subsidy paid this month with the 残联's certificate and the verdict."""
    month = month or this_month()
    ents = list(paid(user, month).within(region_code, "region").select_related("person")
                .order_by("region_code", "person_id", "program"))
    certificates = coverage.feed_certificates(months.month_end(month))
    out = []
    for e in ents:
        p = e.person
        cert = policy.certificate_of(p.disability_category, p.disability_grade, certificates.get(p.id_number_index))
        verdict = policy.certificate_check(cert, p.disability_category, p.disability_grade, months.month_end(month))
        feed = cert if cert is not None and cert.source == "feed" else None
        out.append([e.region_code, p.name, p.id_number_masked, codes.PROGRAMS[e.program], e.monthly_amount,
                    f"{e.start_month:%Y-%m}", codes.DISABILITY_CATEGORIES.get(p.disability_category, ""),
                    codes.DISABILITY_GRADES.get(p.disability_grade, ""),
                    codes.DISABILITY_CATEGORIES.get(feed.category, "") if feed else "",
                    codes.DISABILITY_GRADES.get(feed.grade, "") if feed else "",
                    f"{feed.valid_until:%Y-%m-%d}" if feed and feed.valid_until else "",
                    codes.CHECK_RESULTS[verdict]])
    return out


RECONCILIATION_HEADER = ["村(社区)代码", "姓名", "身份证号（脱敏）", "补贴项目", "月金额（元）", "起始月份",
                         "残疾类别（统一库）", "残疾等级（统一库）", "残疾类别（残联）", "残疾等级（残联）",
                         "残疾人证有效期至（残联）", "核对结果"]
