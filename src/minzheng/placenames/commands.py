"""Place-name subcommands: `minzheng region change FILE.json --dry-run|--apply` (a division change that carries
every scoped record with it; prints {"regions", "persons", "households", "cases", "entitlements", "seconds"}) and
`minzheng placenames match-households [--region CODE]` (link registry households to standard addresses, report
what could not be matched)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def _print(data) -> None:
    print(json.dumps(data, ensure_ascii=False))


def _read(path: str):
    try:
        return json.loads(Path(path).read_bytes().decode("utf-8-sig"))
    except OSError as exc:
        print(f"无法读取文件：{exc}", file=sys.stderr)
    except UnicodeDecodeError:
        print("文件编码无法识别：请保存为 UTF-8", file=sys.stderr)
    except ValueError:
        print("文件不是有效的 JSON", file=sys.stderr)
    return None


def cmd_region_change(args) -> int:
    from minzheng.core.errors import ValidationFailed
    from minzheng.placenames.services import divisions

    data = _read(args.file)
    if data is None:
        return 2
    try:
        out = divisions.apply(None, data) if args.apply else divisions.dry_run(data)
    except ValidationFailed as exc:
        for e in exc.errors:
            print(f"{e.field}: {e.message}", file=sys.stderr)
        return 2
    _print(out)
    return 0


def cmd_match_households(args) -> int:
    from minzheng.core.models import User
    from minzheng.placenames.services import addresses

    actor = User.objects.filter(username=args.user).first()
    if actor is None:
        print(f"用户 {args.user} 不存在", file=sys.stderr)
        return 2
    report = addresses.match_households(actor, args.region or "")
    _print({"households": report.households, "matched": report.matched, "already": report.already,
            "unmatched": len(report.unmatched)})
    for hid, text, reason in report.unmatched[: args.show]:
        print(f"{hid}\t{text}\t{reason}", file=sys.stderr)
    return 0


def _subparsers(parser: argparse.ArgumentParser):
    for action in parser._actions:  # the `region` command is core's; its sub-commands are an argparse action
        if isinstance(action, argparse._SubParsersAction):
            return action
    return parser.add_subparsers(dest="sub", required=True)


def register_commands(cli) -> None:
    region = cli.choices.get("region") or cli.add_parser("region", help="行政区划")
    s = _subparsers(region).add_parser(
        "change", help="区划调整：合并、拆分、更名、边界调整、级别变更，数据随区划迁移"
                       "（--dry-run 只统计，--apply 执行，可续做）")
    s.add_argument("file", help='JSON：{"type": "merge"|"split"|"rename"|"boundary"|"level", "from": [代码], '
                                '"into": 代码, "name": 名称, "effective_from": "YYYY-MM-DD", "document": 批准文件, '
                                '"level_kind": 级别变更类型（level 必填）, "proposal": 区划调整方案编号（可选）}')
    mode = s.add_mutually_exclusive_group(required=True)
    mode.add_argument("--dry-run", action="store_true", help="只统计将迁移的数据")
    mode.add_argument("--apply", action="store_true", help="执行（中断后重新运行即续做；已执行的再运行不改变任何数据）")
    s.set_defaults(func=cmd_region_change)
    pn = cli.add_parser("placenames", help="区划地名").add_subparsers(dest="sub", required=True)
    s = pn.add_parser("match-households", help="按住址文本把家庭关联到标准地址，列出未能匹配的")
    s.add_argument("--user", required=True, help="以该用户的身份和管辖范围办理")
    s.add_argument("--region", help="只处理该区划（12位代码）")
    s.add_argument("--show", type=int, default=50, help="列出的未匹配条数")
    s.set_defaults(func=cmd_match_households)
