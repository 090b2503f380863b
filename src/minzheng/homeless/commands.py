"""`minzheng homeless rules --region CODE --from DATE --age-tolerance N --notice-days N --long-stay-days N
--source TEXT` (the station's rules as data) and `minzheng homeless rules --example --region CODE` (the bundled 示例
row, marked as such)."""

from __future__ import annotations

import datetime as dt
import json
import sys


def cmd_rules(args) -> int:
    from minzheng.homeless import selectors, services

    if args.example:
        values = dict(selectors.EXAMPLE_RULE)
    else:
        missing = [n for n in ("age_tolerance", "notice_days", "long_stay_days", "source") if getattr(args, n) is None]
        if missing:
            print("缺少参数：" + "、".join("--" + m.replace("_", "-") for m in missing), file=sys.stderr)
            return 2
        values = {"age_tolerance": args.age_tolerance, "notice_days": args.notice_days,
                  "long_stay_days": args.long_stay_days, "source": args.source}
    start = dt.date.fromisoformat(args.effective_from) if args.effective_from else dt.date(2020, 1, 1)
    row = services.save_rule(None, args.region, start, **values)
    print(json.dumps({"id": row.pk, "region": row.region_code, "effective_from": start.isoformat(), **values},
                     ensure_ascii=False))
    return 0


def register_commands(subparsers) -> None:
    s = subparsers.add_parser("homeless", help="救助管理：设置寻亲年龄容差、寻亲公告期、长期滞留期限")
    sub = s.add_subparsers(dest="homeless_command", required=True)
    r = sub.add_parser("rules", help="设置救助管理规则（按区划和生效日期）")
    r.add_argument("--region", required=True, help="区划代码")
    r.add_argument("--from", dest="effective_from", help="生效日期 YYYY-MM-DD（默认 2020-01-01）")
    r.add_argument("--age-tolerance", type=int)
    r.add_argument("--notice-days", type=int)
    r.add_argument("--long-stay-days", type=int)
    r.add_argument("--source", help="依据（文件名称、文号）")
    r.add_argument("--example", action="store_true", help="载入内置示例值（标注为示例）")
    r.set_defaults(func=cmd_rules)
