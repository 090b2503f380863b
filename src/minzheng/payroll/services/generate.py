"""Payroll generation: `generate(actor, month, program, region_code)` → one payroll per program, township and month,
built set-based (INSERT … SELECT) from the entitlements in force.

Each township is one transaction: its payroll rows are created, their lines inserted (regular, arrears,
difference, deductions), totals computed and the audit entries written, then committed. A payroll row therefore
exists only complete: a process killed halfway leaves the townships already committed (complete) and nothing of
the one in flight, and a rerun builds what is missing. Rerunning a month returns locked payrolls unchanged and
regenerates drafts, reporting the difference. The database constraints (payroll per program/township/month;
line per entitlement/month/kind/month paid for; one payment per entitlement and month paid for) make a double
payment impossible whatever the code does. The rules themselves are in policy.py (pure, with worked examples)."""

from __future__ import annotations

import datetime as dt
import os
import re
import signal
import time

from django.db import transaction
from django.utils import timezone

from minzheng.benefits import programs, workflow
from minzheng.core import audit, clock, jobs, regioncodes, roles
from minzheng.core.errors import Forbidden, NotFound, ValidationFailed
from minzheng.core.models import Region
from minzheng.payroll import policy, sql
from minzheng.payroll.codes import LOCKED
from minzheng.payroll.models import Payroll, Recovery, fen_to_decimal
from minzheng.payroll.sql import CH, PERSON, E, L, P, R

MONTH = re.compile(r"^(\d{4})-(\d{1,2})(-01)?$")
CRASH_ENV = "MINZHENG_PAYROLL_CRASH_AFTER"  # tests: SIGKILL inside the (N+1)th township's transaction


def parse_month(value) -> dt.date:
    """A payroll month: YYYY-MM (or a date), from 2000 up to next month — a later month's payments are not known
    yet (and a month centuries away would make the arrears window absurd)."""
    if isinstance(value, dt.date):
        month = value.replace(day=1)
    else:
        m = MONTH.match(str(value or "").strip())
        if not m or not 1 <= int(m.group(2)) <= 12:
            raise ValidationFailed.one("month", "发放月份格式不正确，应为 YYYY-MM")
        month = dt.date(int(m.group(1)), int(m.group(2)), 1)
    latest = workflow.add_months(clock.today().replace(day=1), 1)
    if not dt.date(2000, 1, 1) <= month <= latest:
        raise ValidationFailed.one("month", f"发放月份应在 2000-01 至 {latest:%Y-%m}（下月）之间")
    return month


def scope_prefix(actor, region_code: str = "") -> str:
    """The region prefix the actor works on: its own subtree, narrowed by `region_code` (404 outside it)."""
    own = actor.region_prefix if actor is not None else ""
    if not region_code:
        return own
    try:
        wanted = regioncodes.prefix(regioncodes.normalize(region_code))
    except regioncodes.RegionCodeError as exc:
        raise ValidationFailed.one("region_code", str(exc)) from None
    if not wanted.startswith(own):
        raise NotFound()
    return wanted


def programs_of(program: str) -> tuple[str, ...]:
    if not program:
        return programs.payable()
    if program not in programs.payable():
        allowed = "、".join(f"{code}（{programs.name(code)}）" for code in programs.payable())
        raise ValidationFailed.one("program", f"“{program}”不是按月发放的救助项目，可用：{allowed}")
    return (program,)


def generate(actor, month, program: str = "", region_code: str = "", progress=None) -> dict:
    """Generate (or regenerate the drafts of) `month`'s payrolls in the actor's region. Actor None = the system
    operator on the command line (every region)."""
    if actor is not None and not roles.has_perm(actor, "payroll.generate"):
        raise Forbidden("您的角色不能生成发放名册（乡镇(街道)或县级民政部门生成）")
    m = parse_month(month)
    programs = programs_of(program)
    prefix = scope_prefix(actor, region_code)
    today = clock.today()
    found = detect_overpayments(actor, prefix, programs, today)
    in_list = ", ".join(sql.text(p) for p in programs)
    scope = sql.code_range("e.region_code", prefix) if prefix else "1 = 1"
    townships = [t for (t,) in sql.fetchall(
        f"SELECT DISTINCT substr(e.region_code, 1, 9) FROM {E} e WHERE {scope} AND e.program IN ({in_list}) "
        f"AND e.start_month <= {sql.day(m)} ORDER BY 1")]
    crash_after = int(os.environ.get(CRASH_ENV, "-1"))
    out = {"created": [], "regenerated": [], "unchanged": [], "removed": [], "difference": [],
           "recoveries_found": found}
    for index, township in enumerate(townships):
        started = time.perf_counter()
        with transaction.atomic():
            done = _township(actor, township, m, programs, crash=index == crash_after)
            built = time.perf_counter()
        if sql.TRACE:  # the commit runs the deferred foreign-key checks of every line written
            sql.trace(f"township {township}: built {built - started:.3f} s, commit {time.perf_counter() - built:.3f} s")
        for key in ("created", "regenerated", "unchanged", "removed", "difference"):
            out[key] += done[key]
        if progress:
            progress(index + 1, len(townships), f"{township}000")
    summary = month_summary(prefix, m, programs)
    return summary | out


