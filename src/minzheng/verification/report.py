"""The household economic verification report (家庭经济状况核对报告) for a case.

For each current member: what every feed says (income per month by kind over the last 12 months (this one
included), properties, vehicles, businesses, deposits, public employment, death, moves, schooling, disability,
medical costs), compared
with the declared figures (registry incomes, the case's declared assets) and the program's limits (standards in
force this month). Conclusion = the policy engine's verdict on the verified figures (verified_facts: the department's
figure where it reports more than was declared, the declaration where it reports nothing — 民发〔2021〕57号
第十三、十七条), so the report never contradicts the case page:
  不符合 — the engine finds the household ineligible on the verified figures, or a member has an active business
           above the capital limit or is a public employee (rules the engine does not hold);
  需核实 — department data report a death or a move, or the case lacks facts the engine needs (then department data
           above a limit still conclude 不符合 on their own);
  符合   — neither; the amount on the verified figures is stated.
Every difference between department data and the declaration is listed ("核对差异").
Stored as JSON, printable as a page (read through selectors.get_report), audited; visible to roles with
verification.view in the case's region."""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from decimal import Decimal

from django.db import transaction

from minzheng.benefits import case_evaluation, catalogue, evaluation, programs
from minzheng.benefits.models import Case
from minzheng.core import audit, clock, regions, roles
from minzheng.core.errors import Forbidden, NotFound, ServiceError
from minzheng.registry.models import Income, Membership
from minzheng.verification import comparison_rules, feeds, kinds, verified_facts
from minzheng.verification.compare import thresholds
from minzheng.verification.models import VerificationReport

INCOME_KINDS = (("social_insurance", "contribution_base", "社保缴费基数"), ("pension", "amount", "养老金"),
                ("housing_fund", "base", "公积金缴存基数"))


def _add_months(day: dt.date, n: int) -> dt.date:
    y, m = divmod(day.year * 12 + day.month - 1 + n, 12)
    return dt.date(y, m + 1, 1)


def _plain(v):
    if isinstance(v, Decimal):
        return f"{v:.2f}"
    if isinstance(v, dt.date):
        return v.isoformat()
    return v


_FOOTERS: dict[tuple, tuple] = {}


def _footer(path: str):
    """(metadata, column position of id_index, per row group (min, max) of id_index or None), cached per file
    version (snapshots are immutable files; the key includes size and mtime anyway)."""
    import pyarrow.parquet as pq

    st = os.stat(path)
    key = (path, st.st_size, st.st_mtime_ns)
    found = _FOOTERS.get(key)
    if found is None:
        md = pq.ParquetFile(path).metadata
        col = md.schema.names.index("id_index")
        bounds = []
        for i in range(md.num_row_groups):
            stats = md.row_group(i).column(col).statistics
            ok = stats is not None and stats.has_min_max
            bounds.append((stats.min, stats.max) if ok else None)
        found = _FOOTERS[key] = (md, bounds)
    return found


