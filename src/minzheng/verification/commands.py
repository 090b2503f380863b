"""CLI: `minzheng feeds load KIND FILE --as-of DATE`, `minzheng feeds list`, `minzheng compare run --month YYYY-MM
[--engine duckdb|spark]` (synthetic feeds: `minzheng seed feeds`, in the synthetic app). Each prints a JSON summary;
bad input exits 2 with Chinese reasons; a load held back because too many rows were rejected (the current snapshot
kept) exits 3."""

from __future__ import annotations

import datetime as dt
import json
import sys


def _print(data) -> None:
    print(json.dumps(data, ensure_ascii=False, default=str))


def _user(username):
    if not username:
        return None
    from minzheng.core.models import User

    user = User.objects.filter(username=username).first()
    if user is None:
        raise SystemExit(f"用户 {username} 不存在")
    return user


def _errors(exc) -> int:
    from minzheng.core.errors import ServiceError, ValidationFailed

    if isinstance(exc, ValidationFailed):
        for err in exc.errors:
            print(f"{err.field}: {err.message}", file=sys.stderr)
        return 2
    if isinstance(exc, ServiceError):
        print(exc.message, file=sys.stderr)
        return 2
    raise exc


def cmd_feeds_load(args) -> int:
    from minzheng.core.errors import ServiceError
    from minzheng.core.spreadsheets import UnreadableFile
    from minzheng.verification import feeds

    try:
        as_of = dt.date.fromisoformat(args.as_of)
    except ValueError:
        print("--as-of 日期格式不正确，应为 YYYY-MM-DD", file=sys.stderr)
        return 2
    try:
        summary = feeds.load(args.kind, args.file, as_of, actor=_user(args.user),
                             confirm_replace=args.confirm_replace)
    except UnreadableFile as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except ServiceError as exc:
        return _errors(exc)
    for line in summary.get("errors", []):
        print(line, file=sys.stderr)
    _print(summary)
    if summary.get("held"):  # nothing replaced: not a success the operator may overlook
        print(summary["message"], file=sys.stderr)
        return 3
    return 0


def cmd_feeds_list(args) -> int:
    from minzheng.verification.models import FeedSnapshot

    rows = FeedSnapshot.objects.order_by("kind", "as_of", "id")
    if args.kind:
        rows = rows.filter(kind=args.kind)
    _print([{"id": s.pk, "kind": s.kind, "as_of": s.as_of, "rows": s.rows, "rejected": s.rejected,
             "file": s.source_name, "path": s.path} for s in rows])
    return 0


def cmd_compare_run(args) -> int:
    from minzheng.core.errors import ServiceError
    from minzheng.verification import compare

    try:
        summary = compare.run(args.month, args.engine, actor=_user(args.user))
    except ServiceError as exc:
        return _errors(exc)
    _print(summary)
    return 0


def register_commands(sub) -> None:
    from minzheng.verification import kinds

    f = sub.add_parser("feeds", help="部门比对数据：导入、列表")
    fs = f.add_subparsers(dest="feeds_cmd", required=True)
    s = fs.add_parser("load", help="导入一个部门数据文件（CSV/XLSX/Parquet），生成带日期的快照")
    s.add_argument("kind", choices=sorted(kinds.KINDS), help="数据类别")
    s.add_argument("file", help="文件路径")
    s.add_argument("--as-of", required=True, help="数据日期 YYYY-MM-DD")
    s.add_argument("--user", help="以该用户名义导入（审计）")
    s.add_argument("--confirm-replace", action="store_true",
                   help="拒绝行超过阈值（MINZHENG_FEED_MAX_REJECT_SHARE）时仍以本文件替换当前快照")
    s.set_defaults(func=cmd_feeds_load)
    s = fs.add_parser("list", help="已导入的快照")
    s.add_argument("--kind", choices=sorted(kinds.KINDS))
    s.set_defaults(func=cmd_feeds_list)

    c = sub.add_parser("compare", help="全量比对：在保对象与部门数据比对，生成疑点")
    cs = c.add_subparsers(dest="compare_cmd", required=True)
    s = cs.add_parser("run", help="比对一个月份")
    s.add_argument("--month", required=True, help="YYYY-MM")
    s.add_argument("--engine", choices=["duckdb", "spark"], default="duckdb")
    s.add_argument("--user", help="以该用户名义运行（审计）")
    s.set_defaults(func=cmd_compare_run)
