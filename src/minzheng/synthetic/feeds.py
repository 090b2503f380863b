"""Synthetic department feeds with planted anomalies: `minzheng seed feeds --month YYYY-MM [--anomaly-rate R]
[--seed S] [--out DIR] [--county CODE] [--no-load]`.

For the entitlements paying in the month (a county seeded with `minzheng seed` + `seed assistance`), writes one CSV
per kind into DIR (default MINZHENG_HOME/feeds/YYYY-MM) and loads them (as of the month's last day) unless
--no-load. A share R of the entitlements gets one planted anomaly of a feed-based rule (death, move out of the
county, income above the line, a car over the limit, a home too many, a business over the capital limit, public
employment, deposits over the limit); as many others get a near-miss of a rule (just at the limit, exempt, the
wrong month, within the county …); people without entitlements get background rows. Only people covered by a single
entitlement are used, so each plant yields exactly one finding. ground_truth.json lists the expected findings
(rule, entitlement_id, person_id) and the near-misses; rules that read the database only (double benefits, two
counties, a child past the age limit) are not planted here. Deterministic for a seed."""

from __future__ import annotations

import datetime as dt
import json
import random
from collections import Counter
from decimal import ROUND_FLOOR, Decimal
from pathlib import Path

from minzheng import home
from minzheng.benefits import programs
from minzheng.core import months, protected
from minzheng.core.errors import ValidationFailed
from minzheng.core.spreadsheets import write_rows
from minzheng.registry.models import Person
from minzheng.verification import compare, kinds
from minzheng.verification import feeds as department_feeds

FEED_RULES = ("death", "moved_out", "income_above_line", "vehicle", "property", "business", "public_employee",
              "deposit")
FEN = Decimal("0.01")


def _floor(v: Decimal) -> Decimal:
    return v.quantize(FEN, rounding=ROUND_FLOOR)


