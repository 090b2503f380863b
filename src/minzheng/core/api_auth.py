"""Who may call an API operation, decided before the request body is read (ADR 0009 order: the role first, 403;
then the record in the caller's region, 404; then the input, 422).

`BearerAuth` (API tokens) and the browser session are the API's default authenticators. An operation that changes
something declares the permission its service requires with `auth=requires("people.change")`: the caller is
authenticated the same way and a role without the permission gets 403 with a Chinese reason — before ninja parses
(and possibly refuses with 422) a body the caller had no right to send."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from ninja.security import HttpBearer
from ninja.security.session import SessionAuth

from minzheng.core import auth as core_auth
from minzheng.core import roles
from minzheng.core.errors import Forbidden


class BearerAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        user = core_auth.user_for_token(token)
        if user is not None:
            request.user = user
        return user


MAX_ID = 2**63 - 1


def _check(request: HttpRequest, user, perm, found):
    if user is None:
        return None
    if not roles.has_perm(user, perm):
        raise Forbidden("您的角色无权执行此操作")
    if found is not None:  # the record named in the path, read through the app's scoped selector (404 outside)
        param, selector = found
        raw = str((request.resolver_match.kwargs if request.resolver_match else {}).get(param, ""))
        if raw.isdigit() and 0 < int(raw) <= MAX_ID:  # anything else is left to the input check (422)
            selector(user, int(raw))
    return user


class _RoleBearer(BearerAuth):
    def __init__(self, perm, found):
        super().__init__()
        self.perm, self.found = perm, found

    def authenticate(self, request: HttpRequest, token: str):
        return _check(request, super().authenticate(request, token), self.perm, self.found)


class _RoleSession(SessionAuth):
    def __init__(self, perm, found):
        super().__init__()
        self.perm, self.found = perm, found

    def authenticate(self, request: HttpRequest, key):
        return _check(request, super().authenticate(request, key), self.perm, self.found)


def requires(perm: str | tuple[str, ...], found: tuple[str, Callable] | None = None) -> list:
    """The `auth=` of an operation whose service requires `perm` (core.roles.has_perm); `found=(path parameter,
    selector)` also reads the record the path names through the app's scoped selector, so a record outside the
    caller's region is a 404 before the body is looked at."""
    return [_RoleBearer(perm, found), _RoleSession(perm, found)]
