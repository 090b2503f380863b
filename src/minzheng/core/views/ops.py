"""Operations endpoints (issue 21, docs/deploy.md): for the load balancer, the orchestrator and Prometheus, not
people — no sign-in, no personal data.

- GET /healthz — liveness: the process answers (no database call, so a busy database never gets it restarted).
- GET /readyz — readiness: the database answers, every migration is applied, the job queue can take a job;
  200 when all three hold, else 503, with the failing check named.
- GET /metrics — request and job timings in Prometheus text format (core.metrics), only from this host (a request
  without a proxy's X-Forwarded-For from a loopback address) or with `Authorization: Bearer <MINZHENG_METRICS_TOKEN>`.
"""

from __future__ import annotations

import hmac
import ipaddress

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from minzheng.core import metrics, queue

_migrated = False  # once every migration is applied it stays so for this process's life


@require_GET
@never_cache
def healthz(request):
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as exc:
        return f"unreachable: {exc.__class__.__name__}"
    return "ok"


def _migrations() -> str:
    global _migrated  # noqa: PLW0603 (a per-process cache of a fact that only becomes true)
    if not _migrated:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if pending:
            return f"{len(pending)} pending"
        _migrated = True
    return "ok"


@require_GET
@never_cache
def readyz(request):
    checks = {"database": _database()}
    checks["migrations"] = _migrations() if checks["database"] == "ok" else "unknown"
    ok, detail = queue.reachable() if checks["database"] == "ok" else (False, "unknown")
    checks["queue"] = "ok" if ok else detail
    ready = all(value == "ok" for value in checks.values())
    return JsonResponse({"ready": ready, **checks, **({"queue_backend": detail} if ok else {})},
                        status=200 if ready else 503)


def _allowed(request) -> bool:
    token = getattr(settings, "MINZHENG_METRICS_TOKEN", "")
    given = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return True
    if "X-Forwarded-For" in request.headers:  # came through the reverse proxy: not from this host
        return False
    try:
        return ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")).is_loopback
    except ValueError:
        return False


@require_GET
@never_cache
def metrics_view(request):
    if not _allowed(request):
        return HttpResponse("forbidden\n", status=403, content_type="text/plain; charset=utf-8")
    body, content_type = metrics.exposition()
    return HttpResponse(body, content_type=content_type)
