"""Scoped reads of the registry: persons, households and their memberships, duplicate candidates, the roster for
exports and the home tile's figures.

Pages, the API, exports and services of other apps read people only through these functions. Each starts from
the rows the user may see (core.scoping: `visible_to`), answers 403 (Forbidden) to a role without people.view and
404 (NotFound) for a record outside the user's region, without revealing whether it exists."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet

from minzheng.core import clock, crypto, idnumber, roles
from minzheng.core.errors import Forbidden, NotFound
from minzheng.registry import chain
from minzheng.registry.models import DuplicateCandidate, Household, Income, Membership, Person


def require_people_access(user) -> None:
    if not roles.has_perm(user, "people.view"):
        raise Forbidden("您的角色无权访问民政对象数据")


# ---- persons ----------------------------------------------------------------------------------------------

def persons_for(user) -> QuerySet[Person]:
    """Persons in the user's region (records merged into another are kept for history but not listed)."""
    require_people_access(user)
    return Person.objects.visible_to(user)


def get_person(user, person_id) -> Person:
    person = persons_for(user).select_related("region", "hukou_region").filter(pk=person_id).first()
    if person is None:
        raise NotFound()
    return person


def person_profile(user, person_id) -> Person:
    """A person for the detail page, with `current_membership` (the active household membership or None)."""
    person = get_person(user, person_id)
    person.current_membership = current_household(person)
    return person


def persons_by_id_numbers(user, numbers) -> dict[str, Person]:
    """{18-character number: person} for the visible persons holding these ID numbers (15-digit numbers are
    converted; malformed ones are left out): one query through the blind index, whatever the count."""
    wanted = {}
    for number in numbers:
        try:
            parsed = idnumber.parse(number).number
        except idnumber.IdNumberError:
            continue
        wanted[crypto.blind_index(parsed)] = parsed
    if not wanted:
        return {}
    found = persons_for(user).filter(id_number_index__in=list(wanted))
    return {wanted[p.id_number_index]: p for p in found}


def person_by_id_number(user, number: str) -> Person | None:
    try:
        parsed = idnumber.parse(number).number
    except idnumber.IdNumberError:
        return None
    return persons_by_id_numbers(user, [parsed]).get(parsed)


def current_household(person: Person) -> Membership | None:
    return (person.memberships.filter(left_on__isnull=True)
            .select_related("household", "household__head", "household__region").first())


def membership_history(user, person: Person) -> QuerySet[Membership]:
    """Every household membership of a visible person, oldest first (`user` is the detail page's reader)."""
    return (person.memberships.select_related("household", "household__head")
            .order_by("joined_on", "id"))


# ---- households -------------------------------------------------------------------------------------------

def households_for(user) -> QuerySet[Household]:
    require_people_access(user)
    return Household.objects.visible_to(user)


def household_rows(user) -> QuerySet[Household]:
    """Households for the list page and its export: the head's name comes with each row."""
    return households_for(user).select_related("head")


def get_household(user, household_id) -> Household:
    household = households_for(user).select_related("region", "head").filter(pk=household_id).first()
    if household is None:
        raise NotFound()
    return household


def _with_members(queryset: QuerySet[Household]) -> QuerySet[Household]:
    rows = Membership.objects.select_related("person").order_by("joined_on", "id")
    return queryset.prefetch_related(Prefetch("memberships", queryset=rows))


def households_with_members(user) -> QuerySet[Household]:
    """Households with every membership and its person prefetched (the API's answers): two queries per page."""
    return _with_members(households_for(user)).order_by("region_id", "id")


def household_with_members(user, household_id) -> Household:
    household = _with_members(households_for(user)).filter(pk=household_id).first()
    if household is None:
        raise NotFound()
    return household


def active_members(user, household: Household) -> QuerySet[Membership]:
    """The current members of a household the user may see, in joining order."""
    return (household.memberships.filter(left_on__isnull=True).select_related("person")
            .order_by("joined_on", "id"))


def household_history(user, household: Household) -> QuerySet[Membership]:
    return household.memberships.select_related("person").order_by("joined_on", "id")


def household_chain(user, household) -> list:
    """一户一条救助链 of a household read through get_household (scoped): every app's events, newest first."""
    household = household if isinstance(household, Household) else get_household(user, household)
    return chain.household_chain(user, household)


def roster(actor, region_code: str = "") -> QuerySet[Membership]:
    """Current memberships of not-merged persons for the household export, by household. `actor` None is the
    system (the command line: the whole instance); a region code narrows to its subtree."""
    qs = Membership.objects.filter(left_on__isnull=True, person__merged_into__isnull=True)
    if actor is not None:
        if not roles.has_perm(actor, "people.view"):
            raise Forbidden("您的角色无权导出人员数据")
        qs = qs.visible_to(actor)
    if region_code:
        qs = qs.within(region_code, "region_code")
    return qs.order_by("household_id", "relation", "person_id")


# ---- duplicate candidates ---------------------------------------------------------------------------------

def candidates_for(user) -> QuerySet[DuplicateCandidate]:
    """Pairs whose deepest common region lies in the user's region (a pair across two villages belongs to
    their township, so neither village sees it)."""
    require_people_access(user)
    return DuplicateCandidate.objects.visible_to(user)


def candidate_rows(user) -> QuerySet[DuplicateCandidate]:
    """Candidates for the list page, with both persons and their residence."""
    return candidates_for(user).select_related("person_a", "person_a__region", "person_b", "person_b__region")


def get_candidate(user, candidate_id) -> DuplicateCandidate:
    row = candidate_rows(user).filter(pk=candidate_id).first()
    if row is None:
        raise NotFound()
    return row


def candidate_sides(candidate: DuplicateCandidate) -> list[dict]:
    """What the comparison page shows of each person besides the record itself: current membership and how many
    memberships and incomes would move on a merge (a fixed number of queries)."""
    ids = [candidate.person_a_id, candidate.person_b_id]
    current = {m.person_id: m for m in Membership.objects.filter(person_id__in=ids, left_on__isnull=True)
               .select_related("household", "household__head")}
    memberships = dict.fromkeys(ids, 0) | _counts(Membership.objects.filter(person_id__in=ids))
    incomes = dict.fromkeys(ids, 0) | _counts(Income.objects.filter(person_id__in=ids))
    return [{"person": p, "current": current.get(p.pk), "memberships": memberships[p.pk], "incomes": incomes[p.pk]}
            for p in (candidate.person_a, candidate.person_b)]


def _counts(queryset) -> dict[int, int]:
    return dict(queryset.values("person_id").annotate(n=Count("id")).values_list("person_id", "n"))


def open_candidates_in(region_code: str, min_score: int) -> QuerySet[DuplicateCandidate]:
    """Open pairs of a region subtree at or above a score, best first (the command line's listing: the system
    reads the whole instance)."""
    return (DuplicateCandidate.objects.filter(status="open", score__gte=min_score).within(region_code)
            .select_related("person_a", "person_b").order_by("-score", "id"))


# ---- the home tile ----------------------------------------------------------------------------------------

def registry_figures(user) -> dict:
    """People and households in the user's region, disabled and 80+ counts, the latest registered."""
    persons = persons_for(user)
    today = clock.today()
    return {
        "person_count": persons.count(),
        "household_count": households_for(user).count(),
        "disabled_count": persons.exclude(disability_category="").count(),
        "elderly_count": persons.filter(birth_date__lte=today.replace(year=today.year - 80)).count(),
        "recent": persons.select_related("region").order_by("-id")[:8],
    }
