"""Fixtures of the 养老服务 tests: a signed-in page client, and the assessed level stubbed (the `elderly` app's
assessment is read through eldercare.levels)."""

from __future__ import annotations

import pytest
from django.test import Client

from conftest import PASSWORD


@pytest.fixture
def client_for(db):
    def factory(user) -> Client:
        client = Client()
        assert client.login(username=user.username, password=PASSWORD)
        return client

    return factory


@pytest.fixture
def levels(monkeypatch):
    """{person id: level}: what the stubbed assessment answers (empty: nobody assessed)."""
    from minzheng.eldercare import levels as levels_module

    table: dict[int, int] = {}
    monkeypatch.setattr(levels_module, "SOURCE", lambda ids: {i: table[i] for i in ids if i in table})
    return table


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setenv("MINZHENG_TODAY", "2026-04-20")
