"""The figures after verification (核对后认定的家庭经济状况): the case's declared facts, corrected by department data.

Rule (民发〔2021〕57号 第十三、十七条; 《社会救助家庭经济状况核对办法》): where a department reports more income or
property than was declared, the department's figure counts; where it reports nothing (or less), the declaration
stands. Each correction is listed as a difference. The result is the policy engine's input (case_evaluation's
payload), so the report's conclusion is the same engine's verdict the case page shows — on verified figures.

Income kinds from the feeds (12 months, this one included): 社保缴费基数 counts as wage income (the base is what the
employer declared as pay), 养老金 as pension, 失业保险金 as unemployment benefit. 公积金 is not income.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from minzheng.registry.codes import INCOME_KINDS

# feed block (report._member_section income keys) → registry income kind
FEED_INCOME_KINDS = {"social_insurance": "wage", "pension": "pension", "unemployment": "unemployment"}


@dataclass
class Verified:
    payload: dict[str, Any]
    differences: list[str] = field(default_factory=list)


def _annual(entry: dict) -> Decimal:
    if entry.get("annual") is not None:
        return Decimal(str(entry["annual"]))
    return Decimal(str(entry.get("monthly") or 0)) * 12


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


def verify(payload: dict[str, Any], sections: dict[str, dict], found: dict[str, Any]) -> Verified:
    """`payload`: the case's engine input (case_evaluation.build_payload); `sections`: the report's member sections
    by person id (str); `found`: household-level department figures — `deposits` (Decimal), `vehicles` (values of
    non-exempt vehicles), `homes` (count of residential properties). Returns a corrected copy and the differences."""
    household = payload["household"]
    out_members, differences = [], []
    for member in household["members"]:
        section = sections.get(str(member.get("ref")))
        incomes = list(member.get("incomes") or [])
        if section is not None:
            for block_key, kind in FEED_INCOME_KINDS.items():
                block = section["income"].get(block_key)
                if not block:
                    continue
                reported = sum((Decimal(v) for v in block["months"].values()), Decimal(0))
                declared = sum((_annual(i) for i in incomes if i.get("kind") == kind), Decimal(0))
                if reported > declared:
                    incomes = [i for i in incomes if i.get("kind") != kind]
                    incomes.append({"kind": kind, "annual": _money(reported)})
                    differences.append(f"{section['name']}：{INCOME_KINDS.get(kind, kind)}部门数据近12个月 "
                                       f"{_money(reported)} 元，申报 {_money(declared)} 元，按部门数据认定")
        out_members.append({**member, "incomes": incomes})
    assets = dict(household.get("assets") or {})
    declared_fin = Decimal(str(assets.get("financial") or 0))
    if found["deposits"] > declared_fin:
        assets["financial"] = _money(found["deposits"])
        differences.append(f"存款等金融资产部门数据 {_money(found['deposits'])} 元，申报 {_money(declared_fin)} 元，"
                           "按部门数据认定")
    declared_cars = list(assets.get("vehicles") or [])
    if len(found["vehicles"]) > len(declared_cars):
        assets["vehicles"] = [{"value": _money(v)} for v in found["vehicles"]]
        differences.append(f"非豁免车辆部门数据 {len(found['vehicles'])} 辆，申报 {len(declared_cars)} 辆，"
                           "按部门数据认定")
    declared_homes = int(assets.get("housing_units") or 0)
    if found["homes"] > declared_homes:
        assets["housing_units"] = found["homes"]
        differences.append(f"住宅部门数据 {found['homes']} 套，申报 {declared_homes} 套，按部门数据认定")
    new_household = {**household, "members": out_members}
    if assets or household.get("assets") is not None:
        new_household["assets"] = assets
    return Verified({**payload, "household": new_household}, differences)
