import pytest


@pytest.fixture
def county(make_user):
    return make_user("county", "330902000000")
