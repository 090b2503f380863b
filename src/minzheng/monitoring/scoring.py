"""The monthly monitoring run: `minzheng monitor run --month YYYY-MM [--engine duckdb|spark]`.

1. sync the monitored population (population.sync) when the month is not older than the last month synced;
2. export (set-based, a few queries) the open register, its households and members with their counted income, the
   recognitions, the rules in force per village (rules.resolve) and the 低保 line, to Parquet in a scratch folder;
3. register those and the feeds as of the month's last day in the engine and run every signal and the score
   (signals.py: written once, DuckDB by default, Spark when asked);
4. write the warnings: one per household and month (unique), never a second while one is open for the household
   (the open one is refreshed instead), each routed to the township with a working-day deadline, audited;
5. proactive discovery for the month on the same engine (discovery.run: screened there, decided by the policy
   engine).
Idempotent per month: a re-run adds nothing."""

from __future__ import annotations

import datetime as dt
import shutil
import time
import uuid
from collections import Counter, defaultdict
from pathlib import Path

from django.db import connection, transaction

from minzheng import home
from minzheng.benefits import workflow
from minzheng.benefits.models import Entitlement
from minzheng.benefits.policy.means import EXCLUDED_KINDS
from minzheng.core import audit, bulk, clock, months, workdays
from minzheng.core.errors import ValidationFailed
from minzheng.monitoring import codes, policy, population, rules, signals
from minzheng.monitoring.models import MonitoredPerson, MonitorRun, Warning
from minzheng.registry.models import Household, Income, Membership, Person
from minzheng.verification import compare, engines, feeds, kinds

MP_COLUMNS = [("person_id", "BIGINT"), ("household_id", "BIGINT"), ("layer", "VARCHAR")]
HH_COLUMNS = [("household_id", "BIGINT"), ("region_code", "VARCHAR"), ("area", "VARCHAR"), ("head_id", "BIGINT"),
              ("n_members", "INTEGER"), ("income_year", "DECIMAL(18,2)"), ("line_year", "DECIMAL(18,4)")]
MEM_COLUMNS = [("household_id", "BIGINT"), ("person_id", "BIGINT"), ("id_index", "VARCHAR"), ("birth_date", "DATE"),
               ("alive", "BOOLEAN"), ("death_date", "DATE"), ("disability_grade", "INTEGER"),
               ("serious_illness", "BOOLEAN"), ("earner", "BOOLEAN")]
REC_COLUMNS = [("household_id", "BIGINT"), ("program", "VARCHAR"), ("end_month", "DATE")]
RP_COLUMNS = [("region_code", "VARCHAR"), ("signal", "VARCHAR"), ("since", "DATE"), ("horizon", "DATE"),
              ("threshold", "DECIMAL(18,4)"), ("weight", "INTEGER")]
RW_COLUMNS = [("region_code", "VARCHAR"), ("signal", "VARCHAR"), ("layer", "VARCHAR")]
LV_COLUMNS = [("region_code", "VARCHAR"), ("red", "INTEGER"), ("orange", "INTEGER"), ("yellow", "INTEGER")]
EP_COLUMNS = [("region_code", "VARCHAR"), ("level", "VARCHAR"), ("cost", "DECIMAL(18,2)")]
# The inputs the signals read (name, columns), as Parquet files of the same names.
INPUTS = (("mp", MP_COLUMNS), ("hh", HH_COLUMNS), ("mem", MEM_COLUMNS), ("rec", REC_COLUMNS), ("rp", RP_COLUMNS),
          ("rw", RW_COLUMNS), ("lv", LV_COLUMNS), ("ep", EP_COLUMNS))
MONTH_RANGE = (dt.date(2000, 1, 1), dt.date(2100, 12, 1))


def parse_month(text: str) -> dt.date:
    month = compare.parse_month(text)
    if not MONTH_RANGE[0] <= month <= MONTH_RANGE[1]:
        raise ValidationFailed.one("month", "月份超出合理范围（2000–2100）")
    return month


# ---- inputs ----------------------------------------------------------------------------------------------------------