def month_summary(prefix: str, m: dt.date, programs) -> dict:
    qs = Payroll.objects.filter(month=m, program__in=programs).within(prefix)
    rows = list(qs.values_list("line_count", "total_fen"))
    return {"month": f"{m:%Y-%m}", "payrolls": len(rows), "lines": sum(r[0] for r in rows),
            "total": str(fen_to_decimal(sum(r[1] for r in rows)))}


def _township(actor, prefix9: str, m: dt.date, programs, crash: bool = False) -> dict:
    township = prefix9 + "000"
    M = sql.day(m)
    scope = sql.code_range("e.region_code", prefix9)
    in_list = ", ".join(sql.text(p) for p in programs)
    # Two generations of the same township and month at once (two officers, or a page and the command line) queue
    # here: the second then finds the first's payrolls and regenerates the drafts instead of colliding on the
    # one-payroll-per-month constraint (PostgreSQL; SQLite transactions are already serialised).
    Region.objects.select_for_update().filter(code=township).first()
    present = [p for (p,) in sql.fetchall(
        f"SELECT DISTINCT e.program FROM {E} e WHERE {scope} AND e.program IN ({in_list}) AND e.start_month <= {M}")]
    existing = {p.program: p for p in Payroll.objects.select_for_update().filter(
        region_code=township, month=m, program__in=present)}
    unchanged = [p.pk for p in existing.values() if p.status != "draft"]
    drafts = [p for p in existing.values() if p.status == "draft"]
    now = timezone.now()
    new = [Payroll(program=prog, region_code=township, month=m, status="draft", generated_at=now,
                   created_by=actor if getattr(actor, "pk", None) else None)
           for prog in present if prog not in existing]
    Payroll.objects.bulk_create(new)
    new = list(Payroll.objects.filter(region_code=township, month=m, program__in=[p.program for p in new]))
    ids = [p.pk for p in drafts] + [p.pk for p in new]
    result = {"created": [], "regenerated": [], "unchanged": unchanged, "removed": [], "difference": []}
    if not ids:
        return result
    id_list = ", ".join(str(i) for i in ids)
    draft_list = ", ".join(str(p.pk) for p in drafts) or "0"
    sql.execute("DROP TABLE IF EXISTS payroll_tmp_old")
    sql.execute("CREATE TEMP TABLE payroll_tmp_old (entitlement_id BIGINT, kind VARCHAR(12), for_month DATE, "
                "amount_fen BIGINT, payroll_id BIGINT)")
    if drafts:
        sql.execute(f"INSERT INTO payroll_tmp_old SELECT entitlement_id, kind, for_month, amount_fen, payroll_id "
                    f"FROM {L} WHERE payroll_id IN ({draft_list})")
        sql.execute(f"DELETE FROM {L} WHERE payroll_id IN ({draft_list})")
    _insert_regular(township, m, id_list, scope)
    _insert_one_off(township, m, id_list, scope)
    _insert_arrears_and_differences(township, m, id_list, scope, programs)
    _insert_deductions(m, id_list)
    if crash:  # crash-safety test hook: die with the township's transaction open
        os.kill(os.getpid(), signal.SIGKILL)
    # One pass over each payroll's lines for the three totals (a row-value SET: PostgreSQL, SQLite ≥ 3.15).
    sql.execute(f"UPDATE {P} SET (line_count, total_fen, payee_count) = (SELECT COUNT(*), "
                f"COALESCE(SUM(l.amount_fen), 0), COUNT(DISTINCT l.entitlement_id) FROM {L} l "
                f"WHERE l.payroll_id = {P}.id) WHERE id IN ({id_list})")
    diffs = {pid: _difference(pid) for pid in (p.pk for p in drafts)}
    events = []
    for p in Payroll.objects.filter(pk__in=ids):
        regenerated = p.pk in diffs
        if regenerated:
            Payroll.objects.filter(pk=p.pk).update(generations=p.generations + 1, generated_at=now)
        if p.line_count == 0:  # nobody left to pay (a regenerated draft): the roll is removed, and that audited
            if regenerated:
                events.append(audit.Event("delete", "payroll", p.pk, p.region_code, {
                    "program": [p.program, None], "month": [f"{m:%Y-%m}", None]}))
            result["removed"].append(p.pk)
            p.delete()
            continue
        (result["regenerated"] if regenerated else result["created"]).append(p.pk)
        change = {"program": [None, p.program], "month": [None, f"{m:%Y-%m}"], "lines": [None, p.line_count],
                  "total": [None, str(p.total)]}
        if regenerated:
            result["difference"].append(diffs[p.pk] | {"payroll_id": p.pk})
            change["difference"] = [None, {k: v for k, v in diffs[p.pk].items() if k != "examples"}]
        events.append(audit.Event("generate", "payroll", p.pk, p.region_code, change))
    audit.record_many(actor or "system", events)
    sql.execute("DROP TABLE payroll_tmp_old")
    return result


