"""User services: creation by the system administrator, unlock and unmask grants by the security administrator."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from minzheng.core import audit, roles
from minzheng.core.errors import FieldError, Forbidden, ValidationFailed
from minzheng.core.models import User
from minzheng.core.regions import get_region

# The level a staff role is bound to (admin roles may sit at any level).
ROLE_LEVELS = {
    roles.VILLAGE: {"village"},
    roles.TOWNSHIP: {"township"},
    roles.COUNTY: {"county"},
    roles.CITY: {"city", "province"},
}


def _require(actor, perm: str) -> None:
    if actor is not None and not roles.has_perm(actor, perm):
        raise Forbidden("您的角色无权执行此操作")


def create_user(actor, username: str, role: str, region_code: str, password: str, full_name: str = "") -> User:
    """actor None = the command line run by the operator who installed the instance."""
    _require(actor, "users.manage")
    errors = []
    if not username or len(username) > 150:
        errors.append(FieldError("username", "用户名不能为空且不超过 150 个字符"))
    elif User.objects.filter(username=username).exists():
        errors.append(FieldError("username", f"用户名“{username}”已存在"))
    if role not in roles.ROLE_LABEL:
        errors.append(FieldError("role", f"角色“{role}”无效，可选：{', '.join(roles.ROLE_LABEL)}"))
    region = None
    try:
        region = get_region(region_code)
    except Exception as exc:  # NotFound carries the Chinese reason
        errors.append(FieldError("region", getattr(exc, "message", str(exc))))
    if region is not None and role in ROLE_LEVELS and region.level not in ROLE_LEVELS[role]:
        levels = "/".join(sorted(ROLE_LEVELS[role]))
        errors.append(FieldError("region", f"{roles.ROLE_LABEL[role]}只能绑定到{levels}级区划"))
    candidate = User(username=username, full_name=full_name)
    try:
        validate_password(password, candidate)
    except ValidationError as exc:
        errors.append(FieldError("password", "；".join(exc.messages)))
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        user = User(username=username, role=role, region=region, full_name=full_name,
                    is_staff=False, password_changed_at=timezone.now())
        user.set_password(password)
        user.save()
        audit.record(actor or "system", audit.Event("create", "user", user.pk, region.code,
                                                    {"username": [None, username], "role": [None, role],
                                                     "region": [None, region.code]}))
    return user


def unlock(actor, user: User) -> None:
    _require(actor, "security.manage")
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=None)
        audit.record(actor or "system", audit.Event("unlock", "user", user.pk, user.region_id))


def set_unmask(actor, user: User, allowed: bool) -> None:
    _require(actor, "security.manage")
    if allowed and user.role not in roles.UNMASKABLE_ROLES:
        raise ValidationFailed.one("can_unmask", f"{roles.ROLE_LABEL[user.role]}不能被授予查看明文权限")
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(can_unmask=allowed)
        audit.record(actor or "system", audit.Event("unmask_grant" if allowed else "unmask_revoke", "user",
                                                    user.pk, user.region_id, {"can_unmask": [not allowed, allowed]}))


def set_active(actor, user: User, active: bool) -> None:
    _require(actor, "users.manage")
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(is_active=active)
        audit.record(actor or "system", audit.Event("update", "user", user.pk, user.region_id,
                                                    {"is_active": [user.is_active, active]}))
