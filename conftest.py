from __future__ import annotations

import itertools

import pytest
from django.test import Client

from minzheng.core import auth
from minzheng.core.models import Region, User
from minzheng.core.regions import load_national
from minzheng.registry.tests.factories import make_id  # noqa: F401 (older imports: from conftest)

PASSWORD = "Test-Passw0rd!"

# A small tree under 浙江省舟山市定海区 (330902) and 普陀区 (330903), on top of the national list.
LOCAL_REGIONS = [
    ("330902001000", "城东街道"), ("330902001001", "甲社区"), ("330902001002", "乙社区"),
    ("330902002000", "昌国街道"), ("330902002001", "丙社区"),
    ("330903001000", "沈家门街道"), ("330903001001", "丁社区"),
]
VILLAGE_A, VILLAGE_B, VILLAGE_C, VILLAGE_OTHER_COUNTY = "330902001001", "330902001002", "330902002001", "330903001001"


def ensure_regions() -> None:
    """The national list plus the local tree, and what the data migrations load. A transactional test flushes the
    database, and with `--dist worksteal` a worker may run ordinary tests after one, so this re-checks."""
    if Region.objects.filter(code=LOCAL_REGIONS[-1][0]).exists():
        return
    from minzheng.core import regioncodes
    from minzheng.placenames.services import places
    from minzheng.socialorgs.services import rules

    load_national()
    Region.objects.bulk_create([
        Region(code=c, name=n, level=regioncodes.level_of(c), parent_id=regioncodes.parent_code(c))
        for c, n in LOCAL_REGIONS
    ])
    places.load_known_categories()  # placenames 0002
    rules.load_sample()  # socialorgs 0002, 0004


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Tables from the models (tests/settings.py: TEST MIGRATE False), then what only the migrations do
    (tests/schema.py), then the regions."""
    from tests.schema import replay_data_operations_and_record

    with django_db_blocker.unblock():
        replay_data_operations_and_record()
        ensure_regions()
    yield
    with django_db_blocker.unblock():
        _end_stray_sessions()


def _end_stray_sessions() -> None:
    """Before a PostgreSQL test database is dropped: end the sessions this run left on it. A connection opened under
    Playwright's event loop belongs to another context than the test's own and is never closed; it kept the database
    from being dropped ("being accessed by other users") and left it behind in the cluster."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                       " WHERE datname = current_database() AND pid <> pg_backend_pid()")
    connection.close()


@pytest.fixture(autouse=True)
def _regions(request):
    """Before any test that uses the database — marked, or through a fixture that asks for `db` (make_user …)."""
    marker = request.node.get_closest_marker("django_db")
    names = request.fixturenames
    if marker is None and "db" not in names and "transactional_db" not in names:
        return
    transactional = (marker is not None and marker.kwargs.get("transaction")) or "transactional_db" in names
    request.getfixturevalue("transactional_db" if transactional else "db")
    ensure_regions()


# Fixtures shared by every app's tests (pytest plugins); each app's factories are plain modules imported by name.
pytest_plugins = ["minzheng.benefits.tests.fixtures", "minzheng.verification.tests.spark_connect"]
_serial = itertools.count(1)


@pytest.fixture
def make_user(db):
    def factory(role: str, region: str, username: str | None = None, **extra) -> User:
        user = User(username=username or f"{role}_{next(_serial)}", role=role, region_id=region, **extra)
        user.set_password(PASSWORD)
        user.save()
        return user

    return factory


@pytest.fixture
def api_client():
    """An API client for a user: bearer token header on every request."""

    def factory(user: User) -> Client:
        token = auth.create_token(user)
        return Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    return factory


@pytest.fixture
def village_user(make_user):
    return make_user("village", VILLAGE_A)


@pytest.fixture
def county_user(make_user):
    return make_user("county", "330902000000")
