"""The monitoring signals (预警信号), written once as SQL in DuckDB's dialect and run on DuckDB or Spark (transpiled by
SQLGlot, as verification.comparison_rules). Every signal reads the same views:

  mp(person_id, household_id, layer)                          the open rows of the monitored population
  hh(household_id, region_code, area, head_id, n_members, income_year, line_year)
                                       monitored households: living current members, the counted annual income of
                                       the latest year on record, the 低保 line (元/人/年) in force (NULL = not set)
  mem(household_id, person_id, id_index, birth_date, alive, death_date, disability_grade, serious_illness, earner)
                                       their current members (earner: wage or business income in that year)
  rec(household_id, program, end_month)                       recognitions in force (刚性支出 validity)
  rp(region_code, signal, since, horizon, threshold, weight)  the rule in force per village: `since` = first day of
                                       the window (month − window + 1), `horizon` = last day of month + window
  rw(region_code, signal, layer)                              the layers each rule watches there
  lv(region_code, red, orange, yellow)                        level cut-offs per village
  ep(region_code, level, cost)                                 yearly education cost per school stage (刚性支出)
  f_<kind>                                                    the feeds as of the month's last day

Each signal returns (signal, household_id, person_id, ev_date, ev_value, ev_limit, ev_text); the windows and
thresholds are data (monitoring.rules), the conditions are here. Dates arrive precomputed (no date arithmetic in the
SQL) and money stays DECIMAL, so both engines give the same answers. Then `score_sql` keeps the hits on layers a
rule watches, sums the weights per household (one signal counts once) and sets the level by the village's cut-offs.
"""

from __future__ import annotations

from dataclasses import dataclass

from minzheng.monitoring import codes


@dataclass(frozen=True)
class Signal:
    code: str
    feed: str  # the department feed it reads ("" = registry and recognitions only)
    condition: str  # what fires it, in Chinese, with the rule's parameters named
    basis: str

    @property
    def label(self) -> str:
        return codes.SIGNALS[self.code]


R83 = "民发〔2022〕83号（重病、残疾、就学、失业预警指标）"
SIGNALS: dict[str, Signal] = {s.code: s for s in [
    Signal("medical_oop", "medical", "成员观察期内医疗个人自付合计 > 阈值（元）", R83),
    Signal("new_disability", "disability", "残联有效残疾人证、等级 ≤ 阈值（1–4级），民政库未登记该成员残疾", R83),
    Signal("unemployment", "unemployment", "成员观察期内失业登记（失业保险金开始）或失业保险金终止", R83),
    Signal("earner_loss", "death",
           "家庭唯一有工资或经营收入的成员观察期内死亡，或患重病（登记重病或观察期内医疗总费用 ≥ 阈值）",
           "民发〔2022〕83号（完全或部分丧失劳动能力、重病家庭重点关注）"),
    Signal("school_change", "schooling", "成员观察期内入学或离校", R83),
    Signal("disaster", "disaster", "家庭观察期内灾害直接经济损失合计 ≥ 阈值（元）",
           "《社会救助暂行办法》第四十七条（自然灾害等急难）"),
    Signal("rigid_expense", "medical",
           "家庭观察期内医疗个人自付合计 + 高中及以上在校生年教育支出（按学段设定）> 阈值 × 家庭年收入",
           "刚性支出困难家庭认定办法 第四、五条（医疗、教育等刚性支出）"),
    Signal("low_income", "", "家庭年收入 < 阈值 × 低保标准 × 人数（人均收入低于阈值倍低保标准）",
           "民发〔2021〕57号 第八条（低保边缘：人均收入低于1.5倍低保标准）"),
    Signal("rigid_expiring", "", "刚性支出困难家庭认定在本月至观察期末之间到期",
           "刚性支出困难家庭认定办法 第十条（有效期不超过12个月）"),
    Signal("poverty_return", "poverty_return", "乡村振兴部门观察期内新纳入防止返贫监测且风险未消除",
           "国办发〔2023〕39号（防止返贫监测对象纳入低收入人口监测）"),
]}


