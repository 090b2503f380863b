"""Long jobs with progress (imports, exports, comparisons): a database-backed queue for the embedded default.

A job row is the unit: the page that started it polls its progress. `run_in_background` starts a thread in the web
process (embedded mode); `minzheng jobs run` processes queued jobs from the command line (e.g. from cron or a
systemd unit in production). Job functions are registered by name so a queued job can be run by any process.

Interrupted jobs (issue 11, defect 11): a running job renews `heartbeat_at` (every progress step and a heartbeat
thread), and names its worker (host:pid). A job whose heartbeat is older than MINZHENG_JOB_STALE_SECONDS (default
600), or whose worker process on this host is gone, is marked failed with INTERRUPTED — at server start
(`fail_stale`) and whenever its page is polled (`check_stale`). A job registered `restartable=True` (rerunning it is
safe: it builds what is missing) can be started again with `restart`.

Production queue (issue 21, docs/decisions/0015-job-queue.md): with MINZHENG_QUEUE=procrastinate `run_in_background`
hands the job to the PostgreSQL broker (`core.queue`) instead of a thread, and `minzheng jobs worker --processes N`
runs it. Either way the Job row stays the unit of progress. A restartable job that fails on a transient error
(`TRANSIENT`: a lost or busy database, or `Retry` raised by the job) is queued again, up to MINZHENG_JOB_ATTEMPTS
attempts in all; `reap` (run by every worker) resumes a restartable job whose worker died, keeping its progress and
the steps it finished (`Progress.checkpoint`), and marks any other such job failed."""

from __future__ import annotations

import datetime as dt
import os
import socket
import threading
import time
import traceback
from collections.abc import Callable

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, close_old_connections, models, transaction
from django.utils import timezone

from minzheng.core import context, metrics
from minzheng.core.models import Job

SOURCE_PARAM = "_source"  # the requesting client's address, carried in the job's params to its thread

_REGISTRY: dict[str, Callable[[Job, Progress], dict]] = {}
_RESTARTABLE: set[str] = set()
INTERRUPTED = "任务中断：服务重启或进程终止"
WORKER = f"{socket.gethostname()}:{os.getpid()}"
# Kept in Job.result from one attempt to the next (the rest of `result` is the attempt's own).
CARRIED = ("attempt", "steps")


class Retry(Exception):
    """Raised by a job function for a transient failure (a department's service busy …): a restartable job is queued
    again, up to MINZHENG_JOB_ATTEMPTS attempts."""


TRANSIENT = (OperationalError, InterfaceError, Retry)


def shown_reason(exc: BaseException) -> str:
    """What the job page says about a failure: a database's own words (SQLite's "database is locked", a driver's
    "server closed the connection") become Chinese; the raw text stays in the job's result for the operator."""
    if isinstance(exc, Retry):
        return str(exc)
    if isinstance(exc, (OperationalError, InterfaceError)):
        raw = str(exc).lower()
        if "locked" in raw or "busy" in raw or "deadlock" in raw or "could not serialize" in raw:
            return "数据库繁忙"
        return "数据库连接中断"
    return str(exc)


def max_attempts() -> int:
    return max(1, int(getattr(settings, "MINZHENG_JOB_ATTEMPTS", 3)))


def _worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"  # computed per call: a forked worker has its own pid


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


def _carried(result: dict | None) -> dict:
    return {k: v for k, v in (result or {}).items() if k in CARRIED}


def _stale_running() -> list[tuple[int, str, dict]]:
    cutoff = timezone.now() - stale_after()
    running = Job.objects.filter(status="running").values_list("pk", "kind", "heartbeat_at", "started_at", "result")
    return [(pk, kind, result or {}) for pk, kind, beat, started, result in running
            if (beat or started or cutoff) < cutoff or _worker_gone((result or {}).get("worker", ""))]


def _requeue(pk: int, result: dict, reason: str, raw: str | None = None) -> bool:
    """Put a job back in the queue for its next attempt: progress and finished steps kept. `reason` is shown on the
    job page; `raw`, the error's own text, is kept in the result."""
    attempt = int(result.get("attempt", 1))
    return bool(Job.objects.filter(pk=pk, status="running").update(
        status="queued", message=f"第 {attempt} 次执行中断，等待重试：{reason}"[:200],
        result={**_carried(result), "attempt": attempt + 1, "retry": (raw or reason)[:500]}))


def _resumable(kind: str, result: dict) -> bool:
    return kind in _RESTARTABLE and int(result.get("attempt", 1)) < max_attempts()


def reap(resume: bool = True) -> tuple[int, int]:
    """The reaper (every worker runs it at start and every minute): a running job whose worker died or that stopped
    beating is resumed — queued again, its progress and finished steps kept — when its kind is safe to rerun and
    attempts remain, and marked failed (INTERRUPTED) otherwise. Returns (resumed, failed)."""
    resumed, failed = [], []
    for pk, kind, result in _stale_running():
        if resume and _resumable(kind, result):
            if _requeue(pk, result, INTERRUPTED):
                resumed.append(pk)
        else:
            failed.append(pk)
    count = _mark_interrupted(failed)
    for row in Job.objects.filter(pk__in=resumed, status="queued"):
        run_in_background(row)
    return len(resumed), count


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
        from minzheng.core import queue

        # With the production queue a job safe to rerun is resumed, as the workers' reaper would; embedded, it is
        # marked failed and the officer may restart it (as before issue 21).
        if queue.backend() != queue.EMBEDDED and _resumable(job_row.kind, job_row.result or {}):
            if _requeue(job_row.pk, job_row.result or {}, INTERRUPTED):
                run_in_background(Job.objects.get(pk=job_row.pk))
        else:
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

    def checkpoint(self, name: str, step: Callable[[], object]) -> object:
        """Run one resumable step once. A step recorded done by an earlier attempt of this job is skipped and the value
        it returned then (JSON) is returned; otherwise the step and its record commit together, so a worker killed
        mid-step leaves neither and the next attempt runs the step again."""
        steps = Job.objects.filter(pk=self.job.pk).values_list("result", flat=True).first() or {}
        steps = steps.get("steps", {})
        if name in steps:
            return steps[name]
        with transaction.atomic():
            value = step()
            row = Job.objects.select_for_update().get(pk=self.job.pk)
            row.result = {**row.result, "steps": {**row.result.get("steps", {}), name: value}}
            row.heartbeat_at = timezone.now()
            row.save(update_fields=["result", "heartbeat_at"])
        return value

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


