"""Languages: Chinese by default (whatever the browser asks for), English when chosen with the language cookie,
and an English catalog with a translation for every UI string."""

from __future__ import annotations

import gettext
import re

import polib
import pytest
from asgiref.local import Local
from django.conf import settings
from django.test import Client
from django.utils import translation
from django.utils.translation import trans_real

from minzheng.core import i18n, roles
from minzheng.core.models import Region
from minzheng.core.views import NAV
from tests.conftest import PASSWORD

PO_PATH = i18n.LOCALE_DIR / "en" / "LC_MESSAGES" / "django.po"
COUNTY = "330902000000"
# Runs of CJK characters and full-width punctuation: what is left of them on an English page must be data.
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+")


@pytest.fixture(scope="module", autouse=True)
def compiled_catalogs():
    """Compile the .po files as `minzheng init` does, and make Django reload its (per-process) translations."""
    i18n.compile_catalogs()
    gettext._translations.clear()
    trans_real._translations = {}
    trans_real._default = None
    trans_real._active = Local()
    yield
    translation.deactivate()


def english_client() -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def log_in(client: Client, username: str) -> None:
    response = client.post("/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]


def untranslated(html: str, allowed: set[str]) -> list[str]:
    """CJK text on the page that is not part of the allowed data (region names, the language selector)."""
    allowed = allowed | {name for _, name in settings.LANGUAGES}
    return [run for run in CJK.findall(html) if not any(run in text for text in allowed)]


def county_data() -> set[str]:
    region = Region.objects.get(code=COUNTY)
    return {region.name, region.full_name()}


@pytest.mark.django_db
def test_login_page_is_chinese_by_default_even_for_an_english_browser():
    response = Client().get("/login/", HTTP_ACCEPT_LANGUAGE="en-US")
    html = response.content.decode()
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "zh-hans"
    assert '<html lang="zh-hans">' in html
    assert "登录" in html and "用户名" in html and "民政一体化平台" in html
    assert "Log in" not in html and "Username" not in html


@pytest.mark.django_db
def test_login_page_in_english_with_the_language_cookie():
    response = english_client().get("/login/")
    html = response.content.decode()
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "en"
    assert '<html lang="en">' in html
    for text in ("Log in", "Username", "Password", "Integrated Civil Affairs Platform"):
        assert text in html
    assert untranslated(html, set()) == []


@pytest.mark.django_db
def test_pages_in_english_after_login(make_user):
    make_user(roles.COUNTY, COUNTY, username="county_en")
    client = english_client()
    log_in(client, "county_en")

    home = client.get("/").content.decode()
    for text in ("Home", "Persons", "Households", "Log out", "Registered persons", "Aged 80 and over",
                 "County/district civil affairs bureau"):
        assert text in home
    for _, label, _ in NAV:
        assert f">{label}<" not in home
    assert untranslated(home, county_data()) == []

    persons = client.get("/registry/persons/").content.decode()
    for text in ("Persons", "Register a person", "ID number (exact)", "Date of birth", "No matching persons",
                 "0 records"):
        assert text in persons
    assert untranslated(persons, county_data()) == []

    new_household = client.get("/registry/households/new/").content.decode()
    for text in ("New household", "Division code of the village (community)", "Save", "Cancel"):
        assert text in new_household
    assert "Urban/rural" in new_household


@pytest.mark.django_db
def test_the_same_pages_stay_chinese_without_the_cookie(make_user):
    make_user(roles.COUNTY, COUNTY, username="county_zh")
    client = Client(HTTP_ACCEPT_LANGUAGE="en-US")
    log_in(client, "county_zh")
    home = client.get("/").content.decode()
    assert "首页" in home and "人员" in home and "县/区民政局" in home and "Persons" not in home
    persons = client.get("/registry/persons/").content.decode()
    assert "没有符合条件的人员" in persons and "共 0 条" in persons


@pytest.mark.django_db
def test_language_selector_sets_the_cookie():
    client = Client()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert "Log in" in client.get("/login/").content.decode()


def test_role_labels_follow_the_active_language():
    with translation.override("zh-hans"):
        assert f"{roles.ROLE_LABEL[roles.VILLAGE]}" == "村/社区协理员"
    with translation.override("en"):
        assert f"{roles.ROLE_LABEL[roles.VILLAGE]}" == "Village/community clerk"


def test_english_catalog_is_complete():
    po = polib.pofile(str(PO_PATH))
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert po.metadata["Language"] == "en"
    assert po.metadata["Plural-Forms"].startswith("nplurals=2;")
    assert not po.metadata_is_fuzzy
    assert len(po) > 100
    for entry in po:
        assert "fuzzy" not in entry.flags, entry.msgid
        assert not entry.obsolete, entry.msgid
        if entry.msgid_plural:
            assert sorted(entry.msgstr_plural) == [0, 1], entry.msgid
            assert all(s.strip() for s in entry.msgstr_plural.values()), entry.msgid
        else:
            assert entry.msgstr.strip(), entry.msgid
    assert po.percent_translated() == 100


def test_nav_labels_are_in_the_catalog():
    msgids = {entry.msgid for entry in polib.pofile(str(PO_PATH)) if not entry.msgctxt}
    assert {label for _, label, _ in NAV} <= msgids
