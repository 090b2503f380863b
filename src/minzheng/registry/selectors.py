"""Scoped reads of the registry. Views and API handlers read people only through these functions."""

from __future__ import annotations

from django.db.models import QuerySet

from minzheng.core import crypto, idnumber, regioncodes, roles
from minzheng.core.errors import Forbidden, NotFound
from minzheng.registry.models import Household, Membership, Person


def require_people_access(user) -> None:
    if not roles.has_perm(user, "people.view"):
        raise Forbidden("您的角色无权访问民政对象数据")


def persons_for(user) -> QuerySet[Person]:
    require_people_access(user)
    return Person.objects.visible_to(user)


def households_for(user) -> QuerySet[Household]:
    require_people_access(user)
    return Household.objects.visible_to(user)


def get_person(user, person_id) -> Person:
    person = persons_for(user).select_related("region", "hukou_region").filter(pk=person_id).first()
    if person is None:
        raise NotFound()
    return person


def get_household(user, household_id) -> Household:
    household = households_for(user).select_related("region", "head").filter(pk=household_id).first()
    if household is None:
        raise NotFound()
    return household


def search_persons(user, *, id_number: str = "", phone: str = "", name: str = "", region_code: str = "",
                   sex: str = "", disability: str = "", alive: str = "") -> QuerySet[Person]:
    """Exact ID/phone through the blind index (a malformed value simply matches nothing), name by substring,
    region by subtree (always inside the user's own scope)."""
    qs = persons_for(user)
    if id_number:
        try:
            qs = qs.filter(id_number_index=crypto.blind_index(idnumber.parse(id_number).number))
        except idnumber.IdNumberError:
            return qs.none()
    if phone:
        try:
            qs = qs.filter(phone_index=crypto.blind_index(crypto.normalize_phone(phone)))
        except crypto.PhoneError:
            return qs.none()
    if name:
        qs = qs.filter(name__contains=name.strip())
    if region_code:
        try:
            qs = qs.filter(**regioncodes.subtree_lookup("region__code", regioncodes.normalize(region_code)))
        except regioncodes.RegionCodeError:
            return qs.none()
    if sex in ("M", "F"):
        qs = qs.filter(sex=sex)
    if disability == "yes":
        qs = qs.exclude(disability_category="")
    if alive == "yes":
        qs = qs.filter(death_date__isnull=True)
    elif alive == "no":
        qs = qs.filter(death_date__isnull=False)
    return qs.select_related("region").order_by("region_id", "name", "id")


def search_households(user, *, region_code: str = "", head_name: str = "", urban_rural: str = "",
                      ref: str = "") -> QuerySet[Household]:
    qs = households_for(user)
    if region_code:
        try:
            qs = qs.filter(**regioncodes.subtree_lookup("region__code", regioncodes.normalize(region_code)))
        except regioncodes.RegionCodeError:
            return qs.none()
    if head_name:
        qs = qs.filter(head__name__contains=head_name.strip())
    if urban_rural in ("urban", "rural"):
        qs = qs.filter(urban_rural=urban_rural)
    if ref:
        qs = qs.filter(ref=ref.strip())
    return qs.select_related("region", "head").order_by("region_id", "id")


def current_household(person: Person) -> Membership | None:
    return person.memberships.filter(left_on__isnull=True).select_related("household", "household__region").first()


def membership_history(person: Person):
    return person.memberships.select_related("household", "household__region").order_by("joined_on", "id")
