"""Fixtures of the disability tests: the business date and the planted village (factories.world)."""

from __future__ import annotations

import pytest
from django.test import Client

from conftest import PASSWORD
from minzheng.benefits.tests.factories import today
from minzheng.disability.tests.factories import world


@pytest.fixture
def planted(staff, demo_standards, monkeypatch, tmp_path):
    today(monkeypatch, "2026-04-15")
    return world(staff["village"], tmp_path)


@pytest.fixture
def client_for(db):
    def factory(user) -> Client:
        client = Client()
        assert client.login(username=user.username, password=PASSWORD)
        return client

    return factory
