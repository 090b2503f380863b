"""The monthly comparison of every entitlement in payment (全量比对): `minzheng compare run --month YYYY-MM`.

1. export (set-based, one query each) the entitlements in payment, who they cover, and the thresholds in force per
   village and area (benefits.selectors.resolve) to Parquet in a scratch folder;
2. register those and the feeds as of the month's last day in the engine (DuckDB or Spark) and run every rule;
3. write the hits as findings (one executemany; the unique constraint (month, rule, entitlement, person) makes a
   re-run add nothing), each with a deadline for the township's check, audited.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import time
import uuid
from collections import Counter
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction

from minzheng import home
from minzheng.benefits import catalogue, workflow
from minzheng.benefits import selectors as benefits_selectors
from minzheng.benefits.models import Entitlement
from minzheng.benefits.services import holds
from minzheng.core import audit, bulk, clock, regions, workdays
from minzheng.core.bulk import Rows
from minzheng.core.errors import ValidationFailed
from minzheng.core.months import month_end
from minzheng.registry.models import Household, Membership, Person
from minzheng.verification import comparison_rules, engines, feeds, kinds
from minzheng.verification.models import ComparisonRun, Finding

ENT_COLUMNS = [("ent_id", "BIGINT"), ("program", "VARCHAR"), ("household_id", "BIGINT"), ("principal_id", "BIGINT"),
               ("region_code", "VARCHAR"), ("county", "VARCHAR"), ("area", "VARCHAR"),
               ("monthly_amount", "DECIMAL(14,2)"), ("start_month", "DATE"), ("n_members", "INTEGER")]
COVER_COLUMNS = [("ent_id", "BIGINT"), ("person_id", "BIGINT"), ("id_index", "VARCHAR"), ("birth_date", "DATE"),
                 ("alive", "BOOLEAN")]
THR_COLUMNS = [("region_code", "VARCHAR"), ("area", "VARCHAR"), ("line_year", "DECIMAL(18,4)"),
               ("fin_months", "DECIMAL(10,2)"), ("vehicle_value_limit", "DECIMAL(14,2)"),
               ("vehicle_count_limit", "INTEGER"), ("housing_units_limit", "INTEGER"),
               ("business_capital_limit", "DECIMAL(14,2)"), ("orphan_cutoff", "DATE"), ("unsupported_cutoff", "DATE")]
MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(text: str) -> dt.date:
    m = MONTH.match(str(text or "").strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise ValidationFailed.one("month", "月份格式不正确，应为 YYYY-MM")
    return dt.date(int(m.group(1)), int(m.group(2)), 1)


def _date(v):
    if v is None or isinstance(v, dt.date):
        return v
    return dt.date.fromisoformat(str(v)[:10])


def _money(v) -> Decimal:
    return Decimal(str(v)).quantize(Decimal("0.01"))


# ---- 1. inputs -------------------------------------------------------------------------------------------------------


def _arrow_write(path: Path, columns, rows: list[tuple]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {"BIGINT": pa.int64(), "VARCHAR": pa.string(), "DATE": pa.date32(), "INTEGER": pa.int32(),
             "BOOLEAN": pa.bool_(), "DECIMAL(14,2)": pa.decimal128(14, 2), "DECIMAL(18,4)": pa.decimal128(18, 4),
             "DECIMAL(10,2)": pa.decimal128(10, 2)}
    cols = list(zip(*rows, strict=True)) if rows else [[] for _ in columns]
    table = pa.table({n: pa.array(list(v), type=types[t]) for (n, t), v in zip(columns, cols, strict=True)})
    pq.write_table(table, path)


def _input_queries(month: dt.date) -> tuple[str, str, list]:
    """The entitlements paying in `month` and who they cover, as two set-based queries. Dates and amounts come back
    as text (no per-value conversion in Python; the engine casts them exactly)."""
    e, h, m, p = (bulk.table(x) for x in (Entitlement, Household, Membership, Person))
    paying = ("e.status IN ('active', 'gradual_exit') AND e.start_month <= %s"
              " AND (e.end_month IS NULL OR e.end_month >= %s)")
    ents = (f'SELECT e.id, e.program, e.household_id, COALESCE(e.person_id, e.payee_id), e.region_code,'
            f' h.urban_rural, CAST(e.monthly_amount AS TEXT), CAST(e.start_month AS TEXT) FROM "{e}" e'
            f' JOIN "{h}" h ON h.id = e.household_id WHERE {paying}')
    person = "p.id, p.id_number_index, CAST(p.birth_date AS TEXT), CASE WHEN p.death_date IS NULL THEN 1 ELSE 0 END"
    cover = (f'SELECT e.id, {person} FROM "{e}" e'
             f' JOIN "{p}" p ON p.id = e.person_id WHERE {paying} AND e.person_id IS NOT NULL'
             f' UNION ALL SELECT e.id, {person} FROM "{e}" e'
             f' JOIN "{m}" m ON m.household_id = e.household_id AND m.left_on IS NULL'
             f' JOIN "{p}" p ON p.id = m.person_id WHERE {paying} AND e.person_id IS NULL')
    return ents, cover, [month.isoformat(), month.isoformat()]


def _fetch_arrow(sql: str, params: list, names: list[str], types: list):
    import pyarrow as pa

    with connection.cursor() as cur:
        cur.execute(sql, params)
        rows = cur.fetchall()
    cols = list(zip(*rows, strict=True)) if rows else [[] for _ in names]
    del rows
    return pa.table({n: pa.array(c, type=t) for n, c, t in zip(names, cols, types, strict=True)})


def export_inputs(month: dt.date, folder: Path) -> dict:
    """Write ent/cover/thr Parquet set-based: two queries on the database, the casts (dates, DECIMAL(14,2) amounts)
    and the count of living covered persons done by DuckDB. Returns the counts and the thresholds."""
    import duckdb
    import pyarrow as pa

    ents_sql, cover_sql, params = _input_queries(month)
    ent_raw = _fetch_arrow(ents_sql, params, ["ent_id", "program", "household_id", "principal_id", "region_code",
                                              "area", "amount", "start"],
                           [pa.int64(), pa.string(), pa.int64(), pa.int64(), pa.string(), pa.string(), pa.string(),
                            pa.string()])
    cover_raw = _fetch_arrow(cover_sql, params * 2, ["ent_id", "person_id", "id_index", "birth", "alive"],
                             [pa.int64(), pa.int64(), pa.string(), pa.string(), pa.int8()])
    con = duckdb.connect()
    try:
        con.execute("SET preserve_insertion_order = false")
        con.register("ent_raw", ent_raw)
        con.register("cover_raw", cover_raw)

        def copy(select: str, name: str) -> None:
            target = str(folder / name).replace("'", "''")
            con.execute(f"COPY ({select}) TO '{target}' (FORMAT parquet)")

        copy("SELECT ent_id, person_id, id_index, CAST(birth AS DATE) AS birth_date, alive = 1 AS alive"
             " FROM cover_raw", "cover.parquet")
        copy("SELECT e.ent_id, e.program, e.household_id, e.principal_id, e.region_code,"
             " SUBSTR(e.region_code, 1, 6) AS county, e.area, CAST(e.amount AS DECIMAL(14,2)) AS monthly_amount,"
             " CAST(e.start AS DATE) AS start_month, CAST(COALESCE(n.n, 0) AS INTEGER) AS n_members"
             " FROM ent_raw e LEFT JOIN (SELECT ent_id, COUNT(*) AS n FROM cover_raw WHERE alive = 1"
             " GROUP BY ent_id) n ON n.ent_id = e.ent_id", "ent.parquet")
        pairs = sorted(con.execute("SELECT DISTINCT region_code, area FROM ent_raw").fetchall())
        recipients = con.execute("SELECT COUNT(DISTINCT person_id) FROM cover_raw").fetchone()[0]
    finally:
        con.close()
    thr_rows = thresholds(pairs, month)
    _arrow_write(folder / "thr.parquet", THR_COLUMNS, thr_rows)
    return {"entitlements": ent_raw.num_rows, "recipients": recipients, "thr": thr_rows}


def entitlement_info(folder: Path, ent_ids) -> dict:
    """{ent_id: (region_code, household_id, program, monthly_amount)} for the entitlements with a hit, read back
    from the run's ent.parquet (amounts as Decimal)."""
    import duckdb
    import pyarrow as pa

    if not ent_ids:
        return {}
    con = duckdb.connect()
    try:
        con.register("hit_ids", pa.table({"ent_id": pa.array(sorted(ent_ids), pa.int64())}))
        path = str(folder / "ent.parquet").replace("'", "''")
        rows = con.execute(f"SELECT e.ent_id, e.region_code, e.household_id, e.program, e.monthly_amount"
                           f" FROM read_parquet('{path}') e JOIN hit_ids h ON h.ent_id = e.ent_id").fetchall()
    finally:
        con.close()
    return {r[0]: (r[1], r[2], r[3], r[4]) for r in rows}


