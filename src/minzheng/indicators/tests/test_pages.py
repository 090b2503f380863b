"""The board (status, Excel export), an indicator's page (chart data, child regions to drill into), hand entry with
evidence and its approval by another officer, and the API."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from minzheng.benefits.tests.factories import grant
from minzheng.core.errors import ValidationFailed
from minzheng.indicators import compute, services
from minzheng.indicators.models import IndicatorValue, ManualValue
from minzheng.registry.tests.factories import make_family

pytestmark = pytest.mark.django_db


@pytest.fixture
def board(make_user, monkeypatch, demo_standards):
    monkeypatch.setenv("MINZHENG_TODAY", "2026-05-10")
    county = make_user("county", "330902000000")
    hh, _ = make_family(county, [("祖母", "19440101", "F")], region="330902001001")
    grant("dibao", hh)
    services.load_definitions(None, "seed")
    compute.run("2026Q2")
    return county


def browser(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_board_detail_and_export(board, make_user):
    c = browser(board)
    page = c.get("/indicators/?plan=zhoushan&period=2026Q2").content.decode()
    assert "城乡居民最低生活保障标准" in page and "14000" in page and "达到进度" in page and "约束性" in page
    assert "浙江省舟山市定海区" in page or "定海区" in page
    r = c.get("/indicators/?plan=zhoushan&period=2026Q2&export=xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(r.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][2] == "指标" and any(row[2] == "养老机构护理型床位占比" for row in rows[1:])
    assert c.get("/indicators/?period=2026Q9").status_code == 422
    detail = c.get("/indicators/tm_dibao_recipients/?period=2026Q2").content.decode()
    assert "mz-indicator-chart" in detail and "城东街道" in detail and "echarts" in detail
    down = c.get("/indicators/tm_dibao_recipients/?period=2026Q2&region_code=330902001000").content.decode()
    assert "甲社区" in down or "330902001001" in down  # the township's villages, to drill into
    report = c.get("/indicators/report/?plan=zhoushan&period=2026Q2&stage=final").content.decode()
    assert "舟山市民政事业发展“十四五”规划终期评估报告" in report and "养老机构护理型床位占比" in report
    assert "达到进度" in report and "打印" in report
    r = c.get("/indicators/report/?plan=zhoushan&period=2026Q2&export=xlsx")
    rows = list(load_workbook(io.BytesIO(b"".join(r.streaming_content))).active.iter_rows(values_only=True))
    assert rows[0][:2] == ("序号", "指标") and len(rows) == 12  # the header and Zhoushan's 11 indicators
    assert c.get("/indicators/report/?plan=nowhere").status_code == 422
    village = make_user("village", "330902001001")
    assert browser(village).get("/indicators/?region_code=330902000000&period=2026Q2").status_code == 404


def test_manual_value_with_evidence_is_counted_once_approved_by_another_officer(board, make_user):
    township = make_user("township", "330902001000")
    pdf = SimpleUploadedFile("证明.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    r = browser(township).post("/indicators/manual/new/", {
        "indicator": "xc_public_burial_coverage", "region_code": "330902001000", "period": "2026",
        "value": "98.5", "note": "救助站台账", "evidence": pdf})
    assert r.status_code == 302, r.content.decode()[:1500]
    row = ManualValue.objects.get()
    assert row.evidence_key and row.status == "submitted"
    bad = browser(township).post("/indicators/manual/new/", {
        "indicator": "zs_nursing_bed_share", "region_code": "330902001000", "period": "2026", "value": "50"})
    assert bad.status_code == 422  # the form offers manual indicators only; the service refuses the others too
    with pytest.raises(ValidationFailed) as exc:
        services.submit_manual(township, {"indicator": "zs_nursing_bed_share", "region_code": "330902001000",
                                          "period": "2026", "value": "50"})
    assert "系统计算" in exc.value.errors[0].message
    assert browser(township).get(f"/indicators/manual/{row.pk}/decide/").status_code == 403
    c = browser(board)
    r = c.post(f"/indicators/manual/{row.pk}/decide/", {"decision": "approve", "note": "",
                                                         "_confirm_step": "1", "confirm_comment": "核对台账无误"})
    assert r.status_code == 302, r.content.decode()[:1500]
    value = IndicatorValue.objects.get(indicator__code="xc_public_burial_coverage", region_code="330902001000")
    assert str(value.value) == "98.5000" and value.source == "manual" and value.status == "at_risk"  # < 100, ≥ 95


def test_api(board, api_client, make_user):
    client = api_client(board)
    r = client.get("/api/v1/indicators?plan=xincheng")
    assert r.status_code == 200 and r.json()["count"] == 15
    r = client.get("/api/v1/indicators/tm_dibao_recipients/values?region=330902&period=2026Q2")
    assert r.status_code == 200 and r.json()["value"] == "1" and r.json()["status"] == "no_target"
    assert client.get("/api/v1/indicators/tm_dibao_recipients/values?period=2026Q7").status_code == 422
    assert client.get("/api/v1/indicators/tm_dibao_recipients/values?region=330903&period=2026Q2").status_code == 404
    assert client.get("/api/v1/indicators/nope/values").status_code == 404
    assert client.get("/api/v1/indicators?plan=x").status_code == 422
