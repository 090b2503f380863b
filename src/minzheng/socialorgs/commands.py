"""社会组织 subcommands: `minzheng socialorgs rules FILE.csv` (load rules as data: report deadlines, grade bands,
appeal window) or `--sample` (the bundled 示例 set); `minzheng socialorgs check-uscc CODE` (validate a code);
`minzheng socialorgs blacklist [--on DATE]` (the daily abnormal list → blacklist move)."""

from __future__ import annotations

import json
import sys
from pathlib import Path


def cmd_rules(args) -> int:
    from minzheng.core.errors import ValidationFailed
    from minzheng.socialorgs.services import rules

    try:
        if args.sample:
            n = rules.load_sample()
        elif args.file:
            n = rules.load(None, Path(args.file).read_bytes().decode("utf-8-sig"))
        else:
            print("请给出规则文件（CSV），或用 --sample 导入示例规则", file=sys.stderr)
            return 2
    except OSError as exc:
        print(f"无法读取文件：{exc}", file=sys.stderr)
        return 2
    except UnicodeDecodeError:
        print("文件编码无法识别：请保存为 UTF-8", file=sys.stderr)
        return 2
    except ValidationFailed as exc:
        for e in exc.errors:
            print(e.message, file=sys.stderr)
        return 2
    print(json.dumps({"rules": n}, ensure_ascii=False))
    return 0


def cmd_check_uscc(args) -> int:
    from minzheng.socialorgs import policy

    problem = policy.uscc_error(args.code.strip().upper())
    print(json.dumps({"code": args.code, "valid": problem is None, "message": problem or ""}, ensure_ascii=False))
    return 0 if problem is None else 1


def cmd_blacklist(args) -> int:
    """The daily move from the abnormal list to the blacklist (idempotent: run it every day from cron)."""
    import datetime as dt

    from minzheng.socialorgs.services import oversight

    try:
        on = dt.date.fromisoformat(args.on) if args.on else None
    except ValueError:
        print("日期格式不正确，应为 YYYY-MM-DD", file=sys.stderr)
        return 2
    print(json.dumps(oversight.promote_overdue(on=on), ensure_ascii=False))
    return 0


def register_commands(sub) -> None:
    so = sub.add_parser("socialorgs", help="社会组织").add_subparsers(dest="sub", required=True)
    s = so.add_parser("rules", help="导入社会组织规则（年报期限、评估等级分数线、复核申请期限）")
    s.add_argument("file", nargs="?", help="CSV：key,kind,region_code,effective_from,value(JSON),source")
    s.add_argument("--sample", action="store_true", help="导入内置示例规则")
    s.set_defaults(func=cmd_rules)
    s = so.add_parser("check-uscc", help="校验统一社会信用代码（GB 32100-2015）")
    s.add_argument("code")
    s.set_defaults(func=cmd_check_uscc)
    s = so.add_parser("blacklist", help="活动异常名录满2年的转入严重违法失信名单（每日运行，可重复运行）")
    s.add_argument("--on", help="按此日期计算（YYYY-MM-DD，默认今天）")
    s.set_defaults(func=cmd_blacklist)
