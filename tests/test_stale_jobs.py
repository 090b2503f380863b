"""Interrupted jobs (issue 11, defect 11): a job whose server was killed must not stay "running 0 %" forever. A job
that stopped beating, or whose worker process is gone, is marked failed with the reason — at server start and when
its page is polled — and a job kind that is safe to rerun can be restarted."""

from __future__ import annotations

import datetime as dt
import socket
import subprocess
import sys

import pytest
from django.test import Client
from django.utils import timezone

from minzheng.core import jobs
from minzheng.core.models import Job


@jobs.job("test_rerunnable", restartable=True)
def _rerunnable(job_row, progress):
    progress(1, 1)
    return {"rows": len(job_row.params.get("rows", []))}


def _running(user, beat_age: dt.timedelta, worker: str = jobs.WORKER, kind: str = "test_rerunnable") -> Job:
    beat = timezone.now() - beat_age
    return Job.objects.create(kind=kind, status="running", params={"rows": [1, 2, 3]}, created_by=user,
                              region_code=user.region_id, started_at=beat, heartbeat_at=beat,
                              result={"worker": worker})


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@pytest.mark.django_db
def test_polling_a_job_that_stopped_beating_shows_it_failed(county_user, settings):
    settings.MINZHENG_JOB_STALE_SECONDS = 60
    job = _running(county_user, dt.timedelta(minutes=5))
    client = Client()
    client.force_login(county_user)
    response = client.get(f"/jobs/{job.pk}/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert jobs.INTERRUPTED in response.content.decode()
    job.refresh_from_db()
    assert (job.status, job.message, job.result["interrupted"]) == ("failed", jobs.INTERRUPTED, True)
    assert job.finished_at is not None


@pytest.mark.django_db
def test_server_start_fails_jobs_of_dead_workers_and_stale_ones_only(county_user, settings):
    settings.MINZHENG_JOB_STALE_SECONDS = 600
    killed = _running(county_user, dt.timedelta(seconds=5), worker=f"{socket.gethostname()}:{_dead_pid()}")
    stale = _running(county_user, dt.timedelta(hours=1), worker="other-host:1")
    alive = _running(county_user, dt.timedelta(seconds=5))  # this process, beating: still running
    elsewhere = _running(county_user, dt.timedelta(seconds=5), worker="other-host:1")  # cannot tell yet
    assert jobs.fail_stale() == 2
    statuses = {j.pk: Job.objects.get(pk=j.pk).status for j in (killed, stale, alive, elsewhere)}
    assert statuses == {killed.pk: "failed", stale.pk: "failed", alive.pk: "running", elsewhere.pk: "running"}
    assert jobs.check_stale(Job.objects.get(pk=alive.pk)).status == "running"


@pytest.mark.django_db
def test_progress_renews_the_heartbeat(county_user):
    job = _running(county_user, dt.timedelta(hours=1))
    jobs.Progress(job)(1, 10, "第 1 行")
    job.refresh_from_db()
    assert job.heartbeat_at > timezone.now() - dt.timedelta(minutes=1)


@pytest.mark.django_db
def test_an_interrupted_job_safe_to_rerun_is_restarted_others_are_not(county_user, settings):
    settings.MINZHENG_JOB_STALE_SECONDS = 60
    job = jobs.check_stale(_running(county_user, dt.timedelta(minutes=5)))
    assert jobs.restartable(job)
    again = jobs.restart(job, county_user)
    again.refresh_from_db()
    assert (again.status, again.result, again.params) == ("done", {"rows": 3}, job.params)
    other = jobs.check_stale(_running(county_user, dt.timedelta(minutes=5), kind="feeds_load"))
    assert other.status == "failed" and not jobs.restartable(other)
    with pytest.raises(ValueError):
        jobs.restart(other, county_user)
