"""Fixtures of the verification tests: recipients with department feeds planting one case per comparison rule,
and near-misses (`world`)."""

from __future__ import annotations

import pytest

from minzheng.benefits.models import Entitlement
from minzheng.benefits.tests.factories import grant
from minzheng.registry.tests.factories import make_family
from minzheng.verification.tests.factories import MONTH, OTHER_COUNTY_VILLAGE, load


@pytest.fixture
def world(make_user, monkeypatch, demo_standards, tmp_path):
    """Recipients in 定海区 (330902) and one in 普陀区 (330903); feeds with one planted case per rule and
    near-misses. Zhoushan demo standards: line 14000 元/人/年, deposits 24 months, one car ≤ 50000, one home,
    business capital ≤ 100000."""
    monkeypatch.setenv("MINZHENG_TODAY", "2026-11-23")
    clerk = make_user("county", "330902000000")
    ha, (a1, a2, a3) = make_family(clerk, [("甲一", "19800101", "M"), ("甲二", "19820202", "F"),
                                           ("甲三", "20120303", "M")])
    hb, (b1,) = make_family(clerk, [("乙一", "19750505", "M")])
    hc, (c1,) = make_family(clerk, [("丙一", "19500606", "F")])
    hd, (d1,) = make_family(clerk, [("丁一", "20080501", "M")])
    he, (d2,) = make_family(clerk, [("丁二", "20090101", "F")])
    hf, (d3,) = make_family(clerk, [("丁三", "20070101", "M")])
    hg, (g1,) = make_family(clerk, [("戊一", "19400707", "M")])
    hh, (h1, h2) = make_family(clerk, [("己一", "19600808", "M"), ("己二", "19620909", "F")], region="330902002001")
    _, (n1,) = make_family(clerk, [("庚一", "19900101", "M")])  # not a recipient
    e = {
        "A": grant("dibao", ha, payee=a1), "B": grant("dibao", hb, payee=b1),
        "X": grant("dibao", hb, person=b1, region=OTHER_COUNTY_VILLAGE),
        "C": grant("tekun", hc, person=c1), "D1": grant("orphan", hd, person=d1), "D2": grant("orphan", he, person=d2),
        "D3": grant("orphan", hf, person=d3), "D3T": grant("tekun", hf, person=d3),
        "G": grant("age_allowance", hg, person=g1), "H": grant("dibao", hh, payee=h1),
        "HT": grant("tekun", hh, person=h2), "H1": grant("age_allowance", hh, person=h1, region=OTHER_COUNTY_VILLAGE),
    }
    Entitlement.objects.filter(pk=e["G"].pk).update(status="suspended")  # not paid: not compared
    g_paid = grant("age_allowance", hg, person=g1, amount="100.00")
    people = {"a1": a1, "a2": a2, "a3": a3, "b1": b1, "c1": c1, "d1": d1, "d2": d2, "d3": d3, "g1": g1, "h1": h1,
              "h2": h2, "n1": n1}
    ids = {k: p.id_number for k, p in people.items()}
    load(tmp_path, "death", ["id_number", "death_date"],
         [(ids["a1"], "2026-10-05"), (ids["a2"], "2026-12-03"), (ids["n1"], "2026-09-09")])
    load(tmp_path, "hukou_move", ["id_number", "event", "date", "to_region"],
         [(ids["c1"], "迁出", "2026-08-01", OTHER_COUNTY_VILLAGE), (ids["g1"], "迁出", "2026-08-01", "330902002001"),
          (ids["a3"], "迁入", "2026-08-01", ""), (ids["a2"], "迁出", "2024-06-01", "330903001001")])
    load(tmp_path, "social_insurance", ["id_number", "month", "employer", "contribution_base"],
         [(ids["a2"], MONTH, "某公司", "3000.00"), (ids["b1"], MONTH, "某厂", "1166.66"),
          (ids["c1"], "2026-10", "某公司", "9000.00")])
    load(tmp_path, "pension", ["id_number", "month", "amount"], [(ids["a1"], MONTH, "500.01")])
    load(tmp_path, "vehicle", ["id_number", "plate", "vehicle_type", "register_date", "value"],
         [(ids["a2"], "浙L12345", "小型轿车", "2025-03-01", "80000"), (ids["b1"], "浙L00001", "摩托车", "2024-01-01",
                                                                         "90000"),
          (ids["b1"], "浙L00002", "小型轿车", "2020-01-01", "50000")])
    load(tmp_path, "real_estate", ["id_number", "property_id", "usage", "area", "region"],
         [(ids["c1"], "P1", "住宅", "80", "330902001001"), (ids["c1"], "P2", "住宅", "60.5", "330902001001"),
          (ids["b1"], "P3", "住宅", "70", ""), (ids["b1"], "P4", "商业", "30", "")])
    load(tmp_path, "business", ["id_number", "entity_name", "role", "registered_capital", "status"],
         [(ids["a1"], "甲商贸有限公司", "法定代表人", "200000", "存续"),
          (ids["b1"], "乙合伙企业", "股东", "100000", "存续"), (ids["c1"], "丙公司", "股东", "500000", "注销")])
    load(tmp_path, "public_employee", ["id_number", "employer"],
         [(ids["b1"], "某局"), (ids["g1"], "某中学（退休）"), (ids["n1"], "某局")])
    load(tmp_path, "deposit", ["id_number", "balance", "as_of"],
         [(ids["c1"], "28000.01", "2026-10-31"), (ids["a1"], "30000", "2026-10-31"),
          (ids["a2"], "30000", "2026-10-31")])
    load(tmp_path, "schooling", ["id_number", "school", "level", "start", "end"],
         [(ids["d3"], "某大学", "本科", "2025-09-01", ""), (ids["d1"], "某中学", "高中", "2023-09-01", "2026-06-30")])
    expected = {
        ("death", e["A"].pk, a1.pk), ("moved_out", e["C"].pk, c1.pk), ("income_above_line", e["A"].pk, a1.pk),
        ("vehicle", e["A"].pk, a2.pk), ("property", e["C"].pk, c1.pk), ("business", e["A"].pk, a1.pk),
        ("public_employee", e["B"].pk, b1.pk), ("public_employee", e["X"].pk, b1.pk),
        ("deposit", e["C"].pk, c1.pk), ("double_tekun_dibao", e["H"].pk, h2.pk),
        ("double_orphan_tekun", e["D3T"].pk, d3.pk), ("two_counties", e["B"].pk, b1.pk),
        ("two_counties", e["X"].pk, b1.pk), ("child_out_of_school", e["D1"].pk, d1.pk),
    }
    return {"e": e, "expected": expected, "g_paid": g_paid, "people": {"a1": a1, "b1": b1, "c1": c1, "d1": d1}}
