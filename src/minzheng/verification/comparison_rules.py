"""The comparison rules (比对规则), written once as SQL in DuckDB's dialect and transpiled to Spark SQL by SQLGlot.

Every rule reads the same views:
  ent(ent_id, program, household_id, principal_id, region_code, county, area, monthly_amount, start_month,
      n_members)                       the entitlements in payment this month (n_members: living covered persons)
  cover(ent_id, person_id, id_index, birth_date, alive)   who each entitlement covers: the beneficiary of a
                                       person entitlement, or the current members of the household
  thr(region_code, area, line_year, fin_months, vehicle_value_limit, vehicle_count_limit, housing_units_limit,
      business_capital_limit, orphan_cutoff, unsupported_cutoff)   the standards in force (NULL = not set)
  f_<kind>                             the feeds as of the month's last day (feeds.snapshot_paths)
and returns (rule, ent_id, person_id, ev_date, ev_text, ev_value, ev_count, ev_limit). Comparisons are exact:
money stays DECIMAL, per-capita tests multiply instead of dividing (income × 12 > annual line × members), age limits
arrive as birth-date cut-offs, so DuckDB and Spark give the same answers.

Rules cite what they implement; thresholds are standards data (benefits.catalogue, per region and month). Which
programs a rule tests is declared with each program (Program.comparison_rules), except the general rules that test
every program."""

from __future__ import annotations

from dataclasses import dataclass

from minzheng.benefits import programs

# Vehicles kept for the family's living or production (民发〔2021〕57号 第十四条: assets "维持家庭生产生活的必需"
# may be exempted): not counted by the vehicle rule.
EXEMPT_VEHICLE_TYPES = ("残疾人专用车", "残疾人机动轮椅车", "摩托车", "三轮汽车", "低速货车", "拖拉机", "农用车")


@dataclass(frozen=True)
class Rule:
    code: str
    label: str
    basis: str
    needs: tuple[str, ...] = ()  # thr columns that must be set for the rule to run in a region
    outcome: str = "stop"  # the usual outcome when confirmed (suggested on the finding page)
    general: bool = False  # applies to every program; otherwise to the programs that declare it

    @property
    def programs(self) -> tuple[str, ...]:
        """The programs whose declaration lists this rule (benefits.programs); () for a general rule."""
        return () if self.general else programs.with_comparison_rule(self.code)


RULES: dict[str, Rule] = {r.code: r for r in [
    Rule("death", "救助对象死亡", "民发〔2021〕57号 第三十二条；民发〔2022〕83号（成员死亡3个月内复核）",
         outcome="death", general=True),
    Rule("moved_out", "户籍迁出本县", "《社会救助暂行办法》第十一条（向户籍所在地申请）", general=True),
    Rule("income_above_line", "收入超过低保标准", "民发〔2021〕57号 第十三条、第三十二条；民发〔2021〕43号 第六条",
         ("line_year",), "decrease"),
    Rule("vehicle", "拥有非生活必需车辆", "民发〔2021〕57号 第十四条（车辆；地方财产标准）", ("vehicle_value_limit",)),
    Rule("property", "住房超过规定套数", "民发〔2021〕57号 第十四条（房屋；地方财产标准）", ("housing_units_limit",)),
    Rule("business", "经营市场主体注册资本超限", "民发〔2021〕57号 第十四条；地方比对规定",
         ("business_capital_limit",)),
    Rule("public_employee", "财政供养人员", "民发〔2021〕57号 第十五条（财政供养人员家庭不纳入）"),
    Rule("deposit", "存款等金融资产超限", "民发〔2021〕57号 第十四条（金融资产；地方财产标准）",
         ("line_year", "fin_months")),
    Rule("double_tekun_dibao", "特困与低保重复享受", "《社会救助暂行办法》第十四条；民发〔2021〕43号 第十五条"),
    Rule("double_orphan_tekun", "孤儿与特困重复享受", "民发〔2021〕43号；孤儿基本生活保障与特困供养不得重复"),
    Rule("two_counties", "同一人在两个县重复享受", "《社会救助暂行办法》第十一条（户籍所在地申请）", (), "suspend",
         general=True),
    Rule("child_out_of_school", "超龄且不在校",
         "孤儿、事实无人抚养儿童保障至18周岁（民发〔2019〕62号）；年满18周岁仍在校的可延续"),
]}