def _insert_regular(township: str, m: dt.date, id_list: str, scope: str) -> int:
    M = sql.day(m)
    return sql.execute(
        f"INSERT INTO {L} ({sql.LINE_COLUMNS}) SELECT * FROM ("
        f"SELECT p.id AS payroll_id, e.id AS entitlement_id, {M} AS month, {M} AS for_month, 'regular' AS kind, "
        f"e.program, e.region_code, e.household_id, e.person_id, e.payee_id, {sql.due_fen('e', M)} AS amount_fen, "
        f"e.bank_account_enc, e.bank_name, e.account_name, CAST(NULL AS BIGINT) AS recovery_id, 'pending' AS status, "
        f"'' AS reason, CAST(NULL AS DATE) AS settled_on "
        f"FROM {E} e JOIN {P} p ON p.program = e.program AND p.region_code = '{township}' AND p.month = {M} "
        f"AND p.id IN ({id_list}) "
        f"JOIN {PERSON} payee ON payee.id = e.payee_id LEFT JOIN {PERSON} ben ON ben.id = e.person_id "
        f"WHERE {scope} AND {sql.in_period('e', M)} AND {sql.alive('payee', 'ben', M)} "
        f"AND {sql.program_not_in('e.program', programs.one_off())} AND {sql.not_held('e', M)}) x "
        f"WHERE x.amount_fen > 0 ON CONFLICT DO NOTHING")


def _insert_one_off(township: str, m: dt.date, id_list: str, scope: str) -> int:
    """A one-off amount (临时救助) in the first payroll generated for its month or after — less what the township
    already paid in cash from its 备用金 (先行救助, Entitlement.advance_paid; nothing when that covers it): kind
    `one_off`, paid for its start month — so the constraint "one payment per entitlement and month, ever" makes it
    once, whatever is regenerated later. Not paid to a dead payee, nor while held, nor once stopped before its
    month."""
    one_off = programs.one_off()
    if not one_off:
        return 0
    M = sql.day(m)
    in_list = ", ".join(sql.text(p) for p in one_off)
    return sql.execute(
        f"INSERT INTO {L} ({sql.LINE_COLUMNS}) SELECT * FROM ("
        f"SELECT p.id AS payroll_id, e.id AS entitlement_id, {M} AS month, e.start_month AS for_month, "
        f"'one_off' AS kind, e.program, e.region_code, e.household_id, e.person_id, e.payee_id, "
        f"{sql.fen('e.monthly_amount - e.advance_paid')} AS amount_fen, e.bank_account_enc, e.bank_name, "
        f"e.account_name, "
        f"CAST(NULL AS BIGINT) AS recovery_id, 'pending' AS status, '' AS reason, CAST(NULL AS DATE) AS settled_on "
        f"FROM {E} e JOIN {P} p ON p.program = e.program AND p.region_code = '{township}' AND p.month = {M} "
        f"AND p.id IN ({id_list}) JOIN {PERSON} payee ON payee.id = e.payee_id "
        f"WHERE {scope} AND e.program IN ({in_list}) AND e.start_month <= {M} AND e.status <> 'stopped' "
        f"AND (e.end_month IS NULL OR e.end_month >= e.start_month) "
        f"AND (payee.death_date IS NULL OR payee.death_date >= {M}) AND {sql.not_held('e', M)} "
        f"AND NOT EXISTS (SELECT 1 FROM {L} l WHERE l.entitlement_id = e.id AND l.kind = 'one_off')) x "
        f"WHERE x.amount_fen > 0 ON CONFLICT DO NOTHING")


