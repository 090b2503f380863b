"""Signal rules as data: read (resolution per village and month, most specific region first, like the standards)
and the file loader (`minzheng monitor rules load FILE|demo`, CSV/XLSX; `demo` = data/demo_rules.csv, the bundled
示例 set). Writes through services.rules (one transaction, audited)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from minzheng.benefits import selectors as benefits_selectors
from minzheng.core import regioncodes
from minzheng.core.periods import in_force_on
from minzheng.monitoring import codes
from minzheng.monitoring.models import SignalRule

DEMO_RULES = Path(__file__).with_name("data") / "demo_rules.csv"
COLUMNS = ("code", "region_code", "effective_from", "effective_to", "window_months", "threshold", "weight", "layers",
           "enabled", "source")
HEADERS = {"信号": "code", "区划代码": "region_code", "生效日期": "effective_from", "终止日期": "effective_to",
           "观察期（月）": "window_months", "阈值": "threshold", "权重": "weight", "监测类别": "layers",
           "启用": "enabled", "依据": "source"}


@dataclass(frozen=True)
class Params:
    code: str
    window_months: int
    threshold: Decimal | None
    weight: int
    layers: tuple[str, ...]  # () = every layer
    enabled: bool
    rule_id: int
    source: str

    def watched(self) -> tuple[str, ...]:
        return self.layers or tuple(codes.LAYERS)


def in_force(month: dt.date):
    day = month.replace(day=1)
    return SignalRule.objects.filter(in_force_on(day))


def resolve(villages, month: dt.date) -> dict[str, dict[str, Params]]:
    """{village: {code: Params}} — for each code the row in force on the month's first day at the most specific
    region of the village's chain (the village, its township, county, city, province). One query."""
    by_region: dict[str, dict[str, SignalRule]] = {}
    for row in in_force(month).order_by("effective_from", "id"):
        by_region.setdefault(row.region_code, {})[row.code] = row  # the latest start wins within a region
    memo: dict[tuple, dict[str, Params]] = {}
    out = {}
    for village in villages:
        chain = tuple(c for c in benefits_selectors.region_chain(village) if c in by_region)
        if chain not in memo:
            found: dict[str, Params] = {}
            for region in reversed(chain):  # general first, the specific overrides
                for code, r in by_region[region].items():
                    found[code] = Params(code, r.window_months, r.threshold, r.weight, tuple(r.layers or ()),
                                         r.enabled, r.pk, r.source)
            memo[chain] = {k: v for k, v in found.items() if v.enabled}
        out[village] = memo[chain]
    return out


def for_region(region_code: str, month: dt.date) -> dict[str, Params]:
    return resolve([regioncodes.normalize(region_code)], month)[regioncodes.normalize(region_code)]