NULLS = ("CAST(NULL AS DATE)", "CAST(NULL AS VARCHAR)", "CAST(NULL AS DECIMAL(18,2))", "CAST(NULL AS BIGINT)",
         "CAST(NULL AS DECIMAL(18,4))")


def _select(rule, ent, person, ev_date=None, ev_text=None, ev_value=None, ev_count=None, ev_limit=None) -> str:
    cols = [f"'{rule}' AS rule", f"CAST({ent} AS BIGINT) AS ent_id", f"CAST({person} AS BIGINT) AS person_id",
            f"CAST({ev_date} AS DATE) AS ev_date" if ev_date else f"{NULLS[0]} AS ev_date",
            f"CAST({ev_text} AS VARCHAR) AS ev_text" if ev_text else f"{NULLS[1]} AS ev_text",
            f"CAST({ev_value} AS DECIMAL(18,2)) AS ev_value" if ev_value else f"{NULLS[2]} AS ev_value",
            f"CAST({ev_count} AS BIGINT) AS ev_count" if ev_count else f"{NULLS[3]} AS ev_count",
            f"CAST({ev_limit} AS DECIMAL(18,4)) AS ev_limit" if ev_limit else f"{NULLS[4]} AS ev_limit"]
    return "SELECT " + ", ".join(cols)


def _in(values) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