def _insert_arrears_and_differences(township: str, m: dt.date, id_list: str, scope: str, codes) -> None:
    """Arrears (补发) and differences (补差额) for months since this township's first payroll of the program.
    Only entitlements that can have any are examined: those without a payment for last month (new, resumed, or
    backdated) and those with a raise or resumption taking effect before this month."""
    M, prev = sql.day(m), sql.day(workflow.add_months(m, -1))
    first = sql.fetchall(f"SELECT MIN(month) FROM {P} WHERE region_code = '{township}' AND month < {M}")[0][0]
    if first is None:
        return
    first = first if isinstance(first, dt.date) else dt.date.fromisoformat(str(first))
    months = []
    cur = first
    while cur < m:
        months.append(cur)
        cur = workflow.add_months(cur, 1)
    monthly = [c for c in codes if c not in programs.one_off()]  # one-off amounts have no arrears
    if not monthly:
        return
    in_list = ", ".join(sql.text(c) for c in monthly)
    for t in ("payroll_tmp_cand", "payroll_tmp_months", "payroll_tmp_paid"):
        sql.execute(f"DROP TABLE IF EXISTS {t}")
    sql.execute("CREATE TEMP TABLE payroll_tmp_cand (id BIGINT PRIMARY KEY)")
    sql.execute("CREATE TEMP TABLE payroll_tmp_paid (id BIGINT PRIMARY KEY)")
    sql.execute("CREATE TEMP TABLE payroll_tmp_months (m DATE PRIMARY KEY)")
    sql.execute(f"INSERT INTO payroll_tmp_months (m) VALUES {', '.join(f'({sql.day(x)})' for x in months)}")
    # Two statements rather than one with "NOT EXISTS … OR EXISTS …": the OR made every entitlement probe both the
    # lines and the changes; apart, the first is one anti-join probe each and the second reads only the few changes.
    may_owe = (f"{scope} AND e.program IN ({in_list}) AND e.start_month < {M} "
               f"AND (e.end_month IS NULL OR e.end_month >= {sql.day(first)})")
    # Last month's payments are read from this township's payrolls of last month only (their index) into a small
    # analysed table, so the anti-join's plan does not depend on the line table's statistics, stale right after a
    # month's bulk insert (PostgreSQL then hashed every township's lines, or looped over them, once per township). An
    # entitlement paid last month elsewhere (moved township) just becomes a candidate: the arrears insert's own
    # per-month check still pays it once.
    paid_here = ", ".join(str(i) for (i,) in sql.fetchall(
        f"SELECT id FROM {P} WHERE region_code = '{township}' AND month = {prev}")) or "0"
    sql.execute(f"INSERT INTO payroll_tmp_paid (id) SELECT l.entitlement_id FROM {L} l "
                f"WHERE l.payroll_id IN ({paid_here}) AND l.for_month = {prev} AND l.kind IN ('regular', 'arrears') "
                f"ON CONFLICT DO NOTHING")
    if sql.pg():
        sql.execute("ANALYZE payroll_tmp_paid")
    sql.execute(
        f"INSERT INTO payroll_tmp_cand (id) SELECT e.id FROM {E} e WHERE {may_owe} "
        f"AND NOT EXISTS (SELECT 1 FROM payroll_tmp_paid t WHERE t.id = e.id)")
    sql.execute(
        f"INSERT INTO payroll_tmp_cand (id) SELECT DISTINCT e.id FROM {CH} c JOIN {E} e ON e.id = c.entitlement_id "
        f"WHERE c.kind IN ('increase', 'resume') AND c.effective_month < {M} AND {may_owe} "
        f"ON CONFLICT DO NOTHING")
    if sql.pg():  # autovacuum never analyses a temporary table: without this the planner guesses its size
        sql.execute("ANALYZE payroll_tmp_cand")
        sql.execute("ANALYZE payroll_tmp_months")
    # The few candidates drive the join (SQLite: CROSS JOIN fixes the order; otherwise it scans every entitlement).
    common = (f"FROM payroll_tmp_cand c {'JOIN' if sql.pg() else 'CROSS JOIN'} {E} e ON e.id = c.id "
              f"JOIN {P} p ON p.program = e.program AND p.region_code = '{township}' AND p.month = {M} "
              f"AND p.id IN ({id_list}) "
              f"JOIN payroll_tmp_months mo ON mo.m >= e.start_month AND (mo.m <= e.end_month OR "
              f"(e.end_month IS NULL AND e.status <> 'stopped')) "
              f"JOIN {PERSON} payee ON payee.id = e.payee_id LEFT JOIN {PERSON} ben ON ben.id = e.person_id ")
    window = (f"mo.m >= (SELECT MIN(p2.month) FROM {P} p2 WHERE p2.program = e.program "
              f"AND p2.region_code = '{township}' AND p2.month < {M}) "
              f"AND (payee.death_date IS NULL OR payee.death_date >= {M}) "
              f"AND (ben.death_date IS NULL OR ben.death_date >= mo.m) AND {sql.not_held('e', 'mo.m')}")
    head = (f"SELECT p.id AS payroll_id, e.id AS entitlement_id, {M} AS month, mo.m AS for_month, ")
    tail = ("e.bank_account_enc, e.bank_name, e.account_name, CAST(NULL AS BIGINT) AS recovery_id, "
            "'pending' AS status, '' AS reason, CAST(NULL AS DATE) AS settled_on ")
    sql.execute(
        f"INSERT INTO {L} ({sql.LINE_COLUMNS}) SELECT * FROM ({head}'arrears' AS kind, e.program, e.region_code, "
        f"e.household_id, e.person_id, e.payee_id, {sql.due_fen('e', 'mo.m')} AS amount_fen, {tail}"
        f"{common} WHERE {window} AND NOT EXISTS (SELECT 1 FROM {L} l WHERE l.entitlement_id = e.id "
        f"AND l.for_month = mo.m AND l.kind IN ('regular', 'arrears'))) x WHERE x.amount_fen > 0 "
        f"ON CONFLICT DO NOTHING")
    # What was paid for each candidate month, probed per (candidate, month) by the line index that leads with the
    # entitlement: a grouped subquery made PostgreSQL read every earlier line of the county once per township.
    # NULL (nothing paid for that month: arrears, not a difference) makes the amount NULL, and the row is dropped.
    paid = (f"(SELECT SUM(l.amount_fen) FROM {L} l WHERE l.entitlement_id = e.id AND l.for_month = mo.m "
            f"AND l.kind IN ('regular', 'arrears', 'difference'))")
    sql.execute(
        f"INSERT INTO {L} ({sql.LINE_COLUMNS}) SELECT * FROM ({head}'difference' AS kind, e.program, "
        f"e.region_code, e.household_id, e.person_id, e.payee_id, {sql.due_fen('e', 'mo.m')} - {paid} "
        f"AS amount_fen, {tail}{common} "
        f"WHERE {window} AND EXISTS (SELECT 1 FROM {CH} ch WHERE ch.entitlement_id = e.id "
        f"AND ch.kind = 'increase')) x WHERE x.amount_fen > 0 ON CONFLICT DO NOTHING")
    for t in ("payroll_tmp_cand", "payroll_tmp_months", "payroll_tmp_paid"):
        sql.execute(f"DROP TABLE {t}")


