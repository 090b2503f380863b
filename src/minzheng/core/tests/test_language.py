"""The UI is Chinese only (docs/decisions/0013-chinese-only-ui.md): whatever the browser asks for and whatever
language cookie it sends, pages, role labels and Django's own messages are Chinese, and no language switch is
offered."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from conftest import PASSWORD
from minzheng.core import roles

COUNTY = "330902000000"


def english_browser() -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def log_in(client: Client, username: str) -> None:
    response = client.post("/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]


@pytest.mark.django_db
def test_login_page_is_chinese_for_an_english_browser_with_an_english_cookie():
    response = english_browser().get("/login/")
    html = response.content.decode()
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "zh-hans"
    assert '<html lang="zh-hans">' in html
    assert "登录" in html and "用户名" in html and "民政一体化平台" in html
    assert "Log in" not in html and "Username" not in html


@pytest.mark.django_db
def test_pages_after_login_stay_chinese_and_offer_no_language_switch(make_user):
    make_user(roles.COUNTY, COUNTY, username="county_zh")
    client = english_browser()
    log_in(client, "county_zh")
    home = client.get("/").content.decode()
    assert "首页" in home and "人员" in home and "县/区民政局" in home
    assert "Persons" not in home and "Home" not in home
    assert 'name="language"' not in home and "English" not in home
    persons = client.get("/registry/persons/").content.decode()
    assert "没有符合条件的人员" in persons and "共 0 条" in persons
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 404


@pytest.mark.django_db
def test_django_form_messages_are_chinese():
    response = english_browser().post("/login/", {"username": "", "password": ""})
    assert "这个字段是必填项。" in response.content.decode()


def test_role_labels_are_chinese_whatever_language_is_active():
    assert settings.LANGUAGES == [("zh-hans", "简体中文")]
    with translation.override("en"):
        assert f"{roles.ROLE_LABEL[roles.VILLAGE]}" == "村/社区协理员"


def test_numbers_are_grouped_by_thousands_with_a_comma_and_dates_stay_chinese():
    """`intcomma` on a page writes 276,350 as the pages formatted in Python do (Django's zh_Hans has no separator);
    a number printed plainly (an id in a link) is never grouped, and dates keep Django's Chinese formats."""
    import datetime as dt

    from django.template import Context, Template

    with translation.override("zh-hans"):
        html = Template("{% load humanize %}{{ n|intcomma }} {{ big|intcomma }} {{ n }} {{ day|date }}").render(
            Context({"n": 276350, "big": 1234567.5, "day": dt.date(2026, 12, 6)}))
    assert html == "276,350 1,234,567.5 276350 2026年12月6日"


def test_the_pagers_count_is_grouped_by_thousands():
    """The list pages' pager prints 共 1,234,567 条 and its pages grouped too, never a bare 1234567."""
    from django.template.loader import render_to_string

    with translation.override("zh-hans"):
        html = render_to_string("core/pages/_pager.html", {"pager": {"count": 1_234_567, "number": 2,
                                                                   "shown_pages": 24_692, "pages": 24_692}})
    assert "共 1,234,567 条" in html and "第 2 / 24,692 页" in html
