"""Scoped reads of special care: the register of entitled persons, certifications (and who is due this year),
光荣院 residents, the register facts the programs evaluate with, and the timely-payment rate from the payroll."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Q, QuerySet

from minzheng.core import regioncodes, roles
from minzheng.core.errors import Forbidden, NotFound
from minzheng.specialcare import codes, policy
from minzheng.specialcare.models import Certification, EntitledPerson, GloryHomeResident

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
