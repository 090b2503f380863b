"""三员分立 (defect 2): the system, security and audit administrators each walk every road to people's data —
pages, the API, new accounts, activation, unmask grants, password resets — and none arrives alone. Also the
password rules that hold it together: one-time halves, first sign-in change, self-service change, history, expiry.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from conftest import PASSWORD
from minzheng.core import users
from minzheng.core.errors import Forbidden, ValidationFailed
from minzheng.core.models import User
from minzheng.registry.tests.factories import make_person

pytestmark = pytest.mark.django_db
COUNTY = "330902000000"
NEW_PASSWORD = "Own-Secret-2026!"


def signed_in(username: str, password: str = PASSWORD) -> Client:
    client = Client()
    response = client.post("/login/", {"username": username, "password": password})
    assert response.status_code == 302, response.content.decode()[:400]
    return client


def cannot_sign_in(username: str, password: str) -> bool:
    client = Client()
    client.post("/login/", {"username": username, "password": password})
    return "_auth_user_id" not in client.session


def half_on(response) -> str:
    match = re.search(r'id="password-half">([^<]+)<', response.content.decode())
    assert match, response.content.decode()[:600]
    return match.group(1).strip()


@pytest.fixture
def officers(make_user):
    return {role: make_user(role, COUNTY, username=f"{role}_officer") for role in ("sysadmin", "secadmin", "auditor")}


@pytest.fixture
def person(make_user):
    clerk = make_user("county", COUNTY)
    return make_person(clerk, name="隐私张三", address="定海区某路 1 号")


def test_no_officer_reaches_peoples_data_through_pages_or_api(officers, person, api_client):
    for role, officer in officers.items():
        client = signed_in(officer.username)
        for path in ("/registry/persons/", f"/registry/persons/{person.pk}/", "/registry/households/",
                     "/registry/export/households/"):
            response = client.get(path)
            assert response.status_code in (403, 404), (role, path, response.status_code)
            assert "隐私张三" not in response.content.decode()
        response = client.post(f"/registry/persons/{person.pk}/reveal/id_number/")
        assert response.status_code in (403, 404) and person.id_number not in response.content.decode()
        api = api_client(officer)
        for path in ("/api/v1/persons", f"/api/v1/persons/{person.pk}", f"/api/v1/persons/{person.pk}?unmask=true"):
            response = api.get(path)
            assert response.status_code in (403, 404), (role, path, response.status_code)
            assert "隐私张三" not in response.content.decode()


def test_sysadmin_cannot_make_itself_a_way_in(officers, person):
    sysadmin, secadmin = officers["sysadmin"], officers["secadmin"]
    client = signed_in(sysadmin.username)
    # A new county account: pending, and the sysadmin is shown only the first half of its password.
    response = client.post("/admin/users/new/", {"username": "mole", "full_name": "", "role": "county",
                                                 "region_code": COUNTY})
    assert response.status_code == 200
    first = half_on(response)
    mole = User.objects.get(username="mole")
    assert mole.pending_activation and not mole.has_usable_password()
    assert cannot_sign_in("mole", first)
    # It may not activate it, grant it unmask, or change its role: those are the security administrator's.
    assert client.post(f"/admin/users/{mole.pk}/assign/", {"role": "county", "region_code": COUNTY}
                       ).status_code == 403
    assert client.post(f"/admin/users/{mole.pk}/security/", {"action": "grant_unmask"}).status_code == 403
    assert not User.objects.get(pk=mole.pk).can_unmask
    with pytest.raises(Forbidden):
        users.assign(sysadmin, mole, "county", COUNTY)
    # Nor act on itself, nor sign in as a secadmin it resets.
    with pytest.raises(Forbidden):
        users.reset_password(sysadmin, sysadmin)
    client.post(f"/admin/users/{secadmin.pk}/security/", {"action": "reset_password"})
    assert User.objects.get(pk=secadmin.pk).pending_activation
    assert cannot_sign_in(secadmin.username, PASSWORD)


def test_secadmin_activation_gives_the_second_half_and_only_both_sign_in(officers):
    sysadmin, secadmin = officers["sysadmin"], officers["secadmin"]
    first = half_on(signed_in(sysadmin.username).post("/admin/users/new/", {
        "username": "clerk", "full_name": "新经办", "role": "village", "region_code": "330902001001"}))
    clerk = User.objects.get(username="clerk")
    # The secadmin assigns the real role and region (not the proposed village clerk: a township officer).
    sec = signed_in(secadmin.username)
    response = sec.post(f"/admin/users/{clerk.pk}/assign/", {"role": "township", "region_code": COUNTY})
    assert response.status_code == 422 and "乡镇" in response.content.decode()
    response = sec.post(f"/admin/users/{clerk.pk}/assign/", {"role": "township", "region_code": "330902001000"})
    second = half_on(response)
    assert first != second
    clerk.refresh_from_db()
    assert not clerk.pending_activation and clerk.must_change_password and clerk.region_id == "330902001000"
    assert cannot_sign_in("clerk", first) and cannot_sign_in("clerk", second)
    # Both halves: signed in, but nothing opens before a new password is set.
    client = Client()
    response = client.post("/login/", {"username": "clerk", "password": first + second})
    assert response.status_code == 302 and response["Location"] == "/account/password/"
    assert client.get("/registry/persons/").status_code == 302
    assert client.get("/api/v1/persons").status_code == 403
    response = client.post("/account/password/", {"old_password": first + second, "new_password1": NEW_PASSWORD,
                                                  "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert client.get("/registry/persons/").status_code == 200
    assert not User.objects.get(pk=clerk.pk).must_change_password


def test_secadmin_cannot_grant_itself_or_turn_an_administrator_into_staff(officers):
    secadmin, sysadmin = officers["secadmin"], officers["sysadmin"]
    with pytest.raises(Forbidden):
        users.assign(secadmin, secadmin, "county", COUNTY)
    with pytest.raises(Forbidden):
        users.set_unmask(secadmin, secadmin, True)
    with pytest.raises(Forbidden):
        users.unlock(secadmin, secadmin)
    with pytest.raises(ValidationFailed):
        users.assign(secadmin, sysadmin, "county", COUNTY)  # an administrator stays an administrator
    assert signed_in(secadmin.username).post(f"/admin/users/{secadmin.pk}/assign/", {
        "role": "county", "region_code": COUNTY}).status_code == 403
    assert User.objects.get(pk=secadmin.pk).role == "secadmin"
    assert User.objects.get(pk=sysadmin.pk).role == "sysadmin"


def test_a_new_secadmin_needs_both_officers(officers):
    sysadmin, secadmin = officers["sysadmin"], officers["secadmin"]
    first = half_on(signed_in(sysadmin.username).post("/admin/users/new/", {
        "username": "sec2", "full_name": "", "role": "secadmin", "region_code": COUNTY}))
    sec2 = User.objects.get(username="sec2")
    assert cannot_sign_in("sec2", first)
    second = half_on(signed_in(secadmin.username).post(f"/admin/users/{sec2.pk}/assign/", {
        "role": "secadmin", "region_code": COUNTY}))
    assert not cannot_sign_in("sec2", first + second)


def test_auditor_reads_the_audit_log_without_peoples_data(officers, person):
    auditor = officers["auditor"]
    client = signed_in(auditor.username)
    page = client.get("/audit/").content.decode()
    assert "新增" in page and "person" in page  # the entry is there: who created which record
    assert "隐私张三" not in page and "定海区某路" not in page and "已隐去" in page
    export = client.get("/audit/?export=csv")
    body = b"".join(export.streaming_content).decode("utf-8-sig") if export.streaming else export.content.decode()
    assert "隐私张三" not in body and "定海区某路" not in body


def test_password_change_checks_old_twice_complexity_and_history(make_user):
    user = make_user("county", COUNTY, username="pat")
    client = signed_in("pat")
    bad = [({"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, "当前密码不正确"),
           ({"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "x"}, "不一致"),
           ({"old_password": PASSWORD, "new_password1": "abcdefghijk", "new_password2": "abcdefghijk"}, "三类"),
           ({"old_password": PASSWORD, "new_password1": PASSWORD, "new_password2": PASSWORD}, "最近")]
    for data, message in bad:
        response = client.post("/account/password/", data)
        assert response.status_code == 422 and message in response.content.decode(), message
    assert client.post("/account/password/", {"old_password": PASSWORD, "new_password1": NEW_PASSWORD,
                                              "new_password2": NEW_PASSWORD}).status_code == 302
    # Back to the first password: refused, it is in the history.
    response = client.post("/account/password/", {"old_password": NEW_PASSWORD, "new_password1": PASSWORD,
                                                  "new_password2": PASSWORD})
    assert response.status_code == 422 and "最近" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD) and len(user.password_history) == 1


@override_settings(MINZHENG_PASSWORD_MAX_AGE_DAYS=30)
def test_an_expired_password_must_be_changed(make_user):
    user = make_user("county", COUNTY, username="old")
    User.objects.filter(pk=user.pk).update(password_changed_at=timezone.now() - dt.timedelta(days=31))
    client = Client()
    response = client.post("/login/", {"username": "old", "password": PASSWORD})
    assert response["Location"] == "/account/password/"
    response = client.get("/registry/persons/")
    assert response.status_code == 302 and response["Location"].startswith("/account/password/")
    assert "已过期" in client.get("/account/password/").content.decode()


def test_fixture_cli_demo_accounts(make_user, capsys):
    from minzheng import cli

    assert not make_user("county", COUNTY).must_change_password  # the suite's accounts are ready to use
    assert cli.main(["user", "create", "boot_sec", "--role", "secadmin", "--region", "330902"]) == 0
    assert User.objects.get(username="boot_sec").must_change_password  # the installer's: changed at sign-in
    assert cli.main(["user", "create", "ready", "--role", "county", "--region", "330902", "--ready"]) == 0
    assert not User.objects.get(username="ready").must_change_password
