"""The monthly settlement of home and community care (county, eldercare.manage): every confirmed order of the
county served (checked out) in the month consumes its elder's monthly quota in the order served
(policy.settlement.allocate, here in one SQL statement: a running sum per elder); each provider gets one settlement
with a line per elder and a settlement file — CSV, formula-safe, SM4-encrypted in the file store (category
bank_file: the file the payment is made from). Orders are marked settled with their government and own shares.

Set-based throughout: five statements whatever the number of orders, then one file per provider written from one
streamed query. Integer fen inside; yuan (Decimal) only in the file. A month is settled once per county (409 after);
only a month that has ended can be settled."""

from __future__ import annotations

import csv
import io
import itertools
import os
import sys
import time
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from minzheng.core import audit, clock, filestore, regioncodes, validation
from minzheng.core.errors import Conflict
from minzheng.core.spreadsheets import safe_cell
from minzheng.eldercare.models import Order, Quota, Settlement, SettlementLine
from minzheng.eldercare.policy.settlement import yuan
from minzheng.eldercare.schemas import SettleIn
from minzheng.eldercare.services.common import county_of, require

ORD, QUO, S, L = (m._meta.db_table for m in (Order, Quota, Settlement, SettlementLine))
ALLOC, QUOTAS = "eldercare_alloc", "eldercare_quotas"  # staging tables of one settlement (temporary)
HEADER = ["序号", "老人姓名", "村(社区)代码", "服务次数", "服务金额（元）", "政府支付（元）", "个人支付（元）"]


def _pg() -> bool:
    return connection.vendor == "postgresql"


def _day(d) -> str:
    # a validated date, never user text
    return f"DATE '{d.isoformat()}'" if _pg() else f"'{d.isoformat()}'"


def _range(column: str, prefix: str) -> str:
    if not prefix.isdigit():
        raise ValueError(prefix)
    return f"{column} >= '{prefix}' AND {column} < '{prefix}:'"


def quota_sql(month, prefix: str) -> str:
    """SELECT of (person, the month's quota in fen): every quota in force that month, summed per elder."""
    m = _day(month)
    return f"""
        SELECT person_id, SUM(monthly_fen) AS quota FROM {QUO}
        WHERE from_month <= {m} AND (to_month IS NULL OR to_month >= {m}) AND {_range('region_code', prefix)}
        GROUP BY person_id"""


def allocation_sql(month, prefix: str) -> str:
    """SELECT of (order id, person, provider, region, amount, government share) for the month's confirmed orders:
    the running sum per elder in the order served; the quota (table QUOTAS, one row per elder) caps it."""
    greatest, least = ("GREATEST", "LEAST") if _pg() else ("MAX", "MIN")
    m = _day(month)
    return f"""
        WITH o AS (
            SELECT id, person_id, provider_id, region_code, amount_fen,
                   SUM(amount_fen) OVER (PARTITION BY person_id ORDER BY checkout_at, id
                                         ROWS UNBOUNDED PRECEDING) AS running
            FROM {ORD}
            WHERE service_month = {m} AND state = 'confirmed' AND {_range('region_code', prefix)})
        SELECT o.id, o.person_id, o.provider_id, o.region_code, o.amount_fen,
               {greatest}(0, {least}(o.amount_fen, COALESCE(q.quota, 0) - (o.running - o.amount_fen))) AS gov_fen
        FROM o LEFT JOIN {QUOTAS} q ON q.person_id = o.person_id"""


TRACE = os.environ.get("MINZHENG_SETTLEMENT_TRACE") == "1"


def _run(cur, sql: str, params=None) -> None:
    """One statement (its time printed with MINZHENG_SETTLEMENT_TRACE=1)."""
    started = time.monotonic()
    cur.execute(sql, params)
    if TRACE:
        print(f"{time.monotonic() - started:7.2f} s  {' '.join(sql.split())[:90]}", file=sys.stderr, flush=True)