def sql(code: str, month_start: str, month_end: str) -> str:
    """The rule's query (DuckDB dialect); month_start/month_end as 'YYYY-MM-DD'."""
    ms, me = f"DATE '{month_start}'", f"DATE '{month_end}'"
    rule = RULES[code]
    progs = rule.programs
    prog = "1 = 1" if rule.general else (f"e.program IN {_in(progs)}" if progs else "1 = 0")
    thr_join = "JOIN thr t ON t.region_code = e.region_code AND t.area = e.area"
    if code == "death":
        return (_select(code, "c.ent_id", "c.person_id", "MIN(d.death_date)") +
                f" FROM cover c JOIN f_death d ON d.id_index = c.id_index WHERE d.death_date <= {me}"
                " GROUP BY c.ent_id, c.person_id")
    if code == "moved_out":
        return (_select(code, "c.ent_id", "c.person_id", "MAX(m.move_date)", "MAX(m.to_region)") +
                " FROM cover c JOIN ent e ON e.ent_id = c.ent_id JOIN f_hukou_move m ON m.id_index = c.id_index"
                f" WHERE m.event = 'out' AND m.move_date >= e.start_month AND m.move_date <= {me}"
                " AND SUBSTR(m.to_region, 1, 6) <> e.county GROUP BY c.ent_id, c.person_id")
    if code == "income_above_line":
        return (
            "WITH inc AS ("
            f" SELECT id_index, contribution_base AS amt FROM f_social_insurance WHERE month = {ms}"
            f" UNION ALL SELECT id_index, amount AS amt FROM f_pension WHERE month = {ms}"
            f" UNION ALL SELECT id_index, amount AS amt FROM f_unemployment WHERE start_date <= {me}"
            f" AND (end_date IS NULL OR end_date >= {ms})),"
            " per AS (SELECT c.ent_id, SUM(i.amt) AS income FROM cover c JOIN inc i ON i.id_index = c.id_index"
            " WHERE c.alive GROUP BY c.ent_id) "
            + _select(code, "e.ent_id", "e.principal_id", ev_value="per.income", ev_count="e.n_members",
                      ev_limit="t.line_year")
            + f" FROM ent e JOIN per ON per.ent_id = e.ent_id {thr_join} WHERE {prog} AND t.line_year IS NOT NULL"
            " AND per.income * 12 > t.line_year * e.n_members")
    if code == "vehicle":
        exempt = _in(EXEMPT_VEHICLE_TYPES)
        return (
            "WITH v AS (SELECT c.ent_id, c.person_id, x.plate, x.value FROM cover c JOIN f_vehicle x"
            f" ON x.id_index = c.id_index WHERE c.alive AND x.vehicle_type NOT IN {exempt}),"
            " agg AS (SELECT ent_id, COUNT(*) AS n, MAX(value) AS maxv FROM v GROUP BY ent_id),"
            " top AS (SELECT ent_id, person_id, plate, ROW_NUMBER() OVER (PARTITION BY ent_id"
            " ORDER BY value DESC, person_id, plate) AS rn FROM v) "
            + _select(code, "e.ent_id", "top.person_id", ev_text="top.plate", ev_value="agg.maxv",
                      ev_count="agg.n", ev_limit="t.vehicle_value_limit")
            + f" FROM ent e JOIN agg ON agg.ent_id = e.ent_id JOIN top ON top.ent_id = e.ent_id AND top.rn = 1"
            f" {thr_join} WHERE {prog} AND t.vehicle_value_limit IS NOT NULL AND (agg.maxv > t.vehicle_value_limit"
            " OR (t.vehicle_count_limit IS NOT NULL AND agg.n > t.vehicle_count_limit))")
    if code == "property":
        return (
            "WITH p AS (SELECT c.ent_id, COUNT(DISTINCT x.property_id) AS n, SUM(x.area) AS area FROM cover c"
            " JOIN f_real_estate x ON x.id_index = c.id_index WHERE c.alive AND x.usage = 'residential'"
            " GROUP BY c.ent_id) "
            + _select(code, "e.ent_id", "e.principal_id", ev_value="p.area", ev_count="p.n",
                      ev_limit="t.housing_units_limit")
            + f" FROM ent e JOIN p ON p.ent_id = e.ent_id {thr_join} WHERE {prog}"
            " AND t.housing_units_limit IS NOT NULL AND p.n > t.housing_units_limit")
    if code == "business":
        return (_select(code, "c.ent_id", "c.person_id", ev_text="MIN(b.entity_name)",
                        ev_value="MAX(b.registered_capital)", ev_count="COUNT(*)",
                        ev_limit="MAX(t.business_capital_limit)") +
                f" FROM cover c JOIN ent e ON e.ent_id = c.ent_id {thr_join}"
                " JOIN f_business b ON b.id_index = c.id_index"
                f" WHERE c.alive AND {prog} AND b.status = 'active' AND t.business_capital_limit IS NOT NULL"
                " AND b.registered_capital > t.business_capital_limit GROUP BY c.ent_id, c.person_id")
    if code == "public_employee":
        return (_select(code, "c.ent_id", "c.person_id", ev_text="MIN(x.employer)") +
                " FROM cover c JOIN ent e ON e.ent_id = c.ent_id JOIN f_public_employee x ON x.id_index = c.id_index"
                f" WHERE c.alive AND {prog} GROUP BY c.ent_id, c.person_id")
    if code == "deposit":
        return (
            "WITH d AS (SELECT c.ent_id, SUM(x.balance) AS bal FROM cover c JOIN f_deposit x"
            " ON x.id_index = c.id_index WHERE c.alive GROUP BY c.ent_id) "
            + _select(code, "e.ent_id", "e.principal_id", ev_value="d.bal", ev_count="e.n_members",
                      ev_limit="t.fin_months * t.line_year / 12")
            + f" FROM ent e JOIN d ON d.ent_id = e.ent_id {thr_join} WHERE {prog} AND t.fin_months IS NOT NULL"
            " AND t.line_year IS NOT NULL AND d.bal * 12 > t.fin_months * t.line_year * e.n_members")
    if code == "double_tekun_dibao":
        return (_select(code, "e.ent_id", "c.person_id", ev_text="MIN(k.ent_id)") +
                " FROM ent e JOIN cover c ON c.ent_id = e.ent_id JOIN cover kc ON kc.person_id = c.person_id"
                " JOIN ent k ON k.ent_id = kc.ent_id AND k.program = 'tekun'"
                f" WHERE c.alive AND {prog} GROUP BY e.ent_id, c.person_id")
    if code == "double_orphan_tekun":
        return (_select(code, "e.ent_id", "c.person_id", ev_text="MIN(o.ent_id)") +
                " FROM ent e JOIN cover c ON c.ent_id = e.ent_id JOIN cover oc ON oc.person_id = c.person_id"
                " JOIN ent o ON o.ent_id = oc.ent_id AND o.program = 'orphan'"
                f" WHERE c.alive AND {prog} GROUP BY e.ent_id, c.person_id")
    if code == "two_counties":
        ev_text = "MIN(CONCAT(o.county, ':', CAST(o.ent_id AS VARCHAR)))"
        return (_select(code, "e.ent_id", "c.person_id", ev_text=ev_text) +
                " FROM ent e JOIN cover c ON c.ent_id = e.ent_id JOIN cover oc ON oc.person_id = c.person_id"
                " AND oc.ent_id <> c.ent_id JOIN ent o ON o.ent_id = oc.ent_id AND o.program = e.program"
                " AND o.county <> e.county WHERE c.alive GROUP BY e.ent_id, c.person_id")
    if code == "child_out_of_school":
        return (
            f"WITH s AS (SELECT DISTINCT id_index FROM f_schooling WHERE start_date <= {me}"
            f" AND (end_date IS NULL OR end_date >= {ms})) "
            + _select(code, "e.ent_id", "c.person_id", ev_date="c.birth_date")
            + f" FROM ent e JOIN cover c ON c.ent_id = e.ent_id {thr_join}"
            " LEFT JOIN s ON s.id_index = c.id_index"
            " WHERE c.alive AND s.id_index IS NULL AND ("
            "(e.program = 'orphan' AND t.orphan_cutoff IS NOT NULL AND c.birth_date <= t.orphan_cutoff) OR"
            " (e.program = 'unsupported_child' AND t.unsupported_cutoff IS NOT NULL"
            " AND c.birth_date <= t.unsupported_cutoff))")
    raise KeyError(code)


