"""Staff accounts under three-officer separation (三员分立): no officer alone can reach people's data.

- The system administrator (users.manage) creates an account — proposing its role and region — or resets its
  password. The account is then *pending*: it cannot sign in and its tokens are refused. The system administrator
  is shown the first half of a one-time password, once; the half is kept encrypted until activation.
- The security administrator (security.manage) activates a pending account, assigning (confirming or changing) its
  role and region, and is shown the second half, once. The password is the two halves joined; the person receives
  one half from each officer and must choose a new password at the first sign-in. Neither officer alone can sign
  in as the account, and a half cannot be reused: activation consumes it, a reset makes a new one.
- The security administrator also unlocks, grants or revokes the unmask right and moves staff between roles and
  regions. An account's kind (staff, or one of the three administrators) is fixed at creation: nobody can turn an
  administrator into staff who sees people's data, or the other way round.
- Nobody acts on their own account: no self-activation, self-unlock, self-grant, self-reset.
- The installer's command line (actor None) bootstraps accounts directly, e.g. the first three officers; those
  too must change their password at first sign-in unless created ready-made for a demo.

System actors (`system_actor`): a channel that acts for a resident rather than a staff member — the citizen portal
filing an application "as the resident" — gets an in-memory actor per call: it carries the role and region the
call needs (so the app's own permission and scope checks run unchanged), its audit entries name the channel's label
("网上申请（居民本人）…") with no staff id (`audit.record` reads `system_channel`), and it is never saved. Its
`pk` is the channel's reserved account `system:<channel>` (made on first use: inactive, unusable password, a
username no staff account can have), which exists only because apps' `created_by` foreign keys need a row; every
account service here refuses to act on it, so it can never be reset, activated or signed in with.
"""

from __future__ import annotations

import secrets
import string

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from minzheng.core import audit, crypto, roles
from minzheng.core.errors import Conflict, FieldError, Forbidden, ValidationFailed
from minzheng.core.models import User
from minzheng.core.regions import get_region

# The level a staff role is bound to (admin roles may sit at any level).
ROLE_LEVELS = {
    roles.VILLAGE: {"village"},
    roles.TOWNSHIP: {"township"},
    roles.COUNTY: {"county"},
    roles.CITY: {"city", "province"},
}
ADMIN_ROLES = frozenset({roles.SYSADMIN, roles.SECADMIN, roles.AUDITOR})
HALF_LENGTH = 8
_SECRET_AAD = b"core.user.pending_secret:"


def _require(actor, perm: str) -> None:
    if actor is not None and not roles.has_perm(actor, perm):
        raise Forbidden("您的角色无权执行此操作")


def _not_self(actor, user: User) -> None:
    if is_system(user):
        raise Forbidden("系统通道账户不能登录，也不能被重置、启用或授权")
    if actor is not None and actor.pk == user.pk:
        raise Forbidden("不能对自己的账户执行此操作（三员分立）")


def _half() -> str:
    """Half a one-time password: letters and digits that are easy to read out (no 0/O, 1/l/I)."""
    alphabet = [c for c in string.ascii_letters + string.digits if c not in "0O1lI"]
    while True:
        half = "".join(secrets.choice(alphabet) for _ in range(HALF_LENGTH))
        if any(c.islower() for c in half) and any(c.isupper() for c in half) and any(c.isdigit() for c in half):
            return half


def _aad(user: User) -> bytes:
    return _SECRET_AAD + str(user.pk).encode()


def _check_role_region(role: str, region_code: str, errors: list[FieldError]):
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
    return region


def _within(actor, region) -> None:
    """An administrator places accounts only inside their own region subtree."""
    if actor is not None and region is not None and not region.code.startswith(actor.region_prefix):
        raise ValidationFailed.one("region", "所选区划不在您的管辖范围内")


def _set_new_password(user: User, password: str) -> None:
    """Keep the replaced hash for the history check, then set the new one."""
    if user.password and user.has_usable_password():
        user.password_history = [user.password, *(user.password_history or [])][: settings.MINZHENG_PASSWORD_HISTORY]
    user.set_password(password)
    user.password_changed_at = timezone.now()


