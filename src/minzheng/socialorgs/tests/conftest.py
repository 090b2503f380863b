import pytest


@pytest.fixture
def registry(make_user):
    """The county bureau (登记管理机关)."""
    return make_user("county", "330902000000", full_name="登记管理机关")


@pytest.fixture
def supervisor(make_user):
    """Township staff entering the 业务主管单位's review (and reports on organisations' behalf)."""
    return make_user("township", "330902001000", full_name="街道")
