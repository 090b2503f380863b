"""`minzheng demo`: a demo county with one account per role and synthetic households, cases and payrolls."""

from __future__ import annotations

import json


def cmd_demo(args) -> int:
    from minzheng.synthetic import demo

    info = demo.setup(county=args.county, people=args.people)
    print(json.dumps(info, ensure_ascii=False, indent=1))
    return 0


def register_commands(cli) -> None:
    s = cli.add_parser("demo", help="建立演示区域、演示账户和演示数据")
    s.add_argument("--county", default="330902")
    s.add_argument("--people", type=int, default=20000, help="模拟人口数")
    s.set_defaults(func=cmd_demo)
