"""Elderly-care subcommands: `minzheng elderly assess FILE.json` (score a GB/T 42195-2022 assessment, print JSON)
and `minzheng elderly assess --items` (the 26 items with their parts and maxima); `minzheng elderly
survival-sweep` (suspend the 高龄津贴 whose survival check is overdue)."""

from __future__ import annotations

import json
import sys
from pathlib import Path


def _print(data) -> None:
    print(json.dumps(data, ensure_ascii=False))


def cmd_assess(args) -> int:
    from minzheng.elderly.policy import capability

    if args.items:
        _print(capability.items_table())
        return 0
    if not args.file:
        print("请给出评估数据文件（JSON），或用 --items 列出评估项目", file=sys.stderr)
        return 2
    try:
        data = json.loads(Path(args.file).read_bytes().decode("utf-8-sig"))
    except OSError as exc:
        print(f"无法读取文件：{exc}", file=sys.stderr)
        return 2
    except UnicodeDecodeError:
        print("文件编码无法识别：请保存为 UTF-8", file=sys.stderr)
        return 2
    except ValueError:
        print("文件不是有效的 JSON", file=sys.stderr)
        return 2
    try:
        outcome = capability.score(capability.facts_from_json(data))
    except capability.InvalidAssessment as exc:
        for where, message in exc.errors:
            print(f"{where}: {message}" if where else message, file=sys.stderr)
        return 2
    _print(outcome.as_dict())
    return 0


def cmd_survival_sweep(args) -> int:
    from minzheng.elderly.services import survival

    out = survival.suspend_overdue(None, args.region or "")
    _print({"overdue": out["overdue"], "suspended": out["suspended"]})
    return 0


def register_commands(sub) -> None:
    elderly = sub.add_parser("elderly", help="养老服务").add_subparsers(dest="sub", required=True)
    s = elderly.add_parser("assess", help="按 GB/T 42195-2022 计算老年人能力评估等级，输出 JSON")
    s.add_argument("file", nargs="?", help='JSON：{"items": {项目编号: 得分}, "coma": 是否昏迷, '
                                           '"diagnoses": [ICD-10 编码], "risk_events_30d": 近30天照护风险事件次数}')
    s.add_argument("--items", action="store_true", help="列出 26 个评估项目（编号、名称、一级指标、满分）")
    s.set_defaults(func=cmd_assess)
    s = elderly.add_parser("survival-sweep", help="暂停逾期未生存认证的高龄津贴（自逾期次月起，不早于下月）")
    s.add_argument("--region", help="只处理该区划（代码前缀）")
    s.set_defaults(func=cmd_survival_sweep)
