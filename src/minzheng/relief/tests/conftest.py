import pytest


@pytest.fixture
def relief_standards(staff):
    from minzheng.relief.tests.factories import relief_standards

    relief_standards(staff["county"])


@pytest.fixture
def report_rules(db):
    from minzheng.relief.commands import BUNDLED_RULES
    from minzheng.relief.services import disasters

    assert disasters.load_rules(BUNDLED_RULES)["written"]
