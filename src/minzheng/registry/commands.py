"""Registry subcommands: `minzheng import households`, `minzheng import template households`,
`minzheng export households` and `minzheng dedup`."""

from __future__ import annotations

import json
import sys


def _actor(username: str | None):
    if not username:
        return None
    from minzheng.core.models import User

    user = User.objects.filter(username=username).select_related("region").first()
    if user is None:
        raise SystemExit(f"用户 {username} 不存在")
    return user


def cmd_import_households(args) -> int:
    from minzheng.core.spreadsheets import UnreadableFile
    from minzheng.registry.imports import import_households

    try:
        summary = import_households(args.file, actor=_actor(args.user), report_path=args.report)
    except UnreadableFile as exc:
        print(f"无法读取文件：{exc}", file=sys.stderr)
        return 2
    print(json.dumps(summary.as_dict(), ensure_ascii=False))
    return 0


def cmd_import_template(args) -> int:
    from minzheng.registry.exports import write_template

    if args.kind != "households":
        print(f"没有“{args.kind}”的模板", file=sys.stderr)
        return 2
    print(write_template(args.out))
    return 0


def cmd_export_households(args) -> int:
    from minzheng.registry.exports import export_households

    result = export_households(_actor(args.user), args.out, region_code=args.region or "", unmask=args.unmask)
    print(json.dumps(result, ensure_ascii=False))
    return 0


def register_commands(cli) -> None:
    imp = cli.group("import", "批量导入")
    s = imp.add_parser("households", help="导入家庭成员花名册（.xlsx/.csv，每行一人）")
    s.add_argument("file")
    s.add_argument("--report", help="错误报告输出路径（.xlsx 或 .csv）")
    s.add_argument("--user", help="以该用户身份导入（按其管辖范围校验）；缺省为系统操作员")
    s.set_defaults(func=cmd_import_households)
    s = imp.add_parser("template", help="生成导入模板")
    s.add_argument("kind", choices=["households"])
    s.add_argument("out")
    s.set_defaults(func=cmd_import_template)

    exp = cli.group("export", "导出")
    s = exp.add_parser("households", help="导出家庭成员（默认脱敏）")
    s.add_argument("out")
    s.add_argument("--region", help="区划代码（子树）")
    s.add_argument("--user", help="以该用户身份导出（按其管辖范围）")
    s.add_argument("--unmask", action="store_true", help="导出明文（须有查看明文权限，记录审计日志）")
    s.set_defaults(func=cmd_export_households)

    from minzheng.registry.dedup import cli as dedup_cli

    dedup_cli.register_commands(cli)
