import pytest


@pytest.fixture
def county(make_user):
    return make_user("county", "330902000000")


@pytest.fixture(autouse=True)
def known_categories(request):
    """The category table comes from a data migration; a transactional test elsewhere flushes it, so load it again
    (idempotent) for every test that uses the database."""
    if "db" in request.fixturenames or "transactional_db" in request.fixturenames or request.node.get_closest_marker(
            "django_db"):
        request.getfixturevalue("transactional_db" if request.node.get_closest_marker("django_db") and
                                request.node.get_closest_marker("django_db").kwargs.get("transaction") else "db")
        from minzheng.placenames.services import places

        places.load_known_categories()
