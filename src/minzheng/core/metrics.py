"""Request and job timings in Prometheus text format (issue 21), served at /metrics (core.views.ops).

Histograms are labelled by the URL *pattern* (`registry/persons/<int:pk>/`), never the path, so a million persons
make one series, not a million. Under gunicorn every worker process counts its own requests: `minzheng serve` sets
PROMETHEUS_MULTIPROC_DIR (an empty folder under MINZHENG_HOME) before the workers start, and /metrics sums the
processes' files; a job worker started with the same variable adds its job timings to the same sum. Without the
variable (tests, `manage runserver`) the figures are this process's own."""

from __future__ import annotations

import os
import time

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest, multiprocess

# Page and API answers are expected well under a second; exports and imports take longer.
REQUEST_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
JOB_BUCKETS = (1.0, 5.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0, 3600.0)

REQUEST_SECONDS = Histogram("minzheng_request_seconds", "Time to answer a request, by URL pattern",
                            ["method", "route", "status"], buckets=REQUEST_BUCKETS)
JOB_SECONDS = Histogram("minzheng_job_seconds", "Time a background job ran, by kind and outcome",
                        ["kind", "status"], buckets=JOB_BUCKETS)
JOBS_FINISHED = Counter("minzheng_jobs_finished", "Background job attempts finished, by kind and outcome",
                        ["kind", "status"])


def use_multiprocess(folder) -> None:
    """Share figures between the processes about to be forked (gunicorn workers): files in `folder`, emptied first
    (figures of a previous run are not this run's). Called by `minzheng serve` before the workers start."""
    import shutil

    from prometheus_client import values

    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, mode=0o700)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(folder)
    values.ValueClass = values.get_value_class()  # series made from now on write to the shared files


def route_of(request) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "(unmatched)"  # 404s: one series for every unknown path
    return "/" + (match.route or match.view_name or "")


def job_finished(kind: str, status: str, seconds: float) -> None:
    JOB_SECONDS.labels(kind, status).observe(seconds)
    JOBS_FINISHED.labels(kind, status).inc()


def exposition() -> tuple[bytes, str]:
    """The text page: every process's figures when running under gunicorn, else this process's."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(), CONTENT_TYPE_LATEST


class MetricsMiddleware:
    """Times every request (outermost: includes the other middleware) into REQUEST_SECONDS, and tells the client
    the same time in a `Server-Timing: app;dur=…` header (W3C Server Timing: the server-side time load tests
    compare with published figures, network and queueing in front of the worker excluded)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        seconds = time.perf_counter() - started
        REQUEST_SECONDS.labels(request.method, route_of(request), str(response.status_code)).observe(seconds)
        response["Server-Timing"] = f"app;dur={seconds * 1000:.1f}"
        return response
