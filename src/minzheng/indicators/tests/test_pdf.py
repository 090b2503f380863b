"""The server-side PDFs (reportlab, CID font STSong-Light): the plan's evaluation report holds every indicator's
name, its status and the summary; the quarterly return its lines — read back out of the PDF with pypdf."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client
from pypdf import PdfReader

from minzheng.benefits.tests.factories import grant
from minzheng.core.models import AuditEntry
from minzheng.indicators import compute, returns, services
from minzheng.indicators.models import Indicator
from minzheng.registry.tests.factories import make_family

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(response.content))
    return "".join("".join(page.extract_text().split()) for page in reader.pages)  # table cells wrap lines


@pytest.fixture
def county(make_user, monkeypatch, demo_standards):
    monkeypatch.setenv("MINZHENG_TODAY", "2026-05-10")
    clerk = make_user("county", "330902000000")
    hh, _ = make_family(clerk, [("祖母", "19440101", "F")], region="330902001001")
    grant("dibao", hh, start=dt.date(2026, 1, 1))
    services.load_definitions(None, "seed")
    compute.run("2026Q2")
    return clerk


def test_evaluation_report_pdf_holds_every_indicator(county):
    c = Client()
    c.force_login(county)
    for plan, count in (("zhoushan", 11), ("tianmen", 60)):
        text = text_of(c.get(f"/indicators/report/?plan={plan}&stage=final&period=2026Q2&export=pdf"))
        names = list(Indicator.objects.filter(plan=plan).values_list("name", flat=True))
        assert len(names) == count
        missing = [n for n in names if "".join(n.split()) not in text]
        assert not missing, missing
        assert "终期评估报告" in text and f"共{count}项指标" in text and "定海区" in text
    text = text_of(c.get("/indicators/report/?plan=zhoushan&stage=mid&period=2026Q2&export=pdf"))
    assert "中期评估报告" in text and "达到进度" in text and "约束性" in text and "14000" in text
    assert AuditEntry.objects.filter(action="export", object_type="indicator_value").count() == 3  # audited
    assert c.get("/indicators/report/?plan=nowhere&export=pdf").status_code == 422


def test_quarterly_return_pdf(county):
    report = returns.generate(county, "330902", "2026Q2")
    c = Client()
    c.force_login(county)
    text = text_of(c.get(f"/indicators/returns/{report.pk}/?export=pdf"))
    assert "民政统计季报（2026Q2）" in text and "最低生活保障在保户数" in text and "定海区" in text
    assert "草稿" in text
