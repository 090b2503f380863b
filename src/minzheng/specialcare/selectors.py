"""Scoped reads of special care: the register of entitled persons, certifications (and who is due this year),
光荣院 residents, the register facts the programs evaluate with, and the timely-payment rate from the payroll; medical
claims (and the open claim the medical program evaluates), the 三难 campaign and its figures for the home page, and
the exchanges with 退役军人事务部门 with the differences they found."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from minzheng.core import regioncodes, roles
from minzheng.core.errors import Forbidden, NotFound
from minzheng.specialcare import codes, policy
from minzheng.specialcare.models import (
    Certification,
    EntitledPerson,
    GloryHomeResident,
    HardshipCase,
    HardshipHelp,
    MedicalClaim,
    RegisterDifference,
    RegisterExchange,
)

VIEW = "specialcare.view"
LOCKED = ("approved", "exported", "reconciled")  # payrolls the county has approved: what was paid


def require(user, permission: str, message: str = "您的角色无权办理优抚业务") -> None:
    if not roles.has_perm(user, permission):
        raise Forbidden(message)


def entitled_for(user) -> QuerySet[EntitledPerson]:
    require(user, VIEW)
    return EntitledPerson.objects.visible_to(user).select_related("person")


def get_entitled(user, pk: int, action: str = "view") -> EntitledPerson:
    found = EntitledPerson.objects.visible_to(user, action).select_related("person").filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def certifications_for(user) -> QuerySet[Certification]:
    require(user, VIEW)
    return Certification.objects.visible_to(user).select_related("entitled__person")


def uncertified(user, year: int) -> QuerySet[EntitledPerson]:
    """Active entitled persons without a certification for `year` (the inbox's 年度确认 work list)."""
    done = Certification.objects.filter(entitled=OuterRef("pk"), year=year)
    return entitled_for(user).filter(status="active").exclude(Exists(done))


def residents_for(user) -> QuerySet[GloryHomeResident]:
    require(user, VIEW)
    return GloryHomeResident.objects.visible_to(user).select_related("entitled__person")


def register_facts_for(program: str, person_ids: list[int], month: dt.date) -> dict[int, policy.Entitled]:
    """As register_facts, only the categories the program pays (a person may be in two registers)."""
    wanted = [c for c, p in codes.CATEGORY_PROGRAM.items() if p == program]
    rows = (EntitledPerson.objects.filter(person_id__in=person_ids, registered_on__lt=_next(month),
                                          category__in=wanted)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=month))
            .values_list("person_id", "category", "nature", "grade"))
    return {pid: policy.Entitled(category, nature, grade) for pid, category, nature, grade in rows}


def _next(month: dt.date) -> dt.date:
    return dt.date(month.year + (month.month == 12), month.month % 12 + 1, 1)


def timely(user, year: int) -> dict:
    """按时足额发放率 of the special-care programs in `year`: of every month's base payment (regular, one-off and
    back-paid arrears of locked payrolls) for the programs, the share paid in its own month and credited by the
    bank (arrears and failed payments are late)."""
    from minzheng.payroll.models import PayrollLine

    require(user, VIEW)
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 1)
    lines = PayrollLine.objects.filter(**regioncodes.subtree_lookup("region_code", user.region_id)).filter(
        program__in=list(codes.PROGRAMS), for_month__gte=start, for_month__lte=end,
        kind__in=("regular", "arrears", "one_off"), payroll__status__in=LOCKED)
    due = lines.count()
    on_time = lines.filter(kind__in=("regular", "one_off"), status="paid").count()
    return {"year": year, "due": due, "paid_on_time": on_time, "rate": policy.timely_rate(due, on_time)}



# ---- 医疗补助 --------------------------------------------------------------------------------------------------------

# A claim whose kernel case ended without payment does not count against the annual cap.
NOT_PAID = ("refused", "refusal_notified", "withdrawn", "terminated")


