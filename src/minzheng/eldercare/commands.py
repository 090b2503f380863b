"""`minzheng eldercare escalate|settle|grade`: the alarm escalation (run every minute by cron or the job queue),
the monthly settlement as a county user, and the GB/T 37276-2018 grading of a score file (pure)."""

from __future__ import annotations

import json
import sys


def _print(data) -> None:
    print(json.dumps(data, ensure_ascii=False, default=str))


def cmd_escalate(args) -> int:
    from minzheng.eldercare.services import alarms

    _print(alarms.escalate())
    return 0


def cmd_settle(args) -> int:
    from minzheng.core.errors import ServiceError
    from minzheng.core.models import User
    from minzheng.eldercare.services import settlement

    user = User.objects.filter(username=args.user).first()
    if user is None:
        raise SystemExit(f"用户 {args.user} 不存在")
    try:
        out = settlement.settle_month(user, {"month": args.month})
    except ServiceError as exc:
        for err in getattr(exc, "errors", []) or []:
            print(f"{err.field}: {err.message}", file=sys.stderr)
        print(exc.message, file=sys.stderr)
        return 2
    _print(out)
    return 0


def cmd_grade(args) -> int:
    """{"scores": {"environment": …, "facilities": …, "management": …, "service": …}, "vetoes": [...]}"""
    from minzheng.eldercare.policy import grading

    with open(args.file, encoding="utf-8") as fh:
        data = json.load(fh)
    try:
        g = grading.grade(data.get("scores", {}), data.get("vetoes", []))
    except grading.ScoreError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    _print({"level": g.level, "level_name": g.level_name, "total": str(g.total),
            "shares": {k: str(v) for k, v in g.shares.items()}, "reasons": g.reasons, "standard": g.standard})
    return 0


def register_commands(sub) -> None:
    p = sub.add_parser("eldercare", help="养老服务：告警升级、服务结算、机构等级计算")
    p = p.add_subparsers(dest="sub", required=True)
    s = p.add_parser("escalate", help="未响应的告警升级（5 分钟到乡镇，15 分钟到县级）")
    s.set_defaults(func=cmd_escalate)
    s = p.add_parser("settle", help="按月结算本县（区）已确认的居家养老服务订单")
    s.add_argument("--month", required=True, help="YYYY-MM")
    s.add_argument("--user", required=True, help="县级用户名")
    s.set_defaults(func=cmd_settle)
    s = p.add_parser("grade", help="按 GB/T 37276-2018 计算等级（JSON 文件：scores、vetoes）")
    s.add_argument("file")
    s.set_defaults(func=cmd_grade)
