"""Job kinds for the queue tests, importable by a worker subprocess (`minzheng jobs worker --import …`)."""

from __future__ import annotations

import time
from pathlib import Path

from minzheng.core import jobs

STEPS = ("one", "two", "three")


def _log(folder: Path, line: str) -> None:
    with (folder / "log").open("a", encoding="utf-8") as fh:
        fh.write(line + "\n")


def _steps(job_row, progress):
    """Three checkpointed steps; on its first attempt the job stops after step `hang_after` and waits (to be
    killed) — a later attempt runs only the steps not yet done."""
    folder = Path(job_row.params["folder"])
    out = {}
    for i, name in enumerate(STEPS, 1):
        def step(name=name):
            _log(folder, name)
            return name.upper()

        out[name] = progress.checkpoint(name, step)
        progress(i, len(STEPS), name)
        if name == job_row.params.get("hang_after") and job_row.result.get("attempt") == 1:
            (folder / "reached").write_text(name)
            time.sleep(600)
    return {"out": out}


jobs.job("test_queue_steps", restartable=True)(_steps)
jobs.job("test_queue_steps_once")(_steps)  # the same work, not declared safe to rerun


@jobs.job("test_queue_flaky", restartable=True)
def _flaky(job_row, progress):
    """Fails with a transient error until its attempt reaches `succeed_on`."""
    attempt = job_row.result.get("attempt")
    if attempt < job_row.params.get("succeed_on", 2):
        raise jobs.Retry(f"busy on attempt {attempt}")
    return {"attempt": attempt}


@jobs.job("test_queue_broken")
def _broken(job_row, progress):
    raise jobs.Retry("busy")  # transient, but the kind is not safe to rerun: fails at once


@jobs.job("test_queue_db_error", restartable=True)
def _db_error(job_row, progress):
    """Fails as a database does, in its own English words (SQLite's lock, a dropped connection)."""
    from django.db import OperationalError

    raise OperationalError(job_row.params["error"])
