"""Scoped reads of adoption registration; the child is read through the registry (people.view scope)."""

from __future__ import annotations

from django.db.models import QuerySet

from minzheng.adoption.models import Adoption
from minzheng.core import roles
from minzheng.core.errors import Forbidden, NotFound


def adoptions_for(user) -> QuerySet[Adoption]:
    if not roles.has_perm(user, "adoption.view"):
        raise Forbidden("您的角色无权查看收养登记")
    return Adoption.objects.visible_to(user).select_related("child")


def get_adoption(user, pk) -> Adoption:
    row = adoptions_for(user).filter(pk=pk).first()
    if row is None:
        raise NotFound()
    return row


def active_adoption_of(child_id: int) -> Adoption | None:
    """The child's adoption in force or in progress anywhere (a child is adopted once at a time)."""
    return Adoption.objects.filter(child_id=child_id, status__in=("applied", "assessed", "registered")).first()