def claims_for(user) -> QuerySet[MedicalClaim]:
    require(user, VIEW)
    return MedicalClaim.objects.visible_to(user).select_related("entitled", "person", "case")


def get_claim(user, pk: int) -> MedicalClaim:
    found = claims_for(user).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def used_this_year(person_id: int, year: int, exclude: int | None = None) -> Decimal:
    """This year's medical subsidies of a person (claims not refused, withdrawn or ended), the claim `exclude` aside."""
    qs = MedicalClaim.objects.filter(person_id=person_id, year=year).exclude(case__state__in=NOT_PAID)
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    return qs.aggregate(s=Sum("subsidy"))["s"] or Decimal("0.00")


def open_claims(person_ids: list[int], year: int) -> dict[int, policy.Claim]:
    """{person: the claim the medical program pays} — each person's latest claim whose kernel case is not finished
    (or not made yet), with the year's earlier subsidies. Two queries whatever the count."""
    from minzheng.benefits.workflow import FINAL

    rows = list(MedicalClaim.objects.filter(person_id__in=person_ids)
                .filter(Q(case__isnull=True) | ~Q(case__state__in=FINAL))
                .order_by("person_id", "-id").values_list("pk", "person_id", "year", "self_pay", "entitled__category"))
    latest: dict[int, tuple] = {}
    for row in rows:
        latest.setdefault(row[1], row)
    years = {row[2] for row in latest.values()}
    used = {(p, y): s for p, y, s in MedicalClaim.objects
                .filter(person_id__in=list(latest), year__in=years).exclude(pk__in=[r[0] for r in latest.values()])
                .exclude(case__state__in=NOT_PAID).values_list("person_id", "year").annotate(s=Sum("subsidy"))
                .values_list("person_id", "year", "s")}
    return {pid: policy.Claim(category, self_pay, used.get((pid, y), Decimal("0.00")))
            for pk, pid, y, self_pay, category in latest.values()}


# ---- 三难 ------------------------------------------------------------------------------------------------------------


def hardships_for(user) -> QuerySet[HardshipCase]:
    require(user, VIEW)
    return (HardshipCase.objects.visible_to(user).select_related("entitled__person")
            .annotate(help_count=Count("helps"), help_amount=Sum("helps__amount")))


def get_hardship(user, pk: int, action: str = "view") -> HardshipCase:
    found = HardshipCase.objects.visible_to(user, action).select_related("entitled__person").filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def helps_for(user) -> QuerySet[HardshipHelp]:
    require(user, VIEW)
    return HardshipHelp.objects.visible_to(user).select_related("hardship__entitled__person")


def hardship_figures(user) -> dict | None:
    """The home page's 三难 tile: cases found, being helped and closed, by kind (one query), and the help given."""
    if not roles.has_perm(user, VIEW):
        return None
    counts = {(k, s): n for k, s, n in HardshipCase.objects.visible_to(user).values_list("kind", "status")
              .annotate(n=Count("id")).values_list("kind", "status", "n")}
    rows = [(label, sum(counts.get((kind, s), 0) for s in codes.HARDSHIP_STATUS),
             counts.get((kind, "open"), 0) + counts.get((kind, "helping"), 0), counts.get((kind, "closed"), 0))
            for kind, label in codes.HARDSHIPS.items()]
    helps = HardshipHelp.objects.visible_to(user).aggregate(n=Count("id"), s=Sum("amount"))
    return {"rows": rows, "found": sum(r[1] for r in rows), "open": sum(r[2] for r in rows),
            "closed": sum(r[3] for r in rows), "helps": helps["n"], "help_amount": helps["s"] or Decimal("0.00")}


# ---- exchange with 退役军人事务部门 ----------------------------------------------------------------------------------


def exchanges_for(user) -> QuerySet[RegisterExchange]:
    require(user, VIEW)
    return RegisterExchange.objects.visible_to(user)


def differences_for(user) -> QuerySet[RegisterDifference]:
    require(user, VIEW)
    return RegisterDifference.objects.visible_to(user).select_related("exchange", "entitled")
