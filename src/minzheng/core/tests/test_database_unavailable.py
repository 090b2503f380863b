"""While the database cannot be reached, staff and API clients get a 503 in Chinese with Retry-After — not Django's
500 — whatever layer met the failure (here the session, read by the sign-in middleware before any view); other
errors stay 500s."""

from __future__ import annotations

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import OperationalError
from django.test import Client


def database_down(monkeypatch):
    def load(self):
        raise OperationalError('connection to server at "db" failed: Connection refused')

    monkeypatch.setattr(SessionStore, "load", load)


def signed_in_client(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_pages_and_sign_in_answer_503_in_chinese_while_the_database_is_down(make_user, monkeypatch):
    client = signed_in_client(make_user("county", "330902000000"))
    database_down(monkeypatch)
    for url in ("/", "/login/", "/registry/persons/"):
        response = client.get(url)
        assert response.status_code == 503, url
        assert response["Retry-After"] == "30"
        text = response.content.decode()
        assert "503 暂时无法服务" in text and "系统数据库暂时无法连接" in text and "connection" not in text


@pytest.mark.django_db
def test_the_api_answers_503_json_while_the_database_is_down(make_user, monkeypatch):
    client = signed_in_client(make_user("county", "330902000000"))
    database_down(monkeypatch)
    response = client.get("/api/v1/registry/persons")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.json() == {"detail": ("系统数据库暂时无法连接，您的操作没有完成。"
                                          "请稍后重试；如果持续出现，请联系系统管理员。")}


@pytest.mark.django_db
def test_other_errors_remain_500(make_user, monkeypatch):
    client = signed_in_client(make_user("county", "330902000000"))

    def load(self):
        raise RuntimeError("a bug")

    monkeypatch.setattr(SessionStore, "load", load)
    response = client.get("/")
    assert response.status_code == 500 and "500 系统错误" in response.content.decode()
