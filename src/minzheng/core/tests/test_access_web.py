"""Web-facing access defects of issue 11: open redirect (5), forged client addresses and page jobs recorded as
"cli" (6), security headers and Chinese error pages (12), the lockout oracle and token management (13), logout by
GET and denied attempts without a trace (16)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from conftest import PASSWORD, VILLAGE_A, VILLAGE_B
from minzheng import cli
from minzheng.core import auth, context, jobs
from minzheng.core.models import ApiToken, AuditEntry, User
from minzheng.registry.tests.factories import make_person

pytestmark = pytest.mark.django_db
COUNTY = "330902000000"


def signed_in(user, **extra) -> Client:
    client = Client(**extra)
    assert client.post("/login/", {"username": user.username, "password": PASSWORD}).status_code == 302
    return client


# ---- defect 5: open redirect --------------------------------------------------------------------------------

@pytest.mark.parametrize("target", ["https://evil.example/phish", "//evil.example/phish", "/\\evil.example",
                                    "http://testserver.evil.example/", "javascript:alert(1)"])
def test_login_never_redirects_off_site(make_user, target):
    user = make_user("county", COUNTY)
    response = Client().post(f"/login/?next={target}", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"


def test_login_follows_a_local_next(make_user):
    user = make_user("county", COUNTY)
    response = Client().post("/login/?next=/registry/persons/%3Fname%3Dx",
                             {"username": user.username, "password": PASSWORD})
    assert response["Location"] == "/registry/persons/?name=x"


# ---- defect 6: client address -------------------------------------------------------------------------------

def _login_source(username: str) -> str:
    return AuditEntry.objects.filter(actor_name=username, action="login_success").latest("seq").source_ip


def test_forwarded_for_is_ignored_without_trusted_proxies(make_user):
    user = make_user("county", COUNTY)
    Client().post("/login/", {"username": user.username, "password": PASSWORD}, REMOTE_ADDR="10.1.1.9",
                  HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert _login_source(user.username) == "10.1.1.9"


@override_settings(MINZHENG_TRUSTED_PROXIES=["10.0.0.0/24"])
def test_forwarded_for_is_believed_only_from_a_trusted_proxy(make_user):
    user = make_user("county", COUNTY)
    # Through the proxy: the client is the last hop the proxy appended, not what the client put in front.
    Client().post("/login/", {"username": user.username, "password": PASSWORD}, REMOTE_ADDR="10.0.0.5",
                  HTTP_X_FORWARDED_FOR="6.6.6.6, 172.16.3.4")
    assert _login_source(user.username) == "172.16.3.4"
    # Straight from a client that is not a proxy: its header is ignored.
    Client().post("/login/", {"username": user.username, "password": PASSWORD}, REMOTE_ADDR="172.16.9.9",
                  HTTP_X_FORWARDED_FOR="10.0.0.7")
    assert _login_source(user.username) == "172.16.9.9"


@jobs.job("test_audit_source")
def _audited_job(job, progress):
    from minzheng.core import audit

    audit.record(job.created_by, audit.Event("import", "test_file", job.pk))
    return {}


def test_a_page_started_job_records_the_requesting_address(make_user):
    user = make_user("county", COUNTY)
    with context.acting_from("192.168.7.8"):  # the request that submits the job
        row = jobs.submit("test_audit_source", user, {})
    jobs.run(row)  # later, in the job's thread or `minzheng jobs run`, where no request context exists
    entry = AuditEntry.objects.filter(action="import", object_type="test_file").latest("seq")
    assert entry.source_ip == "192.168.7.8"


# ---- defect 16: logout ----------------------------------------------------------------------------------------

def test_logout_by_get_does_not_sign_out(make_user):
    client = signed_in(make_user("county", COUNTY))
    assert client.get("/logout/").status_code == 405
    assert client.get("/").status_code == 200
    csrf = Client(enforce_csrf_checks=True)
    csrf.cookies = client.cookies
    assert csrf.post("/logout/").status_code == 403  # no CSRF token: refused, still signed in
    assert client.get("/").status_code == 200
    assert client.post("/logout/").status_code == 302
    assert client.get("/").status_code == 302


# ---- defect 12: headers and error pages ----------------------------------------------------------------------

def test_security_headers_and_no_store(make_user):
    clerk = make_user("county", COUNTY)
    make_person(clerk, name="缓存测试")
    client = signed_in(clerk)
    for response in (client.get("/registry/persons/"), client.get("/registry/persons/?export=csv"), Client().get(
            "/login/")):
        csp = response["Content-Security-Policy"]
        script = re.search(r"script-src ([^;]*)", csp).group(1)
        assert "'self'" in script and "unsafe-inline" not in script and "unsafe-eval" not in script
        assert "frame-ancestors 'none'" in csp
        assert response["Cache-Control"] == "no-store"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"
    assert "no-store" not in Client().get("/static/minzheng/app.css").get("Cache-Control", "")


def test_pages_carry_no_inline_script(make_user):
    """What the CSP forbids is not in the pages: no <script> body, no on…= handler attributes."""
    clerk = make_user("township", "330902001000")
    make_person(clerk, name="脚本测试", region=VILLAGE_A)
    client = signed_in(clerk)
    for path in ("/", "/registry/persons/", "/registry/households/", "/account/password/", "/account/tokens/"):
        html = client.get(path).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), path
        assert not re.search(r"\son[a-z]+=", html), path


def test_csrf_failure_page_is_chinese():
    response = Client(enforce_csrf_checks=True).post("/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    body = response.content.decode()
    assert "跨站请求" in body and "CSRF verification failed" not in body
    assert AuditEntry.objects.filter(action="csrf_failure").exists()


@override_settings(ALLOWED_HOSTS=["minzheng.example"], DEBUG=False)
def test_bad_host_and_unknown_path_pages_are_chinese():
    response = Client().get("/login/", HTTP_HOST="evil.example")
    assert response.status_code == 400 and "请求有误" in response.content.decode()
    response = Client().get("/no/such/page/", HTTP_HOST="minzheng.example")
    assert response.status_code == 404 and "页面不存在" in response.content.decode()
    assert response["Content-Security-Policy"]


@override_settings(ALLOWED_HOSTS=["minzheng.example"], DEBUG=False)
def test_a_bad_host_on_the_api_is_a_json_400():
    # The fuzzing found this: a Host header such as `m<M*MTi!Z>` on an API call was answered with the HTML page.
    for host in ("evil.example", "m<M*MTi!Z>"):
        response = Client().post("/api/v1/charity/donations", data="{}", content_type="application/json",
                                 HTTP_HOST=host)
        assert response.status_code == 400 and response["Content-Type"] == "application/json"
        assert response.json() == {"detail": "请求有误，未处理"}


# ---- defect 13: lockout oracle and tokens --------------------------------------------------------------------

def _error_text(response) -> str:
    return re.search(r'alert-danger">(.*?)</div>', response.content.decode(), re.S).group(1)


def test_unknown_name_wrong_password_and_locked_look_the_same(make_user):
    make_user("county", COUNTY, username="known")
    make_user("county", COUNTY, username="locked")
    User.objects.filter(username="locked").update(locked_until=timezone.now() + dt.timedelta(minutes=10))
    texts = {_error_text(Client().post("/login/", {"username": name, "password": password}))
             for name, password in (("nobody", "x"), ("known", "wrong"), ("locked", PASSWORD))}
    assert len(texts) == 1
    assert "锁定" not in texts.pop().split("。")[0]  # the first sentence does not say "this account is locked"


def test_a_lockout_does_not_cut_off_the_users_tokens(make_user, api_client):
    user = make_user("county", COUNTY)
    api = api_client(user)
    for _ in range(6):
        Client().post("/login/", {"username": user.username, "password": "wrong"})
    assert auth.is_locked(User.objects.get(pk=user.pk))
    assert api.get("/api/v1/persons").status_code == 200


def test_tokens_expire(make_user, settings):
    settings.MINZHENG_TOKEN_DAYS = 30
    user = make_user("county", COUNTY)
    token = auth.create_token(user, "对接")
    row = ApiToken.objects.get(user=user)
    assert dt.timedelta(days=29) < row.expires_at - timezone.now() <= dt.timedelta(days=30)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.get("/api/v1/persons").status_code == 200
    ApiToken.objects.filter(pk=row.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert api.get("/api/v1/persons").status_code == 401
    assert AuditEntry.objects.filter(action="login_failure", object_type="api_token").exists()


def test_last_used_is_recorded_and_throttled(make_user):
    user = make_user("county", COUNTY)
    token = auth.create_token(user)
    assert auth.user_for_token(token) == user
    first = ApiToken.objects.get(user=user).last_used_at
    assert first is not None
    auth.user_for_token(token)
    assert ApiToken.objects.get(user=user).last_used_at == first  # within 5 minutes: no write
    ApiToken.objects.filter(user=user).update(last_used_at=timezone.now() - dt.timedelta(minutes=10))
    auth.user_for_token(token)
    assert ApiToken.objects.get(user=user).last_used_at > first


def test_tokens_listed_and_revoked_by_owner_and_secadmin(make_user):
    owner, other = make_user("county", COUNTY), make_user("county", COUNTY)
    secadmin = make_user("secadmin", COUNTY)
    own = signed_in(owner)
    response = own.post("/account/tokens/", {"label": "接口A", "days": "7"})
    token = re.search(r'id="new-token">([^<]+)<', response.content.decode()).group(1)
    assert token.startswith("mzt_") and "接口A" in response.content.decode()
    other_token = auth.create_token(other, "别人的")
    other_row = ApiToken.objects.get(user=other)
    # Not someone else's: 404, and the attempt is in the security log.
    assert own.post("/account/tokens/revoke/", {"token_id": other_row.pk}).status_code == 404
    assert ApiToken.objects.get(pk=other_row.pk).revoked_at is None
    # The owner revokes their own; the secadmin sees every token of the region and revokes another's.
    mine = ApiToken.objects.get(user=owner)
    assert own.post("/account/tokens/revoke/", {"token_id": mine.pk}).status_code == 302
    assert Client(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/v1/persons").status_code == 401
    sec = signed_in(secadmin)
    listing = sec.get("/admin/tokens/").content.decode()
    assert "别人的" in listing and "接口A" in listing and "已吊销" in listing
    assert other_token not in listing
    assert sec.post("/account/tokens/revoke/", {"token_id": other_row.pk}).status_code == 302
    assert ApiToken.objects.get(pk=other_row.pk).revoked_at is not None
    assert signed_in(owner).get("/admin/tokens/").status_code == 403


def test_token_cli_list_and_revoke(make_user, capsys):
    user = make_user("county", COUNTY, username="integration")
    assert cli.main(["token", "create", "integration", "--label", "医保", "--days", "10"]) == 0
    token = capsys.readouterr().out.strip()
    assert cli.main(["token", "list", "--user", "integration"]) == 0
    listed = capsys.readouterr().out
    assert "医保" in listed and token not in listed and "有效" in listed
    row = ApiToken.objects.get(user=user)
    assert cli.main(["token", "revoke", str(row.pk)]) == 0
    assert ApiToken.objects.get(pk=row.pk).revoked_at is not None
    assert cli.main(["token", "revoke", str(row.pk)]) == 1  # already revoked
    assert AuditEntry.objects.filter(action="token_revoke", object_id=str(row.pk)).exists()


# ---- defect 16: denied attempts leave a trace; the security log ---------------------------------------------

def test_cross_region_and_wrong_role_attempts_are_in_the_security_log(make_user):
    clerk_a, clerk_b = make_user("village", VILLAGE_A), make_user("village", VILLAGE_B)
    secadmin = make_user("secadmin", COUNTY)
    theirs = make_person(clerk_b, name="邻村王五", region=VILLAGE_B)
    client = signed_in(clerk_a, REMOTE_ADDR="10.3.3.3")
    assert client.get(f"/registry/persons/{theirs.pk}/").status_code == 404
    assert client.get("/registry/persons/99999999/").status_code == 404  # truly missing: not a denial
    assert client.get("/audit/").status_code == 403
    api = Client(HTTP_AUTHORIZATION=f"Bearer {auth.create_token(clerk_a)}")
    assert api.get(f"/api/v1/persons/{theirs.pk}").status_code == 404
    cross = AuditEntry.objects.filter(action="cross_region", actor_name=clerk_a.username)
    assert cross.count() == 2
    entry = cross.first()
    assert entry.object_id == str(theirs.pk) and entry.changes["target_region"] == VILLAGE_B
    assert entry.source_ip == "10.3.3.3" and entry.region_code == VILLAGE_A
    denied = AuditEntry.objects.get(action="access_denied", actor_name=clerk_a.username)
    assert denied.changes["path"] == "/audit/" and denied.changes["status"] == 403
    # The security administrator's page: the attempts, filters, figures, export — and no people's data.
    sec = signed_in(secadmin)
    page = sec.get("/admin/security-log/").content.decode()
    assert "超出管辖范围" in page and "角色无权" in page and "10.3.3.3" in page and "邻村王五" not in page
    assert 'id="security-figures"' in page
    only_cross = sec.get("/admin/security-log/?action=cross_region").content.decode()
    assert "/audit/" not in only_cross and f"/registry/persons/{theirs.pk}/" in only_cross
    by_source = sec.get("/admin/security-log/?source_ip=10.9.9.9").content.decode()
    assert f"/registry/persons/{theirs.pk}/" not in by_source
    export = sec.get("/admin/security-log/?export=csv")
    body = b"".join(export.streaming_content).decode("utf-8-sig") if export.streaming else export.content.decode()
    assert clerk_a.username in body and "邻村王五" not in body
    assert signed_in(make_user("auditor", COUNTY)).get("/admin/security-log/").status_code == 403


def test_security_figures_count_rates_and_top_sources(make_user):
    from minzheng.core import selectors

    clerk = make_user("village", VILLAGE_A)
    secadmin = make_user("secadmin", COUNTY)
    for address in ("10.0.0.1", "10.0.0.1", "10.0.0.2"):
        signed_in(clerk, REMOTE_ADDR=address).get("/audit/")
    figures = selectors.security_figures(selectors.security_events_for(secadmin))
    assert figures["last_hour"] == 3 and figures["last_day"] == 3 and figures["peak_hour"] == 3
    assert figures["top_sources"][0] == ("10.0.0.1", 2)
    assert figures["top_users"][0] == (clerk.username, 3)