def _sel(code, household, person, ev_date=None, ev_value=None, ev_limit=None, ev_text=None) -> str:
    return ("SELECT " + ", ".join([
        f"'{code}' AS signal", f"CAST({household} AS BIGINT) AS household_id", f"CAST({person} AS BIGINT) AS person_id",
        f"CAST({ev_date or 'NULL'} AS DATE) AS ev_date", f"CAST({ev_value or 'NULL'} AS DECIMAL(18,2)) AS ev_value",
        f"CAST({ev_limit or 'NULL'} AS DECIMAL(18,4)) AS ev_limit",
        f"CAST({ev_text or 'NULL'} AS VARCHAR) AS ev_text"]))


def sql(code: str, month_start: str, month_end: str) -> str:
    """The signal's hits (DuckDB dialect)."""
    ms, me = f"DATE '{month_start}'", f"DATE '{month_end}'"
    base = (" FROM mem m JOIN hh h ON h.household_id = m.household_id"
            f" JOIN rp ON rp.region_code = h.region_code AND rp.signal = '{code}'")

    def window(col):
        return f"({col} >= rp.since AND {col} <= {me})"

    if code == "medical_oop":
        return (_sel(code, "m.household_id", "m.person_id", "MAX(x.settle_date)", "SUM(x.out_of_pocket)",
                     "MAX(rp.threshold)") + base + " JOIN f_medical x ON x.id_index = m.id_index"
                f" WHERE {window('x.settle_date')} GROUP BY m.household_id, m.person_id"
                " HAVING SUM(x.out_of_pocket) > MAX(rp.threshold)")
    if code == "new_disability":
        return (_sel(code, "m.household_id", "m.person_id", "MIN(x.valid_until)", "MIN(CAST(x.grade AS INTEGER))",
                     "MAX(rp.threshold)", "MIN(x.category)") + base
                + " JOIN f_disability x ON x.id_index = m.id_index WHERE m.alive AND m.disability_grade IS NULL"
                f" AND CAST(x.grade AS INTEGER) <= rp.threshold AND x.valid_until >= {ms}"
                " GROUP BY m.household_id, m.person_id")
    if code == "unemployment":
        ended = window("x.end_date")
        return (_sel(code, "m.household_id", "m.person_id",
                     f"MAX(CASE WHEN {ended} THEN x.end_date ELSE x.start_date END)", "MAX(x.amount)", None,
                     f"MAX(CASE WHEN {ended} THEN 'end' ELSE 'start' END)") + base
                + f" JOIN f_unemployment x ON x.id_index = m.id_index WHERE m.alive AND ({window('x.start_date')}"
                f" OR {ended}) GROUP BY m.household_id, m.person_id")
    if code == "earner_loss":
        died = "COALESCE(d.died, m.death_date)"
        return (
            "WITH e AS (SELECT household_id, COUNT(*) AS n FROM mem WHERE earner GROUP BY household_id),"
            " d AS (SELECT m.person_id, MIN(x.death_date) AS died FROM mem m JOIN f_death x ON x.id_index = m.id_index"
            " WHERE m.earner GROUP BY m.person_id),"
            " med AS (SELECT m.person_id, SUM(x.total) AS total FROM mem m JOIN hh h ON h.household_id = m.household_id"
            f" JOIN rp ON rp.region_code = h.region_code AND rp.signal = '{code}'"
            f" JOIN f_medical x ON x.id_index = m.id_index WHERE m.earner AND {window('x.settle_date')}"
            " GROUP BY m.person_id) "
            + _sel(code, "m.household_id", "m.person_id", died, "med.total", "rp.threshold",
                   f"CASE WHEN {window(died)} THEN 'death' ELSE 'illness' END") + base
            + " JOIN e ON e.household_id = m.household_id AND e.n = 1 LEFT JOIN d ON d.person_id = m.person_id"
            f" LEFT JOIN med ON med.person_id = m.person_id WHERE m.earner AND ({window(died)}"
            f" OR ({died} IS NULL AND (m.serious_illness OR med.total >= rp.threshold)))")
    if code == "school_change":
        started = window("x.start_date")
        return (_sel(code, "m.household_id", "m.person_id",
                     f"MAX(CASE WHEN {started} THEN x.start_date ELSE x.end_date END)", None, None,
                     f"MAX(CASE WHEN {started} THEN 'start' ELSE 'end' END)") + base
                + f" JOIN f_schooling x ON x.id_index = m.id_index WHERE m.alive AND ({started}"
                f" OR {window('x.end_date')}) GROUP BY m.household_id, m.person_id")
    if code == "disaster":
        return (_sel(code, "m.household_id", "MIN(m.person_id)", "MAX(x.event_date)", "SUM(x.loss)",
                     "MAX(rp.threshold)", "MIN(x.disaster_type)") + base
                + f" JOIN f_disaster x ON x.id_index = m.id_index WHERE {window('x.event_date')}"
                " GROUP BY m.household_id HAVING SUM(x.loss) >= MAX(rp.threshold)")
    if code == "rigid_expense":
        # Medical out-of-pocket in the window plus, for each member at school (a stage with a cost set) during the
        # month, that stage's yearly cost (once per student).
        total = "COALESCE(rmed.oop, 0) + COALESCE(redu.cost, 0)"
        return (
            "WITH rmed AS (SELECT m.household_id, SUM(x.out_of_pocket) AS oop, MAX(x.settle_date) AS last_day"
            + base + f" JOIN f_medical x ON x.id_index = m.id_index WHERE {window('x.settle_date')}"
            " GROUP BY m.household_id),"
            " rst AS (SELECT m.household_id, m.person_id, MAX(ep.cost) AS cost FROM mem m"
            " JOIN hh h ON h.household_id = m.household_id JOIN f_schooling x ON x.id_index = m.id_index"
            " JOIN ep ON ep.region_code = h.region_code AND ep.level = x.level"
            f" WHERE m.alive AND x.start_date <= {me} AND (x.end_date IS NULL OR x.end_date >= {ms})"
            " GROUP BY m.household_id, m.person_id),"
            " redu AS (SELECT household_id, SUM(cost) AS cost, COUNT(*) AS n FROM rst GROUP BY household_id) "
            + _sel(code, "h.household_id", "h.head_id", "rmed.last_day", total, "rp.threshold * h.income_year",
                   "CAST(COALESCE(redu.n, 0) AS VARCHAR)")
            + f" FROM hh h JOIN rp ON rp.region_code = h.region_code AND rp.signal = '{code}'"
            " LEFT JOIN rmed ON rmed.household_id = h.household_id LEFT JOIN redu ON redu.household_id = h.household_id"
            f" WHERE (rmed.oop IS NOT NULL OR redu.cost IS NOT NULL) AND {total} > rp.threshold * h.income_year")
    if code == "low_income":
        return (_sel(code, "h.household_id", "h.head_id", None, "h.income_year", "rp.threshold * h.line_year",
                     "CAST(h.n_members AS VARCHAR)")
                + f" FROM hh h JOIN rp ON rp.region_code = h.region_code AND rp.signal = '{code}'"
                " WHERE h.line_year IS NOT NULL AND h.n_members > 0"
                " AND h.income_year < rp.threshold * h.line_year * h.n_members")
    if code == "rigid_expiring":
        return (_sel(code, "h.household_id", "h.head_id", "MIN(r.end_month)")
                + f" FROM rec r JOIN hh h ON h.household_id = r.household_id JOIN rp ON rp.region_code = h.region_code"
                f" AND rp.signal = '{code}' WHERE r.program = 'rigid_expense' AND r.end_month >= {ms}"
                " AND r.end_month <= rp.horizon GROUP BY h.household_id, h.head_id")
    if code == "poverty_return":
        return (_sel(code, "m.household_id", "m.person_id", "MAX(x.identified_on)", None, None, "MIN(x.monitor_type)")
                + base + f" JOIN f_poverty_return x ON x.id_index = m.id_index WHERE {window('x.identified_on')}"
                f" AND (x.removed_on IS NULL OR x.removed_on > {me}) GROUP BY m.household_id, m.person_id")
    raise KeyError(code)


