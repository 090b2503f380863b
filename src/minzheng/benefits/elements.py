"""The benefits kernel's data elements (core.data_elements): for every declared program, the entitlements in force at
the period's end and their monthly amounts, by the entitlement's village; and the caseload over every program —
households and persons covered — for the funds and caseload board.

Disaggregations: urban/rural (the household's 城乡属性) for every program; sex and age band of the named beneficiary
for person programs. The records behind a value are the entitlements in force (scoped by the viewer's region)."""

from __future__ import annotations

from itertools import chain

from django.db.models import Count, F, Q, Sum

from minzheng.benefits import programs
from minzheng.benefits.models import Entitlement
from minzheng.core import regioncodes
from minzheng.core.data_elements import AGE_BANDS, Breakdown, DataElement, Period, Records, age_band
from minzheng.registry import codes as registry_codes

ENTITLEMENT_TABLE = "minzheng.benefits.views.tables.EntitlementTable"


def _in_force(program: str, p: Period, qs=None):
    month = p.end.replace(day=1)
    found = (qs if qs is not None else Entitlement.objects).exclude(status="stopped").filter(start_month__lte=month)
    found = found.filter(Q(end_month__isnull=True) | Q(end_month__gte=month))
    return found.filter(program=program) if program else found


def _count(program: str):
    return lambda p: _in_force(program, p).values_list("region_code").annotate(n=Count("pk")).order_by()


def _amount(program: str):
    return lambda p: (_in_force(program, p).values_list("region_code").annotate(n=Sum("monthly_amount"))
                      .order_by())


def _grouped(program: str, key, measure):
    """(period, prefix) → (category, value) over the subtree's entitlements in force: one grouped query."""
    def query(p: Period, prefix: str):
        rows = _in_force(program, p).filter(**regioncodes.subtree_lookup("region_code", prefix))
        return rows.annotate(k=key(p)).values_list("k").annotate(n=measure()).order_by()
    return query


def _breakdowns(program, measure) -> dict[str, Breakdown]:
    out = {"urban_rural": Breakdown(_grouped(program.code, lambda p: F("household__urban_rural"), measure),
                                    registry_codes.URBAN_RURAL)}
    if program.unit == "person":  # a named beneficiary: their sex and age
        out["sex"] = Breakdown(_grouped(program.code, lambda p: F("person__sex"), measure), registry_codes.SEX)
        out["age_band"] = Breakdown(_grouped(program.code, lambda p: age_band("person__birth_date", p.end), measure),
                                    AGE_BANDS)
    return out


def _records(program: str) -> Records:
    def query(user, p: Period, prefix: str):
        from minzheng.benefits import selectors

        return _in_force(program, p, selectors.entitlements_for(user, program, region_code=prefix)).select_related(
            "person", "payee")
    return Records(query, ENTITLEMENT_TABLE, noun="在保待遇", ordering=("region_code", "id"))


# ---- the caseload over every program (funds and caseload board) ------------------------------------------------------

def _covered(p: Period, prefix: str = ""):
    """Two querysets whose rows together give the persons covered: a named beneficiary counts once; a household
    entitlement counts its current members alive at the period's end (a person in two programs counts in each)."""
    base = _in_force("", p)
    if prefix:
        base = base.filter(**regioncodes.subtree_lookup("region_code", prefix))
    named = base.filter(person__isnull=False)
    members = base.filter(person__isnull=True).filter(
        Q(household__memberships__left_on__isnull=True)
        & (Q(household__memberships__person__death_date__isnull=True)
           | Q(household__memberships__person__death_date__gt=p.end)))
    return named, members


def _persons(p: Period):
    named, members = _covered(p)
    return chain(named.values_list("region_code").annotate(n=Count("pk")).order_by(),
                 members.values_list("region_code").annotate(n=Count("household__memberships")).order_by())


def _persons_by(named_key, member_key):
    def query(p: Period, prefix: str):
        named, members = _covered(p, prefix)
        return chain(named.annotate(k=named_key(p)).values_list("k").annotate(n=Count("pk")).order_by(),
                     members.annotate(k=member_key(p)).values_list("k").annotate(n=Count("household__memberships"))
                     .order_by())
    return query


def _households(p: Period):
    return _in_force("", p).values_list("region_code").annotate(n=Count("household_id", distinct=True)).order_by()


def _households_by(key):
    def query(p: Period, prefix: str):
        rows = _in_force("", p).filter(**regioncodes.subtree_lookup("region_code", prefix))
        return rows.annotate(k=key(p)).values_list("k").annotate(n=Count("household_id", distinct=True)).order_by()
    return query


def _all_records(user, p: Period, prefix: str):
    from minzheng.benefits import selectors

    return _in_force("", p, selectors.entitlements_for(user, region_code=prefix)).select_related("person", "payee")


def _caseload() -> list[DataElement]:
    names = programs.names()
    program = lambda p: F("program")  # noqa: E731
    member = "household__memberships__person__"
    return [
        DataElement("benefits.households", "在保家庭户数（各项目合计，一户多项目计一户）", "户", _households,
                    breakdowns={"program": Breakdown(_households_by(program), names),
                                "urban_rural": Breakdown(_households_by(lambda p: F("household__urban_rural")),
                                                         registry_codes.URBAN_RURAL)},
                    records=Records(_all_records, ENTITLEMENT_TABLE, noun="在保待遇", ordering=("region_code", "id"))),
        DataElement("benefits.persons", "在保人数（按项目计）", "人", _persons,
                    description="具名对象计一人，按户保障计其在世的现有家庭成员；同一人享受多个项目时各项目分别计入",
                    breakdowns={
                        "program": Breakdown(_persons_by(program, program), names),
                        "urban_rural": Breakdown(_persons_by(lambda p: F("household__urban_rural"),
                                                             lambda p: F("household__urban_rural")),
                                                 registry_codes.URBAN_RURAL),
                        "sex": Breakdown(_persons_by(lambda p: F("person__sex"), lambda p: F(member + "sex")),
                                         registry_codes.SEX),
                        "age_band": Breakdown(_persons_by(lambda p: age_band("person__birth_date", p.end),
                                                          lambda p: age_band(member + "birth_date", p.end)),
                                              AGE_BANDS)},
                    records=Records(_all_records, ENTITLEMENT_TABLE, noun="在保待遇", ordering=("region_code", "id"))),
    ]


def elements() -> list[DataElement]:
    """Built on use: the programs are declared by apps loaded after this one."""
    out = []
    for program in programs.all_programs():
        name = programs.name(program.code)
        out.append(DataElement(f"benefits.{program.code}.in_force", f"{name}在保对象（户或人）", "户/人",
                               _count(program.code), breakdowns=_breakdowns(program, lambda: Count("pk")),
                               records=_records(program.code)))
        out.append(DataElement(f"benefits.{program.code}.monthly_amount", f"{name}月保障金额", "元",
                               _amount(program.code), breakdowns=_breakdowns(program, lambda: Sum("monthly_amount")),
                               records=_records(program.code)))
    return out + _caseload()
