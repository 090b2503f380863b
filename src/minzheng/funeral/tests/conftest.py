"""Fixtures of the funeral tests: the rules, standards and delegation loaded; a funeral home."""

from __future__ import annotations

import pytest

from minzheng.funeral.tests import factories


@pytest.fixture
def funeral_rules(staff):
    factories.rules(staff["county"])


@pytest.fixture
def home(db):
    return factories.funeral_home()
