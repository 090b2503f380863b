"""Authentication: Argon2 passwords (settings.PASSWORD_HASHERS), complexity, lockout, API tokens.

Lockout: after MINZHENG_LOCKOUT_THRESHOLD (default 5) consecutive failures the account is locked for
MINZHENG_LOCKOUT_MINUTES (default 30) or until a secadmin unlocks it (GB/T 22239-2019 8.1.4.1 登录失败处理).
Every success and failure is audited.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from minzheng.core import audit, crypto
from minzheng.core.models import ApiToken, User


class ComplexityValidator:
    """At least three of: lower-case, upper-case, digits, symbols."""

    def validate(self, password, user=None):
        classes = sum(
            bool(re.search(p, password)) for p in (r"[a-z]", r"[A-Z]", r"\d", r"[^A-Za-z0-9]")
        )
        if classes < 3:
            raise ValidationError("密码须包含大写字母、小写字母、数字、符号中的至少三类", code="password_too_simple")

    def get_help_text(self):
        return "密码须包含大写字母、小写字母、数字、符号中的至少三类"


def is_locked(user: User) -> bool:
    return bool(user.locked_until and user.locked_until > timezone.now())


class LockoutModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        with transaction.atomic():
            user = User.objects.select_for_update().filter(username=username).first()
            if user is None:
                User().set_password(password)  # same work as a real check: no timing oracle for names
                audit.record(username, audit.Event("login_failure", "user", "", changes={"reason": "用户不存在"}))
                return None
            if is_locked(user):
                audit.record(user, audit.Event("login_failure", "user", user.pk, user.region_id,
                                               {"reason": "账户已锁定"}))
                return None
            if user.check_password(password) and self.user_can_authenticate(user):
                User.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=None, last_login=timezone.now())
                audit.record(user, audit.Event("login_success", "user", user.pk, user.region_id))
                return user
            user.failed_logins += 1
            changes = {"reason": "密码错误", "failed_logins": user.failed_logins}
            if user.failed_logins >= settings.MINZHENG_LOCKOUT_THRESHOLD:
                user.locked_until = timezone.now() + dt.timedelta(minutes=settings.MINZHENG_LOCKOUT_MINUTES)
                changes["locked_until"] = user.locked_until
            User.objects.filter(pk=user.pk).update(failed_logins=user.failed_logins, locked_until=user.locked_until)
            audit.record(user, audit.Event("login_failure", "user", user.pk, user.region_id, changes))
        return None


def create_token(user: User, label: str = "") -> str:
    token = "mzt_" + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, digest=crypto.keyed_digest("token", token), label=label)
    audit.record(user, audit.Event("token_create", "user", user.pk, user.region_id, {"label": label}))
    return token


def user_for_token(token: str) -> User | None:
    if not token or not token.startswith("mzt_"):
        return None
    row = (
        ApiToken.objects.select_related("user", "user__region")
        .filter(digest=crypto.keyed_digest("token", token), revoked_at__isnull=True)
        .first()
    )
    if row is None or not row.user.is_active or is_locked(row.user):
        return None
    return row.user
