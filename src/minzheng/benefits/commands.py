"""Assistance subcommands: `minzheng standards load|list|resolve` and `minzheng policy evaluate`."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path


def _actor(username: str | None):
    if not username:
        return None
    from minzheng.core.models import User

    user = User.objects.filter(username=username).first()
    if user is None:
        raise SystemExit(f"用户 {username} 不存在")
    return user


def _print(data) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=1, default=str))


def cmd_standards_load(args) -> int:
    from minzheng.benefits.services.standards import load_csv
    from minzheng.core.spreadsheets import UnreadableFile

    path = Path(args.file)
    try:
        summary = load_csv(path, actor=_actor(args.user))
    except UnreadableFile as exc:
        print(f"无法读取文件：{exc}", file=sys.stderr)
        return 2
    for err in summary.errors:
        print(err.text(), file=sys.stderr)
    print(json.dumps(summary.as_dict(), ensure_ascii=False))
    return 2 if summary.errors else 0


def cmd_standards_list(args) -> int:
    from minzheng.benefits.selectors import list_standards, standard_out

    as_of = dt.date.fromisoformat(args.as_of) if args.as_of else None
    rows = list_standards(program=args.program or "", item=args.item or "", region_code=args.region or "",
                          as_of=as_of)
    _print([standard_out(r) for r in rows])
    return 0


def cmd_standards_resolve(args) -> int:
    from minzheng.benefits.selectors import resolve

    stds = resolve(args.region, args.area, dt.date.fromisoformat(args.month + "-01"))
    _print([v.as_dict() | {"source_text": v.origin()} for _, v in sorted(stds.values.items())])
    return 0


def cmd_policy_evaluate(args) -> int:
    from minzheng.benefits import evaluation
    from minzheng.core import validation
    from minzheng.core.errors import ValidationFailed

    try:
        raw = Path(args.file).read_bytes()
    except OSError as exc:
        print(f"无法读取文件：{exc}", file=sys.stderr)
        return 2
    try:
        payload = validation.loads(raw.decode("utf-8-sig"))
        _print(evaluation.evaluate_payload(payload))
    except ValidationFailed as exc:
        for err in exc.errors:
            print(f"{err.field}: {err.message}", file=sys.stderr)
        return 2
    except UnicodeDecodeError:
        print("文件编码无法识别：请保存为 UTF-8", file=sys.stderr)
        return 2
    return 0


def register_commands(sub) -> None:
    std = sub.add_parser("standards", help="救助标准").add_subparsers(dest="sub", required=True)
    s = std.add_parser("load", help="从 CSV/XLSX 载入标准（列：program,item,region_code,area,value,unit,"
                                    "effective_from[,effective_to][,source]）；演示标准用 minzheng seed standards")
    s.add_argument("file")
    s.add_argument("--user", help="以该用户身份载入（县级、市级，按其辖区校验）；缺省为系统操作员")
    s.set_defaults(func=cmd_standards_load)
    s = std.add_parser("list", help="列出标准")
    s.add_argument("--program")
    s.add_argument("--item")
    s.add_argument("--region", help="适用于该区划的标准（本级及上级）")
    s.add_argument("--as-of", help="YYYY-MM-DD：当日有效的标准")
    s.set_defaults(func=cmd_standards_list)
    s = std.add_parser("resolve", help="某区划、城乡、月份生效的全部标准")
    s.add_argument("region")
    s.add_argument("area", choices=["urban", "rural"])
    s.add_argument("month", help="YYYY-MM")
    s.set_defaults(func=cmd_standards_resolve)

    pol = sub.add_parser("policy", help="救助政策测算").add_subparsers(dest="sub", required=True)
    s = pol.add_parser("evaluate", help="按 JSON 文件测算资格与金额，输出 JSON")
    s.add_argument("file")
    s.set_defaults(func=cmd_policy_evaluate)

    from minzheng.benefits.case_commands import register_case_commands  # cases, entitlements
    from minzheng.benefits.services.recipients import add_import_parser  # `import recipients` (存量救助对象)

    register_case_commands(sub)
    add_import_parser(sub.group("import", "批量导入"))
