"""The exchange with 应急管理部门: our export read back is a no-op; their file creates events and reports through the
reporting rules; one bad row and nothing is written, each row's Chinese reason reported; the same file twice is
imported once."""

from __future__ import annotations

import io

from minzheng.core import spreadsheets
from minzheng.relief.models import DamageReport, DisasterEvent, Exchange
from minzheng.relief.services import disasters, exchange
from minzheng.relief.tests.factories import event

VILLAGE, OTHER = "330902001001", "330902001002"
HEAD = ["事件编号", "灾害名称", "灾害种类", "受灾区划代码", "受灾区域", "发生日期", "灾情稳定日期", "村（社区）代码",
        "报送阶段", "报送日期", "受灾人口", "紧急转移安置人口", "需紧急生活救助人口", "死亡失踪人口", "倒塌房屋",
        "严重损坏房屋", "一般损坏房屋", "农作物受灾面积（公顷）", "农作物绝收面积（公顷）", "直接经济损失（万元）",
        "灾害信息员"]


def _csv(rows) -> io.BytesIO:
    buf = io.BytesIO()
    spreadsheets.write_csv(buf, HEAD, rows)
    buf.seek(0)
    return buf


def _row(key, village, stage, day, affected, ended=""):
    return [key, "7月强降雨", "洪涝灾害", "330902000000", "", "2026-07-01", ended, village, stage, day, affected,
            0, 0, 0, 0, 1, 3, "2.50", "0", "12.00", "应急局信息员"]


def test_our_export_imported_back_changes_nothing(staff, report_rules):
    ev = event(staff["county"])
    disasters.record_report(staff["village"], {"event_id": ev.pk, "region_code": VILLAGE, "stage": "initial",
                                               "reported_on": "2026-07-01", "affected_persons": 12,
                                               "crop_affected": "1.50", "reporter": "张信息员"})
    name, data = exchange.export_file(staff["county"], ".xlsx")
    assert name.endswith(".xlsx")
    header, rows = spreadsheets.iter_rows(io.BytesIO(data), name)
    rows = list(rows)
    assert header == exchange.HEADER and rows[0][0] == f"MZ{ev.pk}" and rows[0][8] == "初报"
    out = exchange.import_file(staff["county"], io.BytesIO(data), name)
    assert out["errors"] == [] and (out["events"], out["reports"], out["unchanged"]) == (0, 0, 1)
    assert DamageReport.objects.count() == 1 and DisasterEvent.objects.count() == 1


def test_their_file_is_all_or_nothing_and_idempotent(staff, report_rules):
    county = staff["county"]
    bad = _csv([_row("YJ-2026-07", VILLAGE, "初报", "2026-07-01", 30),
                _row("YJ-2026-07", VILLAGE, "核报", "2026-07-03", 35),  # 核报 before the disaster is stable
                _row("YJ-2026-07", OTHER, "续报", "2026-07-02", "许多")])
    out = exchange.import_file(county, bad, "yj.csv")
    assert out["exchange"] is None
    texts = [e.text() for e in out["errors"]]
    assert any("第 4 行" in t and "应为数字" in t for t in texts), texts
    assert not DisasterEvent.objects.exists() and not DamageReport.objects.exists()
    rows = [_row("YJ-2026-07", VILLAGE, "初报", "2026-07-01", 30),
            _row("YJ-2026-07", VILLAGE, "核报", "2026-07-03", 35),
            _row("YJ-2026-07", OTHER, "初报", "2026-07-01", 10)]
    out = exchange.import_file(county, _csv(rows), "yj.csv")
    assert out["exchange"] is None and any("第 3 行" in e.text() and "尚未稳定" in e.text() for e in out["errors"])
    assert not DisasterEvent.objects.exists()  # the first row's event and report were rolled back
    rows[1] = _row("YJ-2026-07", VILLAGE, "续报", "2026-07-02", 35)
    rows.append(_row("YJ-2026-07", OTHER, "续报", "2026-07-02", 14))
    good = _csv(rows).getvalue()
    out = exchange.import_file(county, io.BytesIO(good), "yj.csv")
    assert out["errors"] == [] and (out["events"], out["reports"]) == (1, 4)
    ev = DisasterEvent.objects.get()
    assert ev.source_ref == "YJ-2026-07" and ev.kind == "flood"
    assert exchange.import_file(county, io.BytesIO(good), "yj.csv")["repeated"]
    again = _csv([*rows, _row("YJ-2026-07", VILLAGE, "续报", "2026-07-04", 36, ended="2026-07-05")])
    out = exchange.import_file(county, again, "yj2.csv")
    assert (out["events"], out["updated"], out["reports"], out["unchanged"]) == (0, 1, 1, 4)
    assert DamageReport.objects.count() == 5 and Exchange.objects.filter(direction="import").count() == 2
    ev.refresh_from_db()
    assert str(ev.ended_on) == "2026-07-05"


def test_only_the_county_exchanges(staff):
    import pytest

    from minzheng.core.errors import Forbidden

    with pytest.raises(Forbidden):
        exchange.export_file(staff["township"])
    with pytest.raises(Forbidden):
        exchange.import_file(staff["township"], io.BytesIO(b""), "x.csv")