ONCE_PARAM = "_once"  # the key under which submit_once finds a job still waiting or running


def submit_once(kind: str, user, params: dict, key: str) -> tuple[Job, bool]:
    """The job of `kind` this user submitted with the same `key` while it is still queued or running, or a new one:
    (job, created). A new job is not started; the caller runs it. The look-up and the insert hold the user's row
    (FOR UPDATE), so a double click or a refresh finds the first job instead of starting a second."""
    from minzheng.core.models import User

    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).exists()
        found = (Job.objects.filter(kind=kind, created_by=user, region_code=user.region_id or "",
                                    status__in=("queued", "running"), **{f"params__{ONCE_PARAM}": key})
                 .order_by("id").first())
        if found is not None:
            return found, False
        return submit(kind, user, {**params, ONCE_PARAM: key}), True


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


def _claim(job_row: Job) -> bool:
    with transaction.atomic():
        now = timezone.now()
        previous = Job.objects.filter(pk=job_row.pk).values_list("result", flat=True).first()
        carried = {"attempt": 1, **_carried(previous)}
        return bool(Job.objects.filter(pk=job_row.pk, status="queued").update(
            status="running", started_at=now, heartbeat_at=now, result={**carried, "worker": _worker_name()}))


def run(job_row: Job) -> Job:
    """Run a queued job in this process (claimed atomically: two workers never run the same job). Returns the row:
    done, failed, or queued again for a retry (a restartable job that failed on a TRANSIENT error)."""
    if not _claim(job_row):
        return Job.objects.get(pk=job_row.pk)
    job_row.refresh_from_db()
    # Inline (tests) the job runs inside the request's transaction: no second connection beating beside it.
    heartbeat = None if getattr(settings, "MINZHENG_JOBS_INLINE", False) else _Heartbeat(job_row.pk)
    if heartbeat:
        heartbeat.start()
    started = time.monotonic()
    status = "done"
    try:
        with context.acting_from(job_row.params.get(SOURCE_PARAM) or context.source_address()):
            result = _REGISTRY[job_row.kind](job_row, Progress(job_row))
        Job.objects.filter(pk=job_row.pk).update(status="done", percent=100, result=result,
                                                 finished_at=timezone.now())
    except Exception as exc:  # the job fails visibly with its reason; nothing is swallowed
        status = "failed"
        current = Job.objects.filter(pk=job_row.pk).values_list("result", flat=True).first() or {}
        if (isinstance(exc, TRANSIENT) and job_row.kind in _RESTARTABLE
                and int(current.get("attempt", 1)) < max_attempts()
                and _requeue(job_row.pk, current, shown_reason(exc), str(exc))):
            status = "retry"
        else:
            Job.objects.filter(pk=job_row.pk).update(
                status="failed", message=shown_reason(exc)[:200], finished_at=timezone.now(),
                result={**_carried(current), "error": str(exc), "trace": traceback.format_exc()[-2000:]})
    finally:
        if heartbeat:
            heartbeat.stop.set()
        metrics.job_finished(job_row.kind, status, time.monotonic() - started)
    return Job.objects.get(pk=job_row.pk)


def retry_delay(attempt: int) -> float:
    """Seconds before attempt `attempt` + 1 (embedded retries; the broker has its own RetryStrategy)."""
    return float(getattr(settings, "MINZHENG_JOB_RETRY_SECONDS", 5)) * attempt


def _run_with_retries(job_row: Job) -> Job:
    row = run(job_row)
    while row.status == "queued" and int((row.result or {}).get("attempt", 1)) <= max_attempts():
        if not getattr(settings, "MINZHENG_JOBS_INLINE", False):
            time.sleep(retry_delay(int(row.result.get("attempt", 1)) - 1))
        row = run(row)  # claimed by another process in between: returns it running, and the loop ends
    return row


def run_in_background(job_row: Job) -> None:
    from minzheng.core import queue

    if queue.backend() != queue.EMBEDDED:  # production: the broker's workers run it
        queue.enqueue(job_row)
        return
    beside_request(lambda: _run_with_retries(job_row), f"job-{job_row.pk}")


def beside_request(work: Callable[[], object], name: str) -> None:
    """Run `work` in a daemon thread of this process, which closes its database connections when done; inline under
    MINZHENG_JOBS_INLINE (tests: in the request's own transaction)."""
    if getattr(settings, "MINZHENG_JOBS_INLINE", False):
        work()
        return

    def target():
        try:
            work()
        finally:
            close_old_connections()

    threading.Thread(target=target, name=name, daemon=True).start()


def counts() -> dict[str, int]:
    """Jobs by status (`minzheng jobs status`)."""
    rows = Job.objects.values_list("status").annotate(n=models.Count("id")).order_by()
    return dict(rows)


def run_queued(limit: int | None = None) -> int:
    count = 0
    for row in Job.objects.filter(status="queued").order_by("id")[:limit]:
        run(row)
        count += 1
    return count
