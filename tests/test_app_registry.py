"""Adding a line of business touches no shared file: the throw-away app in tests/sample_app (installed by one line in
tests/settings.py) declares one model, one program, one list page, an API route, a CLI command and an inbox
provider on its AppConfig, and the platform finds every one of them."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.db.models import Q
from django.test import Client
from openpyxl import load_workbook

from conftest import PASSWORD
from minzheng import cli
from minzheng.benefits import programs
from minzheng.core import app_registry
from tests.sample_app.models import Allowance

SRC = Path(__file__).resolve().parents[1] / "src"


@pytest.fixture
def county(make_user):
    return make_user("county", "330902000000")


@pytest.fixture
def allowances(db):
    Allowance.objects.create(name="张老伯", region_code="330902001001", amount=Decimal("100.00"),
                             due_on=dt.date(2020, 1, 1))
    Allowance.objects.create(name="李阿婆", region_code="330902002001", amount=Decimal("100.50"), status="granted")
    Allowance.objects.create(name="外县人", region_code="330903001001", amount=Decimal("1.00"))


def signed_in(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_no_shared_file_names_the_sample_app():
    assert "tests.sample_app" in settings.INSTALLED_APPS
    mentions = [p for p in SRC.rglob("*") if p.is_file() and p.suffix in (".py", ".html", ".toml", ".cfg")
                and "sample_app" in p.read_text(encoding="utf-8", errors="ignore")]
    assert mentions == []


@pytest.mark.django_db
def test_audit_actions_and_file_categories_come_from_the_apps(county, make_user):
    from minzheng.core import audit, filestore

    assert (audit.ACTIONS["sample_grant"], filestore.CATEGORIES["sample_proof"]) == ("发放试点补贴", "试点补贴证明")
    assert audit.ACTIONS["monitor_run"] == "监测预警运行"  # a line of business's own, on its AppConfig
    audit.record(county, audit.Event("sample_grant", "allowance", "1", "330902001001", {"amount": [None, "100.00"]}))
    page = signed_in(make_user("auditor", "330902000000")).get("/audit/?action=sample_grant").content.decode()
    assert page.count("发放试点补贴") >= 2  # the filter's choice and the entry's cell, by name
    with filestore.writer("sample_proof", "证明.txt", actor=county, content_type="text/plain") as out:
        out.write("试点".encode())
    assert out.stored.category == "sample_proof"
    with pytest.raises(ValueError, match="unknown file category"):
        filestore.retention_days("sample_unknown")
    with pytest.raises(ValueError, match="declared twice"):  # one name per code, whoever declares it
        app_registry.declare(audit.ACTIONS, {"monitor_run": "别的名字"}, "audit action", "other_app")


@pytest.mark.django_db
def test_nav_entry_and_permission_come_from_the_app(county, make_user):
    assert "sample.view" in app_registry.permission_table()
    home = signed_in(county).get("/").content.decode()
    assert 'href="/sample/"' in home and "试点补贴" in home
    township = make_user("township", "330902001000")
    assert 'href="/sample/"' not in signed_in(township).get("/").content.decode()
    assert signed_in(township).get("/sample/").status_code == 403


@pytest.mark.django_db
def test_list_page_with_filters_and_export(county, allowances):
    client = signed_in(county)
    page = client.get("/sample/").content.decode()
    assert "张老伯" in page and "李阿婆" in page and "外县人" not in page  # scoped to the county
    assert '<span title="330902001001">甲社区</span>' in page  # the region's name, its code on hover
    only = client.get("/sample/", {"region_code": "330902002000"}).content.decode()
    assert "李阿婆" in only and "张老伯" not in only
    bad = client.get("/sample/", {"region_code": "abc"})
    assert bad.status_code == 422 and "区划代码" in bad.content.decode()
    response = client.get("/sample/", {"export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content if response.streaming else
                                              [response.content]))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("姓名", "区划", "金额", "状态")
    exported = [(r[0], r[1], Decimal(str(r[2])), r[3]) for r in rows[1:]]
    assert ("李阿婆", "丙社区", Decimal("100.5"), "已发放") in exported


@pytest.mark.django_db
def test_api_route_is_mounted_typed_and_scoped(county, allowances, api_client):
    body = api_client(county).get("/api/v1/sample/allowances").json()
    assert body["count"] == 2 and {a["name"] for a in body["items"]} == {"张老伯", "李阿婆"}
    assert {a["amount"] for a in body["items"]} == {"100.00", "100.50"}
    schema = api_client(county).get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/sample/allowances"]["get"]
    assert {"200", "403", "422"} <= set(operation["responses"])


@pytest.mark.django_db
def test_cli_command_is_registered(allowances, capsys):
    assert cli.main(["sample"]) == 0
    assert json.loads(capsys.readouterr().out) == {"allowances": 3}


@pytest.mark.django_db
def test_inbox_provider_puts_its_work_in_the_inbox_and_the_home_count(county, allowances):
    client = signed_in(county)
    inbox = client.get("/inbox/").content.decode()
    assert "待审核的试点补贴" in inbox and 'data-item="sample:' in inbox and "张老伯" in inbox
    assert "已超期" in inbox
    # The contents at the top: a link to each section that has work, with its count (a phone jumps, not scrolls).
    assert re.search(r'href="#inbox-sample">待审核的试点补贴 <span class="badge[^"]*">\d+</span>', inbox)
    assert "待办事项" in client.get("/").content.decode()


@pytest.mark.django_db
def test_an_inbox_section_counts_all_its_work_and_the_overdue_in_one_query(county, allowances):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from minzheng.core.app_registry import InboxSection
    from tests.sample_app.inbox import pending
    from tests.sample_app.selectors import pending_for

    for n in range(4):  # more work than is shown, some of it overdue beyond the rows shown
        Allowance.objects.create(name=f"王{n}", region_code="330902001001", due_on=dt.date(2020 + n, 6, 1))
    section = pending(county, 2)
    assert (section.count, section.overdue, len(section.items)) == (5, 5, 2)
    with CaptureQueriesContext(connection) as queries:
        both = InboxSection.of(pending_for(county), [], Q(due_on__lt=dt.date(2022, 1, 1)))
    assert (both.count, both.overdue) == (5, 3) and len(queries) == 1
    assert InboxSection.all_overdue(pending_for(county), []).overdue == 5
    assert InboxSection.of(pending_for(county), []).overdue == 0


@pytest.mark.django_db
def test_program_is_declared_into_the_kernel_and_evaluated_through_it(county, api_client):
    program = programs.get("sample_allowance")
    assert program is not None and program.app_label == "sample_app" and program.name == "试点补贴"
    assert "sample_allowance" not in programs.payable()
    payload = {"program": "sample_allowance", "region_code": "330902001001", "month": "2026-03",
               "household": {"urban_rural": "urban", "members": [{"birth_date": "1950-01-01", "sex": "F"},
                                                                  {"birth_date": "1990-01-01", "sex": "M"}]}}
    response = api_client(county).post("/api/v1/policy/evaluate", json.dumps(payload),
                                       content_type="application/json")
    assert response.status_code == 200, response.content.decode()
    result = response.json()
    assert result["program_name"] == "试点补贴" and result["monthly_amount"] == "100.00"
    assert [m["eligible"] for m in result["members"]] == [True, False]
