"""`minzheng payroll generate|list|lines|approve|return|export|reconcile|failed|fix-account|recoveries|stats`.
The same services as the pages and the API; with --user the command acts as that user (role and region rules),
without it `generate` runs as the system operator over every region."""

from __future__ import annotations

import json
import sys


def _user(username: str | None, required: bool = True):
    if not username:
        if required:
            raise SystemExit("须用 --user 指明办理人（用户名）")
        return None
    from minzheng.core.models import User

    user = User.objects.filter(username=username).select_related("region").first()
    if user is None:
        raise SystemExit(f"用户 {username} 不存在")
    return user


def _print(data) -> None:
    print(json.dumps(data, ensure_ascii=False, default=str))


def _fields(exc) -> int:
    for err in exc.errors:
        print(f"{err.field}: {err.message}", file=sys.stderr)
    return 2


def cmd_generate(args) -> int:
    from minzheng.core.errors import ValidationFailed
    from minzheng.payroll.services.generate import generate

    try:
        out = generate(_user(args.user, required=False), args.month, args.program or "", args.region or "")
    except ValidationFailed as exc:
        return _fields(exc)
    keys = ("payrolls", "lines", "total", "month", "created", "regenerated", "unchanged", "removed",
            "recoveries_found", "difference")
    _print({k: out[k] for k in keys})
    return 0


def cmd_list(args) -> int:
    from minzheng.core.errors import ValidationFailed
    from minzheng.payroll import filters, selectors
    from minzheng.payroll.schemas import PayrollOut, dump

    user = _user(args.user)
    data = {"month": args.month or "", "program": args.program or "", "status": args.status or ""}
    try:
        qs = filters.apply(filters.PayrollFilters, data, selectors.payrolls_for(user), user)
    except ValidationFailed as exc:
        return _fields(exc)
    _print([dump(PayrollOut, p) for p in qs[: args.limit]])
    return 0


def cmd_lines(args) -> int:
    from minzheng.payroll import selectors
    from minzheng.payroll.schemas import PayrollLineOut, dump

    user = _user(args.user)
    p = selectors.get_payroll(user, args.payroll_id)
    _print([dump(PayrollLineOut, line) for line in selectors.lines_of(user, p)[: args.limit]])
    return 0


def cmd_approve(args) -> int:
    from minzheng.payroll.schemas import PayrollOut, dump
    from minzheng.payroll.services import approval

    user = _user(args.user)
    _print(dump(PayrollOut, approval.take_next_step(user, args.payroll_id)))
    return 0


def cmd_return(args) -> int:
    from minzheng.payroll.schemas import PayrollOut, dump
    from minzheng.payroll.services import approval

    user = _user(args.user)
    _print(dump(PayrollOut, approval.act(user, args.payroll_id, "return", args.note or "")))
    return 0


def cmd_export(args) -> int:
    from minzheng.payroll.services import bank_files

    out = bank_files.export(_user(args.user, required=False), args.payroll_id, args.format, args.out,
                            layout=args.layout, reissue=args.reissue)
    _print(out)
    return 0


def cmd_reconcile(args) -> int:
    from minzheng.core.spreadsheets import UnreadableFile
    from minzheng.payroll.services import bank_returns

    try:
        out = bank_returns.reconcile(_user(args.user, required=False), args.payroll_id, args.file,
                                     layout=args.layout)
    except UnreadableFile as exc:
        print(f"无法读取文件：{exc}", file=sys.stderr)
        return 2
    for item in out.pop("problem_rows", []):
        detail = f"：{item['detail']}" if item["detail"] else ""
        print(f"第 {item['row']} 行 [{item['ref']}]：{item['problem_label']}{detail}", file=sys.stderr)
    _print(out)
    return 0


def cmd_failed(args) -> int:
    from minzheng.payroll import selectors
    from minzheng.payroll.schemas import FailedPaymentOut, dump

    _print([dump(FailedPaymentOut, line) for line in selectors.failed_payments(_user(args.user))[: args.limit]])
    return 0


def cmd_fix_account(args) -> int:
    from minzheng.core.errors import ValidationFailed
    from minzheng.payroll.services import bank_returns

    try:
        _print(bank_returns.fix_account(_user(args.user), args.payroll_id, args.entitlement_id, args.account,
                                        args.bank_name or ""))
    except ValidationFailed as exc:
        return _fields(exc)
    return 0