def collect_inputs(month: dt.date) -> dict:
    """The entitlements paying in `month` (ent rows), who they cover, the thresholds per village and area, as
    Python rows (synthetic.feeds plants from them; the comparison itself uses export_inputs)."""
    ents_sql, cover_sql, params = _input_queries(month)
    with connection.cursor() as cur:
        cur.execute(ents_sql, params)
        ents = cur.fetchall()
        cur.execute(cover_sql, params * 2)
        cover = [(ent, pid, idx, _date(b), bool(a)) for ent, pid, idx, b, a in cur.fetchall()]
    alive = Counter(c[0] for c in cover if c[4])
    info, ent_rows = {}, []
    for ent_id, program, hh, principal, region, area, amount, start in ents:
        amount = _money(amount)
        info[ent_id] = (region, hh, program, amount)
        ent_rows.append((ent_id, program, hh, principal, region, region[:6], area, amount, _date(start),
                         alive.get(ent_id, 0)))
    thr_rows = thresholds(sorted({(r[4], r[6]) for r in ent_rows}), month)
    recipients = len({c[1] for c in cover})
    return {"info": info, "entitlements": len(ent_rows), "recipients": recipients, "thr": thr_rows,
            "ent_rows": ent_rows, "cover": cover}


def _value(s, program: str, item: str):
    found = s.get(program, item)
    return None if found is None else found


