"""Home-page tiles (core.views.home): a tile's figures are shared for MINZHENG_HOME_TILE_SECONDS by the users who
see the same figures — same role, region and unmasking right — and the page says when they were computed."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from minzheng.core.tests.helpers import client_for

pytestmark = pytest.mark.django_db


def _home(user) -> tuple[str, int]:
    client = client_for(user)
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/").content.decode()
    return page, len(queries.captured_queries)


def test_tiles_are_computed_once_per_role_and_region_then_shared(make_user, settings):
    settings.MINZHENG_HOME_TILE_SECONDS = 300
    cache.clear()
    county = make_user("county", "330902000000")
    first, computed = _home(county)
    assert "统计于" in first and "每 5 分钟更新" in first
    _, shared = _home(make_user("county", "330902000000"))  # another officer of the same county
    assert shared < computed - 5  # the tiles' own queries are gone; only the session and the page remain
    # Another region's officer is never served the county's figures: computed afresh.
    _, other = _home(make_user("county", "330903000000"))
    assert other > shared + 5
    cache.clear()
    assert _home(county)[1] > shared + 5  # once the figures expire they are computed again


def test_no_sharing_when_switched_off(make_user, settings):
    settings.MINZHENG_HOME_TILE_SECONDS = 0
    cache.clear()
    county = make_user("county", "330902000000")
    assert _home(county)[1] == _home(county)[1]


def test_the_figures_are_kept_in_the_database_for_every_web_process(make_user, settings):
    settings.MINZHENG_HOME_TILE_SECONDS = 300
    cache.clear()
    _home(make_user("county", "330902000000"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM minzheng_cache")
        keys = [key for (key,) in cursor.fetchall()]
    assert keys and all("home-tile" in key and ":county:330902000000:" in key for key in keys)


def test_the_kept_figures_are_encrypted_names_included(make_user, settings, poor_family):
    """The registry's tile lists the people registered last: kept (core.kept), their names are never written in
    plaintext into the cache table, and a second officer still sees them."""
    import base64
    import pickle

    settings.MINZHENG_HOME_TILE_SECONDS = 300
    cache.clear()
    _household, people = poor_family
    name = people[0].name
    first, _ = _home(make_user("county", "330902000000"))
    assert name in first
    with connection.cursor() as cursor:
        cursor.execute("SELECT value FROM minzheng_cache WHERE cache_key LIKE %s", ["%home-tile%"])
        stored = [pickle.loads(base64.b64decode(value)) for (value,) in cursor.fetchall()]  # Django's own layer
    assert stored and all(isinstance(blob, bytes) for blob in stored)
    assert not any(name.encode() in blob or name.encode("utf-16-le") in blob for blob in stored)
    shared, queries = _home(make_user("county", "330902000000"))
    assert name in shared and queries < 15


def test_figures_past_their_time_are_shown_while_computed_again_beside_the_request(make_user, settings):
    """Only the first visit computes the tiles in the request. Past their time, the kept figures are still shown
    (with when they were computed) and computed again beside the request (a thread; inline in tests): the next
    visit shows the new ones."""
    import datetime as dt
    import re

    from minzheng.core import kept
    from minzheng.registry.tests.factories import make_person

    settings.MINZHENG_HOME_TILE_SECONDS = 300
    cache.clear()
    county = make_user("county", "330902000000")
    make_person(county, "甲")

    def persons() -> int:
        page = _home(county)[0]
        return int(re.search(r'id="stat-persons">([\d,]+)<', page).group(1).replace(",", ""))

    assert persons() == 1
    make_person(county, "乙")
    assert persons() == 1  # within its time: the kept figure
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM minzheng_cache WHERE cache_key LIKE %s", ["%home-tile:registry%"])
        key = cursor.fetchone()[0].split(":", 2)[-1]
    context, at = kept.get(key)
    kept.put(key, (context, at - dt.timedelta(seconds=301)), 3600)  # as if kept 5 minutes ago
    assert persons() == 1  # past its time: still shown, while computed again
    assert persons() == 2  # the figures computed beside the last request
    assert kept.get(key)[1] > at
