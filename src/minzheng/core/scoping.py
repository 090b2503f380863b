"""The one scoping rule: what a user may read is the subtree of their region, narrowed by what their role may do.

Every model holding people's data, users, audit entries, jobs or stored files declares its `scope`, and its manager
is `ScopedQuerySet.as_manager()` (or a subclass); selectors read through `Model.objects.visible_to(user, action)`:

    class Case(models.Model):
        scope = Scope("region_code", view="people.view", change="people.change", export="people.export")
        objects = ScopedQuerySet.as_manager()

A region subtree is a code prefix, served as a range on the indexed code column (regioncodes.subtree_lookup). A role
without the action's permission gets an empty queryset (selectors raise 403 first where a page should say so);
lookups outside the subtree find nothing, so pages and the API answer 404 without revealing that a record exists.

Such a miss is still a denied attempt: when `.filter(pk=…).first()` on a scoped queryset finds nothing although the
row exists, the miss is noted (core.context) and, if the request answers 404, the security log records it
(core.security_log) as a cross-region attempt (or a wrong-role one when the role may not read the model at all)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.db.models import Q
from django.db.models.lookups import Exact

from minzheng.core import context, regioncodes, roles
from minzheng.core.errors import ValidationFailed


@dataclass(frozen=True)
class Scope:
    region_field: str  # the lookup to the 12-digit region code: "region_code", "region__code", "case__region_code"
    view: str | tuple[str, ...] | None = "people.view"  # permission(s) to read; None = any signed-in user
    change: str | tuple[str, ...] | None = None
    export: str | tuple[str, ...] | None = None
    blank_region_visible: bool = False  # rows without a region (e.g. audit entries of logins) are seen by all
    owner_field: str | None = None  # only the rows this user created (jobs and their reports)

    def permission(self, action: str):
        if action not in ("view", "change", "export"):
            raise ValueError(f"unknown scoping action {action!r}")
        perm = getattr(self, action)
        if perm is None and action != "view":
            return self.view  # an action not declared separately needs the right to read
        return perm

    def subtree(self, prefix: str) -> Q:
        q = Q(**regioncodes.subtree_lookup(self.region_field, prefix))
        return q | Q(**{self.region_field: ""}) if self.blank_region_visible else q


class ScopedQuerySet(models.QuerySet):
    _denied_by = ""  # set on querysets made by visible_to: "region" (narrowed to a subtree) or "role" (emptied)

    def _clone(self):
        clone = super()._clone()
        clone._denied_by = self._denied_by
        return clone

    def visible_to(self, user, action: str = "view"):
        scope: Scope = self.model.scope
        if not roles.has_perm(user, scope.permission(action)):
            qs = self.none()
            qs._denied_by = "role"
            return qs
        qs = self.filter(scope.subtree(user.region_prefix))
        if scope.owner_field:
            qs = qs.filter(**{scope.owner_field: user})
        qs._denied_by = "region"
        return qs

    def first(self):
        found = super().first()
        if found is None and self._denied_by:
            self._note_miss()
        return found

    def _note_miss(self) -> None:
        """The row asked for by primary key exists but lies outside what the user may see: note it."""
        pk_field = self.model._meta.pk
        wanted = [child.rhs for child in self.query.where.children
                  if isinstance(child, Exact) and getattr(child.lhs, "target", None) == pk_field]
        if len(wanted) != 1:
            return
        region = list(self.model._base_manager.filter(pk=wanted[0])
                      .values_list(self.model.scope.region_field, flat=True)[:1])
        if region:
            context.note_miss({"model": self.model._meta.label_lower, "pk": str(wanted[0]),
                               "region": region[0] or "", "kind": self._denied_by})

    def within(self, region_code: str, field: str = "region"):
        """Narrow to a region subtree given by a user (a filter): a malformed code is a 422 naming `field`."""
        if not region_code:
            return self
        try:
            code = regioncodes.normalize(region_code)
        except regioncodes.RegionCodeError as exc:
            raise ValidationFailed.one(field, str(exc)) from None
        return self.filter(**regioncodes.subtree_lookup(self.model.scope.region_field, code))
