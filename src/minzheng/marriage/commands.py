"""Marriage registry subcommands: `minzheng marriage sweep` (daily: reminders and lapsed divorce applications
marked withdrawn; idempotent), `minzheng marriage load-capacities FILE.csv` (slot capacities as data; `--sample
CODE` loads the bundled 示例 set for a registry), `minzheng marriage designate CODE [--off]` (the registry the province
designated for foreign / HK, Macau, Taiwan marriages)."""

from __future__ import annotations

import json
import sys
from pathlib import Path


def _print(data) -> None:
    print(json.dumps(data, ensure_ascii=False, default=str))


def cmd_sweep(args) -> int:
    import datetime as dt

    from minzheng.marriage.services import divorce

    day = dt.date.fromisoformat(args.date) if args.date else None
    _print(divorce.sweep(None, day))
    return 0


def cmd_load(args) -> int:
    from minzheng.core.errors import ValidationFailed
    from minzheng.marriage.services import registries

    if args.sample:
        text = registries.sample_text(args.sample)
    elif args.file:
        try:
            text = Path(args.file).read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            print(f"无法读取文件：{exc}", file=sys.stderr)
            return 2
    else:
        print("请给出号源文件（CSV），或用 --sample 登记机关代码 载入示例", file=sys.stderr)
        return 2
    try:
        _print(registries.load_capacities(None, text))
    except ValidationFailed as exc:
        for e in exc.errors:
            print(f"{e.field}: {e.message}", file=sys.stderr)
        return 2
    return 0


def cmd_designate(args) -> int:
    from minzheng.core.errors import ValidationFailed
    from minzheng.marriage.services import registries

    try:
        row = registries.designate_foreign(None, args.code, not args.off)
    except ValidationFailed as exc:
        print(exc.errors[0].message, file=sys.stderr)
        return 2
    _print({"registry": row.code, "name": row.name, "handles_foreign": row.handles_foreign})
    return 0


def register_commands(sub) -> None:
    marriage = sub.add_parser("marriage", help="婚姻登记").add_subparsers(dest="sub", required=True)
    s = marriage.add_parser("sweep", help="每日：生成冷静期提醒，将逾期未到场的离婚申请标记为撤回（可重复运行）")
    s.add_argument("--date", help="按该日期运行（YYYY-MM-DD，默认今天）")
    s.set_defaults(func=cmd_sweep)
    s = marriage.add_parser("load-capacities", help="载入预约号源（CSV：registry,slot,capacity,day,weekday,"
                                                     "effective_from,note）")
    s.add_argument("file", nargs="?")
    s.add_argument("--sample", metavar="CODE", help="为该登记机关载入示例号源（含520、七夕高峰）")
    s.set_defaults(func=cmd_load)
    s = marriage.add_parser("designate", help="确定（或 --off 取消）办理涉外、涉港澳台婚姻登记的登记机关")
    s.add_argument("code", help="登记机关代码")
    s.add_argument("--off", action="store_true", help="取消确定")
    s.set_defaults(func=cmd_designate)
