"""The portal's settings, each read from Django settings with a default (a deployment overrides any of them there
or through the environment): the SMS gateway, code lifetime and rate limits, session lifetimes."""

from __future__ import annotations

import os

from django.conf import settings


def _int(name: str, default: int) -> int:
    return int(getattr(settings, name, os.environ.get(name, default)))


def gateway_path() -> str:
    """Dotted path of the SMS gateway class (portal.gateway.SmsGateway); the default writes the code to the log."""
    return getattr(settings, "MINZHENG_PORTAL_SMS_GATEWAY",
                   os.environ.get("MINZHENG_PORTAL_SMS_GATEWAY", "minzheng.portal.gateway.LogGateway"))


def portal_region() -> str:
    """The region the portal serves (real-name binding looks people up in its subtree); blank = every region."""
    return getattr(settings, "MINZHENG_PORTAL_REGION", os.environ.get("MINZHENG_PORTAL_REGION", ""))


CODE_SECONDS = lambda: _int("MINZHENG_PORTAL_CODE_SECONDS", 300)  # noqa: E731  a code lives 5 minutes
CODE_TRIES = lambda: _int("MINZHENG_PORTAL_CODE_TRIES", 5)  # noqa: E731  wrong tries before a code is spent
# Codes sent to one phone: one a minute, 5 an hour, 10 a day; from one client address: 20 an hour.
PHONE_LIMITS = lambda: ((60, 1), (3600, _int("MINZHENG_PORTAL_CODES_PER_HOUR", 5)),  # noqa: E731
                        (86400, _int("MINZHENG_PORTAL_CODES_PER_DAY", 10)))
CLIENT_LIMITS = lambda: ((3600, _int("MINZHENG_PORTAL_CODES_PER_CLIENT_HOUR", 20)),)  # noqa: E731
LOGIN_CLIENT_LIMITS = lambda: ((3600, _int("MINZHENG_PORTAL_LOGINS_PER_CLIENT_HOUR", 60)),)  # noqa: E731
BIND_CLIENT_LIMITS = lambda: ((3600, 20),)  # noqa: E731
LOCK_AFTER = lambda: _int("MINZHENG_PORTAL_LOCK_AFTER", 5)  # noqa: E731  wrong codes in a row lock the phone
LOCK_MINUTES = lambda: _int("MINZHENG_PORTAL_LOCK_MINUTES", 30)  # noqa: E731
BIND_TRIES = 5  # failed real-name checks before the account must bind at the village/community office
IDLE_SECONDS = lambda: _int("MINZHENG_PORTAL_IDLE_SECONDS", 30 * 60)  # noqa: E731
SESSION_HOURS = lambda: _int("MINZHENG_PORTAL_SESSION_HOURS", 12)  # noqa: E731
COOKIE = "mz_portal"