def lookup(indexes: list[str], until: dt.date) -> dict[str, dict[str, list[dict]]]:
    """{kind: {id_index: [row dicts]}} for the given people, from the lake. Snapshots are sorted by id_index in
    small row groups: only the row groups whose min/max cover a wanted key are read (footers cached per file)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    out: dict[str, dict[str, list[dict]]] = {code: defaultdict(list) for code in kinds.KINDS}
    wanted = sorted({i for i in indexes if i})
    if not wanted:
        return out
    keys = pa.array(wanted, pa.string())
    paths = feeds.snapshots_until(until)
    for code, kind in kinds.KINDS.items():
        cols = [n for n, _ in kind.stored_columns]
        seen = set()
        for path in paths[code]:
            md, bounds = _footer(path)
            groups = [g for g, b in enumerate(bounds)
                      if b is None or any(b[0] <= k <= b[1] for k in wanted)]
            if not groups:
                continue
            table = pq.ParquetFile(path, metadata=md).read_row_groups(groups, columns=cols)
            table = table.filter(pc.is_in(table["id_index"], value_set=keys))
            for row in zip(*(table[c].to_pylist() for c in cols), strict=True):
                if row in seen:  # events: the same row in several snapshots counts once
                    continue
                seen.add(row)
                out[code][row[0]].append({c: _plain(v) for c, v in zip(cols[1:], row[1:], strict=True)})
    return out


def _case_for(actor, case) -> Case:
    case_id = getattr(case, "pk", case)
    found = Case.objects.visible_to(actor).filter(pk=case_id).first()
    if found is None:
        raise NotFound()
    return found


def _member_section(person, rows: dict, months: list[dt.date], declared_year: dict) -> dict:
    months_text = [m.isoformat()[:7] for m in months]
    income = {}
    for kind, column, label in INCOME_KINDS:
        per = {m: Decimal(0) for m in months_text}
        for r in rows.get(kind, []):
            if r["month"][:7] in per:
                per[r["month"][:7]] += Decimal(r[column])
        if any(per.values()):
            income[kind] = {"label": label, "months": {k: f"{v:.2f}" for k, v in per.items()}}
    unemployment = {m: Decimal(0) for m in months_text}
    for r in rows.get("unemployment", []):
        start, end = dt.date.fromisoformat(r["start_date"]), r["end_date"] and dt.date.fromisoformat(r["end_date"])
        for m in months:
            if start <= _add_months(m, 1) - dt.timedelta(days=1) and (not end or end >= m):
                unemployment[m.isoformat()[:7]] += Decimal(r["amount"])
    if any(unemployment.values()):
        income["unemployment"] = {"label": "失业保险金", "months": {k: f"{v:.2f}" for k, v in unemployment.items()}}
    feed_year = sum((Decimal(v) for block in income.values() if block["label"] != "公积金缴存基数"
                     for v in block["months"].values()), Decimal(0))
    return {"person_id": person.pk, "name": person.name, "id_number": person.id_number_masked,
            "birth_date": person.birth_date.isoformat(), "income": income,
            "feed_income_12m": f"{feed_year:.2f}",
            "declared_income_year": f"{declared_year.get(person.pk, Decimal(0)):.2f}",
            **{k: rows.get(k, []) for k in ("tax", "real_estate", "vehicle", "business", "deposit", "public_employee",
                                            "death", "hukou_move", "schooling", "disability", "medical")}}


def _limits_exceeded(limits: dict, sections: list[dict], months: list[dt.date], n: int, deposits: Decimal,
                     cars: list[dict], homes: set) -> list[str]:
    """Department data alone above a program limit (57号 第十三、十四条), for a case the engine cannot evaluate."""
    out = []
    last = months[-1].isoformat()[:7]
    month_income = sum((Decimal(b["months"][last]) for s in sections for k, b in s["income"].items()
                        if k != "housing_fund"), Decimal(0))
    line_year = limits["line_year"]
    if line_year is not None and month_income * 12 > line_year * n:
        out.append(f"部门数据显示 {last} 家庭收入 {month_income:.2f} 元，{n} 人，人均超过低保标准"
                   f"（{line_year.normalize():f} 元/人/年）")
    fin_months = limits["fin_months"]
    if fin_months is not None and line_year is not None and deposits * 12 > fin_months * line_year * n:
        out.append(f"存款等金融资产 {deposits:.2f} 元，人均超过 {limits['fin_months'].normalize():f} 个月低保标准")
    vlimit, climit = limits["vehicle_value_limit"], limits["vehicle_count_limit"]
    if cars and ((vlimit is not None and max(Decimal(c["value"]) for c in cars) > vlimit)
                 or (climit is not None and len(cars) > climit)):
        out.append(f"非豁免车辆 {len(cars)} 辆，最高价值 {max(Decimal(c['value']) for c in cars):.2f} 元，超过规定")
    if limits["housing_units_limit"] is not None and len(homes) > limits["housing_units_limit"]:
        out.append(f"住宅 {len(homes)} 套，超过 {limits['housing_units_limit']} 套")
    return out


def _verdict(case: Case, month: dt.date, sections: list[dict], found: dict) -> dict:
    """The policy engine's verdict on the case's facts corrected by department data (verified_facts), as stored in
    the report: eligible (None when the case cannot be evaluated), amount, the engine's reasons, the differences."""
    payload, _ids = case_evaluation.build_payload(case, month)
    verified = verified_facts.verify(payload, {str(s["person_id"]): s for s in sections}, found)
    out = {"eligible": None, "monthly_amount": None, "reasons": [], "differences": verified.differences, "error": ""}
    if not payload["household"]["members"]:
        out["error"] = "该家庭没有在册（在世）成员"
        return out
    try:
        result = evaluation.evaluate_request(evaluation.parse(verified.payload))
    except ServiceError as exc:
        out["error"] = "；".join(e.message for e in getattr(exc, "errors", [])) or exc.message
        return out
    eligible, amount = case_evaluation.amount_for(case, result)
    reasons = list(result.reasons) or [r for m in result.members for r in m.reasons]
    out.update(eligible=bool(eligible), monthly_amount=f"{amount:.2f}" if amount is not None else None,
               reasons=reasons)
    return out