def thresholds(pairs, month: dt.date) -> list[tuple]:
    """One row per (village, area): the standards in force on the month's first day (NULL = not set there)."""
    from minzheng.benefits.models import Standard

    day = month.replace(day=1)
    # The answer depends only on which regions of the chain carry standards in force (and the area): villages
    # without their own standards share one resolution.
    bearing = set(Standard.objects.in_force(day).values_list("region_code", flat=True).distinct())
    memo: dict[tuple, tuple] = {}
    out = []
    for region, area in pairs:
        key = (tuple(c for c in benefits_selectors.region_chain(region) if c in bearing), area)
        if key not in memo:
            memo[key] = _threshold_row(region, area, month)[2:]
        out.append((region, area, *memo[key]))
    return out


def _threshold_row(region: str, area: str, month: dt.date) -> tuple:
    """The thresholds row for one (village, area), from benefits.selectors.resolve."""
    s = benefits_selectors.resolve(region, area, month)
    line = _value(s, "dibao", "standard")
    line_year = None
    if line is not None:
        line_year = line.value if line.unit == catalogue.YEARLY else line.value * 12
    def val(item, whole=False, s=s):
        found = _value(s, "dibao", item)
        if found is None:
            return None
        return int(found.value) if whole else found.value

    def cutoff(program, s=s):
        found = _value(s, program, "age_limit")
        if found is None:
            return None
        return dt.date(month.year - int(found.value), month.month, 1)

    return (region, area, line_year, val("financial_assets_per_capita_months"), val("vehicle_value_limit"),
            val("vehicle_count_limit", True), val("housing_units_limit", True),
            val("business_capital_limit"), cutoff("orphan"), cutoff("unsupported_child"))


def skipped_rules(thr_rows: list[tuple]) -> dict[str, str]:
    """Rules that cannot run in some places because a threshold is not set there."""
    names = [n for n, _ in THR_COLUMNS]
    out = {}
    for rule in comparison_rules.RULES.values():
        missing = [r for r in thr_rows if any(r[names.index(col)] is None for col in rule.needs)]
        if missing:
            labels = "、".join(catalogue.ITEMS[("dibao", c)].label if ("dibao", c) in catalogue.ITEMS else
                              "低保标准" for c in rule.needs if c != "line_year") or "低保标准"
            out[rule.code] = f"{len(missing)} 个村(社区)/城乡组合未设置{labels}，该处不比对"
    return out


# ---- 2. engine -------------------------------------------------------------------------------------------------------


def evaluate(engine, folder: Path, month: dt.date, rule_codes=None) -> list[tuple]:
    """Register inputs and feeds, run every rule; rows sorted (rule, ent_id, person_id)."""
    engine.register("ent", [str(folder / "ent.parquet")], ENT_COLUMNS)
    engine.register("cover", [str(folder / "cover.parquet")], COVER_COLUMNS)
    engine.register("thr", [str(folder / "thr.parquet")], THR_COLUMNS)
    end = month_end(month)
    for kind in kinds.KINDS.values():
        engine.register(f"f_{kind.code}", feeds.snapshot_paths(kind.code, end), kind.stored_columns)
    # One query for all rules (one plan, one pass for Spark's scheduler; DuckDB runs the branches in parallel).
    union = " UNION ALL ".join(
        f"SELECT * FROM ({comparison_rules.sql(code, month.isoformat(), end.isoformat())}) AS r_{code}"
        for code in rule_codes or comparison_rules.RULES)
    return sorted(engine.query(union), key=lambda r: (r[0], r[1], r[2]))


