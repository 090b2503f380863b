"""The portal's own session kind: a cookie (conf.COOKIE, path /portal/, HttpOnly, SameSite=Strict) holding a random
token whose keyed digest is a `PortalSession` row. Staff sessions (django.contrib.sessions + core.User) and portal
sessions never stand in for each other: portal pages and the portal API read only this cookie (a signed-in staff
user is a stranger there), and staff pages read only `request.user` (the cookie is not even sent outside /portal/).

    @citizen_page()                  # a page: signed in, consented and bound, else sent to the step missing
    @citizen_page(bound=False)       # signed in is enough (consent, binding, self-check by answers)
    PortalAuth()                     # the portal API's auth (ninja): the account, CSRF checked"""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.shortcuts import redirect
from ninja.security import APIKeyCookie

from minzheng.portal import conf
from minzheng.portal.services import signin


def account_of(request):
    if not hasattr(request, "_portal_account"):
        request._portal_account = signin.account_for_token(request.COOKIES.get(conf.COOKIE))
    return request._portal_account


def set_cookie(response, token: str) -> None:
    response.set_cookie(conf.COOKIE, token, path="/portal/", httponly=True, samesite="Strict",
                        secure=settings.SESSION_COOKIE_SECURE)


def clear_cookie(response) -> None:
    response.delete_cookie(conf.COOKIE, path="/portal/", samesite="Strict")


def citizen_page(bound: bool = True):
    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            account = account_of(request)
            if account is None:
                return redirect(f"/portal/login/?next={request.path}")
            if bound and not account.consent_version:
                return redirect("portal_consent")
            if bound and account.person_id is None:
                return redirect("portal_bind")
            request.citizen = account
            return view(request, *args, **kwargs)

        wrapper.citizen_only = True  # read by tests/test_authorization_matrix.py
        return wrapper

    return decorate


class PortalAuth(APIKeyCookie):
    param_name = conf.COOKIE

    def authenticate(self, request, key):
        account = signin.account_for_token(key)
        if account is not None:
            request.citizen = account
        return account
