"""The continuous fuzz run over the whole OpenAPI (issue 11): schemathesis generates valid and invalid requests for
every operation, sends them through the WSGI application with a county officer's API token over seeded data, and
checks every answer — no 5xx, the status code documented, the content type and body matching the schema, invalid
input rejected with a 4xx. Bounded (examples per operation, a fixed seed) so `make test` stays within minutes on two
cores; the figures are printed at the end (operations, requests, failures) and written to
$MINZHENG_HOME/schemathesis-figures-<shard>.json. The operations are dealt into SHARDS tests (every SHARDS-th
operation each), so pytest-xdist runs them on both workers instead of one 5-minute test at the end of a worker.

Read from the live OpenAPI document, so a new app's endpoints are fuzzed without editing this test."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

TRACE = os.environ.get("MINZHENG_FUZZ_TRACE") == "1"  # print each operation as it starts (finding a slow one)
# Per operation and generation mode, in each half of `make test`. The two halves draw from different seeds
# (`_seed()`), so together they send 40 different requests per operation and mode where they used to send the same 30
# twice: more of the input space for less time (make test stays well within 25 min).
EXAMPLES = 20
SHARDS = 4


def _seed() -> int:
    """A fixed seed per database: repeatable within a half, different between the SQLite and PostgreSQL halves."""
    from django.db import connection

    return {"sqlite": 1, "postgresql": 2}.get(connection.vendor, 3)


def _figures_line(figures: dict) -> str:
    return (f"schemathesis: {figures['operations']} operations, {figures['requests']} requests, "
            f"{figures['failures']} failures in {figures['seconds']} s")


@pytest.mark.slow
@pytest.mark.django_db
@pytest.mark.parametrize("shard", range(SHARDS))
def test_whole_openapi_conforms_under_fuzzing(shard, api_client, make_user, demo_standards, monkeypatch, request,
                                              capsys):
    import schemathesis
    from django.core.wsgi import get_wsgi_application
    from hypothesis import HealthCheck, Phase, given, seed
    from hypothesis import settings as hyp_settings
    from schemathesis import GenerationMode
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        ignored_auth,
        negative_data_rejection,
        response_schema_conformance,
        status_code_conformance,
    )

    from minzheng.core import auth
    from minzheng.payroll.models import Payroll
    from minzheng.payroll.services import generate
    from minzheng.payroll.tests.factories import make_world

    # Seeded data: households, persons, granted cases and entitlements in two counties, April's payrolls.
    monkeypatch.setenv("MINZHENG_TODAY", "2026-04-10")
    world = make_world(make_user)
    generate.generate(None, "2026-04")
    entitlement = world["paid"]["dibao_a"][0]
    payroll = Payroll.objects.filter(region_code=world["township"].region_id).first()
    seeded = {"person_id": entitlement.payee_id, "household_id": entitlement.household_id,
              "case_id": entitlement.source_case_id, "entitlement_id": entitlement.pk, "payroll_id": payroll.pk}
    county = world["county"]
    headers = {"Authorization": f"Bearer {auth.create_token(county)}"}
    document = api_client(county).get("/api/v1/openapi.json").json()
    schema = schemathesis.openapi.from_dict(document)
    schema.app = get_wsgi_application()
    checks = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
              negative_data_rejection, ignored_auth]

    # As Django's test client does: the request must not close the test's database connection.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
        request.addfinalizer(lambda signal=signal: signal.connect(close_old_connections))
    started = time.monotonic()
    figures = {"operations": 0, "requests": 0, "failures": 0}
    failures: list[str] = []
    slow: list[tuple[float, str]] = []  # the slowest operations, printed with the figures
    for number, result in enumerate(schema.get_all_operations()):
        if number % SHARDS != shard:
            continue
        operation = result.ok()
        figures["operations"] += 1
        names = {p.name for p in operation.path_parameters}
        passes = [("positive", operation.as_strategy(generation_mode=GenerationMode.POSITIVE)),
                  ("negative", operation.as_strategy(generation_mode=GenerationMode.NEGATIVE))]
        if names and names <= seeded.keys():  # again with the ids of real records: bodies reach the services
            passes.append(("seeded ids", operation.as_strategy(
                generation_mode=GenerationMode.POSITIVE, path_parameters={n: seeded[n] for n in names})))
        for mode, strategy in passes:

            @seed(_seed())
            @given(case=strategy)
            @hyp_settings(max_examples=EXAMPLES, deadline=None, database=None,
                          phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
            def fuzz(case):
                response = case.call(headers=headers)
                figures["requests"] += 1
                case.validate_response(response, checks=checks, headers=headers)

            began = time.monotonic()
            if TRACE:
                with capsys.disabled():
                    print(f"fuzz {operation.label} ({mode})", flush=True)
            try:
                fuzz()
            except (Exception, BaseExceptionGroup) as exc:  # collect every operation's failure, then report them all
                figures["failures"] += 1
                failures.append(f"{operation.label} ({mode}): {str(exc)[:1500]}")
            slow.append((round(time.monotonic() - began, 1), f"{operation.label} ({mode})"))

    figures["seconds"] = round(time.monotonic() - started, 1)
    Path(settings.HOME, f"schemathesis-figures-{shard}.json").write_text(json.dumps(figures))
    with capsys.disabled():
        print("\n" + _figures_line(figures) + "; slowest: "
              + ", ".join(f"{label} {sec} s" for sec, label in sorted(slow, reverse=True)[:3]))
    assert failures == [], "\n\n".join(failures)
    assert figures["operations"] > 40 // SHARDS  # the whole API has more than 40 operations


@pytest.mark.slow
@pytest.mark.django_db
def test_portal_api_conforms_under_fuzzing(poor_family, demo_standards, monkeypatch, request, capsys):
    """The citizen channel's own API (/portal/api, issue 20) fuzzed the same way, signed in as a bound citizen
    (portal session cookie and a CSRF token, as the portal's pages send them): no 5xx, documented statuses and
    schemas, invalid input refused."""
    import logging

    import schemathesis
    from django.core.wsgi import get_wsgi_application
    from django.middleware.csrf import get_token
    from django.test import RequestFactory
    from django.utils import timezone
    from hypothesis import HealthCheck, Phase, given, seed
    from hypothesis import settings as hyp_settings
    from schemathesis import GenerationMode
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        negative_data_rejection,
        response_schema_conformance,
        status_code_conformance,
    )

    from minzheng.core import protected
    from minzheng.portal import codes
    from minzheng.portal.api import api as portal_api
    from minzheng.portal.services import binding, signin

    monkeypatch.setenv("MINZHENG_TODAY", "2026-11-02")
    logging.getLogger("minzheng.portal.sms").disabled = True
    request.addfinalizer(lambda: setattr(logging.getLogger("minzheng.portal.sms"), "disabled", False))
    _household, people = poor_family
    account = signin.open_account("13700002468")
    signin.consent(account, codes.PRIVACY_VERSION)
    binding.bind(account, protected.unseal(people[0], "id_number_enc"), people[0].name)
    csrf = get_token(RequestFactory().get("/"))

    def signed_in() -> str:
        return signin._new_session(account, timezone.now(), "fuzz")

    document = portal_api.get_openapi_schema(path_prefix="/portal/api")
    schema = schemathesis.openapi.from_dict(document)
    schema.app = get_wsgi_application()
    checks = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
              negative_data_rejection]
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
        request.addfinalizer(lambda signal=signal: signal.connect(close_old_connections))
    figures, failures, statuses = {"operations": 0, "requests": 0, "failures": 0}, [], {}
    started = time.monotonic()
    for result in schema.get_all_operations():
        operation = result.ok()
        figures["operations"] += 1
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @seed(_seed())
            @given(case=operation.as_strategy(generation_mode=mode))
            @hyp_settings(max_examples=EXAMPLES // 2, deadline=None, database=None,
                          phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
            def fuzz(case):
                # A fresh session each time (POST /logout ends the one it is sent with), in the cookie the document
                # declares (schemathesis would otherwise send a generated one).
                case.cookies = {**(case.cookies or {}), "mz_portal": signed_in(), "csrftoken": csrf}
                headers = {"X-CSRFToken": csrf}
                response = case.call(headers=headers)
                figures["requests"] += 1
                statuses[response.status_code // 100] = statuses.get(response.status_code // 100, 0) + 1
                case.validate_response(response, checks=checks, headers=headers)

            try:
                fuzz()
            except (Exception, BaseExceptionGroup) as exc:
                figures["failures"] += 1
                failures.append(f"{operation.label} ({mode}): {str(exc)[:1500]}")
    figures["seconds"] = round(time.monotonic() - started, 1)
    with capsys.disabled():
        print("\nportal " + _figures_line(figures) + f"; answers by class: {dict(sorted(statuses.items()))}")
    assert failures == [], "\n\n".join(failures)
    assert statuses.get(2, 0) > 50  # signed in: the bodies reached the services
    assert figures["operations"] >= 12
