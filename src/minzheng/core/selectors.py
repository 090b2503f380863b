"""Scoped reads of the platform's own records: staff accounts (for the system and security administrators), the
audit log (for the auditor) and background jobs (for whoever started them). Pages read only through these."""

from __future__ import annotations

from django.db.models import QuerySet

from minzheng.core.errors import NotFound
from minzheng.core.models import AuditEntry, Job, Region, User


def users_for(user) -> QuerySet[User]:
    """Accounts in the administrator's region subtree (none for roles that administer no accounts)."""
    return User.objects.visible_to(user).select_related("region").order_by("username")


def get_managed_user(user, user_id) -> User:
    found = users_for(user).filter(pk=user_id).first()
    if found is None:
        raise NotFound()
    return found


def account(username: str) -> User | None:
    """The account behind a sign-in attempt (to explain a lockout); no data beyond the account itself."""
    return User.objects.filter(username=username).first()


def audit_entries_for(user) -> QuerySet[AuditEntry]:
    """The auditor's view of the chain: their region subtree and entries without a region, newest first."""
    return AuditEntry.objects.visible_to(user).order_by("-seq")


def jobs_for(user) -> QuerySet[Job]:
    return Job.objects.visible_to(user).order_by("-id")


def get_job(user, job_id) -> Job:
    found = jobs_for(user).filter(pk=job_id).first()
    if found is None:
        raise NotFound()
    return found


def region(code: str) -> Region | None:
    return Region.objects.filter(code=code).first()