def hits_sql(month_start: str, month_end: str) -> str:
    """Every signal's hits, kept only where the rule watches one of the household's layers."""
    union = " UNION ALL ".join(f"SELECT * FROM ({sql(c, month_start, month_end)}) AS s_{c}" for c in SIGNALS)
    # The hits are few: join them to the watched layers (a semi-join written as DISTINCT, which both engines plan
    # as hash joins; a correlated EXISTS is planned as a nested loop at scale).
    return ("WITH a AS (" + union + "), hl AS (SELECT DISTINCT mp.household_id, mp.layer FROM mp"
            " JOIN (SELECT DISTINCT household_id FROM a) x ON x.household_id = mp.household_id)"
            " SELECT DISTINCT a.* FROM a JOIN hh h ON h.household_id = a.household_id"
            " JOIN rw ON rw.region_code = h.region_code AND rw.signal = a.signal"
            " JOIN hl ON hl.household_id = a.household_id AND hl.layer = rw.layer")


SCORE_SQL = (
    "WITH s AS (SELECT DISTINCT household_id, signal FROM hits),"
    " sc AS (SELECT s.household_id, SUM(rp.weight) AS score FROM s JOIN hh h ON h.household_id = s.household_id"
    " JOIN rp ON rp.region_code = h.region_code AND rp.signal = s.signal GROUP BY s.household_id) "
    "SELECT sc.household_id, CAST(sc.score AS BIGINT) AS score,"
    " CASE WHEN lv.red IS NOT NULL AND sc.score >= lv.red THEN 'red'"
    " WHEN lv.orange IS NOT NULL AND sc.score >= lv.orange THEN 'orange'"
    " WHEN lv.yellow IS NOT NULL AND sc.score >= lv.yellow THEN 'yellow' ELSE NULL END AS level"
    " FROM sc JOIN hh h ON h.household_id = sc.household_id LEFT JOIN lv ON lv.region_code = h.region_code")


