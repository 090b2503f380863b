"""Checks shared by the 养老服务 services."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from minzheng.core import clock, regioncodes, roles
from minzheng.core.errors import Forbidden, ValidationFailed
from minzheng.core.models import Region


def require(actor, perm: str, message: str) -> None:
    if not roles.has_perm(actor, perm):
        raise Forbidden(message)


def not_future(day, field: str, label: str) -> None:
    if day > clock.today():
        raise ValidationFailed.one(field, f"{label}不能晚于今天（{clock.today()}）")


def own_region(actor, code: str, field: str = "region_code") -> str:
    """A region code given by the actor: inside their subtree and existing (422 otherwise)."""
    if not regioncodes.in_subtree(code, actor.region_id):
        raise ValidationFailed.one(field, "所在区划应在您的辖区范围内")
    if not Region.objects.filter(code=code).exists():
        raise ValidationFailed.one(field, f"区划代码 {code} 不存在")
    return code


def county_of(code: str) -> str:
    """The county (6-digit prefix, 12-digit code) a region code lies in."""
    return code[:6].ljust(12, "0")


def now() -> dt.datetime:
    """The moment of a service step: the real time, on the fixed day when MINZHENG_TODAY is set (training, demos,
    tests), so an order checked out "today" falls in today's month."""
    real = timezone.localtime(timezone.now())
    day = clock.today()
    if real.date() == day:
        return real
    return timezone.make_aware(dt.datetime.combine(day, real.time().replace(tzinfo=None)))
