"""Authentication: Argon2 passwords (settings.PASSWORD_HASHERS), complexity and history, expiry, lockout, API tokens.

Lockout: after MINZHENG_LOCKOUT_THRESHOLD (default 5) consecutive failures the account is locked for
MINZHENG_LOCKOUT_MINUTES (default 30) or until a secadmin unlocks it (GB/T 22239-2019 8.1.4.1 登录失败处理).
Every success and failure is audited. The sign-in page says the same thing for an unknown name, a wrong password
and a locked account, so it never tells whether a name exists; a lockout stops interactive sign-in only, never the
account's API tokens (anyone who knows a name could otherwise cut off an integration).

Passwords expire after MINZHENG_PASSWORD_MAX_AGE_DAYS (0 = never); a new one may not repeat the last
MINZHENG_PASSWORD_HISTORY. Tokens expire after MINZHENG_TOKEN_DAYS unless made with another lifetime.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
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


class HistoryValidator:
    """A new password differs from the current one and from the last MINZHENG_PASSWORD_HISTORY ones."""

    def validate(self, password, user=None):
        if user is None or not getattr(user, "pk", None):
            return
        previous = [user.password, *(user.password_history or [])][: settings.MINZHENG_PASSWORD_HISTORY]
        hasher_user = User()
        for encoded in previous:
            if not encoded:
                continue
            hasher_user.password = encoded
            if hasher_user.check_password(password):
                raise ValidationError(f"新密码不能与最近 {settings.MINZHENG_PASSWORD_HISTORY} 次使用过的密码相同",
                                      code="password_reused")

    def get_help_text(self):
        return f"不能与最近 {settings.MINZHENG_PASSWORD_HISTORY} 次使用过的密码相同"


def password_expired(user: User) -> bool:
    days = settings.MINZHENG_PASSWORD_MAX_AGE_DAYS
    if days <= 0:
        return False
    since = user.password_changed_at or user.date_joined
    return since is not None and since + dt.timedelta(days=days) <= timezone.now()


def must_change_password(user: User) -> bool:
    """A signed-in user who must set a new password before anything else (first sign-in, reset, expiry)."""
    return bool(user.must_change_password) or password_expired(user)


def is_locked(user: User) -> bool:
    return bool(user.locked_until and user.locked_until > timezone.now())


class LockoutModelBackend(ModelBackend):
    def get_user(self, user_id):
        """The signed-in user of each request, with their region in the same query: every page shows its name."""
        user = User._default_manager.select_related("region").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None

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
            if user.check_password(password) and self.user_can_authenticate(user) and not user.pending_activation:
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


def create_token(user: User, label: str = "", days: int | None = None) -> str:
    """A new token for `user`, valid `days` (default MINZHENG_TOKEN_DAYS; 0 = no expiry), printed once."""
    days = settings.MINZHENG_TOKEN_DAYS if days is None else days
    if days < 0:
        raise ValueError("days")
    token = "mzt_" + secrets.token_urlsafe(32)
    expires = timezone.now() + dt.timedelta(days=days) if days else None
    with transaction.atomic():
        row = ApiToken.objects.create(user=user, digest=crypto.keyed_digest("token", token), label=label,
                                      expires_at=expires)
        audit.record(user, audit.Event("token_create", "api_token", row.pk, user.region_id,
                                       {"label": label, "user": user.username, "expires_at": expires}))
    return token


def revoke_token(actor, row: ApiToken) -> None:
    """The owner revokes their own token; the security administrator any token in their region (and the
    installer's command line, actor None)."""
    from minzheng.core import roles
    from minzheng.core.errors import Conflict, Forbidden

    if actor is not None and row.user_id != actor.pk and not roles.has_perm(actor, "security.manage"):
        raise Forbidden("只能吊销自己的令牌")
    with transaction.atomic():
        done = ApiToken.objects.filter(pk=row.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
        if not done:
            raise Conflict("该令牌已吊销")
        audit.record(actor or "system", audit.Event("token_revoke", "api_token", row.pk, row.user.region_id,
                                                    {"label": row.label, "user": row.user.username}))


def user_for_token(token: str) -> User | None:
    if not token or not token.startswith("mzt_"):
        return None
    now = timezone.now()
    row = (
        ApiToken.objects.select_related("user", "user__region")
        .filter(digest=crypto.keyed_digest("token", token), revoked_at__isnull=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .first()
    )
    # A locked account keeps its tokens (see the module docstring); a deactivated or pending one does not.
    if row is None or not row.user.is_active or row.user.pending_activation:
        return None
    if row.last_used_at is None or row.last_used_at < now - TOKEN_USE_RESOLUTION:
        # At most one write per token per resolution interval, however busy the integration.
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
    return row.user


TOKEN_USE_RESOLUTION = dt.timedelta(minutes=5)