def _fetch(sql: str, params: list, names: list[str], types: list):
    import pyarrow as pa

    with connection.cursor() as cur:
        cur.execute(sql, params)
        rows = cur.fetchall()
    cols = list(zip(*rows, strict=True)) if rows else [[] for _ in names]
    return pa.table({n: pa.array(list(c), type=t) for n, c, t in zip(names, cols, types, strict=True)})


def write_table(path: Path, columns, rows: list[tuple]) -> None:
    """Typed Parquet from Python rows (exact decimals and dates)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {"DECIMAL(18,2)": pa.decimal128(18, 2), "DECIMAL(18,4)": pa.decimal128(18, 4), "BIGINT": pa.int64(),
             "VARCHAR": pa.string(), "DATE": pa.date32(), "INTEGER": pa.int32(), "BOOLEAN": pa.bool_()}
    cols = list(zip(*rows, strict=True)) if rows else [[] for _ in columns]
    pq.write_table(pa.table({n: pa.array(list(v), type=types[t]) for (n, t), v in zip(columns, cols, strict=True)}),
                   path)


def export_inputs(month: dt.date, folder: Path) -> dict:
    """mp, hh, mem, rec, rp, rw, lv as Parquet: a few set-based queries, the per-household sums done by DuckDB."""
    import duckdb
    import pyarrow as pa

    mp_t, hh_t, m_t, p_t, i_t, e_t = (bulk.table(x) for x in (MonitoredPerson, Household, Membership, Person,
                                                                 Income, Entitlement))
    monitored = f'SELECT DISTINCT household_id FROM "{mp_t}" WHERE exited_on IS NULL AND household_id IS NOT NULL'
    mp = _fetch(f'SELECT person_id, household_id, layer FROM "{mp_t}" WHERE exited_on IS NULL'
                " AND household_id IS NOT NULL", [], ["person_id", "household_id", "layer"],
                [pa.int64(), pa.int64(), pa.string()])
    hh = _fetch(f'SELECT h.id, h.region_id, h.urban_rural, h.head_id FROM "{hh_t}" h WHERE h.id IN ({monitored})',
                [], ["household_id", "region_code", "area", "head_id"], [pa.int64(), pa.string(), pa.string(),
                                                                         pa.int64()])
    mem = _fetch(f'SELECT m.household_id, p.id, p.id_number_index, CAST(p.birth_date AS TEXT),'
                 f' CAST(p.death_date AS TEXT), p.disability_grade, p.serious_illness FROM "{m_t}" m'
                 f' JOIN "{p_t}" p ON p.id = m.person_id WHERE m.left_on IS NULL AND m.household_id IN ({monitored})',
                 [], ["household_id", "person_id", "id_index", "birth", "death", "grade", "ill"],
                 [pa.int64(), pa.int64(), pa.string(), pa.string(), pa.string(), pa.int32(), pa.bool_()])
    inc = _fetch(f'SELECT i.person_id, i.year, i.kind, CAST(i.annual_amount AS TEXT) FROM "{i_t}" i'
                 f' WHERE i.year <= %s AND i.person_id IN (SELECT m.person_id FROM "{m_t}" m WHERE m.left_on IS NULL'
                 f' AND m.household_id IN ({monitored}))', [month.year],
                 ["person_id", "year", "kind", "amount"], [pa.int64(), pa.int32(), pa.string(), pa.string()])
    paying = "e.status <> 'stopped' AND e.start_month <= %s AND (e.end_month IS NULL OR e.end_month >= %s)"
    rec = _fetch(f'SELECT e.household_id, e.program, CAST(e.end_month AS TEXT) FROM "{e_t}" e WHERE {paying}'
                 f" AND e.household_id IN ({monitored})", [month.isoformat(), month.isoformat()],
                 ["household_id", "program", "end_month"], [pa.int64(), pa.string(), pa.string()])
    pairs = sorted({(r, a) for r, a in zip(hh["region_code"].to_pylist(), hh["area"].to_pylist(), strict=True)})
    lines = {(r[0], r[1]): r[2] for r in compare.thresholds(pairs, month)} if pairs else {}
    villages = sorted({r for r, _ in pairs})
    rp, rw, lv, ep = rule_rows(villages, month)
    line_t = pa.table({"region_code": pa.array([k[0] for k in lines], pa.string()),
                       "area": pa.array([k[1] for k in lines], pa.string()),
                       "line_year": pa.array(list(lines.values()), pa.decimal128(18, 4))})
    excluded = "(" + ", ".join(f"'{k}'" for k in sorted(EXCLUDED_KINDS)) + ")"
    day = months.month_end(month).isoformat()
    con = duckdb.connect()
    try:
        con.execute("SET preserve_insertion_order = false")
        for name, table in (("mp_raw", mp), ("hh_raw", hh), ("mem_raw", mem), ("inc_raw", inc), ("rec_raw", rec),
                            ("line_raw", line_t)):
            con.register(name, table)

        def copy(select: str, name: str) -> None:
            con.execute(f"COPY ({select}) TO '{folder / name!s}' (FORMAT parquet)")

        con.execute("CREATE TEMP TABLE pinc AS WITH latest AS (SELECT person_id, MAX(year) AS y FROM inc_raw"
                    " GROUP BY person_id) SELECT i.person_id,"
                    f" SUM(CASE WHEN i.kind NOT IN {excluded} THEN CAST(i.amount AS DECIMAL(18,2)) ELSE 0 END) AS inc,"
                    " MAX(CASE WHEN i.kind IN ('wage', 'business') AND CAST(i.amount AS DECIMAL(18,2)) > 0"
                    " THEN 1 ELSE 0 END) = 1 AS earner FROM inc_raw i JOIN latest l ON l.person_id = i.person_id"
                    " AND l.y = i.year GROUP BY i.person_id")
        copy("SELECT m.household_id, m.person_id, m.id_index, CAST(m.birth AS DATE) AS birth_date,"
             f" (m.death IS NULL OR CAST(m.death AS DATE) > DATE '{day}') AS alive,"
             " CAST(m.death AS DATE) AS death_date, m.grade AS disability_grade, m.ill AS serious_illness,"
             " COALESCE(pi.earner, false) AS earner FROM mem_raw m LEFT JOIN pinc pi ON pi.person_id = m.person_id",
             "mem.parquet")
        copy("SELECT h.household_id, h.region_code, h.area, h.head_id,"
             f" CAST(COUNT(m.person_id) FILTER (WHERE m.death IS NULL OR CAST(m.death AS DATE) > DATE '{day}')"
             " AS INTEGER) AS n_members, CAST(COALESCE(SUM(pi.inc) FILTER (WHERE m.death IS NULL), 0)"
             " AS DECIMAL(18,2)) AS income_year, MAX(l.line_year) AS line_year FROM hh_raw h"
             " LEFT JOIN mem_raw m ON m.household_id = h.household_id LEFT JOIN pinc pi ON pi.person_id = m.person_id"
             " LEFT JOIN line_raw l ON l.region_code = h.region_code AND l.area = h.area"
             " GROUP BY h.household_id, h.region_code, h.area, h.head_id", "hh.parquet")
        copy("SELECT person_id, household_id, layer FROM mp_raw", "mp.parquet")
        copy("SELECT household_id, program, CAST(end_month AS DATE) AS end_month FROM rec_raw", "rec.parquet")
    finally:
        con.close()
    write_table(folder / "rp.parquet", RP_COLUMNS, rp)
    write_table(folder / "rw.parquet", RW_COLUMNS, rw)
    write_table(folder / "lv.parquet", LV_COLUMNS, lv)
    write_table(folder / "ep.parquet", EP_COLUMNS, ep)
    return {"households": hh.num_rows, "persons": len(set(mp["person_id"].to_pylist())), "villages": villages}


def rule_rows(villages, month: dt.date) -> tuple[list, list, list, list]:
    """rp, rw, lv and ep rows for the villages from the rules in force (windows as dates: no date arithmetic in
    SQL; ep: the yearly education cost per school stage counted in 刚性支出)."""
    resolved = rules.resolve(villages, month)
    rp, rw, lv, ep = [], [], [], []
    for village, found in resolved.items():
        for code, p in found.items():
            if code in codes.PARAM_RULES:
                if p.threshold is not None:
                    ep += [(village, level, p.threshold) for level in codes.EDU_COST_LEVELS[code]]
                continue
            if code in codes.LEVEL_RULES:
                continue
            since = workflow.add_months(month, -(p.window_months - 1))
            horizon = months.month_end(workflow.add_months(month, p.window_months))
            rp.append((village, code, since, horizon, p.threshold, p.weight))
            rw += [(village, code, layer) for layer in p.watched()]
        cut = {k: (int(found[k].threshold) if k in found and found[k].threshold is not None else None)
               for k in codes.LEVEL_RULES}
        lv.append((village, cut["level_red"], cut["level_orange"], cut["level_yellow"]))
    return rp, rw, lv, ep


# ---- engine ----------------------------------------------------------------------------------------------------------


def materialize(engine, name: str, sql: str) -> None:
    """Compute a query once and keep it under a name (the score reads the hits again)."""
    if engine.name == "duckdb":
        engine.con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS {sql}")
    else:
        df = engine.spark.sql(engine.transpile(sql)).cache()
        df.createOrReplaceTempView(name)


def register_inputs(engine, folder: Path, month: dt.date) -> None:
    for name, cols in INPUTS:
        engine.register(name, [str(folder / f"{name}.parquet")], cols)
    paths = feeds.snapshots_until(months.month_end(month))
    for code, kind in kinds.KINDS.items():
        engine.register(f"f_{code}", paths.get(code, []), kind.stored_columns)


def evaluate(engine, folder: Path, month: dt.date, register: bool = True) -> tuple[list[tuple], list[tuple]]:
    """(hits sorted by signal, household, person; scores sorted by household)."""
    if register:
        register_inputs(engine, folder, month)
    end = months.month_end(month)
    materialize(engine, "hits", signals.hits_sql(month.isoformat(), end.isoformat()))
    hits = sorted(engine.query("SELECT * FROM hits"), key=lambda r: (r[0], r[1], r[2]))
    scores = sorted(engine.query(signals.SCORE_SQL), key=lambda r: r[0])
    return hits, scores


# ---- warnings --------------------------------------------------------------------------------------------------------


def _households(folder: Path, ids) -> dict[int, tuple[str, int]]:
    """{household: (village, head)} read back from hh.parquet for the warned households."""
    import duckdb
    import pyarrow as pa

    if not ids:
        return {}
    con = duckdb.connect()
    try:
        con.register("ids", pa.table({"household_id": pa.array(sorted(ids), pa.int64())}))
        path = str(folder / "hh.parquet")
        rows = con.execute(f"SELECT h.household_id, h.region_code, h.head_id FROM read_parquet('{path}')"
                           " h JOIN ids USING (household_id)").fetchall()
    finally:
        con.close()
    return {r[0]: (r[1], r[2]) for r in rows}


def _names(person_ids) -> dict[int, str]:
    out, ids = {}, sorted(set(person_ids))
    for i in range(0, len(ids), population.CHUNK):
        out.update(Person.objects.filter(pk__in=ids[i:i + population.CHUNK]).values_list("pk", "name"))
    return out


def write_warnings(hits, scores, month: dt.date, folder: Path, run: MonitorRun, actor) -> tuple[int, int]:
    """(households warned this month, warnings created)."""
    warned = {h: (score, level) for h, score, level in scores if level}
    if not warned:
        return 0, 0
    info = _households(folder, warned)
    weights = rules.resolve(sorted({v for v, _ in info.values()}), month)
    by_household = defaultdict(list)
    for hit in hits:
        if hit[1] in warned:
            by_household[hit[1]].append(hit)
    names = _names(h[2] for rows in by_household.values() for h in rows if h[2])
    today = clock.today()
    ids = sorted(warned)
    open_now, this_month = {}, set()
    for i in range(0, len(ids), population.CHUNK):
        chunk = ids[i:i + population.CHUNK]
        open_now.update(Warning.objects.filter(status="open", household_id__in=chunk)
                        .values_list("household_id", "pk"))
        this_month.update(Warning.objects.filter(month=month, household_id__in=chunk)
                          .values_list("household_id", flat=True))
    calendars, deadlines = {}, {}
    new_rows, refresh, events = [], [], []
    for household in ids:
        score, level = warned[household]
        village, head = info[household]
        found = weights.get(village, {})
        rows = sorted(by_household[household], key=lambda h: (-found[h[0]].weight if h[0] in found else 0, h[0], h[2]))
        sig = sorted({h[0] for h in rows})
        reasons = [signals.reason(h, names, found[h[0]].weight if h[0] in found else 0) for h in rows]
        person = next((h[2] for h in rows if h[2]), head)
        if household in open_now:
            refresh.append((open_now[household], score, level, sig, reasons))
            continue
        if household in this_month:
            continue
        key = (village, level)
        if key not in deadlines:
            cal = calendars.setdefault(village, workdays.Calendar(village))
            deadlines[key] = cal.add_workdays(today, policy.visit_workdays(level))
        due = deadlines[key]
        new_rows.append({"month": month, "household_id": household, "person_id": person, "region_code": village,
                         "level": level, "score": score, "signals": sig, "reasons": reasons, "status": "open",
                         "due_on": due.day, "due_provisional": due.provisional, "last_month": month,
                         "run_id": run.pk})
    with transaction.atomic():
        ids_new = bulk.allocate_ids(Warning, len(new_rows))
        for wid, row in zip(ids_new, new_rows, strict=True):
            row["id"] = wid
            events.append(audit.Event("warning_create", "warning", wid, row["region_code"], {
                "month": [None, month.strftime("%Y-%m")], "household": [None, row["household_id"]],
                "level": [None, row["level"]], "score": [None, row["score"]], "signals": [None, row["signals"]],
                "due_on": [None, row["due_on"]]}))
        bulk.Rows(Warning).insert(new_rows)
        later = refresh
        objs = {w.pk: w for w in Warning.objects.filter(pk__in=[r[0] for r in later]).only("pk", "last_month")}
        changed = []
        for pk, score, level, sig, reasons in later:
            w = objs[pk]
            if month >= w.last_month:  # an older month re-run never overwrites a newer finding
                w.last_month, w.score, w.level, w.signals, w.reasons = month, score, level, sig, reasons
                changed.append(w)
        Warning.objects.bulk_update(changed, ["last_month", "score", "level", "signals", "reasons"], batch_size=2000)
        audit.record_many(actor or "system", events)
    return len(warned), len(new_rows)


# ---- the run ---------------------------------------------------------------------------------------------------------


def _should_sync(month: dt.date) -> bool:
    last = MonitorRun.objects.order_by("-month").values_list("month", flat=True).first()
    return last is None or month >= last


def run(month_text: str, engine_name: str = "duckdb", actor=None, engine=None) -> dict:
    """The whole monthly run; returns the JSON summary of the issue."""
    from minzheng.monitoring import discovery

    month = parse_month(month_text)
    started = time.perf_counter()
    engine = engine or engines.make(engine_name)
    if _should_sync(month):
        population.sync(month, actor)
    folder = home.home_dir("lake", "_monitor", f"{month:%Y-%m}-{uuid.uuid4().hex[:8]}")
    try:
        inputs = export_inputs(month, folder)
        hits, scores = evaluate(engine, folder, month)
        run_row = MonitorRun.objects.create(month=month, engine=engine.name,
                                            started_by=actor if getattr(actor, "pk", None) else None)
        warned, created = write_warnings(hits, scores, month, folder, run_row, actor)
        found = discovery.run(month, actor, engine=engine)  # the same engine screens the non-recipients
    finally:
        engine.close()
        shutil.rmtree(folder, ignore_errors=True)
    levels = Counter(level for _, _, level in scores if level)
    warned_ids = {h for h, _, level in scores if level}
    by_signal = Counter(s for s, h in {(h[0], h[1]) for h in hits} if h in warned_ids)
    summary = {"month": month.strftime("%Y-%m"), "monitored_persons": population.open_persons(),
               "households_scored": inputs["households"], "warnings": warned, "new_warnings": created,
               "by_level": {k: levels.get(k, 0) for k in codes.LEVEL_ORDER},
               "by_signal": dict(sorted(by_signal.items())), "discoveries": found,
               "seconds": round(time.perf_counter() - started, 2)}
    MonitorRun.objects.filter(pk=run_row.pk).update(summary=summary)
    audit.record(actor or "system", audit.Event("monitor_run", "monitor_run", run_row.pk, "", {
        "month": [None, summary["month"]], "engine": [None, engine.name], "warnings": [None, warned],
        "new_warnings": [None, created]}))
    return summary
