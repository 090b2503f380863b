"""`minzheng payroll list|lines|failed|recoveries|stats` print what the API answers (the same schemas), scoped to
the named user; a bad filter value is refused with the pages' message."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from minzheng import cli
from minzheng.payroll.tests.factories import T1, lock

pytestmark = pytest.mark.django_db


def run(capsys, *args) -> tuple[int, object, str]:
    code = cli.main(["payroll", *args])
    out = capsys.readouterr()
    return code, json.loads(out.out) if code == 0 else None, out.err


def test_reads_print_the_api_shapes(world, roll, capsys, api_client):
    township = world["township"].username
    code, listed, _ = run(capsys, "list", "--user", township, "--month", "2026-04")
    api = api_client(world["township"]).get("/api/v1/payrolls?month=2026-04").json()["items"]
    def plain(rows):  # moments are written with a different precision by the two JSON encoders
        return [{k: v for k, v in r.items() if not k.endswith("_at")} for r in rows]

    assert code == 0 and plain(listed) == plain(api) and {p["region_code"] for p in listed} == {T1}
    code, lines, _ = run(capsys, "lines", str(roll.pk), "--user", township)
    assert code == 0 and sum(Decimal(line["amount"]) for line in lines) == Decimal("3650.50")
    assert all("*" in line["account"] for line in lines)
    code, _, err = run(capsys, "list", "--user", township, "--status", "nope")
    assert code == 2 and "status" in err and "不是可选的值" in err
    lock(world, roll)
    code, stats, _ = run(capsys, "stats", "--user", world["county"].username, "--month", "2026-04")
    assert code == 0 and stats["total"] == "3650.50" and stats["from"] == "2026-01"
    assert run(capsys, "failed", "--user", township)[1] == []
    assert run(capsys, "recoveries", "--user", township)[1] == []
