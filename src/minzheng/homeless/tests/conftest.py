"""Fixtures of the rescue-station tests: a signed-in page client for a user."""

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