def _insert_deductions(m: dt.date, id_list: str) -> None:
    """Deduct the oldest open recovery of each entitlement paid this month: min(what is still owed, ⌊regular ×
    share⌋) (policy.deduction_fen)."""
    num, den = policy.share_parts(policy.max_share())
    if num == 0:
        return
    M = sql.day(m)
    deducted = (f"COALESCE((SELECT -SUM(d.amount_fen) FROM {L} d WHERE d.recovery_id = r.id "
                f"AND d.status <> 'failed'), 0)")
    owed = f"(r.amount_fen - r.repaid_fen - {deducted})"
    sql.execute(
        f"INSERT INTO {L} ({sql.LINE_COLUMNS}) SELECT * FROM ("
        f"SELECT l.payroll_id, l.entitlement_id, {M} AS month, {M} AS for_month, 'deduction' AS kind, l.program, "
        f"l.region_code, l.household_id, l.person_id, l.payee_id, "
        f"-{sql.least(owed, f'l.amount_fen * {num} / {den}')} AS amount_fen, l.account_enc, l.bank_name, "
        f"l.account_name, r.id AS recovery_id, 'pending' AS status, '' AS reason, CAST(NULL AS DATE) AS settled_on "
        f"FROM {L} l JOIN {R} r ON r.entitlement_id = l.entitlement_id "
        f"WHERE l.payroll_id IN ({id_list}) AND l.kind = 'regular' AND r.status = 'open' "
        f"AND r.id = (SELECT MIN(r2.id) FROM {R} r2 WHERE r2.entitlement_id = l.entitlement_id "
        f"AND r2.status = 'open')) x WHERE x.amount_fen < 0 ON CONFLICT DO NOTHING")


