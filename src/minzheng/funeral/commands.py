"""Funeral subcommands: `minzheng funeral load-schemes FILE.csv` (the 惠民殡葬 rules by region and effective date;
`--demo` loads the bundled 示例 set) and `minzheng funeral load-standards` (the 示例 amounts of the funeral
programs' standard items into the kernel's standards catalogue)."""

from __future__ import annotations

import json
import sys


def cmd_load_schemes(args) -> int:
    from minzheng.funeral.services import waivers

    if not args.file and not args.demo:
        print("请给出减免标准 CSV 文件，或用 --demo 载入示例标准", file=sys.stderr)
        return 2
    try:
        summary = waivers.load_csv(waivers.DEMO_SCHEMES if args.demo else args.file)
    except OSError as exc:
        print(f"无法读取文件：{exc}", file=sys.stderr)
        return 2
    for error in summary.errors:
        print(error, file=sys.stderr)
    print(json.dumps({"schemes": summary.schemes, "items": summary.items, "skipped": summary.skipped,
                      "errors": len(summary.errors)}, ensure_ascii=False))
    return 1 if summary.errors else 0


def cmd_load_standards(args) -> int:
    from minzheng.benefits.services.standards import load_csv
    from minzheng.funeral.demo import DEMO_STANDARDS

    summary = load_csv(DEMO_STANDARDS)
    for error in summary.errors:
        print(error, file=sys.stderr)
    return 1 if summary.errors else 0


def register_commands(sub) -> None:
    funeral = sub.add_parser("funeral", help="殡葬管理").add_subparsers(dest="sub", required=True)
    s = funeral.add_parser("load-schemes", help="载入惠民殡葬减免标准（CSV：区划、生效日期、项目、单价、上限、对象…）")
    s.add_argument("file", nargs="?", help="CSV 文件（UTF-8），列见 docs/funeral.md")
    s.add_argument("--demo", action="store_true", help="载入随软件附带的示例标准（示例值，非真实政策）")
    s.set_defaults(func=cmd_load_schemes)
    s = funeral.add_parser("load-standards", help="载入丧葬补助、生态安葬奖补的示例金额（标准目录）")
    s.set_defaults(func=cmd_load_standards)
