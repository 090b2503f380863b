"""Operations endpoints (issue 21): liveness, readiness (database, migrations, queue) and Prometheus metrics, which
only this host or a token holder may read."""

from __future__ import annotations

import pytest
from django.test import Client

from minzheng.core import jobs
from minzheng.core.tests import queue_jobs  # noqa: F401 (registers the test job kinds)
from minzheng.core.views import ops


@pytest.mark.django_db
def test_healthz_answers_without_signing_in():
    response = Client().get("/healthz")
    assert (response.status_code, response.content) == (200, b"ok\n")
    assert Client().post("/healthz").status_code == 405


@pytest.mark.django_db
def test_readyz_checks_the_database_the_migrations_and_the_queue(monkeypatch):
    response = Client().get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"ready": True, "database": "ok", "migrations": "ok", "queue": "ok",
                               "queue_backend": "embedded"}
    monkeypatch.setattr(ops.queue, "reachable", lambda: (False, "broker unreachable: OperationalError"))
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["queue"] == "broker unreachable: OperationalError"


@pytest.mark.django_db
def test_readyz_reports_pending_migrations(monkeypatch):
    monkeypatch.setattr(ops, "_migrated", False)
    monkeypatch.setattr(ops.MigrationExecutor, "migration_plan", lambda self, targets: [("core", "9999_new")])
    response = Client().get("/readyz")
    assert (response.status_code, response.json()["migrations"]) == (503, "1 pending")


@pytest.mark.django_db
def test_metrics_show_request_and_job_timings_to_this_host_only(county_user, settings):
    client = Client()
    client.force_login(county_user)
    assert client.get("/inbox/").status_code == 200
    job = jobs.submit("test_queue_flaky", county_user, {"succeed_on": 1})
    jobs.run_in_background(job)
    response = Client().get("/metrics")  # the test client's address is 127.0.0.1
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert 'minzheng_request_seconds_count{method="GET",route="/inbox/",status="200"}' in text
    assert 'minzheng_job_seconds_count{kind="test_queue_flaky",status="done"}' in text
    assert 'minzheng_jobs_finished_total{kind="test_queue_flaky",status="done"}' in text

    assert Client().get("/metrics", HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 403  # through the proxy
    assert Client(REMOTE_ADDR="10.1.2.3").get("/metrics").status_code == 403
    settings.MINZHENG_METRICS_TOKEN = "s3cret-token-for-prometheus"
    remote = Client(REMOTE_ADDR="10.1.2.3")
    assert remote.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
    assert remote.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-token-for-prometheus").status_code == 200


@pytest.mark.django_db
def test_unknown_paths_share_one_metrics_series():
    # A word, not digits: a sample's value or timestamp can contain any run of digits.
    Client().get("/no/such/page/unheard-of-path")
    text = Client().get("/metrics").content.decode()
    assert 'route="(unmatched)"' in text
    assert "unheard-of-path" not in text and "/no/such/page" not in text


@pytest.mark.django_db
def test_every_answer_tells_its_server_side_time(county_user):
    """Server-Timing (W3C): what the registration benchmark compares with OpenCRVS's server-side figures."""
    client = Client()
    client.force_login(county_user)
    for path in ("/healthz", "/", "/api/v1/nonexistent"):
        value = client.get(path)["Server-Timing"]
        assert value.startswith("app;dur=") and float(value.split("=")[1]) >= 0
