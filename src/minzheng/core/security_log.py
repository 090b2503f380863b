"""The security log: denied requests and failed sign-ins, for the security administrator (安全日志 page).

Entries go into the audit chain (core.audit) under their own action codes rather than into a table of their own:
the chain is already append-only and hash-linked (an edited, deleted or reordered entry breaks `minzheng audit
verify`), it is backed up and restored with everything else, and the auditor sees the same facts the security
administrator does. The security log page is a filtered view of the chain (core.selectors.security_events_for).

What is recorded (the request path only, never its query string, which may carry a searched name):
- `access_denied`: a signed-in user's request answered 403 (the role may not open the page or act);
- `cross_region`: a request answered 404 after a scoped lookup missed a row that exists (core.scoping): the
  object lies outside the user's region (or its owner's jobs), so the page said "not found";
- `csrf_failure`: a form post without a valid CSRF token (core.views.errors);
- `login_failure`: written by the sign-in backend (core.auth), and here for an API request with a bad token.
"""

from __future__ import annotations

from minzheng.core import audit

KINDS = {
    "access_denied": "角色无权（403）",
    "cross_region": "超出管辖范围（404）",
    "login_failure": "登录失败",
    "csrf_failure": "跨站请求被拒绝",
}


def _actor(request):
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def record(request, action: str, changes: dict, object_type: str = "request", object_id: str = "") -> None:
    actor = _actor(request)
    region = actor.region_id if actor is not None else ""
    audit.record(actor or "anonymous", audit.Event(action, object_type, object_id, region,
                                                   {"method": request.method, "path": request.path[:300],
                                                    **changes}))
    request.mz_security_logged = True


def after_response(request, response) -> None:
    """Called by core.middleware.RequestContextMiddleware once the response is known."""
    if getattr(request, "mz_security_logged", False):
        return
    from minzheng.core import context

    status = response.status_code
    if status == 403 and _actor(request) is not None:
        record(request, "access_denied", {"status": 403})
    elif status == 404 and _actor(request) is not None:
        for miss in context.misses():
            action = "cross_region" if miss["kind"] == "region" else "access_denied"
            record(request, action, {"status": 404, "target_region": miss["region"]},
                   object_type=miss["model"], object_id=miss["pk"])
            break
    elif status == 401 and request.META.get("HTTP_AUTHORIZATION") and request.path.startswith("/api/"):
        record(request, "login_failure", {"status": 401, "reason": "接口令牌无效、已过期或已吊销"},
               object_type="api_token")
