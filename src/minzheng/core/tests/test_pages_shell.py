"""The page shell (nav from `nav_items`, collapsible menu, no language selector, local assets, Chinese error pages)
and the typed columns on plain records."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied
from django.template.loader import get_template
from django.test import RequestFactory
from django.views import defaults

from minzheng.core import roles
from minzheng.core.pages.columns import (
    BooleanColumn,
    CodeColumn,
    DateColumn,
    MoneyColumn,
    MonthColumn,
    PageTable,
    TextColumn,
)
from minzheng.core.tests.helpers import COUNTY, client_for


@pytest.mark.django_db
def test_nav_comes_from_nav_items_marks_the_current_section_and_collapses_behind_a_menu_button(make_user):
    client = client_for(make_user(roles.COUNTY, COUNTY))
    html = client.get("/payroll/funds/").content.decode()
    assert 'data-bs-toggle="collapse" data-bs-target="#mz-nav"' in html
    assert '<div class="collapse navbar-collapse" id="mz-nav">' in html
    # Payroll's pages sit in the 社会救助 menu, which is marked as the current one.
    assert 'class="nav-link dropdown-toggle btn btn-link active"' in html and ">社会救助</button>" in html
    assert '<a class="dropdown-item active" aria-current="page" href="/payroll/funds/">发放统计</a>' in html
    assert '<a class="dropdown-item" href="/payroll/">资金发放</a>' in html  # a prefix of the path, not the section
    assert '<a class="nav-link" href="/registry/persons/">人员</a>' in html
    assert "审计日志" not in html  # the auditor's entry, not the county's
    assert 'name="language"' not in html and "/i18n/setlang/" not in html
    assert "vendor/bootstrap/js/bootstrap.bundle.min.js" in html and "//cdn" not in html


@pytest.mark.django_db
def test_the_kept_menu_follows_the_section_and_the_role(make_user):
    county = client_for(make_user(roles.COUNTY, COUNTY))
    auditor = client_for(make_user(roles.AUDITOR, COUNTY))
    for _ in range(2):  # the second round comes from what the first kept
        persons = county.get("/registry/persons/").content.decode()
        funds = county.get("/payroll/funds/").content.decode()
        assert '<a class="nav-link active" aria-current="page" href="/registry/persons/">人员</a>' in persons
        assert '<a class="dropdown-item" href="/payroll/funds/">发放统计</a>' in persons
        assert '<a class="nav-link" href="/registry/persons/">人员</a>' in funds
        assert '<a class="dropdown-item active" aria-current="page" href="/payroll/funds/">发放统计</a>' in funds
        audit = auditor.get("/audit/").content.decode()
        assert "审计日志" in audit and 'href="/registry/persons/"' not in audit


def test_bootstrap_javascript_is_served_from_the_npm_package():
    found = finders.find("vendor/bootstrap/js/bootstrap.bundle.min.js")
    assert found and "node_modules/bootstrap/dist/js" in str(found).replace("\\", "/")


@pytest.mark.django_db
def test_chinese_error_pages_for_400_403_404_and_a_500_without_request_or_user(make_user):
    request = RequestFactory().get("/x/")
    request.user = make_user(roles.VILLAGE, COUNTY)
    assert "请求有误" in defaults.bad_request(request, Exception()).content.decode()
    assert "无权访问" in defaults.permission_denied(request, PermissionDenied()).content.decode()
    missing = client_for(request.user).get("/no/such/page/")
    assert missing.status_code == 404 and "页面不存在" in missing.content.decode()
    assert "系统错误" in get_template("500.html").render({})
    response = defaults.server_error(RequestFactory().get("/"))
    assert response.status_code == 500 and "系统错误" in response.content.decode()


class Plain(PageTable):
    name = TextColumn("名称")
    yuan = MoneyColumn("金额")
    fen = MoneyColumn("金额（分）", fen=True)
    relation = CodeColumn({"02": "配偶", "03": "子"}, "关系")
    day = DateColumn("日期")
    month = MonthColumn("月份")
    alive = BooleanColumn("在世")


def test_typed_columns_render_for_people_and_export_typed_values():
    late = dt.datetime(2026, 11, 1, 17, 30, tzinfo=dt.UTC)  # 2026-11-02 01:30 in Beijing
    record = SimpleNamespace(name="张三", yuan=Decimal("1234567.5"), fen=-1999, relation="02", day=late,
                             month=dt.date(2026, 11, 1), alive=False)
    table = Plain([record, SimpleNamespace(name="", yuan=None, fen=None, relation="99", day=None, month="2026-12",
                                           alive=True)])
    first, second = list(table.rows)
    assert [first.get_cell(n) for n in ("yuan", "fen", "day", "month", "alive")] == [
        "1,234,567.50", "-19.99", "2026-11-02", "2026-11", "否"]
    assert first.get_cell("relation") == '<span title="02">配偶</span>'
    assert [first.get_cell_value(n) for n in ("yuan", "fen", "relation", "day")] == [
        Decimal("1234567.50"), Decimal("-19.99"), "配偶", dt.date(2026, 11, 2)]
    assert second.get_cell("name") == "—" and second.get_cell_value("name") is None
    assert second.get_cell("relation") == '<span title="99">99</span>'  # an unknown code is shown as itself
    assert second.get_cell("month") == "2026-12" and second.get_cell("alive") == "是"
    assert table.columns["yuan"].attrs["td"]["class"] == "text-end text-nowrap"


def test_every_page_table_subclass_gets_the_table_style_without_declaring_meta():
    class Bare(PageTable):
        name = TextColumn("名称")

    assert Bare([]).attrs["class"] == PageTable.css
    assert Plain([]).attrs["class"] == PageTable.css


def test_confirmation_summary_shows_labels_for_choices_booleans_and_several_values():
    from django import forms

    from minzheng.core.pages.forms import summary

    class F(forms.Form):
        kind = forms.ChoiceField(label="类型", choices=[("a", "急难型"), ("b", "支出型")])
        many = forms.MultipleChoiceField(label="成员", choices=[("1", "张三"), ("2", "李四")])
        urgent = forms.BooleanField(label="加急", required=False)
        note = forms.CharField(label="说明", required=False)

    form = F({"kind": "b", "many": ["1", "2"], "note": ""})
    assert form.is_valid()
    assert summary(form) == [("类型", "支出型"), ("成员", "张三、李四"), ("加急", "否"), ("说明", "")]
