"""The job queue (issue 21): resumable checkpointed steps, retries of transient failures, and a worker process killed
mid-job — the reaper resumes a job that is safe to rerun (finished steps not repeated) and fails any other, so no job
stays "running" forever. Real worker processes on the test database (embedded queue, SQLite)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from minzheng.core import jobs
from minzheng.core.models import Job
from minzheng.core.tests import queue_jobs

ROOT = Path(__file__).resolve().parents[4]


def _database_url() -> str:
    """The test database, for a worker process (the suite runs on SQLite and on PostgreSQL)."""
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    return f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


def _worker(tmp_path: Path) -> subprocess.Popen:
    """`minzheng jobs worker` on this test's database, with the test job kinds loaded."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "minzheng.settings", "MINZHENG_QUEUE": "embedded",
           "DATABASE_URL": _database_url()}
    return subprocess.Popen([sys.executable, "-m", "minzheng", "jobs", "worker", "--poll", "0.2",
                             "--import", "minzheng.core.tests.queue_jobs"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=open(tmp_path / "worker.err", "w"))


def _wait_for(path: Path, worker: subprocess.Popen, tmp_path: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        if worker.poll() is not None:
            pytest.fail("worker exited: " + (tmp_path / "worker.err").read_text()[-2000:])
        if time.monotonic() > deadline:
            worker.kill()
            pytest.fail("the worker never reached the step: " + (tmp_path / "worker.err").read_text()[-2000:])
        time.sleep(0.1)


def _kill_mid_job(kind: str, user, tmp_path: Path) -> Job:
    job = jobs.submit(kind, user, {"folder": str(tmp_path), "hang_after": "one"})
    worker = _worker(tmp_path)
    _wait_for(tmp_path / "reached", worker, tmp_path)
    os.kill(worker.pid, signal.SIGKILL)  # the worker dies between step one and step two
    worker.wait()
    job.refresh_from_db()
    assert (job.status, job.result["attempt"], job.result["steps"]) == ("running", 1, {"one": "ONE"})
    assert job.percent == 33
    return job


@pytest.mark.django_db(transaction=True)
def test_a_job_whose_worker_dies_is_resumed_without_repeating_finished_steps(county_user, tmp_path):
    job = _kill_mid_job("test_queue_steps", county_user, tmp_path)
    assert jobs.reap() == (1, 0)  # resumed: queued again and (tests: inline) run to the end
    job.refresh_from_db()
    assert job.status == "done", job.result
    assert job.result == {"out": {"one": "ONE", "two": "TWO", "three": "THREE"}}
    assert (tmp_path / "log").read_text().split() == list(queue_jobs.STEPS)  # step one ran once, not twice


@pytest.mark.django_db(transaction=True)
def test_a_job_not_safe_to_rerun_whose_worker_dies_is_marked_failed(county_user, tmp_path):
    job = _kill_mid_job("test_queue_steps_once", county_user, tmp_path)
    assert jobs.reap() == (0, 1)
    job.refresh_from_db()
    assert (job.status, job.message, job.result["interrupted"]) == ("failed", jobs.INTERRUPTED, True)
    assert jobs.reap() == (0, 0)  # nothing left running


@pytest.mark.django_db(transaction=True)
def test_a_worker_process_runs_queued_jobs(county_user, tmp_path):
    job = jobs.submit("test_queue_steps", county_user, {"folder": str(tmp_path)})
    worker = _worker(tmp_path)
    try:
        deadline = time.monotonic() + 60
        while Job.objects.get(pk=job.pk).status != "done" and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    job.refresh_from_db()
    assert job.status == "done"
    assert job.result["out"]["three"] == "THREE"
    assert worker.returncode == 0  # SIGTERM: the worker finishes the job at hand and leaves cleanly


@pytest.mark.django_db
def test_a_transient_failure_is_retried_until_it_succeeds(county_user):
    job = jobs.submit("test_queue_flaky", county_user, {"succeed_on": 3})
    jobs.run_in_background(job)
    job.refresh_from_db()
    assert (job.status, job.result) == ("done", {"attempt": 3})


@pytest.mark.django_db
def test_retries_stop_after_the_last_attempt(county_user, settings):
    settings.MINZHENG_JOB_ATTEMPTS = 2
    job = jobs.submit("test_queue_flaky", county_user, {"succeed_on": 5})
    jobs.run_in_background(job)
    job.refresh_from_db()
    assert (job.status, job.message, job.result["attempt"]) == ("failed", "busy on attempt 2", 2)


@pytest.mark.django_db
@pytest.mark.parametrize(("error", "shown"), [("database is locked", "数据库繁忙"),
                                              ("server closed the connection unexpectedly", "数据库连接中断")])
def test_a_database_error_is_shown_in_chinese_and_kept_raw_for_the_operator(county_user, settings, error, shown):
    job = jobs.submit("test_queue_db_error", county_user, {"error": error})
    job = jobs.run(job)  # the first attempt fails: queued again for a retry
    assert (job.status, job.message, job.result["retry"]) == ("queued", f"第 1 次执行中断，等待重试：{shown}", error)
    settings.MINZHENG_JOB_ATTEMPTS = 2
    job = jobs.run(job)  # the last attempt fails too
    assert (job.status, job.message, job.result["error"]) == ("failed", shown, error)


@pytest.mark.django_db
def test_a_job_not_safe_to_rerun_is_not_retried(county_user):
    job = jobs.submit("test_queue_broken", county_user, {})
    jobs.run_in_background(job)
    job.refresh_from_db()
    assert (job.status, job.message, job.result["attempt"]) == ("failed", "busy", 1)


@pytest.mark.django_db
def test_a_checkpointed_step_runs_once(county_user, tmp_path):
    job = Job.objects.create(kind="test_queue_steps", status="running", created_by=county_user,
                             result={"attempt": 1})
    progress = jobs.Progress(job)
    calls = []
    assert progress.checkpoint("load", lambda: calls.append(1) or 41) == 41
    assert progress.checkpoint("load", lambda: calls.append(1) or 42) == 41  # recorded: not run again
    assert calls == [1]
    job.refresh_from_db()
    assert job.result == {"attempt": 1, "steps": {"load": 41}}


@pytest.mark.django_db
def test_the_embedded_default_still_runs_in_the_web_process(county_user, settings):
    from minzheng.core import queue

    assert queue.backend() == queue.EMBEDDED and queue.reachable() == (True, "embedded")
    settings.MINZHENG_QUEUE = "procrastinate"  # on SQLite: refused with the reason, never silently embedded
    if connection.vendor == "sqlite":
        from django.core.exceptions import ImproperlyConfigured

        with pytest.raises(ImproperlyConfigured):
            queue.backend()
        assert queue.reachable()[0] is False
