"""Long jobs with progress (imports, exports, comparisons): a database-backed queue for the embedded default.

A job row is the unit: the page that started it polls its progress. `run_in_background` starts a thread in the web
process (embedded mode); `minzheng jobs run` processes queued jobs from the command line (e.g. from cron or a
systemd unit in production). Job functions are registered by name so a queued job can be run by any process."""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable

from django.conf import settings
from django.db import close_old_connections, transaction
from django.utils import timezone

from minzheng.core import context
from minzheng.core.models import Job

SOURCE_PARAM = "_source"  # the requesting client's address, carried in the job's params to its thread

_REGISTRY: dict[str, Callable[[Job, Progress], dict]] = {}


def job(name: str):
    def decorator(func):
        _REGISTRY[name] = func
        return func

    return decorator


class Progress:
    """Throttled progress writer: at most one UPDATE per 1 % step."""

    def __init__(self, job_row: Job):
        self.job = job_row
        self._last = -1

    def __call__(self, done: int, total: int, message: str = "") -> None:
        percent = int(done * 100 / total) if total else 0
        if percent != self._last:
            self._last = percent
            Job.objects.filter(pk=self.job.pk).update(done=done, total=total, percent=percent,
                                                      message=message[:200])


def submit(kind: str, user, params: dict, region_code: str = "") -> Job:
    if kind not in _REGISTRY:
        raise KeyError(kind)
    source = context.source_address()
    if source:  # started from a page or the API: its audit entries name the client, not "cli"
        params = {**params, SOURCE_PARAM: source}
    return Job.objects.create(kind=kind, params=params, created_by=user if getattr(user, "pk", None) else None,
                              region_code=region_code or getattr(user, "region_id", "") or "")


def run(job_row: Job) -> Job:
    with transaction.atomic():
        claimed = Job.objects.filter(pk=job_row.pk, status="queued").update(status="running",
                                                                          started_at=timezone.now())
    if not claimed:
        return Job.objects.get(pk=job_row.pk)
    job_row.refresh_from_db()
    try:
        with context.acting_from(job_row.params.get(SOURCE_PARAM) or context.source_address()):
            result = _REGISTRY[job_row.kind](job_row, Progress(job_row))
        Job.objects.filter(pk=job_row.pk).update(status="done", percent=100, result=result,
                                                 finished_at=timezone.now())
    except Exception as exc:  # the job fails visibly with its reason; nothing is swallowed
        Job.objects.filter(pk=job_row.pk).update(status="failed", message=str(exc)[:200],
                                                 result={"error": str(exc), "trace": traceback.format_exc()[-2000:]},
                                                 finished_at=timezone.now())
    return Job.objects.get(pk=job_row.pk)


def run_in_background(job_row: Job) -> None:
    if getattr(settings, "MINZHENG_JOBS_INLINE", False):  # tests: run in the request's own transaction
        run(job_row)
        return

    def target():
        try:
            run(job_row)
        finally:
            close_old_connections()

    threading.Thread(target=target, name=f"job-{job_row.pk}", daemon=True).start()


def run_queued(limit: int | None = None) -> int:
    count = 0
    for row in Job.objects.filter(status="queued").order_by("id")[:limit]:
        run(row)
        count += 1
    return count
