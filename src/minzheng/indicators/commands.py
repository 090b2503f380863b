"""`minzheng indicators load FILE|seed` and `minzheng indicators compute --period P [--region CODE] [--engine E]`."""

from __future__ import annotations

import json


def _print(data) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=1, default=str))


def _fail(exc) -> int:
    from minzheng.core.errors import ValidationFailed

    print(json.dumps({"error": str(exc), "errors": [e.message for e in getattr(exc, "errors", [])]}
                     if isinstance(exc, ValidationFailed) else {"error": str(exc)}, ensure_ascii=False))
    return 2


def cmd_load(args) -> int:
    from minzheng.core.errors import ServiceError
    from minzheng.core.spreadsheets import UnreadableFile
    from minzheng.indicators import services

    try:
        _print(services.load_definitions(None, args.file))
    except (ServiceError, UnreadableFile) as exc:
        return _fail(exc)
    return 0


def cmd_compute(args) -> int:
    from minzheng.core.errors import ServiceError
    from minzheng.core.regioncodes import RegionCodeError
    from minzheng.indicators import compute

    try:
        _print(compute.run(args.period, args.region or "", args.engine))
    except (ServiceError, RegionCodeError) as exc:
        return _fail(exc)
    return 0


def register_commands(sub) -> None:
    m = sub.add_parser("indicators", help="规划指标：导入指标定义、计算指标值")
    ms = m.add_subparsers(dest="indicators_cmd", required=True)
    s = ms.add_parser("load", help="导入规划指标定义（CSV/XLSX）；seed = 内置五个规划的指标")
    s.add_argument("file", help="文件路径或 seed")
    s.set_defaults(func=cmd_load)
    s = ms.add_parser("compute", help="计算一个统计期的全部指标（各级区划）")
    s.add_argument("--period", required=True, help="2026、2026Q4 或 2026-11")
    s.add_argument("--region", help="只计算该区划（含下级）")
    s.add_argument("--engine", choices=["duckdb", "spark"], default="duckdb")
    s.set_defaults(func=cmd_compute)