# ---- 3. findings -----------------------------------------------------------------------------------------------------


def check_workdays() -> int:
    """Working days a township has to check a finding (setting MINZHENG_FINDING_CHECK_WORKDAYS, default 15)."""
    return int(getattr(settings, "MINZHENG_FINDING_CHECK_WORKDAYS", 15))


def write_findings(hits: list[tuple], info: dict, month: dt.date, run: ComparisonRun, actor) -> int:
    today = clock.today()
    existing = set(Finding.objects.filter(month=month).values_list("rule", "entitlement_id", "person_id"))
    new = [h for h in hits if (h[0], h[1], h[2]) not in existing]
    if not new:
        return 0
    days, calendars, deadlines = check_workdays(), {}, {}
    rows, events = [], []
    names = regions.names_for(comparison_rules.places(new))
    with transaction.atomic():
        ids = bulk.allocate_ids(Finding, len(new))
        for fid, hit in zip(ids, new, strict=True):
            code, ent_id, person_id = hit[0], hit[1], hit[2]
            region, household, program, amount = info[ent_id]
            if region not in deadlines:
                cal = calendars.setdefault(region, workdays.Calendar(region))
                deadlines[region] = cal.add_workdays(today, days)
            due = deadlines[region]
            ev = comparison_rules.evidence(code, hit, names)
            rows.append({"id": fid, "month": month, "rule": code, "entitlement_id": ent_id, "person_id": person_id,
                         "household_id": household, "program": program, "region_code": region, "evidence": ev,
                         "amount_at_stake": amount, "status": "open", "due_on": due.day,
                         "due_provisional": due.provisional, "run_id": run.pk})
            events.append(audit.Event("finding_create", "finding", fid, region, {
                "month": [None, month.strftime("%Y-%m")], "rule": [None, code], "entitlement": [None, ent_id],
                "person": [None, person_id], "due_on": [None, due.day]}))
        Rows(Finding).insert(rows)
        audit.record_many(actor or "system", events)
        holds.place(actor, death_holds(rows), today)
    return len(rows)


def death_holds(rows: list[dict]) -> list[holds.HoldRequest]:
    """A death reported by an authoritative department holds the entitlement from the month after the death, without
    waiting for anyone (民发〔2021〕57号 第三十二条; 43号 第二十五条: 次月起停止); the finding's outcome releases it."""
    out = []
    for r in rows:
        if r["rule"] != "death":
            continue
        died = dt.date.fromisoformat(r["evidence"]["death_date"])
        out.append(holds.HoldRequest(r["entitlement_id"], r["region_code"], workflow.add_months(died.replace(day=1), 1),
                                     f"部门数据显示涉及人员已于 {died} 死亡（比对疑点 #{r['id']}），待核实",
                                     f"finding:{r['id']}"))
    return out


def run(month_text: str, engine_name: str = "duckdb", actor=None, engine=None) -> dict:
    """The whole comparison; returns the JSON summary."""
    month = parse_month(month_text)
    started = time.perf_counter()
    folder = home.home_dir("lake", "_runs", f"{month:%Y-%m}-{uuid.uuid4().hex[:8]}")
    engine = engine or engines.make(engine_name)
    try:
        inputs = export_inputs(month, folder)
        hits = evaluate(engine, folder, month)
        info = entitlement_info(folder, {h[1] for h in hits})
        run_row = ComparisonRun.objects.create(month=month, engine=engine.name, recipients=inputs["recipients"],
                                               entitlements=inputs["entitlements"], hits=len(hits),
                                               started_by=actor if getattr(actor, "pk", None) else None)
        created = write_findings(hits, info, month, run_row, actor)
    finally:
        engine.close()
        shutil.rmtree(folder, ignore_errors=True)
    by_rule = dict(sorted(Counter(h[0] for h in hits).items()))
    seconds = round(time.perf_counter() - started, 2)
    skipped = skipped_rules(inputs["thr"])
    ComparisonRun.objects.filter(pk=run_row.pk).update(created=created, by_rule=by_rule, skipped=skipped,
                                                       seconds=Decimal(str(seconds)))
    audit.record(actor or "system", audit.Event("compare_run", "comparison_run", run_row.pk, "", {
        "month": [None, month.strftime("%Y-%m")], "engine": [None, engine.name], "findings": [None, len(hits)],
        "created": [None, created]}))
    return {"month": month.strftime("%Y-%m"), "engine": engine.name, "recipients": inputs["recipients"],
            "entitlements": inputs["entitlements"], "findings": len(hits), "created": created, "by_rule": by_rule,
            "skipped": skipped, "run_id": run_row.pk, "seconds": seconds}