def create_user(actor, username: str, role: str, region_code: str, password: str | None = None,
                full_name: str = "", must_change: bool = True) -> User:
    """actor None = the command line run by the operator who installed the instance: the account is ready at once
    with `password` (to be changed at first sign-in unless must_change=False, for demos and tests).
    A system administrator creates a *pending* account instead (no password: see `pending_half`)."""
    _require(actor, "users.manage")
    errors = []
    if not username or len(username) > 150:
        errors.append(FieldError("username", "用户名不能为空且不超过 150 个字符"))
    elif User.objects.filter(username=username).exists():
        errors.append(FieldError("username", f"用户名“{username}”已存在"))
    region = _check_role_region(role, region_code, errors)
    if actor is None:
        candidate = User(username=username, full_name=full_name)
        try:
            validate_password(password or "", candidate)
        except ValidationError as exc:
            errors.append(FieldError("password", "；".join(exc.messages)))
    if errors:
        raise ValidationFailed(errors)
    _within(actor, region)
    with transaction.atomic():
        user = User(username=username, role=role, region=region, full_name=full_name, is_staff=False,
                    password_changed_at=timezone.now())
        if actor is None:
            user.set_password(password)
            user.must_change_password = must_change
            user.save()
        else:
            user.set_unusable_password()
            user.pending_activation = True
            user.save()
            _store_half(user)
        audit.record(actor or "system", audit.Event("create", "user", user.pk, region.code,
                                                    {"username": [None, username], "role": [None, role],
                                                     "region": [None, region.code],
                                                     "pending": [None, user.pending_activation]}))
    return user


def _store_half(user: User) -> None:
    half = _half()
    # Hex text of the SM4-GCM blob, bound to this account (aad): copied to another row it does not decrypt.
    User.objects.filter(pk=user.pk).update(pending_secret=crypto.encrypt(half, aad=_aad(user)).hex())
    user.mz_first_half = half  # shown once to the system administrator (core.views.users)


def _read_half(user: User) -> str:
    return crypto.decrypt(bytes.fromhex(user.pending_secret), aad=_aad(user))


def reset_password(actor, user: User) -> str:
    """System administrator: the account waits for the security administrator again, with a new first half
    (returned, shown once). Its sessions end at the next request (the password hash changes)."""
    _require(actor, "users.manage")
    _not_self(actor, user)
    with transaction.atomic():
        user.set_unusable_password()
        User.objects.filter(pk=user.pk).update(password=user.password, pending_activation=True,
                                               must_change_password=True)
        _store_half(user)
        audit.record(actor or "system", audit.Event("password_reset", "user", user.pk, user.region_id,
                                                    {"pending": [False, True]}))
    return user.mz_first_half


def _kind(role: str) -> str:
    return "admin" if role in ADMIN_ROLES else "staff"


def assign(actor, user: User, role: str, region_code: str) -> str | None:
    """Security administrator: activate a pending account with its role and region (returns the second half of
    its one-time password, shown once), or move an active account to another role or region (returns None)."""
    _require(actor, "security.manage")
    _not_self(actor, user)
    errors: list[FieldError] = []
    region = _check_role_region(role, region_code, errors)
    if not errors and _kind(role) != _kind(user.role):
        errors.append(FieldError("role", "管理员账户与业务账户不能互相转换：请新建账户"))
    if errors:
        raise ValidationFailed(errors)
    _within(actor, region)
    with transaction.atomic():
        fresh = User.objects.select_for_update().get(pk=user.pk)
        changes = audit.diff({"role": fresh.role, "region": fresh.region_id}, {"role": role, "region": region.code})
        second = None
        if fresh.pending_activation:
            if not fresh.pending_secret:
                raise Conflict("该账户没有待合成的初始密码：请系统管理员重置密码")
            second = _half()
            fresh.set_password(_read_half(fresh) + second)
            User.objects.filter(pk=fresh.pk).update(
                role=role, region=region, password=fresh.password, pending_activation=False, pending_secret="",
                must_change_password=True, password_changed_at=timezone.now(), failed_logins=0, locked_until=None,
                can_unmask=fresh.can_unmask and role in roles.UNMASKABLE_ROLES)
            action = "user_activate"
        else:
            if not changes:
                raise Conflict("角色和区划没有变化")
            User.objects.filter(pk=fresh.pk).update(role=role, region=region,
                                                    can_unmask=fresh.can_unmask and role in roles.UNMASKABLE_ROLES)
            action = "role_assign"
        audit.record(actor or "system", audit.Event(action, "user", user.pk, region.code, changes))
    return second


