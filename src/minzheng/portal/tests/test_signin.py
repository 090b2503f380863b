"""Sign-in by phone and SMS code: codes hashed and short-lived, rate limits per phone and per address (the code
endpoint holds under 100 requests), lockout after wrong codes, consent with its version, real-name binding through
the blind index, and the two session kinds never standing in for each other."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from minzheng.core.models import AuditEntry
from minzheng.portal import codes
from minzheng.portal.models import Consent, LoginCode, PortalAccount, PortalSession
from minzheng.portal.tests.factories import bound_client, id_number_of, post, sign_in
from minzheng.registry.tests.factories import make_family

pytestmark = pytest.mark.django_db


def test_code_is_sent_through_the_gateway_stored_hashed_and_signs_in(outbox):
    client = Client()
    response = post(client, "/portal/api/login/code", {"phone": "138 0000 1111"})
    assert response.status_code == 200 and response.json()["expires_in"] == 300
    code = outbox.code_for("13800001111")
    row = LoginCode.objects.get()
    assert code not in row.digest and len(row.digest) == 64  # only a keyed digest
    assert post(client, "/portal/api/login", {"phone": "13800001111", "code": "000000" if code != "000000"
                                              else "111111"}).status_code == 422
    response = post(client, "/portal/api/login", {"phone": "13800001111", "code": code})
    assert response.status_code == 200, response.content
    assert response.json() == {"phone": "138****1111", "consented": False, "consent_version": "",
                               "privacy_version": codes.PRIVACY_VERSION, "bound": False, "name": None,
                               "members": []}
    cookie = response.cookies["mz_portal"]
    assert cookie["httponly"] and cookie["samesite"] == "Strict" and cookie["path"] == "/portal/"
    assert client.get("/portal/api/me").status_code == 200
    # a code is good once
    assert post(Client(), "/portal/api/login", {"phone": "13800001111", "code": code}).status_code == 422
    account = PortalAccount.objects.get()
    assert b"13800001111" not in bytes(account.phone_enc) and account.phone_masked == "138****1111"


def test_an_expired_code_is_refused(outbox, monkeypatch):
    client = Client()
    post(client, "/portal/api/login/code", {"phone": "13800001112"})
    LoginCode.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = post(client, "/portal/api/login", {"phone": "13800001112", "code": outbox.code_for("13800001112")})
    assert response.status_code == 422


def test_code_endpoint_holds_under_100_requests_from_one_number_and_from_one_address(outbox):
    client = Client(REMOTE_ADDR="10.0.0.7")
    statuses = [post(client, "/portal/api/login/code", {"phone": "13900000001"}).status_code for _ in range(100)]
    assert statuses[0] == 200 and statuses.count(200) == 1  # one a minute per number
    assert set(statuses[1:]) == {429}
    assert len(outbox.sent) == 1
    # One address trying 100 numbers: 20 an hour (the one above included), the rest refused.
    other = Client(REMOTE_ADDR="10.0.0.8")
    statuses = [post(other, "/portal/api/login/code", {"phone": f"1370000{n:04d}"}).status_code for n in range(100)]
    assert statuses.count(200) == 20 and statuses.count(429) == 80
    assert len(outbox.sent) == 21
    # the limit is per address: another address is served
    assert post(Client(REMOTE_ADDR="10.0.0.9"), "/portal/api/login/code", {"phone": "13600000000"}).status_code == 200


def test_codes_per_number_per_hour_even_from_many_addresses(outbox, monkeypatch):
    monkeypatch.setattr("minzheng.portal.conf.PHONE_LIMITS", lambda: ((3600, 5),))
    sent = [post(Client(REMOTE_ADDR=f"10.1.0.{n}"), "/portal/api/login/code", {"phone": "13900000002"}).status_code
            for n in range(100)]
    assert sent.count(200) == 5 and sent.count(429) == 95


def test_wrong_codes_lock_the_number(outbox):
    client = Client()
    sign_in(client, outbox, "13800002222")  # the account exists
    from minzheng.portal.models import RateHit

    RateHit.objects.all().delete()  # not what this test is about
    post(Client(), "/portal/api/login/code", {"phone": "13800002222"})
    code = outbox.code_for("13800002222")
    wrong = "123456" if code != "123456" else "654321"
    statuses = [post(Client(), "/portal/api/login", {"phone": "13800002222", "code": wrong}).status_code
                for _ in range(5)]
    assert statuses == [422] * 5
    assert PortalAccount.objects.get().locked_until is not None
    # locked: even the right code is refused now, and no new code is sent
    assert post(Client(), "/portal/api/login", {"phone": "13800002222", "code": code}).status_code == 423
    assert post(Client(REMOTE_ADDR="10.2.0.1"), "/portal/api/login/code",
                {"phone": "13800002222"}).status_code == 423
    assert AuditEntry.objects.filter(action="login_failure", object_type="portal_account").count() == 5


def test_bad_phone_numbers_are_a_chinese_422():
    for body in ({"phone": "12345"}, {"phone": "abc"}, {"phone": ["13800000000"]}, {}, []):
        response = post(Client(), "/portal/api/login/code", body)
        assert response.status_code == 422, (body, response.content)


def test_consent_is_recorded_with_its_version_and_binding_needs_it(outbox, staff):
    _household, people = make_family(staff["village"], [("李梅", "19700202", "F")])
    client = Client()
    sign_in(client, outbox, "13800003333")
    number = id_number_of(people[0])
    assert post(client, "/portal/api/bind", {"id_number": number, "name": "李梅"}).status_code == 403
    assert post(client, "/portal/api/consent", {"version": "2020.1"}).status_code == 422
    assert post(client, "/portal/api/consent", {"version": codes.PRIVACY_VERSION}).status_code == 200
    assert Consent.objects.get().version == codes.PRIVACY_VERSION
    # wrong name or unknown number: the same answer
    wrong = post(client, "/portal/api/bind", {"id_number": number, "name": "李明"})
    assert wrong.status_code == 422
    from minzheng.registry.tests.factories import make_id

    unknown = post(client, "/portal/api/bind", {"id_number": make_id(), "name": "李梅"})
    assert unknown.json() == wrong.json()
    response = post(client, "/portal/api/bind", {"id_number": number, "name": "李梅"})
    assert response.status_code == 200, response.content
    assert response.json()["bound"] and response.json()["members"] == [{"id": people[0].pk, "name": "李梅",
                                                                        "relation": ""}]
    account = PortalAccount.objects.get()
    assert account.person_id == people[0].pk and account.region_code == "330902001001"
    # one person, one account
    other = Client()
    sign_in(other, outbox, "13800004444")
    post(other, "/portal/api/consent", {"version": codes.PRIVACY_VERSION})
    assert post(other, "/portal/api/bind", {"id_number": number, "name": "李梅"}).status_code == 409


def test_a_registered_phone_must_be_the_accounts(outbox, staff):
    _household, people = make_family(staff["village"], [("赵兰", "19700303", "F", {"phone": "13811112222"})])
    client = Client()
    sign_in(client, outbox, "13899998888")
    post(client, "/portal/api/consent", {"version": codes.PRIVACY_VERSION})
    response = post(client, "/portal/api/bind", {"id_number": id_number_of(people[0]), "name": "赵兰"})
    assert response.status_code == 422 and "联系电话" in str(response.json())
    assert PortalAccount.objects.get().person_id is None
    bound_client(outbox, "13811112222", people[0], id_number_of(people[0]))


def test_binding_tries_are_limited(outbox, staff):
    make_family(staff["village"], [("钱进", "19700404", "M")])
    client = Client()
    sign_in(client, outbox, "13800005555")
    post(client, "/portal/api/consent", {"version": codes.PRIVACY_VERSION})
    from minzheng.registry.tests.factories import make_id

    statuses = [post(client, "/portal/api/bind", {"id_number": make_id(), "name": "钱进"}).status_code
                for _ in range(7)]
    assert statuses == [422] * 5 + [403] * 2


def test_staff_sessions_and_portal_sessions_never_stand_in_for_each_other(outbox, staff, make_user):
    village = staff["village"]
    browser = Client()
    browser.force_login(village)
    # a signed-in staff user is a stranger to the portal: pages send to the portal sign-in, the API answers 401
    response = browser.get("/portal/")
    assert response.status_code == 302 and response["Location"].startswith("/portal/login/")
    assert browser.get("/portal/api/me").status_code == 401
    assert browser.get("/portal/api/applications").status_code == 401
    # a staff API token neither
    from minzheng.core import auth

    token = Client(HTTP_AUTHORIZATION=f"Bearer {auth.create_token(village)}")
    assert token.get("/portal/api/me").status_code == 401
    # and a citizen session opens no staff page or staff API
    citizen = Client()
    sign_in(citizen, outbox, "13800006666")
    assert citizen.get("/portal/api/me").status_code == 200
    response = citizen.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert citizen.get("/api/v1/cases").status_code == 401
    assert citizen.get("/portal/staff/complaints/").status_code == 302
    # the portal session's cookie is a token of its own table, not a Django session
    assert PortalSession.objects.count() == 1 and "sessionid" not in citizen.cookies


def test_sign_out_ends_the_session(outbox):
    client = Client()
    sign_in(client, outbox, "13800007777")
    token = client.cookies["mz_portal"].value
    assert post(client, "/portal/api/logout", {}).status_code == 200
    client.cookies["mz_portal"] = token  # replayed
    assert client.get("/portal/api/me").status_code == 401