def places(hits) -> set[str]:
    """The region codes the evidence of these hits names (moves out, the other county), to be shown by name."""
    out = set()
    for hit in hits:
        if hit[0] == "moved_out" and hit[4]:
            out.add(hit[4])
        elif hit[0] == "two_counties" and hit[4]:
            out.add(hit[4].split(":")[0].ljust(12, "0"))
    return out


def evidence(code: str, row: tuple, names: dict[str, str] | None = None) -> dict:
    """The finding's evidence in Chinese-labelled JSON, from the rule's evidence columns; `names` (region code ->
    name) puts the places in the text by name (the codes stay in their own keys)."""
    names = names or {}
    _, _, _, ev_date, ev_text, ev_value, ev_count, ev_limit = row

    def money(v):
        return None if v is None else f"{v:.2f}"

    limit = None if ev_limit is None else format(ev_limit.normalize(), "f")
    if code == "death":
        return {"death_date": ev_date.isoformat(), "text": f"部门数据显示已于 {ev_date} 死亡"}
    if code == "moved_out":
        return {"move_date": ev_date.isoformat(), "to_region": ev_text,
                "text": f"{ev_date} 户籍迁出至 {names.get(ev_text, ev_text)}（本县以外）"}
    if code == "income_above_line":
        return {"monthly_income": money(ev_value), "members": ev_count, "line_year": limit,
                "text": f"当月社保缴费基数、养老金、失业金合计 {money(ev_value)} 元，{ev_count} 人，"
                        f"人均超过低保标准（{limit} 元/人/年）"}
    if code == "vehicle":
        return {"plate": ev_text, "max_value": money(ev_value), "count": ev_count, "value_limit": limit,
                "text": f"非豁免车辆 {ev_count} 辆，最高价值 {money(ev_value)} 元（{ev_text}），上限 {limit} 元"}
    if code == "property":
        return {"units": ev_count, "area": money(ev_value), "limit": limit,
                "text": f"住宅 {ev_count} 套、{money(ev_value)} 平方米，超过 {limit} 套"}
    if code == "business":
        return {"entity": ev_text, "registered_capital": money(ev_value), "count": ev_count, "limit": limit,
                "text": f"存续市场主体“{ev_text}”等 {ev_count} 个，注册资本最高 {money(ev_value)} 元，超过 {limit} 元"}
    if code == "public_employee":
        return {"employer": ev_text, "text": f"财政供养人员（{ev_text}）"}
    if code == "deposit":
        return {"balance": money(ev_value), "members": ev_count, "limit_per_capita": limit,
                "text": f"金融资产合计 {money(ev_value)} 元，{ev_count} 人，人均超过 {limit} 元"}
    if code in ("double_tekun_dibao", "double_orphan_tekun"):
        return {"other_entitlement_id": int(ev_text), "text": f"同时享受待遇 #{ev_text}"}
    if code == "two_counties":
        county, other = ev_text.split(":")
        return {"other_county": county, "other_entitlement_id": int(other),
                "text": f"同一人同一项目在 {names.get(county.ljust(12, '0'), county)} 另有待遇 #{other}"}
    if code == "child_out_of_school":
        return {"birth_date": ev_date.isoformat(), "text": f"出生于 {ev_date}，已超过年龄上限且无在校记录"}
    raise KeyError(code)
