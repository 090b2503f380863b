"""Fixtures of the children's app: the 示例 policy data loaded for 定海区 and a fixed today."""

import pytest

from minzheng.children.tests import factories


@pytest.fixture
def examples(db):
    return factories.load_examples()


@pytest.fixture
def april(monkeypatch):
    monkeypatch.setenv("MINZHENG_TODAY", "2026-04-10")