def build(case: Case, today: dt.date) -> tuple[str, list[str], dict]:
    month = today.replace(day=1)
    members = list(Membership.objects.filter(household_id=case.household_id, left_on__isnull=True,
                                             person__death_date__isnull=True).select_related("person", "household"))
    people = [m.person for m in members]
    area = members[0].household.urban_rural if members else "urban"
    limits = dict(zip(["region_code", "area", "line_year", "fin_months", "vehicle_value_limit", "vehicle_count_limit",
                       "housing_units_limit", "business_capital_limit", "orphan_cutoff", "unsupported_cutoff"],
                      thresholds([(case.region_code, area)], month)[0], strict=True))
    data_by_kind = lookup([p.id_number_index for p in people], today)
    latest_year = {}
    declared_year: dict[int, Decimal] = defaultdict(Decimal)
    incomes = list(Income.objects.filter(person__in=people).values_list("person_id", "year", "annual_amount"))
    for pid, year, _amount in incomes:
        latest_year[pid] = max(latest_year.get(pid, 0), year)
    for pid, year, amount in incomes:
        if year == latest_year[pid]:
            declared_year[pid] += amount
    months = [_add_months(month, -k) for k in range(11, -1, -1)]  # the last 12 months, this one included
    sections = []
    for p in people:
        rows = {k: v.get(p.id_number_index, []) for k, v in data_by_kind.items()}
        sections.append(_member_section(p, rows, months, declared_year))
    ineligible, check = [], []
    tested = case.program in programs.means_tested()
    deposits = sum((Decimal(r["balance"]) for s in sections for r in s["deposit"]), Decimal(0))
    cars = [r for s in sections for r in s["vehicle"] if r["vehicle_type"] not in comparison_rules.EXEMPT_VEHICLE_TYPES]
    homes = {r["property_id"] for s in sections for r in s["real_estate"] if r["usage"] == "residential"}
    verdict = _verdict(case, month, sections, {"deposits": deposits, "vehicles": [Decimal(c["value"]) for c in cars],
                                                "homes": len(homes)})
    if verdict["eligible"] is False:
        ineligible.extend(f"按核对后数据测算不符合条件：{r}" for r in verdict["reasons"] or ["未通过政策测算"])
    elif verdict["eligible"] is None:
        check.append(f"无法按核对后数据测算：{verdict['error']}")
        if tested:  # facts missing for the engine: department data above a limit still decide on their own
            ineligible.extend(_limits_exceeded(limits, sections, months, len(people) or 1, deposits, cars, homes))
    blimit = limits["business_capital_limit"]
    places = regions.names_for({mv["to_region"] for s in sections for mv in s["hukou_move"] if mv["to_region"]})
    for s in sections:
        if tested and blimit is not None:
            ineligible.extend(
                f"{s['name']}：存续市场主体“{b['entity_name']}”注册资本 {b['registered_capital']} 元，"
                f"超过 {blimit:.2f} 元"
                for b in s["business"] if b["status"] == "active" and Decimal(b["registered_capital"]) > blimit)
        if s["public_employee"] and tested:
            ineligible.append(f"{s['name']}：财政供养人员（{s['public_employee'][0]['employer']}）")
        if s["death"]:
            check.append(f"{s['name']}：部门数据显示已于 {s['death'][0]['death_date']} 死亡，请核实并更新登记")
        check.extend(f"{s['name']}：{mv['move_date']} 户籍迁出至 {places.get(mv['to_region'], mv['to_region'])}"
                     for mv in s["hukou_move"]
                     if mv["event"] == "out" and (mv["to_region"] or "")[:6] != case.region_code[:6])
    conclusion = "ineligible" if ineligible else ("check" if check else "eligible")
    if conclusion == "eligible":
        reasons = [f"按核对后数据测算符合条件，月救助金 {verdict['monthly_amount']} 元"
                   + ("；部门数据与申报一致" if not verdict["differences"] else "")]
    else:
        reasons = ineligible + check
    reasons += [f"核对差异：{d}" for d in verdict["differences"]]
    data = {"program": case.program, "program_name": catalogue.PROGRAMS.get(case.program, case.program),
            "month": month.isoformat()[:7], "members": sections, "household_size": len(people),
            "limits": {k: _plain(v) for k, v in limits.items() if k not in ("region_code", "area")},
            "declared_assets": (case.facts or {}).get("assets") or {}, "feeds_as_of": today.isoformat(),
            "verified": verdict}
    return conclusion, reasons, data


def request_report(actor, case) -> VerificationReport:
    if not roles.has_perm(actor, "verification.request"):
        raise Forbidden("您的角色不能发起家庭经济状况核对")
    case = _case_for(actor, case)
    today = clock.today()
    conclusion, reasons, data = build(case, today)
    with transaction.atomic():
        rep = VerificationReport.objects.create(case=case, household_id=case.household_id,
                                                region_code=case.region_code, month=today.replace(day=1),
                                                conclusion=conclusion, reasons=reasons, data=data, requested_by=actor)
        audit.record(actor, audit.Event("report_create", "verification_report", rep.pk, case.region_code, {
            "case": [None, case.pk], "conclusion": [None, conclusion], "members": [None, data["household_size"]]}))
    return rep
