"""Synthetic-data commands: `minzheng demo`, and `minzheng seed [WHAT]`, one command for every generator:

    minzheng seed [registry] --county CODE --people N [--seed S] [--duplicates N] [--out FILE] [--no-db]
    minzheng seed assistance --county CODE [--seed S]
    minzheng seed feeds --month YYYY-MM [--anomaly-rate R] [--seed S] [--out DIR] [--county CODE] [--no-load]
    minzheng seed standards

Each prints a JSON summary; bad input exits 2 with the reason in Chinese."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ANOMALY_RATE = 0.02
SEED = 1

# The options each kind of data reads (beyond --seed); any other option given is refused, not silently ignored.
OPTIONS = {
    "registry": ("county", "people", "duplicates", "out", "no_db"),
    "assistance": ("county",),
    "feeds": ("month", "anomaly_rate", "out", "county", "no_load"),
    "standards": (),
}
FLAGS = {"county": "--county", "people": "--people", "duplicates": "--duplicates", "out": "--out", "no_db": "--no-db",
         "month": "--month", "anomaly_rate": "--anomaly-rate", "no_load": "--no-load", "seed": "--seed"}


def cmd_demo(args) -> int:
    from minzheng.synthetic import demo

    info = demo.setup(county=args.county, people=args.people)
    print(json.dumps(info, ensure_ascii=False, indent=1))
    return 0


def cmd_seed(args) -> int:
    allowed = {*OPTIONS[args.what], *(("seed",) if args.what != "standards" else ())}
    extra = [flag for name, flag in FLAGS.items()
             if name not in allowed and getattr(args, name) is not None and getattr(args, name) is not False]
    if extra:
        print(f"seed {args.what} 不使用 {'、'.join(extra)}", file=sys.stderr)
        return 2
    return SEEDERS[args.what](args)


def _print_errors(exc) -> None:
    for err in exc.errors:
        print(err.message, file=sys.stderr)


def _run_registry(args) -> int:
    from minzheng import home
    from minzheng.core.errors import ServiceError, ValidationFailed
    from minzheng.synthetic.population import seed_county

    if not args.county:
        print("请用 --county 指定县级区划代码", file=sys.stderr)
        return 2
    if args.people is None:
        print("请用 --people 指定人数", file=sys.stderr)
        return 2
    if args.no_db and not args.out:
        print("--no-db 须同时指定 --out 输出文件", file=sys.stderr)
        return 2
    try:
        summary = seed_county(args.county, args.people, seed=_seed(args), duplicates=args.duplicates or 0,
                              out=Path(args.out) if args.out else None, write_db=not args.no_db)
    except ValidationFailed as exc:
        _print_errors(exc)
        return 2
    except ServiceError as exc:
        print(exc.message, file=sys.stderr)
        return 2 if exc.status == 404 else 1
    planted = summary["planted_duplicates"]
    if args.duplicates:
        folder = Path(args.out).resolve().parent if args.out else home.home_dir("reports")
        truth = folder / "planted_duplicates.json"
        truth.write_text(json.dumps(planted, ensure_ascii=False), encoding="utf-8")
        summary["planted_duplicates_file"] = str(truth)
    if len(planted) > 20:  # the list goes to the ground-truth file only
        del summary["planted_duplicates"]
        summary["planted_duplicates_count"] = len(planted)
    print(json.dumps(summary, ensure_ascii=False))
    return 0


def _run_assistance(args) -> int:
    from minzheng.core.errors import ServiceError, ValidationFailed
    from minzheng.synthetic.cases import seed_assistance

    if not args.county:
        print("请用 --county 指定县级区划代码", file=sys.stderr)
        return 2
    try:
        summary = seed_assistance(args.county, seed=_seed(args))
    except ValidationFailed as exc:
        _print_errors(exc)
        return 2
    except ServiceError as exc:
        print(exc.message, file=sys.stderr)
        return 2 if exc.status in (404, 409) else 1
    print(json.dumps(summary, ensure_ascii=False))
    return 0


def _run_feeds(args) -> int:
    from minzheng.core.errors import ServiceError, ValidationFailed
    from minzheng.synthetic import feeds

    if not args.month:
        print("请用 --month YYYY-MM 指定月份", file=sys.stderr)
        return 2
    rate = ANOMALY_RATE if args.anomaly_rate is None else args.anomaly_rate
    try:
        summary = feeds.seed(args.month, anomaly_rate=rate, seed=_seed(args), out=Path(args.out) if args.out else None,
                             county=args.county or "", load=not args.no_load)
    except ValidationFailed as exc:
        for err in exc.errors:
            print(f"{err.field}: {err.message}", file=sys.stderr)
        return 2
    except ServiceError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    print(json.dumps(summary, ensure_ascii=False, default=str))
    return 0


def _run_standards(args) -> int:
    """The bundled demo standards (舟山市 and a few other regions, five plan areas). Loading twice changes nothing."""
    from minzheng.benefits.services.standards import load_csv
    from minzheng.core.spreadsheets import UnreadableFile
    from minzheng.synthetic import DEMO_STANDARDS

    try:
        summary = load_csv(DEMO_STANDARDS)
    except UnreadableFile as exc:
        print(f"无法读取文件：{exc}", file=sys.stderr)
        return 2
    for err in summary.errors:
        print(err.text(), file=sys.stderr)
    print(json.dumps(summary.as_dict(), ensure_ascii=False))
    return 2 if summary.errors else 0


def _seed(args) -> int:
    return SEED if args.seed is None else args.seed


SEEDERS = {"registry": _run_registry, "assistance": _run_assistance, "feeds": _run_feeds,
           "standards": _run_standards}


def register_commands(cli) -> None:
    s = cli.add_parser("demo", help="建立演示区域、演示账户和演示数据")
    s.add_argument("--county", default="330902")
    s.add_argument("--people", type=int, default=20000, help="模拟人口数")
    s.set_defaults(func=cmd_demo)

    s = cli.add_parser("seed", help="生成合成数据：registry 乡镇和村、家庭、人员、收入（默认）；"
                                    "assistance 救助案件和待遇；feeds 部门比对数据；standards 演示救助标准")
    s.add_argument("what", nargs="?", choices=sorted(SEEDERS), default="registry", help="生成什么（默认 registry）")
    s.add_argument("--county", help="县级区划代码，如 330902（registry、assistance 必填；feeds 可选，只取该县）")
    s.add_argument("--people", type=int, help="registry：人数")
    s.add_argument("--seed", type=int, help=f"随机种子（相同种子生成相同数据，默认 {SEED}）")
    s.add_argument("--duplicates", type=int, help="registry：另外植入的疑似重复人员数（默认 0）")
    s.add_argument("--out", help="registry：同时写出家庭导入文件（CSV）；feeds：输出目录")
    s.add_argument("--no-db", action="store_true", help="registry：只写文件，不写数据库（须同时指定 --out）")
    s.add_argument("--month", help="feeds：数据月份 YYYY-MM")
    s.add_argument("--anomaly-rate", type=float, help=f"feeds：植入疑点的待遇比例（默认 {ANOMALY_RATE}）")
    s.add_argument("--no-load", action="store_true", help="feeds：只写文件，不导入")
    s.set_defaults(func=cmd_seed)
