"""Passwords (Argon2, complexity), lockout after 5 failures, unlock, tokens, idle timeout, login auditing."""

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.auth.hashers import identify_hasher
from django.utils import timezone

from conftest import PASSWORD
from minzheng import cli
from minzheng.core import users
from minzheng.core.errors import Forbidden, ValidationFailed
from minzheng.core.models import AuditEntry, User

pytestmark = pytest.mark.django_db


def test_password_is_hashed_with_argon2(make_user):
    user = make_user("county", "330902000000")
    assert identify_hasher(user.password).algorithm == "argon2"
    assert "argon2" in settings.PASSWORD_HASHERS[0].lower()


@pytest.mark.parametrize("password", ["short1A!", "alllowercaseletters", "1234567890123", "Abcdefghijkl"])
def test_weak_passwords_are_rejected(password):
    with pytest.raises(ValidationFailed) as exc:
        users.create_user(None, "weak", "county", "330902", password)
    assert any(e.field == "password" for e in exc.value.errors)
    assert not User.objects.filter(username="weak").exists()


def test_role_must_match_region_level():
    with pytest.raises(ValidationFailed) as exc:
        users.create_user(None, "v1", "village", "330902", "Good-Passw0rd")
    assert "村" in exc.value.errors[0].message


def test_login_success_and_failure_are_audited(make_user, client):
    make_user("county", "330902000000", username="alice")
    client.post("/login/", {"username": "alice", "password": "wrong"})
    client.post("/login/", {"username": "alice", "password": PASSWORD}, REMOTE_ADDR="10.1.2.3")
    actions = list(AuditEntry.objects.filter(actor_name="alice").values_list("action", "source_ip"))
    assert actions == [("login_failure", "127.0.0.1"), ("login_success", "10.1.2.3")]


def test_lockout_after_five_failures_then_unlock_by_secadmin(make_user, client):
    make_user("county", "330902000000", username="bob")
    for _ in range(5):
        response = client.post("/login/", {"username": "bob", "password": "wrong"})
        assert response.status_code == 200
    assert User.objects.get(username="bob").locked_until is not None
    # Even the right password is refused while locked.
    response = client.post("/login/", {"username": "bob", "password": PASSWORD})
    assert "用户名或密码错误" in response.content.decode()
    assert not client.session.get("_auth_user_id")
    # The secadmin unlocks; a sysadmin may not.
    bob = User.objects.get(username="bob")
    with pytest.raises(Forbidden):
        users.unlock(make_user("sysadmin", "330902000000"), bob)
    users.unlock(make_user("secadmin", "330902000000"), bob)
    response = client.post("/login/", {"username": "bob", "password": PASSWORD})
    assert response.status_code == 302


def test_lock_expires_after_the_set_time(make_user, client):
    user = make_user("county", "330902000000", username="carol")
    User.objects.filter(pk=user.pk).update(failed_logins=5,
                                           locked_until=timezone.now() - dt.timedelta(seconds=1))
    assert client.post("/login/", {"username": "carol", "password": PASSWORD}).status_code == 302
    assert User.objects.get(pk=user.pk).failed_logins == 0


def test_deactivated_users_tokens_are_refused(make_user, api_client):
    user = make_user("county", "330902000000")
    client = api_client(user)
    assert client.get("/api/v1/persons").status_code == 200
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert client.get("/api/v1/persons").status_code == 401


def test_idle_session_timeout_is_sliding(make_user, client, monkeypatch):
    from django.contrib.sessions.models import Session

    from minzheng.core import middleware

    assert settings.SESSION_COOKIE_AGE <= 30 * 60
    clock = [1_000_000.0]
    monkeypatch.setattr(middleware, "_now", lambda: clock[0])
    make_user("county", "330902000000", username="dave")
    client.post("/login/", {"username": "dave", "password": PASSWORD})
    assert client.get("/").status_code == 200

    # Within a minute of the last renewal a request writes nothing: the stored expiry stays where it was.
    soon = timezone.now() + dt.timedelta(seconds=5)
    Session.objects.update(expire_date=soon)
    clock[0] += middleware.SLIDE_SECONDS - 1
    assert client.get("/").status_code == 200
    assert Session.objects.get().expire_date == soon
    # A minute on, a request renews it to the full idle timeout from now.
    clock[0] += 1
    before = timezone.now()
    assert client.get("/").status_code == 200
    renewed = Session.objects.get().expire_date
    assert renewed >= before + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE - 5)
    # Idleness beyond the timeout: the stored session has expired and the next request signs in again.
    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    clock[0] += 3600
    response = client.get("/")
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert not Session.objects.filter(expire_date__gt=timezone.now()).exists()  # signing in again is not a renewal


def test_cli_user_and_token(capsys):
    assert cli.main(["user", "create", "eve", "--role", "county", "--region", "330902",
                     "--password", "Str0ng-Passw0rd"]) == 0
    capsys.readouterr()
    assert cli.main(["token", "create", "eve"]) == 0
    token = capsys.readouterr().out.strip()
    assert token.startswith("mzt_") and "\n" not in token
    from django.test import Client

    assert Client(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/v1/persons").status_code == 200
    assert cli.main(["user", "create", "eve2", "--role", "county", "--region", "999999", "--password", "x"]) == 2
    assert "不存在" in capsys.readouterr().err


def test_cli_grant_unmask_only_for_allowed_roles(make_user):
    make_user("village", "330902001001", username="clerk")
    make_user("county", "330902000000", username="officer")
    assert cli.main(["user", "grant-unmask", "clerk"]) == 2
    assert cli.main(["user", "grant-unmask", "officer"]) == 0
    assert User.objects.get(username="officer").can_unmask
