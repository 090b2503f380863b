"""The places synthetic people live in: the county (checked), its townships and villages — existing ones, the
national statistical package's real ones, else synthetic ones with valid codes — whether a village is urban, and how
a run's households spread over the villages."""

from __future__ import annotations

import contextlib
import math
import random

from minzheng.core import regioncodes
from minzheng.synthetic.distributions import cum

SYNTHETIC_SOURCE = "合成数据（minzheng seed）"

_TOWN_STEMS_A = "东西南北新清长安太平和兴永宁福康吉庆石金银白青红黄双大小高龙凤马桃柳杨梅花"
_TOWN_STEMS_B = "风阳河山湖城桥庄塘湾岭坪口溪源林园坝埠店集岗洲泉沟台"


def short_name(name: str) -> str:
    """The village's name as an address uses it: 东山社区居民委员会 → 东山社区, 西湾村村民委员会 → 西湾村."""
    for suffix in ("社区居民委员会", "居民委员会", "社区居委会", "居委会", "村民委员会", "村民委会", "村委会",
                   "委员会"):
        if name.endswith(suffix):
            rest = name[: -len(suffix)]
            if suffix.startswith("社区") or suffix in ("居民委员会", "居委会"):
                return rest + ("社区" if not rest.endswith("社区") else "")
            return rest + ("村" if not rest.endswith("村") else "")
    return name


def is_urban(region) -> bool:
    """城乡属性 of a household in this village: 城乡分类代码 when known (1xx 城镇), package data by code (居委会
    001–199, 村委会 200–399, 国统字〔2009〕91号), otherwise by name (社区/居委会 → urban, 村 → rural)."""
    from minzheng.core.regions import PACKAGE_SOURCE

    if region.urban_rural_type:
        return region.urban_rural_type.startswith("1")
    if region.source != PACKAGE_SOURCE:
        if "社区" in region.name or "居委会" in region.name:
            return True
        if "村" in region.name:
            return False
    return region.code[9:12] < "200"


def _synthetic_regions(county, actor=None) -> tuple[int, int]:
    """Townships 001–099 街道, 100–199 镇, 200–399 乡; villages 001–199 社区居委会, 200–399 村委会. Deterministic per
    county (not per seed), so every seed run finds the same tree."""
    from minzheng.core import regions
    from minzheng.core.models import Region

    rng = random.Random(f"minzheng-seed:regions:{county.code}")
    p6 = county.code[:6]
    townships = list(Region.objects.filter(parent=county).order_by("code"))
    used_names: set[str] = {t.name for t in townships}

    def stem(taken: set[str]) -> str:
        while True:
            text = rng.choice(_TOWN_STEMS_A) + rng.choice(_TOWN_STEMS_B)
            if text not in taken:
                taken.add(text)
                return text

    rows: list[tuple[str, str, str]] = []
    plan: list[tuple[str, str]] = [(t.code, "街道" if t.name.endswith("街道") else "镇") for t in townships]
    if not townships:
        kinds = [("街道", 1, rng.randint(2, 5)), ("镇", 100, rng.randint(5, 10)), ("乡", 200, rng.randint(2, 5))]
        for kind, start, count in kinds:
            for i in range(count):
                code = f"{p6}{start + i:03d}000"
                rows.append((code, stem(used_names) + kind, ""))
                plan.append((code, kind))
    for code, kind in plan:
        taken: set[str] = set()
        communities = {"街道": rng.randint(5, 12), "镇": rng.randint(2, 4), "乡": rng.randint(0, 1)}[kind]
        villages = {"街道": 0, "镇": rng.randint(10, 20), "乡": rng.randint(8, 16)}[kind]
        # Order matters: each stem() draws from the county's generator.
        rows.extend((f"{code[:9]}{1 + i:03d}", stem(taken) + "社区居委会", "111" if kind == "街道" else "121")
                    for i in range(communities))
        rows.extend((f"{code[:9]}{200 + i:03d}", stem(taken) + "村委会", "220") for i in range(villages))
    return regions._upsert(rows, SYNTHETIC_SOURCE, actor)


def ensure_regions(county, actor=None) -> dict:
    """Villages of the county: existing ones, else the package's real ones, else synthetic ones."""
    from minzheng.core import regions
    from minzheng.core.models import Region

    lookup = regioncodes.subtree_lookup("code", county.code)
    if Region.objects.filter(level="village", **lookup).exists():
        return {"regions_source": "existing", "regions_created": 0}
    created, source = 0, "package"
    with contextlib.suppress(FileNotFoundError):  # no package file for this province: synthetic villages below
        created, _ = regions.load_package_county(county.code, actor)
    if not Region.objects.filter(level="village", **lookup).exists():
        created, _ = _synthetic_regions(county, actor)
        source = "synthetic"
    return {"regions_source": source, "regions_created": created}


def village_table(villages, seed: int, focus: str | None, focus_share: float) -> list[float]:
    """Village populations: urban communities are larger; lognormal spread; an optional focus village gets
    `focus_share` of all households (the demo village)."""
    rng = random.Random(f"minzheng-seed:{seed}:villages")
    weights = [(2.5 if v.urban else 1.0) * math.exp(rng.gauss(0.0, 0.4)) for v in villages]
    if focus is not None:
        i = next(n for n, v in enumerate(villages) if v.code == focus)
        others = sum(w for n, w in enumerate(weights) if n != i)
        weights[i] = others * focus_share / (1.0 - focus_share) if len(villages) > 1 else 1.0
    return cum(weights)


def county_region(county_code: str):
    """The county's Region; NotFound with a Chinese reason for a bad or unknown code."""
    from minzheng.core.errors import NotFound
    from minzheng.core.models import Region

    try:
        code = regioncodes.normalize(county_code)
    except regioncodes.RegionCodeError as exc:
        raise NotFound(str(exc)) from None
    if regioncodes.level_of(code) != "county":
        raise NotFound(f"“{county_code}”不是县级区划代码（应为 6 位县级代码，如 330902）")
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise NotFound(f"县级区划 {county_code} 不存在：请先运行 minzheng init 载入全国区划")
    return region
