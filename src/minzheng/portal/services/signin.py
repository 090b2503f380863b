"""Signing in by phone and a one-time SMS code; portal sessions; consent to the privacy notice.

Codes: six digits from `secrets`, stored as HMAC-SM3(phone index ‖ code) only, valid conf.CODE_SECONDS, spent after
conf.CODE_TRIES wrong tries; a new code replaces the old ones. Limits (counted in the database, so they hold across
processes): per phone one a minute / N an hour / M a day, per client address K an hour; a phone with
conf.LOCK_AFTER wrong codes in a row is locked for conf.LOCK_MINUTES (GB/T 22239-2019 8.1.4.1 b 登录失败处理).
The answer never tells whether a phone has an account (every well-formed number gets the same reply)."""

from __future__ import annotations

import datetime as dt
import hmac
import secrets

from django.db import transaction
from django.utils import timezone

from minzheng.core import audit, context, crypto, protected
from minzheng.core.errors import FieldError, ServiceError, ValidationFailed
from minzheng.portal import codes, conf
from minzheng.portal.gateway import gateway
from minzheng.portal.models import Consent, LoginCode, PortalAccount, PortalSession, RateHit


class TooMany(ServiceError):
    """429: too many requests; the message says when to try again."""

    status = 429


class Locked(ServiceError):
    status = 423


SAME_ANSWER = "验证码不正确或已失效，请重新获取"


def phone_of(raw) -> str:
    try:
        phone = crypto.normalize_phone(raw if isinstance(raw, str) else "")
    except crypto.PhoneError as exc:
        raise ValidationFailed([FieldError("phone", str(exc))]) from None
    if not phone or not phone.startswith("1"):
        raise ValidationFailed([FieldError("phone", "请填写 11 位手机号码")])
    return phone


def _locked(account) -> Locked:
    return Locked(f"验证码错误次数过多，账户已锁定，请于 {timezone.localtime(account.locked_until):%H:%M} 后再试")


def _client() -> str:
    return (context.source_address() or "")[:64]


def _count(kind: str, key: str, now: dt.datetime, limits) -> None:
    """Refuse (429) when any window is full, else count this hit. Inside the caller's transaction."""
    for seconds, most in limits:
        since = now - dt.timedelta(seconds=seconds)
        if RateHit.objects.filter(kind=kind, key=key, at__gt=since).count() >= most:
            wait = "1 分钟" if seconds <= 60 else ("1 小时" if seconds <= 3600 else "明天")
            raise TooMany(f"请求过于频繁，请 {wait}后再试")
    RateHit.objects.create(kind=kind, key=key, at=now)


def _digest(index: str, code: str) -> str:
    return crypto.keyed_digest("token", f"portal-code:{index}:{code}")


def request_code(raw_phone) -> None:
    """Send a sign-in code to the phone (through the gateway), within the limits."""
    phone = phone_of(raw_phone)
    index = crypto.blind_index(phone)
    now, client = timezone.now(), _client()
    with transaction.atomic():
        account = PortalAccount.objects.filter(phone_index=index).first()
        if account and account.locked_until and account.locked_until > now:
            raise _locked(account)
        _count("code_client", client, now, conf.CLIENT_LIMITS())
        _count("code_phone", index, now, conf.PHONE_LIMITS())
        code = f"{secrets.randbelow(10**6):06d}"
        LoginCode.objects.filter(phone_index=index, used_at__isnull=True).update(used_at=now)  # replaced
        LoginCode.objects.create(phone_index=index, digest=_digest(index, code), client=client, created_at=now,
                                 expires_at=now + dt.timedelta(seconds=conf.CODE_SECONDS()))
        audit.record(f"portal:{crypto.mask_phone(phone)}", audit.Event("portal_code", "portal_account",
                                                                       account.pk if account else "", ""))
    gateway().send(phone, f"【掌上民政】您的登录验证码是 {code}，{conf.CODE_SECONDS() // 60} 分钟内有效。"
                          "请勿告诉他人，工作人员不会向您索要验证码。")