def installer_reset_password(user: User, password: str) -> None:
    """The command line (whoever installed the instance): a new password at once, to be changed at sign-in; the
    account is activated and unlocked (the way back in when every officer is locked out)."""
    with transaction.atomic():
        user.set_password(password)
        User.objects.filter(pk=user.pk).update(password=user.password, pending_activation=False, pending_secret="",
                                               must_change_password=True, password_changed_at=timezone.now(),
                                               failed_logins=0, locked_until=None)
        audit.record("system", audit.Event("password_reset", "user", user.pk, user.region_id, {"by": "cli"}))


def change_password(user: User, old: str, new: str, repeated: str) -> None:
    """Self-service: the current password, then a new one twice (complexity, history: settings validators)."""
    errors = []
    if not user.check_password(old):
        errors.append(FieldError("old_password", "当前密码不正确"))
    if new != repeated:
        errors.append(FieldError("new_password2", "两次输入的新密码不一致"))
    if not errors:
        try:
            validate_password(new, user)
        except ValidationError as exc:
            errors.append(FieldError("new_password1", "；".join(exc.messages)))
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        _set_new_password(user, new)
        user.must_change_password = False
        user.save(update_fields=["password", "password_history", "password_changed_at", "must_change_password"])
        audit.record(user, audit.Event("password_change", "user", user.pk, user.region_id))


def unlock(actor, user: User) -> None:
    _require(actor, "security.manage")
    _not_self(actor, user)
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=None)
        audit.record(actor or "system", audit.Event("unlock", "user", user.pk, user.region_id))


def set_unmask(actor, user: User, allowed: bool) -> None:
    _require(actor, "security.manage")
    _not_self(actor, user)
    if allowed and user.role not in roles.UNMASKABLE_ROLES:
        raise ValidationFailed.one("can_unmask", f"{roles.ROLE_LABEL[user.role]}不能被授予查看明文权限")
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(can_unmask=allowed)
        audit.record(actor or "system", audit.Event("unmask_grant" if allowed else "unmask_revoke", "user",
                                                    user.pk, user.region_id, {"can_unmask": [not allowed, allowed]}))


def set_active(actor, user: User, active: bool) -> None:
    _require(actor, "users.manage")
    _not_self(actor, user)
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(is_active=active)
        audit.record(actor or "system", audit.Event("update", "user", user.pk, user.region_id,
                                                    {"is_active": [user.is_active, active]}))


# ---- system actors (a channel acting for a resident; see the module docstring) ------------------------------------

SYSTEM_PREFIX = "system:"  # a username no staff account can have (Django's username validator refuses ':')


def is_system(user) -> bool:
    """Whether `user` is a system actor or a channel's reserved account (never a staff member)."""
    return bool(getattr(user, "system_channel", "")) or str(getattr(user, "username", "")).startswith(SYSTEM_PREFIX)


def system_account_id(channel: str, label: str) -> int:
    """The id of the channel's reserved account `system:<channel>` (made on first use; one query after)."""
    username = SYSTEM_PREFIX + channel
    pk = User.objects.filter(username=username).values_list("pk", flat=True).first()
    if pk is None:
        from minzheng.core.models import Region

        root = Region.objects.filter(parent__isnull=True).order_by("code").first()
        row = User(username=username, role=roles.VILLAGE, region=root, is_active=False,
                   full_name=f"{label}（系统通道，不能登录）")
        row.set_unusable_password()
        row.save()
        pk = row.pk
    return pk


def system_actor(channel: str, label: str, *, role: str, region_code: str, detail: str = "") -> User:
    """An in-memory actor for `channel` acting for a resident with `role` within `region_code` (never saved).
    Audit entries and case timelines name it `label` and `detail` (e.g. "网上申请（居民本人）137****1234")."""
    actor = User(pk=system_account_id(channel, label), username=f"{label}{detail}"[:150], role=role,
                 region_id=region_code, is_active=True, full_name=label)
    actor.system_channel = channel
    return actor
