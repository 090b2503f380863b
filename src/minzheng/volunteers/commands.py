"""Volunteer subcommands: `minzheng volunteers load-stars [FILE]` loads the star thresholds (CSV/XLSX: 适用区划,
生效日期, 星级, 累计服务时长（小时）, 依据); without FILE the bundled 示例 set (民函〔2012〕340号 第十五条)."""

from __future__ import annotations

import sys
from pathlib import Path

EXAMPLE = Path(__file__).parent / "data" / "example_stars.csv"


def cmd_load_stars(args) -> int:
    from minzheng.core import spreadsheets
    from minzheng.core.errors import ValidationFailed
    from minzheng.volunteers import services

    try:
        _, rows = spreadsheets.iter_rows(args.file or EXAMPLE)
        n = services.load_star_rules(None, list(rows))
    except spreadsheets.UnreadableFile as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except ValidationFailed as exc:
        for e in exc.errors:
            print(f"{e.field}: {e.message}", file=sys.stderr)
        return 2
    print(f"已载入志愿者星级标准 {n} 行")
    return 0


def register_commands(sub) -> None:
    vol = sub.add_parser("volunteers", help="志愿服务").add_subparsers(dest="sub", required=True)
    s = vol.add_parser("load-stars", help="载入志愿者星级标准（不给文件 = 内置示例）")
    s.add_argument("file", nargs="?", help="CSV 或 XLSX：适用区划, 生效日期, 星级, 累计服务时长（小时）, 依据")
    s.set_defaults(func=cmd_load_stars)
