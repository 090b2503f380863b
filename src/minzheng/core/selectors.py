"""Scoped reads of the platform's own records: staff accounts (for the system and security administrators), the
audit log (for the auditor), the security log (for the security administrator), API tokens (for their owner and the
security administrator) and background jobs (for whoever started them). Pages read only through these."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncHour
from django.utils import timezone

from minzheng.core import roles
from minzheng.core.errors import Forbidden, NotFound
from minzheng.core.models import ApiToken, AuditEntry, Job, Region, User
from minzheng.core.security_log import KINDS


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


def security_events_for(user) -> QuerySet[AuditEntry]:
    """The security log (core.security_log): denied requests and failed sign-ins of the security administrator's
    region subtree, and those without a region (unknown names), newest first."""
    if not roles.has_perm(user, "security.manage"):
        raise Forbidden("只有安全管理员可以查看安全日志")
    return (AuditEntry.objects.filter(action__in=list(KINDS))
            .filter(AuditEntry.scope.subtree(user.region_prefix)).order_by("-seq"))


def security_figures(events: QuerySet[AuditEntry], now: dt.datetime | None = None) -> dict:
    """Rates over the (filtered) events: the last hour and day, each of the last 24 hours, and the users and
    source addresses with the most events in the last 7 days. A few aggregate queries, whatever the volume."""
    now = now or timezone.now()
    day_ago, week_ago = now - dt.timedelta(days=1), now - dt.timedelta(days=7)
    events = events.order_by()
    counts = events.aggregate(
        hour=Count("pk", filter=Q(at__gte=now - dt.timedelta(hours=1))),
        day=Count("pk", filter=Q(at__gte=day_ago)), week=Count("pk", filter=Q(at__gte=week_ago)))
    hourly = {row["hour"]: row["n"] for row in events.filter(at__gte=day_ago).annotate(hour=TruncHour("at"))
              .values("hour").annotate(n=Count("pk")).values("hour", "n")}
    peak = max(hourly.values(), default=0)
    by_kind = dict(events.filter(at__gte=week_ago).values_list("action").annotate(n=Count("pk")).order_by("-n"))
    top_users = list(events.filter(at__gte=week_ago).exclude(actor_name="").values_list("actor_name")
                     .annotate(n=Count("pk")).order_by("-n", "actor_name")[:5])
    top_sources = list(events.filter(at__gte=week_ago).exclude(source_ip="").values_list("source_ip")
                       .annotate(n=Count("pk")).order_by("-n", "source_ip")[:5])
    return {"last_hour": counts["hour"], "last_day": counts["day"], "last_week": counts["week"],
            "per_hour_day": round(counts["day"] / 24, 1), "peak_hour": peak,
            "by_kind": [(KINDS.get(k, k), n) for k, n in by_kind.items()],
            "top_users": top_users, "top_sources": top_sources}


def own_tokens(user) -> QuerySet[ApiToken]:
    """A signed-in user's own tokens (any role), newest first."""
    return ApiToken.objects.filter(user=user).select_related("user").order_by("-created_at", "-pk")


def tokens_for(user) -> QuerySet[ApiToken]:
    """Every token of the security administrator's region subtree (empty for other roles)."""
    return ApiToken.objects.visible_to(user).select_related("user").order_by("-created_at", "-pk")


def get_token(user, token_id) -> ApiToken:
    """A token its owner or the region's security administrator may act on (404 otherwise)."""
    found = (own_tokens(user).filter(pk=token_id).first() or tokens_for(user).filter(pk=token_id).first())
    if found is None:
        raise NotFound()
    return found


def token_by_id(token_id) -> ApiToken | None:
    """For the installer's command line (no scoping: whoever runs it administers the instance)."""
    return ApiToken.objects.select_related("user").filter(pk=token_id).first()


def all_tokens(username: str = "") -> QuerySet[ApiToken]:
    """For the command line: every token, or one user's."""
    rows = ApiToken.objects.select_related("user").order_by("user__username", "-created_at")
    return rows.filter(user__username=username) if username else rows
