"""Relief subcommands: `minzheng relief load-rules FILE` (report deadlines by region and date, CSV/XLSX; the bundled
示例 set is data/report_rules.csv) and `minzheng relief ledger-check WAREHOUSE_ID` (does the ledger balance)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

BUNDLED_RULES = Path(__file__).parent / "data" / "report_rules.csv"


def _print(data) -> None:
    print(json.dumps(data, ensure_ascii=False, default=str))


def cmd_load_rules(args) -> int:
    from minzheng.core.errors import ServiceError
    from minzheng.core.spreadsheets import UnreadableFile
    from minzheng.relief.services import disasters

    try:
        out = disasters.load_rules(args.file or BUNDLED_RULES)
    except (UnreadableFile, OSError, ServiceError) as exc:
        print(str(exc), file=sys.stderr)
        return 2
    for line in out["errors"]:
        print(line, file=sys.stderr)
    _print(out)
    return 0 if out["written"] else 2


def cmd_ledger_check(args) -> int:
    from minzheng.relief.selectors import ledger_check

    out = ledger_check(args.warehouse_id)
    _print(out)
    return 0 if out["balanced"] else 1


def register_commands(sub) -> None:
    relief = sub.add_parser("relief", help="受灾人员救助与救灾物资").add_subparsers(dest="sub", required=True)
    s = relief.add_parser("load-rules", help="导入报灾时限（CSV/XLSX：region_code,stage,days,effective_from,source；"
                                             "不给文件则导入内置示例）")
    s.add_argument("file", nargs="?")
    s.set_defaults(func=cmd_load_rules)
    s = relief.add_parser("ledger-check", help="核对储备库台账是否平衡（库存 = 台账变动合计，逐笔余额正确）")
    s.add_argument("warehouse_id", type=int)
    s.set_defaults(func=cmd_ledger_check)
