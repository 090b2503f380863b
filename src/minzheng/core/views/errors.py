"""Error pages Django would otherwise show in English: a failed CSRF check (settings.CSRF_FAILURE_VIEW). The 400,
403, 404 and 500 pages are the templates of the same names."""

from __future__ import annotations

from django.shortcuts import render

from minzheng.core import security_log


def csrf_failure(request, reason: str = ""):
    security_log.record(request, "csrf_failure", {"status": 403})
    return render(request, "core/error.html", {
        "status": 403, "message": "请求已过期或来源无法验证（跨站请求防护）。请返回上一页，刷新后重新提交。"},
        status=403)