def reason(hit: tuple, names: dict[int, str], weight: int) -> str:
    """One hit as a sentence in Chinese (the warning's reasons)."""
    code, _, person, ev_date, value, limit, text = hit
    who = names.get(person, "")

    def money(v):
        return "" if v is None else f"{v:.2f}"

    def plain(v):
        return "" if v is None else format(v.normalize(), "f")

    tail = f"（权重 {weight}）"
    if code == "medical_oop":
        return f"{who}观察期内医疗个人自付 {money(value)} 元，超过 {plain(limit)} 元{tail}"
    if code == "new_disability":
        return f"{who}持有残疾人证（{int(value)}级，有效期至 {ev_date}），民政库未登记残疾{tail}"
    if code == "unemployment":
        what = "失业保险金终止" if text == "end" else "登记失业、领取失业保险金"
        return f"{who}于 {ev_date} {what}{tail}"
    if code == "earner_loss":
        if text == "death":
            return f"家庭唯一有收入的成员{who}于 {ev_date} 死亡{tail}"
        extra = f"（观察期内医疗总费用 {money(value)} 元）" if value is not None else ""
        return f"家庭唯一有收入的成员{who}患重病{extra}{tail}"
    if code == "school_change":
        return f"{who}于 {ev_date} {'入学' if text == 'start' else '离校'}{tail}"
    if code == "disaster":
        return f"家庭于 {ev_date} 前遭受灾害，直接经济损失 {money(value)} 元（不低于 {plain(limit)} 元）{tail}"
    if code == "rigid_expense":
        students = f"及 {text} 名在校生的年教育支出" if text and text != "0" else ""
        return (f"家庭观察期内医疗个人自付{students}合计 {money(value)} 元，超过家庭年收入的规定比例"
                f"（{money(limit)} 元）{tail}")
    if code == "low_income":
        return (f"家庭年收入 {money(value)} 元、{text} 人，人均低于 {money(limit)} 元/年"
                f"（低保标准的规定倍数）{tail}")
    if code == "rigid_expiring":
        return f"刚性支出困难家庭认定将于 {ev_date:%Y-%m} 到期{tail}"
    if code == "poverty_return":
        return f"{who}于 {ev_date} 被乡村振兴部门纳入防止返贫监测{tail}"
    raise KeyError(code)