def _difference(payroll_id: int) -> dict:
    """What regenerating a draft changed: lines added, removed, amounts changed; totals before and after."""
    key = "o.entitlement_id = n.entitlement_id AND o.kind = n.kind AND o.for_month = n.for_month"
    new = f"(SELECT entitlement_id, kind, for_month, amount_fen FROM {L} WHERE payroll_id = {payroll_id}) n"
    old = f"(SELECT * FROM payroll_tmp_old WHERE payroll_id = {payroll_id}) o"
    added = sql.fetchall(f"SELECT n.entitlement_id, n.kind, n.for_month, n.amount_fen FROM {new} "
                         f"WHERE NOT EXISTS (SELECT 1 FROM {old} WHERE {key}) ORDER BY 1, 2, 3")
    removed = sql.fetchall(f"SELECT o.entitlement_id, o.kind, o.for_month, o.amount_fen FROM {old} "
                           f"WHERE NOT EXISTS (SELECT 1 FROM {new} WHERE {key}) ORDER BY 1, 2, 3")
    changed = sql.fetchall(f"SELECT n.entitlement_id, n.kind, n.for_month, o.amount_fen, n.amount_fen "
                           f"FROM {new} JOIN {old} ON {key} WHERE o.amount_fen <> n.amount_fen ORDER BY 1, 2, 3")
    before = sql.fetchall(f"SELECT COALESCE(SUM(amount_fen), 0) FROM payroll_tmp_old WHERE payroll_id = {payroll_id}")
    after = sql.fetchall(f"SELECT COALESCE(SUM(amount_fen), 0) FROM {L} WHERE payroll_id = {payroll_id}")

    def month(v):
        return str(v)[:7]

    return {"added": len(added), "removed": len(removed), "changed": len(changed),
            "total_before": str(fen_to_decimal(before[0][0])), "total_after": str(fen_to_decimal(after[0][0])),
            "examples": [{"entitlement_id": r[0], "kind": r[1], "for_month": month(r[2]), "change": "added",
                          "amount": str(fen_to_decimal(r[3]))} for r in added[:10]]
            + [{"entitlement_id": r[0], "kind": r[1], "for_month": month(r[2]), "change": "removed",
                "amount": str(fen_to_decimal(r[3]))} for r in removed[:10]]
            + [{"entitlement_id": r[0], "kind": r[1], "for_month": month(r[2]), "change": "changed",
                "before": str(fen_to_decimal(r[3])), "amount": str(fen_to_decimal(r[4]))} for r in changed[:10]]}


# ---- overpayments ----------------------------------------------------------------------------------------------------


