"""The job queue (issue 21, docs/decisions/0015-job-queue.md): where a submitted job (core.jobs) runs.

MINZHENG_QUEUE=embedded (the default, no server): the web process runs the job in a thread, as the embedded profile
always has; `minzheng jobs worker` may poll the same table from other processes. MINZHENG_QUEUE=procrastinate
(production, PostgreSQL only): the job is deferred to procrastinate's queue tables in the same database — in the
request's own transaction, so a rolled-back request queues nothing — and `minzheng jobs worker --processes N` runs it
(core.queue.broker), with retries, and the reaper (core.jobs.reap) resuming or failing jobs whose worker died."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

EMBEDDED, PROCRASTINATE = "embedded", "procrastinate"
BACKENDS = (EMBEDDED, PROCRASTINATE)


def backend() -> str:
    name = getattr(settings, "MINZHENG_QUEUE", None) or os.environ.get("MINZHENG_QUEUE", "") or EMBEDDED
    if name not in BACKENDS:
        raise ImproperlyConfigured(f"MINZHENG_QUEUE={name!r}: one of {', '.join(BACKENDS)}")
    if name == PROCRASTINATE and connection.vendor != "postgresql":
        raise ImproperlyConfigured("MINZHENG_QUEUE=procrastinate needs DATABASE_URL to name a PostgreSQL database")
    return name


def enqueue(job_row) -> None:
    """Hand a queued Job row to the broker's workers."""
    from minzheng.core.queue import broker

    broker.defer(job_row.pk)


def reachable() -> tuple[bool, str]:
    """For /readyz: can a job be queued now?"""
    try:
        name = backend()
    except ImproperlyConfigured as exc:
        return False, str(exc)
    if name == EMBEDDED:
        return True, "embedded"
    from minzheng.core.queue import broker

    return broker.reachable()
