"""Error pages Django would otherwise show in English: a failed CSRF check (settings.CSRF_FAILURE_VIEW), the answer
while the database cannot be reached (handler500 → 503), and JSON for a request refused before the API saw it
(handler400). The 400, 403, 404 and 500 pages are the templates of the same names."""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views import defaults

from minzheng.core import security_log

UNAVAILABLE = "系统数据库暂时无法连接，您的操作没有完成。请稍后重试；如果持续出现，请联系系统管理员。"
RETRY_AFTER = "30"  # seconds: a database restart or failover, not a bug


def csrf_failure(request, reason: str = ""):
    security_log.record(request, "csrf_failure", {"status": 403})
    return render(request, "core/error.html", {
        "status": 403, "message": "请求已过期或来源无法验证（跨站请求防护）。请返回上一页，刷新后重新提交。"},
        status=403)


def bad_request(request, exception):
    """settings handler400: a request Django refuses before any view (a Host header not in ALLOWED_HOSTS, a malformed
    upload). JSON under /api/, as every other answer there; the Chinese page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "请求有误，未处理"}, status=400)
    return defaults.bad_request(request, exception)


def server_error(request):
    """settings handler500: an uncaught error anywhere in the answer (a view, the session or sign-in middleware). A
    database that cannot be reached (down, restarting, failing over) is a 503 to wait out, not a 500: in Chinese,
    rendered without touching the database (no context processors), JSON under /api/."""
    exc = sys.exc_info()[1]
    if not isinstance(exc, (OperationalError, InterfaceError)):
        return defaults.server_error(request)
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": UNAVAILABLE}, status=503)
    else:
        response = HttpResponse(loader.render_to_string("503.html", {"message": UNAVAILABLE}), status=503)
    response["Retry-After"] = RETRY_AFTER
    return response
