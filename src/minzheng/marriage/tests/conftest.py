"""Fixtures of the marriage tests: a registry with the 示例 capacities, the registrar (county) and their API client,
and the clock pinned to 2026-04-10."""

from __future__ import annotations

import pytest

from minzheng.marriage.tests import factories


@pytest.fixture
def registrar_setup(db, make_user, api_client, monkeypatch):
    monkeypatch.setenv("MINZHENG_TODAY", "2026-04-10")
    reg = factories.registry()
    user = make_user("county", factories.REGION)
    return {"registry": reg, "user": user, "api": api_client(user)}


@pytest.fixture
def api(registrar_setup):
    return registrar_setup["api"]
