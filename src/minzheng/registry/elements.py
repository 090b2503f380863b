"""The registry's data elements (core.data_elements): people, households and older people by village, as of the
period's last day — disaggregated by urban/rural (the current household's 城乡属性), sex and age band, and each
drilling down to the persons or households counted (scoped by the viewer's region)."""

from __future__ import annotations

from django.db.models import Count, F, OuterRef, Q, Subquery

from minzheng.core import regioncodes
from minzheng.core.data_elements import AGE_BANDS, Breakdown, DataElement, Period, Records, age_band, years_before
from minzheng.registry import codes
from minzheng.registry.models import Household, Membership, Person

PERSON_TABLE = "minzheng.registry.views.tables.PersonTable"
HOUSEHOLD_TABLE = "minzheng.registry.views.tables.HouseholdTable"


def _living(p: Period, qs=None):
    return (qs if qs is not None else Person.objects).filter(Q(death_date__isnull=True) | Q(death_date__gt=p.end))


def _people(p: Period, years: int = 0, qs=None):
    found = _living(p, qs)
    return found.filter(birth_date__lte=years_before(p.end, years)) if years else found


def _persons(p: Period):
    return _living(p).values_list("region_id").annotate(n=Count("pk")).order_by()


def _aged(years: int):
    def query(p: Period):
        return _people(p, years).values_list("region_id").annotate(n=Count("pk")).order_by()
    return query


def _person_breakdowns(years: int = 0) -> dict[str, Breakdown]:
    """Sex and age band from the person; urban/rural from their current household (one grouped query each)."""
    def grouped(p: Period, prefix: str, key):
        rows = _people(p, years).filter(**regioncodes.subtree_lookup("region_id", prefix))
        return rows.annotate(k=key(p)).values_list("k").annotate(n=Count("pk")).order_by()

    return {
        "urban_rural": Breakdown(lambda p, prefix: grouped(p, prefix, lambda p: _current_ur()), codes.URBAN_RURAL),
        "sex": Breakdown(lambda p, prefix: grouped(p, prefix, lambda p: F("sex")), codes.SEX),
        "age_band": Breakdown(lambda p, prefix: grouped(p, prefix, lambda p: age_band("birth_date", p.end)),
                              AGE_BANDS),
    }


def _current_ur():
    """The 城乡属性 of the person's current household (none: a person in no household)."""
    return Subquery(Membership.objects.filter(person=OuterRef("pk"), left_on__isnull=True)
                    .values("household__urban_rural")[:1])


def _person_records(years: int = 0) -> Records:
    def query(user, p: Period, prefix: str):
        from minzheng.registry import selectors

        return _people(p, years, selectors.persons_for(user)).within(prefix, "region_code").select_related("region")
    return Records(query, PERSON_TABLE, noun="人员", ordering=("region_id", "name", "id"))


def _households(p: Period):
    return _households_in(p).values_list("region_id").annotate(n=Count("pk", distinct=True)).order_by()


def _households_in(p: Period, qs=None):
    return ((qs if qs is not None else Household.objects).filter(memberships__left_on__isnull=True)
            .filter(Q(memberships__person__death_date__isnull=True) | Q(memberships__person__death_date__gt=p.end)))


def _household_records(user, p: Period, prefix: str):
    from minzheng.registry import selectors

    ids = _households_in(p).filter(**regioncodes.subtree_lookup("region_id", prefix)).values("pk")
    return selectors.household_rows(user).filter(pk__in=ids)


def _households_by_ur(p: Period, prefix: str):
    return (_households_in(p).filter(**regioncodes.subtree_lookup("region_id", prefix)).values_list("urban_rural")
            .annotate(n=Count("pk", distinct=True)).order_by())


ELEMENTS = [
    DataElement("registry.persons", "在册人口", "人", _persons, description="民政对象统一库中在世人员，按经常居住地",
                breakdowns=_person_breakdowns(), records=_person_records()),
    DataElement("registry.households", "在册家庭户数", "户", _households,
                breakdowns={"urban_rural": Breakdown(_households_by_ur, codes.URBAN_RURAL)},
                records=Records(_household_records, HOUSEHOLD_TABLE, noun="家庭", ordering=("region_id", "id"))),
    DataElement("registry.elderly_60", "60周岁及以上老年人口", "人", _aged(60), breakdowns=_person_breakdowns(60),
                records=_person_records(60)),
    DataElement("registry.elderly_80", "80周岁及以上老年人口", "人", _aged(80), breakdowns=_person_breakdowns(80),
                records=_person_records(80)),
]
