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
    assert (tmp_path.parent / "x").exists() is False and summary["report"].endswith(".csv")


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
