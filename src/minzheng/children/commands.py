"""CLI of the children's app: `minzheng children load-policy` loads tiers, visit plans or time limits from a CSV/XLSX
file, or the bundled 示例 set for a region (`--examples --region CODE [--from YYYY-MM-DD]`)."""

from __future__ import annotations

import datetime as dt


def cmd_load_policy(args) -> int:
    from minzheng.children.services import policy_data
    from minzheng.core.errors import ValidationFailed
    from minzheng.core.spreadsheets import UnreadableFile

    try:
        if args.examples:
            if not args.region:
                print("请用 --region 指定区划代码")
                return 2
            start = dt.date.fromisoformat(args.start) if args.start else dt.date(2020, 1, 1)
            result = policy_data.load_examples(None, args.region.ljust(12, "0"), start)
        else:
            if not (args.kind and args.file):
                print("请用 --kind tiers|plans|limits 和 --file 指定文件，或用 --examples 载入示例")
                return 2
            result = {args.kind: policy_data.load_file(None, args.kind, args.file)}
    except (ValidationFailed, UnreadableFile) as exc:
        for line in getattr(exc, "errors", None) or [exc]:
            print(getattr(line, "message", str(line)))
        return 1
    for kind, counts in result.items():
        print(f"{policy_data.LABELS[kind]}：新增 {counts['created']} 条，更新 {counts['updated']} 条")
    return 0


def register_commands(cli) -> None:
    group = cli.group("children", "儿童福利")
    s = group.add_parser("load-policy", help="载入儿童分级、走访计划或未成年人保护办理时限（CSV/XLSX 或示例）")
    s.add_argument("--kind", choices=("tiers", "plans", "limits"))
    s.add_argument("--file")
    s.add_argument("--examples", action="store_true", help="载入内置示例（依据注明“示例值”）")
    s.add_argument("--region", help="示例适用的区划代码")
    s.add_argument("--from", dest="start", help="示例生效日期（默认 2020-01-01）")
    s.set_defaults(func=cmd_load_policy)
