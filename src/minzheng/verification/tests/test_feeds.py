"""Feed intake: every row validated with Chinese reasons, blind index instead of ID numbers in the lake, dated
snapshots with history, the same file loaded twice is a no-op."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from minzheng import cli
from minzheng.core import crypto
from minzheng.core.errors import ValidationFailed
from minzheng.core.spreadsheets import UnreadableFile, write_rows
from minzheng.registry.tests.factories import make_id
from minzheng.verification import feeds
from minzheng.verification.models import FeedSnapshot

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2026, 11, 20)


def test_rows_are_validated_and_rejected_with_reasons(tmp_path):
    good, other = make_id("19800101"), make_id("19700101")
    bad_check = good[:-1] + ("0" if good[-1] != "0" else "1")
    path = write_rows(tmp_path / "moves.csv", ["身份证号", "迁移类型", "迁移日期", "迁入地区划"], [
        (good, "迁出", "2026-08-01", "330903001001"),
        (bad_check, "迁出", "2026-08-01", "330903001001"),
        (other, "搬家", "2026-08-01", ""),
        (other, "迁出", "2026-02-30", "330903001001"),
        (other, "迁出", "2026-08-02", ""),
        (good, "迁出", "2026-08-01", "330903001001"),
        (other, "迁入", "2026/9/1", ""),
    ])
    summary = feeds.load("hukou_move", path, AS_OF)
    assert summary["rows"] == 2 and summary["rejected"] == 5 and not summary["unchanged"]
    text = "\n".join(summary["errors"])
    assert "第 3 行 [身份证号]" in text and "校验" in text
    assert "第 4 行 [迁移类型] “搬家”：取值无效" in text
    assert "第 5 行 [迁移日期] “2026-02-30”：日期不存在" in text
    assert "第 6 行 [迁入地区划]" in text and "迁出须填写迁入地区划" in text
    assert "第 7 行 [整行]" in text and "与第 2 行重复" in text
    assert "report_file" not in summary  # no user to keep a report for: the reasons are in the summary only


def test_money_and_choices_are_exact(tmp_path):
    pid = make_id("19800101")
    path = write_rows(tmp_path / "v.csv", ["id_number", "plate", "vehicle_type", "register_date", "value"], [
        (pid, "浙L1", "小型轿车", "2020-01-01", "1.234"), (pid, "浙L2", "小型轿车", "2020-01-01", "-5"),
        (pid, "浙L3", "小型轿车", "2020-01-01", "12,000.50")])
    summary = feeds.load("vehicle", path, AS_OF)
    assert summary["rows"] == 1 and summary["rejected"] == 2
    assert any("最多两位小数" in e for e in summary["errors"])
    import duckdb

    value, = duckdb.sql(f"SELECT value FROM read_parquet('{summary['path']}')").fetchall()[0]
    assert str(value) == "12000.50"


def test_lake_holds_the_blind_index_not_the_number_and_reloading_is_a_no_op(tmp_path, capsys):
    pid = make_id("19800101")
    path = write_rows(tmp_path / "d.csv", ["id_number", "death_date"], [(pid, "2026-10-05")])
    assert cli.main(["feeds", "load", "death", str(path), "--as-of", "2026-11-20"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert first["rows"] == 1 and first["unchanged"] is False
    raw = Path(first["path"]).read_bytes()
    assert pid.encode() not in raw and pid[:14].encode() not in raw
    import duckdb

    (index,) = duckdb.sql(f"SELECT id_index FROM read_parquet('{first['path']}')").fetchall()[0]
    assert index == crypto.blind_index(pid)
    assert cli.main(["feeds", "load", "death", str(path), "--as-of", "2026-11-21"]) == 0
    second = json.loads(capsys.readouterr().out)
    assert second["unchanged"] is True and second["snapshot_id"] == first["snapshot_id"]
    assert FeedSnapshot.objects.count() == 1


def test_whole_file_refusals(tmp_path, capsys):
    path = write_rows(tmp_path / "d.csv", ["id_number"], [(make_id(),)])
    with pytest.raises(UnreadableFile, match="缺少必需的列：死亡日期"):
        feeds.load("death", path, AS_OF)
    path = write_rows(tmp_path / "d2.csv", ["id_number", "death_date"], [("123", "2026-01-01")])
    with pytest.raises(ValidationFailed, match="没有一行通过校验"):
        feeds.load("death", path, AS_OF)
    assert not FeedSnapshot.objects.exists()
    with pytest.raises(SystemExit):  # argparse lists the kinds
        cli.main(["feeds", "load", "nonsense", str(path), "--as-of", "2026-11-20"])
    capsys.readouterr()
    assert cli.main(["feeds", "load", "death", str(path), "--as-of", "2026-13-01"]) == 2
    assert "日期格式不正确" in capsys.readouterr().err


def test_parquet_input_and_snapshot_history(tmp_path):
    import duckdb

    a, b = make_id("19800101"), make_id("19810101")
    src = tmp_path / "veh.parquet"
    duckdb.sql(f"COPY (SELECT * FROM (VALUES ('{a}', '浙L1', '小型轿车', DATE '2020-01-01', 90000.00))"
               f" t(id_number, plate, vehicle_type, register_date, value)) TO '{src}' (FORMAT parquet)")
    old = feeds.load("vehicle", src, dt.date(2026, 10, 1))
    assert old["rows"] == 1
    newer = write_rows(tmp_path / "veh2.csv", ["id_number", "plate", "vehicle_type", "register_date", "value"],
                       [(b, "浙L9", "小型轿车", "2021-01-01", "1000")])
    feeds.load("vehicle", newer, dt.date(2026, 11, 1))
    # A state kind: the latest snapshot up to the date replaces the earlier one; history is kept.
    assert feeds.snapshot_paths("vehicle", dt.date(2026, 10, 31)) == [old["path"]]
    assert len(feeds.snapshot_paths("vehicle", dt.date(2026, 11, 30))) == 1
    assert feeds.snapshot_paths("vehicle", dt.date(2026, 11, 30)) != [old["path"]]
    # An event kind: every snapshot up to the date counts.
    feeds.load("death", write_rows(tmp_path / "d1.csv", ["id_number", "death_date"], [(a, "2026-09-01")]),
               dt.date(2026, 10, 1))
    feeds.load("death", write_rows(tmp_path / "d2.csv", ["id_number", "death_date"], [(b, "2026-10-01")]),
               dt.date(2026, 11, 1))
    assert len(feeds.snapshot_paths("death", dt.date(2026, 11, 30))) == 2


VEHICLE = ["id_number", "plate", "vehicle_type", "register_date", "value"]


def test_a_mostly_rejected_file_keeps_the_previous_snapshot_unless_confirmed(tmp_path, capsys, settings):
    """Issue 11 defect 7: a vehicle file with 3 of 4 rows rejected exited 0 and its 1-row snapshot replaced the
    whole previous one."""
    settings.MINZHENG_FEED_MAX_REJECT_SHARE = 0.05
    full = write_rows(tmp_path / "full.csv", VEHICLE, [(make_id("19600101"), f"浙L{i:05d}", "小型轿车", "2020-01-01",
                                                         "50000") for i in range(20)])
    previous = feeds.load("vehicle", full, dt.date(2026, 10, 1))
    bad = write_rows(tmp_path / "bad.csv", VEHICLE, [(make_id("19700101"), "浙L1", "小型轿车", "2020-01-01", "1000")]
                     + [("123", f"浙L{i}", "小型轿车", "2020-01-01", "1000") for i in range(2, 5)])
    assert cli.main(["feeds", "load", "vehicle", str(bad), "--as-of", "2026-11-01"]) == 3
    out = capsys.readouterr()
    summary = json.loads(out.out)
    assert summary["held"] is True and summary["rows"] == 1 and summary["rejected"] == 3
    assert summary["kept"] == {"snapshot_id": previous["snapshot_id"], "as_of": "2026-10-01", "rows": 20,
                               "share": 0.75, "message": summary["message"]}
    assert "保留 2026-10-01 的快照（20 行）" in out.err and "--confirm-replace" in out.err
    assert feeds.snapshot_paths("vehicle", dt.date(2026, 11, 30)) == [previous["path"]]
    assert FeedSnapshot.objects.filter(kind="vehicle").count() == 1
    from minzheng.core.models import AuditEntry

    assert AuditEntry.objects.filter(action="feed_hold").count() == 1

    assert cli.main(["feeds", "load", "vehicle", str(bad), "--as-of", "2026-11-01", "--confirm-replace"]) == 0
    replaced = json.loads(capsys.readouterr().out)
    assert replaced["rows"] == 1 and not replaced.get("held")
    assert feeds.snapshot_paths("vehicle", dt.date(2026, 11, 30)) == [replaced["path"]]
    # Below the threshold, and for event kinds (nothing is replaced), a load goes through as before.
    settings.MINZHENG_FEED_MAX_REJECT_SHARE = 0.8
    again = write_rows(tmp_path / "again.csv", VEHICLE, [(make_id(), "浙L7", "小型轿车", "2020-01-01", "1"),
                                                         ("123", "浙L8", "小型轿车", "2020-01-01", "1")])
    assert not feeds.load("vehicle", again, dt.date(2026, 12, 1)).get("held")


def test_a_corrupt_parquet_file_is_a_chinese_reason_without_paths(tmp_path):
    """Issue 11 defect 12: a corrupt parquet showed the library's English text with SQL and the file path."""
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"PAR1" + b"\x00" * 64 + b"PAR1")
    with pytest.raises(UnreadableFile) as info:
        feeds.load("vehicle", broken, AS_OF)
    message = str(info.value)
    assert message == feeds.BAD_PARQUET and str(tmp_path) not in message and "SELECT" not in message