def cmd_recoveries(args) -> int:
    from minzheng.payroll import selectors
    from minzheng.payroll.schemas import RecoveryOut, dump

    user = _user(args.user)
    _print([dump(RecoveryOut, r) for r in selectors.recoveries_for(user)[: args.limit]])
    return 0


def cmd_stats(args) -> int:
    from minzheng.payroll import stats
    from minzheng.payroll.schemas import FundsStatsOut, dump

    user = _user(args.user)
    _print(dump(FundsStatsOut, stats.funds(user, year=args.year, month=args.month, program=args.program or "",
                                           region_code=args.region or "", level=args.level)))
    return 0


def register_commands(sub) -> None:
    payroll = sub.add_parser("payroll", help="资金发放：名册、审批、银行文件、回盘对账")
    payroll = payroll.add_subparsers(dest="sub", required=True)
    s = payroll.add_parser("generate", help="生成某月发放名册（每个项目、乡镇一本；草稿重新生成并列出差异）")
    s.add_argument("--month", required=True, help="YYYY-MM")
    s.add_argument("--program")
    s.add_argument("--region", help="区划代码（子树）")
    s.add_argument("--user", help="以该用户身份（角色、辖区）生成")
    s.set_defaults(func=cmd_generate)
    s = payroll.add_parser("list", help="名册列表")
    s.add_argument("--user", required=True)
    s.add_argument("--month")
    s.add_argument("--program")
    s.add_argument("--status")
    s.add_argument("--limit", type=int, default=200)
    s.set_defaults(func=cmd_list)
    s = payroll.add_parser("lines", help="名册明细")
    s.add_argument("payroll_id", type=int)
    s.add_argument("--user", required=True)
    s.add_argument("--limit", type=int, default=200)
    s.set_defaults(func=cmd_lines)
    s = payroll.add_parser("approve", help="以该用户身份办理下一步审批（乡镇初审 / 县级审批锁定）")
    s.add_argument("payroll_id", type=int)
    s.add_argument("--user", required=True)
    s.set_defaults(func=cmd_approve)
    s = payroll.add_parser("return", help="县级退回已初审的名册（回到草稿，可重新生成）")
    s.add_argument("payroll_id", type=int)
    s.add_argument("--user", required=True)
    s.add_argument("--note")
    s.set_defaults(func=cmd_return)
    s = payroll.add_parser("export", help="生成银行代发文件（账号仅在此解密，操作留痕）")
    s.add_argument("payroll_id", type=int)
    s.add_argument("out")
    s.add_argument("--format", choices=["csv", "xlsx", "txt"], default="csv")
    s.add_argument("--layout", help="银行文件格式（payroll/data/bank_layouts.json）")
    s.add_argument("--reissue", action="store_true", help="只导出更正账号后待重发的记录")
    s.add_argument("--user")
    s.set_defaults(func=cmd_export)
    s = payroll.add_parser("reconcile", help="导入银行回盘文件对账")
    s.add_argument("payroll_id", type=int)
    s.add_argument("file")
    s.add_argument("--layout")
    s.add_argument("--user")
    s.set_defaults(func=cmd_reconcile)
    s = payroll.add_parser("failed", help="发放失败待处理清单")
    s.add_argument("--user", required=True)
    s.add_argument("--limit", type=int, default=200)
    s.set_defaults(func=cmd_failed)
    s = payroll.add_parser("fix-account", help="更正账号并标记待重发")
    s.add_argument("payroll_id", type=int)
    s.add_argument("entitlement_id", type=int)
    s.add_argument("account")
    s.add_argument("--bank-name")
    s.add_argument("--user", required=True)
    s.set_defaults(func=cmd_fix_account)
    s = payroll.add_parser("recoveries", help="多发追回台账")
    s.add_argument("--user", required=True)
    s.add_argument("--limit", type=int, default=200)
    s.set_defaults(func=cmd_recoveries)
    s = payroll.add_parser("stats", help="资金发放统计（已锁定名册）")
    s.add_argument("--user", required=True)
    s.add_argument("--year", type=int)
    s.add_argument("--month", help="截至月份 YYYY-MM（年初至该月）")
    s.add_argument("--program")
    s.add_argument("--region")
    s.add_argument("--level", default="township", choices=["province", "city", "county", "township", "village"])
    s.set_defaults(func=cmd_stats)
