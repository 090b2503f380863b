"""The PostgreSQL broker: procrastinate (https://procrastinate.readthedocs.io) on the instance's own database.

Deferring goes through Django's connection (procrastinate's DjangoConnector), so the Job row and its queue entry
commit together; workers use their own psycopg pool with LISTEN/NOTIFY. procrastinate's tables are not Django models:
`minzheng jobs init-queue` (also run by `minzheng init` when MINZHENG_QUEUE=procrastinate) applies its schema once.

One task runs any registered job by id: the Job row says what to do, so the queue entry carries nothing personal.
A job that asks for a retry (core.jobs: a TRANSIENT failure of a restartable kind) is retried by procrastinate's
RetryStrategy; the reaper task runs every minute on the workers."""

from __future__ import annotations

import contextlib
import logging

import psycopg
from asgiref.sync import sync_to_async
from django.db import connections
from procrastinate import BaseRetryStrategy, JobContext, PsycopgConnector, RetryStrategy, exceptions
from procrastinate import jobs as pjobs
from procrastinate.contrib.django.db_cleanup import DjangoApp
from procrastinate.contrib.django.django_connector import DjangoConnector
from procrastinate.contrib.django.utils import connector_params
from procrastinate.schema import SchemaManager

QUEUE = "minzheng"
log = logging.getLogger(__name__)


class RetryLater(Exception):
    """The job was queued again for another attempt: procrastinate schedules it (RetryStrategy below)."""


app = DjangoApp(connector=DjangoConnector())


def _retry() -> RetryStrategy:
    from minzheng.core import jobs

    # procrastinate counts retries after the first run; core.jobs counts attempts and stops first.
    return RetryStrategy(max_attempts=jobs.max_attempts(), linear_wait=int(jobs.retry_delay(1)),
                         retry_exceptions={RetryLater})


class _LazyRetry(BaseRetryStrategy):
    """Settings are read when a job fails, not at import (tests change MINZHENG_JOB_ATTEMPTS)."""

    def get_retry_decision(self, *, exception, job):
        return _retry().get_retry_decision(exception=exception, job=job)


@app.task(name="minzheng.run_job", queue=QUEUE, retry=_LazyRetry())
def run_job(job_id: int) -> None:
    from minzheng.core import jobs
    from minzheng.core.models import Job

    try:
        row = Job.objects.filter(pk=job_id).first()
        if row is None:
            return
        row = jobs.run(row)
        if row.status == "queued":
            raise RetryLater(row.message)
    finally:
        connections.close_all()  # this worker thread's connections: a job is long, reconnecting is cheap


@app.periodic(cron="* * * * *", periodic_id="reaper")
@app.task(name="minzheng.reap", queue=QUEUE, queueing_lock="minzheng.reap", pass_context=True)
async def reap_task(context: JobContext, timestamp: int) -> None:
    """Every minute on some worker: core.jobs.reap (Job rows whose worker died: resumed or failed), then the queue
    entries those workers held are closed (procrastinate's stalled jobs), so nothing stays "doing" forever."""
    from minzheng.core import jobs

    def reap_and_close() -> tuple[int, int]:
        try:
            return jobs.reap()
        finally:
            connections.close_all()

    resumed, failed = await sync_to_async(reap_and_close)()
    stalled = await context.app.job_manager.get_stalled_jobs(queue=QUEUE, task_name=run_job.name)
    for entry in stalled:
        await context.app.job_manager.finish_job(entry, status=pjobs.Status.FAILED, delete_job=False)
    if resumed or failed or stalled:
        log.warning("reaper: %s job(s) resumed, %s marked failed, %s queue entries closed",
                    resumed, failed, len(stalled))


def defer(job_id: int) -> None:
    with contextlib.suppress(exceptions.AlreadyEnqueued):  # already waiting for a worker
        run_job.configure(queueing_lock=f"job-{job_id}").defer(job_id=job_id)


def worker_app() -> DjangoApp:
    """The same tasks on a pooled psycopg connector (LISTEN/NOTIFY) for a worker process."""
    return app.with_connector(PsycopgConnector(kwargs=connector_params()))


def _connect() -> psycopg.Connection:
    return psycopg.connect(**connector_params(), autocommit=True)


def schema_applied() -> bool:
    with _connect() as conn:
        return conn.execute("SELECT to_regclass('procrastinate_jobs') IS NOT NULL").fetchone()[0]


def apply_schema() -> bool:
    """procrastinate's tables and functions, once (False: already there)."""
    if schema_applied():
        return False
    with _connect() as conn:
        conn.execute(SchemaManager.get_schema())
    return True


def reachable() -> tuple[bool, str]:
    try:
        if not schema_applied():
            return False, "procrastinate schema missing: run `minzheng jobs init-queue`"
        with _connect() as conn:
            waiting = conn.execute("SELECT count(*) FROM procrastinate_jobs WHERE queue_name = %s AND status = %s",
                                   (QUEUE, pjobs.Status.TODO.value)).fetchone()[0]
    except psycopg.Error as exc:
        return False, f"broker unreachable: {exc.__class__.__name__}"
    return True, f"procrastinate ({waiting} waiting)"


def counts() -> dict[str, int]:
    """Queue entries by status (the `minzheng jobs status` command, monitoring)."""
    with _connect() as conn:
        rows = conn.execute("SELECT status::text, count(*) FROM procrastinate_jobs WHERE queue_name = %s "
                            "GROUP BY status", (QUEUE,)).fetchall()
    return dict(rows)
