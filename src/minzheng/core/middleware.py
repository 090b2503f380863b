"""Per-request plumbing: who acts from where (audit source address), the security log of denied requests, forced
password changes, and the security headers every response carries."""

from __future__ import annotations

import functools
import ipaddress
import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from minzheng.core import context, security_log
from minzheng.core.auth import must_change_password
from minzheng.core.errors import Conflict, Forbidden, NotFound


@functools.cache
def _trusted_networks(proxies: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def _is_trusted(address: str) -> bool:
    networks = _trusted_networks(tuple(settings.MINZHENG_TRUSTED_PROXIES))
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in net for net in networks)


def client_address(request) -> str:
    """The client's address. X-Forwarded-For is believed only when the peer is one of MINZHENG_TRUSTED_PROXIES:
    then the client is the last hop not itself a trusted proxy (hops are appended, so the left end is whatever the
    client chose to send). Anyone else's header is ignored, so audit source addresses cannot be forged."""
    peer = request.META.get("REMOTE_ADDR", "")
    if not settings.MINZHENG_TRUSTED_PROXIES or not _is_trusted(peer):
        return peer
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    for hop in reversed(hops):
        if not _is_trusted(hop):
            return hop[:64]
    return hops[0][:64] if hops else peer


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = context.set_source(client_address(request))
        misses = context.collect_misses()
        user = context.set_user(getattr(request, "user", None))
        try:
            response = self.get_response(request)
            security_log.after_response(request, response)
            return response
        finally:
            context.reset_user(user)
            context.reset_misses(misses)
            context.reset_source(token)

    def process_exception(self, request, exception):
        """Pages raise the same service errors as the API; show them as 403/404/409 pages in Chinese."""
        if isinstance(exception, (Forbidden, NotFound, Conflict)):
            return render(request, "core/error.html", {"status": exception.status, "message": exception.message},
                          status=exception.status)
        return None


SLIDE_SECONDS = 60
_SLID = "mz_slid"  # when the idle timeout last restarted (epoch seconds), in the session


def _now() -> float:
    return time.time()


def slide_at_sign_in(sender, request=None, **_kwargs):
    """Signing in starts the idle timeout (Django saves the new session anyway): the next request writes nothing."""
    if request is not None and hasattr(request, "session"):
        request.session[_SLID] = _now()


class SessionSlideMiddleware:
    """The idle timeout slides with use, its renewal written at most once a minute: a signed-in session is saved (its
    expiry set SESSION_COOKIE_AGE from now) when the last renewal is a minute old, not on every request — one
    database write per page view saved under load. A session thus expires between SESSION_COOKIE_AGE minus a minute
    and SESSION_COOKIE_AGE after its last request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.get(SESSION_KEY) is not None:
            now = _now()
            if now - session.get(_SLID, 0) >= SLIDE_SECONDS:
                session[_SLID] = now  # modified: SessionMiddleware saves it with a fresh expiry
        return self.get_response(request)


# Reachable while a new password is due: the change page itself, signing out, static files.
_OPEN_WHILE_CHANGING = ("password_change", "logout")


class PasswordChangeMiddleware:
    """First sign-in, a reset by the administrators or an expired password: nothing but the change page until a
    new password is set (pages redirect there, the API answers 403)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and must_change_password(user):
            open_paths = {reverse(name) for name in _OPEN_WHILE_CHANGING}
            if request.path not in open_paths and not request.path.startswith(settings.STATIC_URL):
                request.mz_security_logged = True  # not a denial worth the security log
                if request.path.startswith("/api/"):
                    return JsonResponse({"detail": "请先修改密码后再使用"}, status=403)
                return redirect(f"{reverse('password_change')}?next={request.path}")
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Content-Security-Policy (settings.MINZHENG_CSP), no caching of anything but static files (pages and
    downloads may hold personal data), and a Permissions-Policy switching off what the platform never uses.
    X-Content-Type-Options, Referrer-Policy and X-Frame-Options come from Django's own middleware (settings)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.MINZHENG_CSP)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
        if not request.path.startswith(settings.STATIC_URL):
            response.headers["Cache-Control"] = "no-store"
            response.headers["Pragma"] = "no-cache"
        return response
