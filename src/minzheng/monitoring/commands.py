"""CLI: `minzheng monitor run --month YYYY-MM [--engine duckdb|spark]` (prints the run's JSON summary),
`minzheng monitor rules load FILE|demo`, `minzheng monitor sync --month YYYY-MM` (the register only). Bad input
exits 2 with Chinese reasons. The feeds `disaster` and `poverty_return` load with `minzheng feeds load`."""

from __future__ import annotations

import json
import sys


def _print(data) -> None:
    print(json.dumps(data, ensure_ascii=False, default=str))


def _user(username):
    if not username:
        return None
    from minzheng.core.models import User

    user = User.objects.filter(username=username).first()
    if user is None:
        raise SystemExit(f"用户 {username} 不存在")
    return user


def _fail(exc) -> int:
    from minzheng.core.errors import ServiceError, ValidationFailed
    from minzheng.core.spreadsheets import UnreadableFile

    if isinstance(exc, ValidationFailed):
        for err in exc.errors:
            print(f"{err.field}: {err.message}", file=sys.stderr)
        return 2
    if isinstance(exc, (ServiceError, UnreadableFile)):
        print(getattr(exc, "message", None) or str(exc), file=sys.stderr)
        return 2
    raise exc


def cmd_run(args) -> int:
    from minzheng.core.errors import ServiceError
    from minzheng.monitoring import scoring

    try:
        _print(scoring.run(args.month, args.engine, actor=_user(args.user)))
    except ServiceError as exc:
        return _fail(exc)
    return 0


def cmd_sync(args) -> int:
    from minzheng.core.errors import ServiceError
    from minzheng.monitoring import population, scoring

    try:
        _print(population.sync(scoring.parse_month(args.month), _user(args.user)))
    except ServiceError as exc:
        return _fail(exc)
    return 0


def cmd_rules_load(args) -> int:
    from minzheng.core.errors import ServiceError
    from minzheng.core.spreadsheets import UnreadableFile
    from minzheng.monitoring.services import rules

    try:
        _print(rules.load_file(_user(args.user), args.file))
    except (ServiceError, UnreadableFile) as exc:
        return _fail(exc)
    return 0


def cmd_plans_load(args) -> int:
    from minzheng.core.errors import ServiceError
    from minzheng.core.spreadsheets import UnreadableFile
    from minzheng.monitoring.services import visits

    try:
        _print(visits.load_plans(_user(args.user), args.file))
    except (ServiceError, UnreadableFile) as exc:
        return _fail(exc)
    return 0


def register_commands(sub) -> None:
    m = sub.add_parser("monitor", help="低收入人口动态监测：运行预警、导入预警规则")
    ms = m.add_subparsers(dest="monitor_cmd", required=True)
    s = ms.add_parser("run", help="运行一个月份的监测预警（幂等）")
    s.add_argument("--month", required=True, help="YYYY-MM")
    s.add_argument("--engine", choices=["duckdb", "spark"], default="duckdb")
    s.add_argument("--user", help="以该用户名义运行（审计）")
    s.set_defaults(func=cmd_run)
    s = ms.add_parser("sync", help="只同步监测对象名册")
    s.add_argument("--month", required=True, help="YYYY-MM")
    s.add_argument("--user")
    s.set_defaults(func=cmd_sync)
    r = ms.add_parser("rules", help="预警规则")
    rs = r.add_subparsers(dest="rules_cmd", required=True)
    s = rs.add_parser("load", help="导入预警规则文件（CSV/XLSX）；demo = 内置示例规则")
    s.add_argument("file", help="文件路径或 demo")
    s.add_argument("--user", help="以该用户名义导入（审计）")
    s.set_defaults(func=cmd_rules_load)
    p = ms.add_parser("plans", help="走访计划")
    ps = p.add_subparsers(dest="plans_cmd", required=True)
    s = ps.add_parser("load", help="导入走访计划文件（CSV/XLSX：走访对象、区划代码、走访周期（月）、生效日期、依据）")
    s.add_argument("file", help="文件路径")
    s.add_argument("--user", help="以该用户名义导入（审计）")
    s.set_defaults(func=cmd_plans_load)
