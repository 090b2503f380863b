"""Long jobs with progress (imports, exports, comparisons): a database-backed queue for the embedded default.

A job row is the unit: the page that started it polls its progress. `run_in_background` starts a thread in the web
process (embedded mode); `minzheng jobs run` processes queued jobs from the command line (e.g. from cron or a
systemd unit in production). Job functions are registered by name so a queued job can be run by any process.

Interrupted jobs (issue 11, defect 11): a running job renews `heartbeat_at` (every progress step and a heartbeat
thread), and names its worker (host:pid). A job whose heartbeat is older than MINZHENG_JOB_STALE_SECONDS (default
600), or whose worker process on this host is gone, is marked failed with INTERRUPTED — at server start
(`fail_stale`) and whenever its page is polled (`check_stale`). A job registered `restartable=True` (rerunning it is
safe: it builds what is missing) can be started again with `restart`."""

from __future__ import annotations

import datetime as dt
import os
import socket
import threading
import traceback
from collections.abc import Callable

from django.conf import settings
from django.db import DatabaseError, close_old_connections, transaction
from django.utils import timezone

from minzheng.core import context
from minzheng.core.models import Job

SOURCE_PARAM = "_source"  # the requesting client's address, carried in the job's params to its thread

_REGISTRY: dict[str, Callable[[Job, Progress], dict]] = {}
_RESTARTABLE: set[str] = set()
INTERRUPTED = "任务中断：服务重启或进程终止"
WORKER = f"{socket.gethostname()}:{os.getpid()}"


def job(name: str, restartable: bool = False):
    """Register a job function. `restartable`: running it again after an interruption is safe (idempotent)."""

    def decorator(func):
        _REGISTRY[name] = func
        if restartable:
            _RESTARTABLE.add(name)
        return func

    return decorator


def stale_after() -> dt.timedelta:
    return dt.timedelta(seconds=int(getattr(settings, "MINZHENG_JOB_STALE_SECONDS", 600)))


def _worker_gone(worker: str) -> bool:
    """The worker ran on this host and its process no longer exists."""
    host, _, pid = (worker or "").rpartition(":")
    if host != socket.gethostname() or not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def _mark_interrupted(pks: list[int]) -> int:
    if not pks:
        return 0
    return Job.objects.filter(pk__in=pks, status="running").update(
        status="failed", message=INTERRUPTED, finished_at=timezone.now(),
        result={"error": INTERRUPTED, "interrupted": True})


def fail_stale() -> int:
    """Mark failed every running job that was interrupted: heartbeat older than stale_after(), or its worker process
    on this host gone. Run at server start; returns how many."""
    cutoff = timezone.now() - stale_after()
    running = Job.objects.filter(status="running").values_list("pk", "heartbeat_at", "started_at", "result")
    stale = [pk for pk, beat, started, result in running
             if (beat or started or cutoff) < cutoff or _worker_gone((result or {}).get("worker", ""))]
    return _mark_interrupted(stale)


def check_stale(job_row: Job) -> Job:
    """When a job's page is polled: a running job that stopped beating is marked failed, so it never shows
    "running 0 %" forever."""
    if job_row.status != "running":
        return job_row
    beat = job_row.heartbeat_at or job_row.started_at
    worker = (job_row.result or {}).get("worker", "")
    if (beat and beat < timezone.now() - stale_after()) or _worker_gone(worker):
        _mark_interrupted([job_row.pk])
        job_row.refresh_from_db()
    return job_row


def restartable(job_row: Job) -> bool:
    return job_row.kind in _RESTARTABLE and job_row.status == "failed" and bool(
        (job_row.result or {}).get("interrupted"))


def restart(job_row: Job, user) -> Job:
    """A new job with the same kind and parameters, for an interrupted job whose kind is safe to rerun."""
    if not restartable(job_row):
        raise ValueError(f"job {job_row.pk} cannot be restarted")
    again = submit(job_row.kind, user, dict(job_row.params), job_row.region_code)
    run_in_background(again)
    return again


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
                                                      message=message[:200], heartbeat_at=timezone.now())


def submit(kind: str, user, params: dict, region_code: str = "") -> Job:
    if kind not in _REGISTRY:
        raise KeyError(kind)
    source = context.source_address()
    if source:  # started from a page or the API: its audit entries name the client, not "cli"
        params = {**params, SOURCE_PARAM: source}
    return Job.objects.create(kind=kind, params=params, created_by=user if getattr(user, "pk", None) else None,
                              region_code=region_code or getattr(user, "region_id", "") or "")


class _Heartbeat(threading.Thread):
    """Renews the job's heartbeat while its function runs (a long step may not report progress for minutes)."""

    def __init__(self, pk: int):
        super().__init__(name=f"job-{pk}-heartbeat", daemon=True)
        self.pk, self.stop = pk, threading.Event()

    def run(self) -> None:
        interval = max(1.0, stale_after().total_seconds() / 5)
        try:
            while not self.stop.wait(interval):
                try:
                    Job.objects.filter(pk=self.pk, status="running").update(heartbeat_at=timezone.now())
                except DatabaseError:  # the database busy with the job's own writes: beat again next time
                    close_old_connections()
        finally:
            close_old_connections()


def run(job_row: Job) -> Job:
    with transaction.atomic():
        now = timezone.now()
        claimed = Job.objects.filter(pk=job_row.pk, status="queued").update(
            status="running", started_at=now, heartbeat_at=now, result={"worker": WORKER})
    if not claimed:
        return Job.objects.get(pk=job_row.pk)
    job_row.refresh_from_db()
    # Inline (tests) the job runs inside the request's transaction: no second connection beating beside it.
    heartbeat = None if getattr(settings, "MINZHENG_JOBS_INLINE", False) else _Heartbeat(job_row.pk)
    if heartbeat:
        heartbeat.start()
    try:
        with context.acting_from(job_row.params.get(SOURCE_PARAM) or context.source_address()):
            result = _REGISTRY[job_row.kind](job_row, Progress(job_row))
        Job.objects.filter(pk=job_row.pk).update(status="done", percent=100, result=result,
                                                 finished_at=timezone.now())
    except Exception as exc:  # the job fails visibly with its reason; nothing is swallowed
        Job.objects.filter(pk=job_row.pk).update(status="failed", message=str(exc)[:200],
                                                 result={"error": str(exc), "trace": traceback.format_exc()[-2000:]},
                                                 finished_at=timezone.now())
    finally:
        if heartbeat:
            heartbeat.stop.set()
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