def settle_month(actor, data: dict[str, Any], write_files: bool = True) -> dict:
    require(actor, "eldercare.manage", "服务结算由县级民政部门办理")
    d = validation.validate(SettleIn, data)
    month = d.month
    if month >= clock.today().replace(day=1):
        raise Conflict(f"{month:%Y年%m月}尚未结束，月末后再结算")
    county = county_of(actor.region_id)
    if regioncodes.level_of(actor.region_id) != "county":
        raise Conflict("服务结算按县（区）办理：请以县级账号结算")
    prefix = regioncodes.prefix(county)
    started = time.monotonic()
    with transaction.atomic():
        if Settlement.objects.filter(region_code=county, month=month).exists():
            raise Conflict(f"{month:%Y年%m月}已结算")
        now = timezone.now()
        with connection.cursor() as cur:
            for table in (ALLOC, QUOTAS):
                _run(cur, f"DROP TABLE IF EXISTS {table}")
            on_commit = " ON COMMIT DROP" if _pg() else ""  # SQLite: dropped below (same connection)
            _run(cur, f"CREATE TEMP TABLE {QUOTAS} (person_id BIGINT PRIMARY KEY, quota BIGINT NOT NULL)"
                      f"{on_commit}")
            _run(cur, f"INSERT INTO {QUOTAS} (person_id, quota) {quota_sql(month, prefix)}")
            _run(cur, f"CREATE TEMP TABLE {ALLOC}{on_commit} AS {allocation_sql(month, prefix)}")
            cur.execute(f"SELECT COUNT(*), COALESCE(SUM(amount_fen), 0), COALESCE(SUM(gov_fen), 0) FROM {ALLOC}")
            orders, total, gov = cur.fetchone()
            if orders == 0:
                raise Conflict(f"{month:%Y年%m月}没有已确认、待结算的服务订单")
            _run(cur, f"""
                INSERT INTO {S} (provider_id, region_code, month, orders, persons, total_fen, gov_fen, self_fen,
                                 state, created_by_id, created_at)
                SELECT provider_id, %s, %s, COUNT(*), COUNT(DISTINCT person_id), SUM(amount_fen), SUM(gov_fen),
                       SUM(amount_fen) - SUM(gov_fen), 'draft', %s, %s
                FROM {ALLOC} GROUP BY provider_id""", [county, month, actor.pk, now])
            _run(cur, f"""
                INSERT INTO {L} (settlement_id, person_id, region_code, orders, total_fen, gov_fen, self_fen)
                SELECT s.id, a.person_id, a.region_code, COUNT(*), SUM(a.amount_fen), SUM(a.gov_fen),
                       SUM(a.amount_fen) - SUM(a.gov_fen)
                FROM {ALLOC} a JOIN {S} s ON s.provider_id = a.provider_id AND s.month = %s
                GROUP BY s.id, a.person_id, a.region_code""", [month])
            _run(cur, f"""
                UPDATE {ORD} SET state = 'settled', settlement_id = s.id, gov_fen = a.gov_fen,
                               self_fen = a.amount_fen - a.gov_fen
                FROM {ALLOC} a JOIN {S} s ON s.provider_id = a.provider_id AND s.month = %s
                WHERE {ORD}.id = a.id""", [month])
            if not _pg():
                _run(cur, f"DROP TABLE {ALLOC}")
                _run(cur, f"DROP TABLE {QUOTAS}")
        settlements = list(Settlement.objects.filter(region_code=county, month=month).select_related("provider"))
        started_files = time.monotonic()
        if write_files:
            write_settlement_files(actor, settlements)
        if TRACE:
            print(f"{time.monotonic() - started_files:7.2f} s  files", file=sys.stderr, flush=True)
        audit.record_many(actor, [audit.Event("create", "eldercare_settlement", s.pk, s.region_code, {
            "provider": [None, s.provider.name], "month": [None, f"{month:%Y-%m}"], "orders": [None, s.orders],
            "total": [None, yuan(s.total_fen)], "gov": [None, yuan(s.gov_fen)], "self": [None, yuan(s.self_fen)]})
            for s in settlements])
    return {"month": month, "settlements": len(settlements), "orders": orders, "total_fen": int(total),
            "gov_fen": int(gov), "self_fen": int(total) - int(gov), "seconds": round(time.monotonic() - started, 2)}


def _csv_bytes(rows) -> bytes:
    buf = io.StringIO()
    csv.writer(buf).writerows([[safe_cell(v) for v in row] for row in rows])
    return buf.getvalue().encode("utf-8")


def _batched(rows, size: int):
    rows = iter(rows)
    while chunk := list(itertools.islice(rows, size)):
        yield chunk


def write_settlement_files(actor, settlements: list[Settlement]) -> None:
    """One formula-safe CSV per settlement into the encrypted store, from one streamed query over all lines."""
    by_id = {s.pk: s for s in settlements}
    lines = (SettlementLine.objects.filter(settlement_id__in=list(by_id))
             .order_by("settlement_id", "region_code", "person_id")
             .values_list("settlement_id", "person__name", "region_code", "orders", "total_fen", "gov_fen",
                          "self_fen").iterator(chunk_size=5000))
    for sid, rows in itertools.groupby(lines, key=lambda r: r[0]):
        s = by_id[sid]
        name = f"养老服务结算-{s.month:%Y%m}-{s.provider.name}.csv"
        with filestore.writer("bank_file", name, actor=actor, region_code=s.region_code,
                              content_type="text/csv") as out:
            out.write("\ufeff".encode() + _csv_bytes([HEADER]))
            n = 0
            for chunk in _batched(rows, 2000):
                out.write(_csv_bytes([[n + i + 1, r[1], r[2], r[3], yuan(r[4]), yuan(r[5]), yuan(r[6])]
                                      for i, r in enumerate(chunk)]))
                n += len(chunk)
            out.write(_csv_bytes([["合计", s.provider.name, "", s.orders, yuan(s.total_fen), yuan(s.gov_fen),
                                   yuan(s.self_fen)]]))
        s.file = out.stored
    Settlement.objects.bulk_update(settlements, ["file"], batch_size=500)