def login(raw_phone, raw_code) -> tuple[PortalAccount, str]:
    """Check the code; answer the account (made on first sign-in) and a new session token for the cookie."""
    phone = phone_of(raw_phone)
    code = raw_code.strip() if isinstance(raw_code, str) else ""
    if not (len(code) == 6 and code.isdigit()):
        raise ValidationFailed([FieldError("code", "请填写短信中的 6 位验证码")])
    index = crypto.blind_index(phone)
    now, client = timezone.now(), _client()
    failed = None
    with transaction.atomic():
        _count("login_client", client, now, conf.LOGIN_CLIENT_LIMITS())
        account = PortalAccount.objects.select_for_update().filter(phone_index=index).first()
        if account and account.locked_until and account.locked_until > now:
            raise _locked(account)
        row = (LoginCode.objects.select_for_update().filter(phone_index=index, used_at__isnull=True,
                                                           expires_at__gt=now).order_by("-id").first())
        if row is None or not hmac.compare_digest(row.digest, _digest(index, code)):
            failed = _fail(account, row, index, phone, now)
        else:
            row.used_at = now
            row.save(update_fields=["used_at"])
            if account is None:
                account = open_account(phone)
            account.failed_codes, account.locked_until, account.last_login_at = 0, None, now
            account.save(update_fields=["failed_codes", "locked_until", "last_login_at"])
            token = _new_session(account, now, client)
            audit.record(_name(account, phone), audit.Event("login_success", "portal_account", account.pk,
                                                            account.region_code))
            return account, token
    raise failed


def open_account(phone: str) -> PortalAccount:
    """The account of a (normalised) phone, made on its first sign-in (and by the demo seeder)."""
    index = crypto.blind_index(phone)
    account = PortalAccount.objects.filter(phone_index=index).first()
    if account is None:
        account = PortalAccount.objects.create(
            phone_index=index, phone_enc=protected.seal(PortalAccount, "phone_enc", phone, index))
        audit.record(_name(account, phone), audit.Event("create", "portal_account", account.pk, ""))
    return account


def _fail(account, row, index, phone, now) -> ServiceError:
    """Count a wrong code on the code and the account (inside the transaction, which commits); the error to raise."""
    if row is not None:
        row.attempts += 1
        if row.attempts >= conf.CODE_TRIES():
            row.used_at = now
        row.save(update_fields=["attempts", "used_at"])
    changes = {"reason": "验证码错误"}
    if account is not None:
        account.failed_codes += 1
        if account.failed_codes >= conf.LOCK_AFTER():
            account.locked_until = now + dt.timedelta(minutes=conf.LOCK_MINUTES())
            changes["locked_until"] = account.locked_until
        account.save(update_fields=["failed_codes", "locked_until"])
    audit.record(f"portal:{crypto.mask_phone(phone)}", audit.Event(
        "login_failure", "portal_account", account.pk if account else "", account.region_code if account else "",
        changes))
    return ValidationFailed([FieldError("code", SAME_ANSWER)])


def _name(account: PortalAccount, phone: str | None = None) -> str:
    """How the audit chain names a citizen: the channel and the masked phone (never a staff account)."""
    return f"portal:{crypto.mask_phone(phone) if phone else account.phone_masked}"


def audit_name(account: PortalAccount) -> str:
    return _name(account)


def _new_session(account: PortalAccount, now: dt.datetime, client: str) -> str:
    token = "mzp_" + secrets.token_urlsafe(32)
    PortalSession.objects.create(account=account, digest=crypto.keyed_digest("token", token), created_at=now,
                                 last_seen_at=now, expires_at=now + dt.timedelta(hours=conf.SESSION_HOURS()),
                                 client=client)
    return token


def account_for_token(token: str | None) -> PortalAccount | None:
    """The account of a live session (idle and absolute expiry); slides the idle time at most once a minute."""
    if not token or not token.startswith("mzp_") or len(token) > 100:
        return None
    now = timezone.now()
    row = (PortalSession.objects.select_related("account")
           .filter(digest=crypto.keyed_digest("token", token), revoked_at__isnull=True, expires_at__gt=now,
                   last_seen_at__gt=now - dt.timedelta(seconds=conf.IDLE_SECONDS())).first())
    if row is None:
        return None
    if row.last_seen_at < now - dt.timedelta(seconds=60):
        PortalSession.objects.filter(pk=row.pk).update(last_seen_at=now)
    return row.account


def logout(token: str | None) -> None:
    if token and token.startswith("mzp_"):
        PortalSession.objects.filter(digest=crypto.keyed_digest("token", token), revoked_at__isnull=True).update(
            revoked_at=timezone.now())


def consent(account: PortalAccount, version: str) -> None:
    """Record consent to the privacy notice of `version` (the current one only)."""
    if version != codes.PRIVACY_VERSION:
        raise ValidationFailed([FieldError("version", "隐私告知已更新，请阅读最新版本后再同意")])
    now = timezone.now()
    with transaction.atomic():
        Consent.objects.create(account=account, version=version, accepted_at=now, client=_client())
        PortalAccount.objects.filter(pk=account.pk).update(consent_version=version)
        account.consent_version = version
        audit.record(_name(account), audit.Event("portal_consent", "portal_account", account.pk,
                                                 account.region_code, {"version": version}))
