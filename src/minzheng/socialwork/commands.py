"""Social-work subcommands: `minzheng socialwork load-grades [FILE]` loads the post-grade sequence and pay bands
(CSV/XLSX, header in services.GRADE_HEADER); without FILE the bundled 示例 set (not official figures)."""

from __future__ import annotations

import sys
from pathlib import Path

EXAMPLE = Path(__file__).parent / "data" / "example_post_grades.csv"


def cmd_load_grades(args) -> int:
    from minzheng.core import spreadsheets
    from minzheng.core.errors import ValidationFailed
    from minzheng.socialwork import services

    try:
        _, rows = spreadsheets.iter_rows(args.file or EXAMPLE)
        n = services.load_post_grades(None, list(rows))
    except spreadsheets.UnreadableFile as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except ValidationFailed as exc:
        for e in exc.errors:
            print(f"{e.field}: {e.message}", file=sys.stderr)
        return 2
    print(f"已载入社会工作岗位等级 {n} 行")
    return 0


def register_commands(sub) -> None:
    sw = sub.add_parser("socialwork", help="社会工作").add_subparsers(dest="sub", required=True)
    s = sw.add_parser("load-grades", help="载入岗位等级和薪酬区间（不给文件 = 内置示例）")
    s.add_argument("file", nargs="?")
    s.set_defaults(func=cmd_load_grades)