def detect_overpayments(actor, prefix: str, programs, today: dt.date) -> int:
    """Record a Recovery for every entitlement paid (in a locked payroll, not failed at the bank) for months after
    its last month or after its beneficiary's death (e.g. a death reported late), not yet covered by a recovery.
    Idempotent: months already covered are skipped."""
    in_list = ", ".join(sql.text(p) for p in programs)
    scope = sql.code_range("e.region_code", prefix) if prefix else "1 = 1"
    locked = ", ".join(f"'{s}'" for s in LOCKED)
    # Start from the few entitlements that ended or whose beneficiary died, then probe their lines (payrollline_once
    # leads with entitlement_id): the cost follows the stopped entitlements, not the months of lines kept.
    stopped = (f"SELECT e.id FROM {E} e WHERE {scope} AND e.program IN ({in_list}) AND e.end_month IS NOT NULL "
               f"UNION SELECT e.id FROM {E} e JOIN {PERSON} b ON b.id = e.person_id WHERE {scope} "
               f"AND e.program IN ({in_list}) AND b.death_date IS NOT NULL")
    rows = sql.fetchall(
        f"SELECT e.id, MIN(l.for_month), MAX(l.for_month), SUM(l.amount_fen), MAX(ben.death_date), "
        f"MAX(e.end_month) FROM ({stopped}) s JOIN {E} e ON e.id = s.id JOIN {L} l ON l.entitlement_id = e.id "
        f"JOIN {P} p ON p.id = l.payroll_id LEFT JOIN {PERSON} ben ON ben.id = e.person_id "
        f"WHERE (e.end_month IS NOT NULL OR ben.death_date IS NOT NULL) "
        f"AND p.status IN ({locked}) AND l.kind IN ('regular', 'arrears', 'difference') AND l.status <> 'failed' "
        f"AND ((e.end_month IS NOT NULL AND l.for_month > e.end_month) "
        f"OR (ben.death_date IS NOT NULL AND l.for_month > ben.death_date)) "
        f"AND NOT EXISTS (SELECT 1 FROM {R} r WHERE r.entitlement_id = e.id AND l.for_month >= r.from_month "
        f"AND l.for_month <= r.to_month) GROUP BY e.id ORDER BY e.id")
    if not rows:
        return 0
    from minzheng.benefits.models import Entitlement

    ents = Entitlement.objects.in_bulk([r[0] for r in rows])

    def as_date(v):
        return v if isinstance(v, dt.date) or v is None else dt.date.fromisoformat(str(v)[:10])

    made = []
    with transaction.atomic():
        for ent_id, first, last, fen, death, end in rows:
            first, last, death, end = as_date(first), as_date(last), as_date(death), as_date(end)
            e = ents[ent_id]
            why = (f"救助对象于 {death} 死亡" if death is not None and (end is None or death < end
                                                                       or first > death) else
                   f"待遇已于 {end:%Y-%m} 终止")
            made.append(Recovery(entitlement=e, program=e.program, region_code=e.region_code,
                                 household_id=e.household_id, payee_id=e.payee_id, from_month=first, to_month=last,
                                 amount_fen=int(fen), reason=f"{why}，{first:%Y-%m} 至 {last:%Y-%m} 多发 "
                                 f"{fen_to_decimal(fen)} 元", found_on=today,
                                 created_by=actor if getattr(actor, "pk", None) else None))
        Recovery.objects.bulk_create(made)
        made = list(Recovery.objects.filter(entitlement_id__in=[r.entitlement_id for r in made],
                                            found_on=today, from_month__in=[r.from_month for r in made]))
        audit.record_many(actor or "system", [audit.Event("create", "recovery", r.pk, r.region_code, {
            "entitlement": [None, r.entitlement_id], "from_month": [None, r.from_month],
            "to_month": [None, r.to_month], "amount": [None, str(fen_to_decimal(r.amount_fen))],
            "reason": [None, r.reason]}) for r in made])
    return len(made)


# ---- the page's background job ---------------------------------------------------------------------------------------

JOB_LABELS = [("month", "发放月份"), ("payrolls", "名册数"), ("lines", "明细条数"), ("total", "合计金额（元）"),
              ("recoveries_found", "新发现多发追回")]


def submit(actor, data: dict):
    """The 生成名册 page: check the input now (errors on the form), then generate in the background as `actor`
    (generate_job); returns the job, whose page shows the progress and the summary."""
    if not roles.has_perm(actor, "payroll.generate"):
        raise Forbidden("您的角色不能生成发放名册（乡镇(街道)或县级民政部门生成）")
    month = parse_month(data.get("month"))
    program = data.get("program") or ""
    programs_of(program)
    region_code = data.get("region_code") or ""
    scope_prefix(actor, region_code)
    job = jobs.submit("payroll_generate", actor, {"month": f"{month:%Y-%m}", "program": program,
                                                  "region_code": region_code})
    jobs.run_in_background(job)
    return job


@jobs.job("payroll_generate", restartable=True)  # a rerun builds what is missing
def generate_job(job, progress) -> dict:
    """Generation started from the payroll page, as the user who started it."""
    p = job.params
    out = generate(job.created_by, p["month"], p.get("program", ""), p.get("region_code", ""), progress=progress)
    counts = f"{len(out['created'])} / {len(out['regenerated'])} / {len(out['unchanged'])}"
    out["display"] = [[label, out[key]] for key, label in JOB_LABELS] + [["新建 / 重新生成 / 已锁定未变", counts]]
    return out