def seed(month_text: str, anomaly_rate: float = 0.02, seed: int = 1, out: Path | None = None, county: str = "",
         load: bool = True) -> dict:
    if not 0 <= anomaly_rate <= 0.5:
        raise ValidationFailed.one("anomaly_rate", "植入比例应在 0 到 0.5 之间")
    month = compare.parse_month(month_text)
    end = months.month_end(month)
    rng = random.Random(seed)
    got = compare.collect_inputs(month)
    ents = sorted(got["ent_rows"])
    if county:
        ents = [e for e in ents if e[5] == county[:6]]
    if not ents:
        raise ValidationFailed.one("month", f"{month_text} 没有正在发放的救助待遇："
                                            "请先运行 minzheng seed 与 seed assistance")
    covered = Counter(c[1] for c in got["cover"])
    alive = {}
    for ent_id, pid, _, _, is_alive in got["cover"]:
        if is_alive:
            alive.setdefault(ent_id, []).append(pid)
    thr = {(r[0], r[1]): dict(zip([n for n, _ in compare.THR_COLUMNS], r, strict=True)) for r in got["thr"]}
    clean = [e for e in ents if alive.get(e[0]) and all(covered[p] == 1 for p in alive[e[0]])
             and e[3] in alive[e[0]]]
    rng.shuffle(clean)
    n_plant = round(anomaly_rate * len(ents))
    # The programs the means rules (income, car, home, business, post, deposits) apply to, as their apps declare
    # them; their entitlements first (most rules apply only to them), alternately planted and near-missed.
    means_programs = programs.with_comparison_rule("income_above_line")
    means = [e for e in clean if e[1] in means_programs]
    others = [e for e in clean if e[1] not in means_programs]
    targets, near = (means[::2] + others[::2])[:n_plant], (means[1::2] + others[1::2])[:n_plant]
    rows: dict[str, list] = {k: [] for k in kinds.KINDS}
    wanted: set[int] = set()
    planted, near_misses = [], []
    other_county = "110101001001" if ents[0][5] != "110101" else "310101001001"

    def plan(ent, is_near: bool, k: int):
        ent_id, program, _, principal, region, _, area, _, _, n = ent
        t = thr[(region, area)]
        rules_here = [r for r in FEED_RULES if program in means_programs or r in ("death", "moved_out")]
        rule = rules_here[k % len(rules_here)]
        person = min(alive[ent_id])
        limit_ok = {"income_above_line": t["line_year"], "vehicle": t["vehicle_value_limit"],
                    "property": t["housing_units_limit"], "business": t["business_capital_limit"],
                    "deposit": t["fin_months"] is not None and t["line_year"]}
        if rule in limit_ok and not limit_ok[rule]:
            rule = "death"
        who = principal if rule in ("income_above_line", "property", "deposit") else person
        wanted.add(who)
        if rule == "death":
            rows["death"].append((who, (end + dt.timedelta(days=3)) if is_near else (month + dt.timedelta(days=4))))
        elif rule == "moved_out":
            to = (region[:6] + "999999") if is_near else other_county
            rows["hukou_move"].append((who, "迁出", month + dt.timedelta(days=2), to))
        elif rule == "income_above_line":
            exact = _floor(t["line_year"] * n / 12)
            rows["pension"].append((who, month.strftime("%Y-%m"), exact if is_near else exact + 1))
        elif rule == "vehicle":
            value = _floor(t["vehicle_value_limit"])
            rows["vehicle"].append((who, f"浙Z{ent_id % 100000:05d}", "摩托车" if is_near else "小型轿车",
                                    dt.date(2024, 5, 1), value * 2 if is_near else value + 1000))
        elif rule == "property":
            units = t["housing_units_limit"] + (0 if is_near else 1)
            for i in range(units):
                rows["real_estate"].append((who, f"R{ent_id}-{i}", "住宅", Decimal("65.50"), region))
            if is_near:
                rows["real_estate"].append((who, f"R{ent_id}-c", "商业", Decimal(20), region))
        elif rule == "business":
            cap = _floor(t["business_capital_limit"]) + 1
            rows["business"].append((who, f"合成商贸{ent_id}有限公司", "法定代表人", cap * 5 if is_near else cap,
                                     "注销" if is_near else "存续"))
        elif rule == "public_employee":
            if not is_near:
                rows["public_employee"].append((who, "合成县某局"))
        elif rule == "deposit":
            limit = _floor(t["fin_months"] * t["line_year"] * n / 12)
            rows["deposit"].append((who, limit if is_near else limit + 100, end))
        record = {"rule": rule, "entitlement_id": ent_id, "person_id": who}
        (near_misses if is_near else planted).append(record)

    for is_near, group in ((False, targets), (True, near)):
        turn = Counter()  # each rule in turn, separately for means-tested programs and the others
        for ent in group:
            kind_of = ent[1] in means_programs
            plan(ent, is_near, turn[kind_of])
            turn[kind_of] += 1
    # Background: people without any paying entitlement.
    covered_all = set(covered)
    pool = list(Person.objects.exclude(pk__in=covered_all).order_by("id").values_list("pk", flat=True)[:50000])
    background = rng.sample(pool, min(len(pool), max(20, 5 * len(ents))))
    wanted.update(background)
    for i, pid in enumerate(background):
        rows["social_insurance"].append((pid, month.strftime("%Y-%m"), "合成有限公司", Decimal(3000 + i % 5000)))
        if i % 3 == 0:
            rows["vehicle"].append((pid, f"浙B{i:05d}", "小型轿车", dt.date(2022, 1, 1), Decimal(60000 + i)))
        if i % 4 == 0:
            rows["real_estate"].append((pid, f"B{i}", "住宅", Decimal(90), ""))
        if i % 5 == 0:
            rows["deposit"].append((pid, Decimal(80000 + i), end))
        if i % 7 == 0:
            rows["public_employee"].append((pid, "合成县某局"))
        if i % 11 == 0:
            rows["medical"].append((pid, month + dt.timedelta(days=i % 25), Decimal(1000 + i), Decimal(300)))
        if i % 13 == 0:
            rows["tax"].append((pid, month.year - 1, Decimal(50000 + i)))
    numbers = {pk: protected.open_value(Person, "id_number_enc", enc, index) for pk, enc, index in
               Person.objects.filter(pk__in=wanted).values_list("pk", "id_number_enc", "id_number_index")}
    folder = Path(out) if out else home.home_dir("feeds", month.strftime("%Y-%m"))
    folder.mkdir(parents=True, exist_ok=True)
    written, loaded = {}, {}
    for code, kind in kinds.KINDS.items():
        if not rows[code]:
            continue
        header = [c.key for c in kind.columns]
        data = [(numbers[r[0]], *[v.isoformat() if isinstance(v, dt.date) else v for v in r[1:]])
                for r in rows[code]]
        path = write_rows(folder / f"{code}.csv", header, data)
        written[code] = len(data)
        if load:
            loaded[code] = department_feeds.load(code, path, end)["rows"]
    truth = {"month": month.strftime("%Y-%m"), "seed": seed, "anomaly_rate": anomaly_rate,
             "planted": sorted(planted, key=lambda r: (r["rule"], r["entitlement_id"])),
             "near_misses": sorted(near_misses, key=lambda r: (r["rule"], r["entitlement_id"])),
             "not_planted": ["double_tekun_dibao", "double_orphan_tekun", "two_counties", "child_out_of_school"]}
    (folder / "ground_truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
    return {"month": truth["month"], "entitlements": len(ents), "planted": len(planted),
            "near_misses": len(near_misses), "by_rule": dict(sorted(Counter(r["rule"] for r in planted).items())),
            "rows": written, "loaded": loaded, "out": str(folder), "ground_truth": str(folder / "ground_truth.json")}
