"""The PostgreSQL broker (issue 21): procrastinate's queue in the instance's own database. Runs on PostgreSQL only
(`scripts/with-postgres.sh .venv/bin/pytest src/minzheng/core/tests/test_queue_postgres.py`); skipped on SQLite."""

from __future__ import annotations

import pytest
from django.db import connection

from minzheng.core import jobs
from minzheng.core.models import Job
from minzheng.core.tests import queue_jobs  # noqa: F401 (registers the test job kinds)

pytestmark = [pytest.mark.skipif(connection.vendor != "postgresql", reason="the broker needs PostgreSQL"),
              pytest.mark.django_db(transaction=True)]


@pytest.fixture
def broker(settings):
    from minzheng.core.queue import broker

    broker.apply_schema()
    with connection.cursor() as cursor:  # queue tables are not Django's: empty them between tests
        cursor.execute("DELETE FROM procrastinate_jobs")
    settings.MINZHENG_QUEUE = "procrastinate"
    settings.MINZHENG_JOB_RETRY_SECONDS = 0
    return broker


def _entries() -> list[tuple[str, str, int]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT task_name, status::text, attempts FROM procrastinate_jobs "
                       "WHERE task_name = 'minzheng.run_job' ORDER BY id")  # not the periodic reaper's runs
        return cursor.fetchall()


def _work(broker) -> None:
    broker.worker_app().run_worker(queues=[broker.QUEUE], wait=False, install_signal_handlers=False,
                                   listen_notify=False)


def test_a_submitted_job_is_deferred_to_the_broker_and_run_by_a_worker(broker, county_user, tmp_path):
    from minzheng.core import queue

    assert queue.backend() == queue.PROCRASTINATE and queue.reachable()[0]
    job = jobs.submit("test_queue_steps", county_user, {"folder": str(tmp_path)})
    jobs.run_in_background(job)
    jobs.run_in_background(job)  # twice: still one queue entry (queueing lock)
    assert _entries() == [("minzheng.run_job", "todo", 0)]
    assert Job.objects.get(pk=job.pk).status == "queued"  # not run in the web process
    _work(broker)
    job.refresh_from_db()
    assert (job.status, job.result["out"]["three"]) == ("done", "THREE")
    assert _entries() == [("minzheng.run_job", "succeeded", 1)]  # procrastinate counts the run


def test_a_transient_failure_is_retried_by_the_broker(broker, county_user):
    job = jobs.submit("test_queue_flaky", county_user, {"succeed_on": 2})
    jobs.run_in_background(job)
    _work(broker)
    job.refresh_from_db()
    assert (job.status, job.result) == ("done", {"attempt": 2})
    assert _entries() == [("minzheng.run_job", "succeeded", 2)]  # procrastinate ran it a second time


def test_the_reaper_resumes_a_job_whose_worker_died_through_the_broker(broker, county_user, tmp_path):
    job = Job.objects.create(kind="test_queue_steps", status="running", params={"folder": str(tmp_path)},
                             created_by=county_user, result={"attempt": 1, "worker": "gone-host:1",
                                                             "steps": {"one": "ONE"}})
    Job.objects.filter(pk=job.pk).update(heartbeat_at="2020-01-01T00:00:00Z", started_at="2020-01-01T00:00:00Z")
    assert jobs.reap() == (1, 0)
    assert _entries() == [("minzheng.run_job", "todo", 0)]
    _work(broker)
    job.refresh_from_db()
    assert job.status == "done"
    assert (tmp_path / "log").read_text().split() == ["two", "three"]  # step one was done before the worker died


def test_polling_the_page_of_a_job_whose_worker_died_resumes_it(broker, county_user, tmp_path):
    from django.test import Client

    job = Job.objects.create(kind="test_queue_steps", status="running", params={"folder": str(tmp_path)},
                             created_by=county_user, region_code=county_user.region_id,
                             result={"attempt": 1, "worker": "gone-host:1"})
    Job.objects.filter(pk=job.pk).update(heartbeat_at="2020-01-01T00:00:00Z")
    client = Client()
    client.force_login(county_user)
    assert client.get(f"/jobs/{job.pk}/", HTTP_HX_REQUEST="true").status_code == 200
    job.refresh_from_db()
    assert (job.status, job.result["attempt"]) == ("queued", 2)  # resumed, not failed
    assert _entries() == [("minzheng.run_job", "todo", 0)]


@pytest.mark.urls("minzheng.core.tests.pages_urls")
def test_a_large_list_export_is_queued_and_written_by_a_worker(broker, county_user, settings):
    import csv
    import io

    from conftest import VILLAGE_A, VILLAGE_OTHER_COUNTY
    from minzheng.core.pages import export_jobs
    from minzheng.core.tests.helpers import client_for, drain, entry

    settings.MINZHENG_EXPORT_INLINE_ROWS = 2
    for i in range(3):
        entry(VILLAGE_A, f"经办{i}")
    entry(VILLAGE_OTHER_COUNTY, "普陀区经办")
    client = client_for(county_user)
    url = "/t/entries/?sort=-seq&export=csv"
    first, again = client.get(url), client.get(url)  # a refresh while the job waits: the same job
    job = Job.objects.get(kind=export_jobs.KIND)
    assert first["Location"] == again["Location"] == f"/jobs/{job.pk}/"
    assert job.status == "queued" and _entries() == [("minzheng.run_job", "todo", 0)]  # not run by the web process
    _work(broker)
    job.refresh_from_db()
    assert job.status == "done", job.result
    table = list(csv.reader(io.StringIO(drain(client.get(f"/jobs/{job.pk}/export/")).decode("utf-8-sig"))))
    assert [r[1] for r in table[1:]] == ["经办2", "经办1", "经办0"]
