"""Case subcommands: `minzheng cases inbox|show|act|refresh-deadlines` and `minzheng entitlements apply-deaths`.
They call the same selectors, services and output schemas as the API (as the named user, with that user's role
and region)."""

from __future__ import annotations

import json
import sys
from pathlib import Path


def _user(username: str):
    from minzheng.core.models import User

    user = User.objects.filter(username=username).select_related("region").first()
    if user is None:
        raise SystemExit(f"用户 {username} 不存在")
    return user


def _print(data) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=1, default=str))


def cmd_inbox(args) -> int:
    from minzheng.benefits import selectors as case_selectors
    from minzheng.benefits.schemas.case_out import CaseDoneOut, CaseOut

    user = _user(args.user)
    rows, schema = (case_selectors.done(user), CaseDoneOut) if args.done else (case_selectors.inbox(user), CaseOut)
    _print([schema.model_validate(c).model_dump(mode="json") for c in rows[: args.limit]])
    return 0


def _show(user, case_id) -> None:
    from minzheng.benefits import selectors as case_selectors
    from minzheng.benefits.schemas.case_out import case_detail

    _print(case_detail(user, case_selectors.get_case(user, case_id)).model_dump(mode="json"))


def cmd_show(args) -> int:
    _show(_user(args.user), args.case_id)
    return 0


def cmd_act(args) -> int:
    from minzheng.benefits.services import cases as case_service
    from minzheng.core import validation
    from minzheng.core.errors import ValidationFailed

    user = _user(args.user)
    raw = args.data or "{}"
    if raw.startswith("@"):
        raw = Path(raw[1:]).read_text(encoding="utf-8-sig")
    try:
        case = case_service.act(user, args.case_id, args.action, validation.loads(raw))
    except ValidationFailed as exc:
        for err in exc.errors:
            print(f"{err.field}: {err.message}", file=sys.stderr)
        return 2
    _show(user, case.pk)
    return 0


def cmd_refresh(args) -> int:
    from minzheng.benefits.services.cases import refresh_deadlines

    _print(refresh_deadlines(args.region or ""))
    return 0


def cmd_apply_deaths(args) -> int:
    from minzheng.benefits.services.entitlements import apply_deaths

    _print(apply_deaths(None, args.region or ""))
    return 0


def register_case_commands(sub) -> None:
    cases = sub.add_parser("cases", help="救助案件").add_subparsers(dest="sub", required=True)
    s = cases.add_parser("inbox", help="待办（--done：已办）")
    s.add_argument("--user", required=True)
    s.add_argument("--done", action="store_true")
    s.add_argument("--limit", type=int, default=50)
    s.set_defaults(func=cmd_inbox)
    s = cases.add_parser("show", help="案件详情：状态、期限、办理记录")
    s.add_argument("case_id", type=int)
    s.add_argument("--user", required=True)
    s.set_defaults(func=cmd_show)
    s = cases.add_parser("act", help="办理一个动作（与 POST /api/v1/cases/{id}/actions 相同）")
    s.add_argument("case_id", type=int)
    s.add_argument("action")
    s.add_argument("--user", required=True)
    s.add_argument("--data", help="动作内容 JSON，或 @文件")
    s.set_defaults(func=cmd_act)
    s = cases.add_parser("refresh-deadlines", help="重算在办案件的期限（新年度放假安排公布或地方调整后）")
    s.add_argument("--region", help="区划代码（子树）")
    s.set_defaults(func=cmd_refresh)
    ents = sub.add_parser("entitlements", help="救助待遇").add_subparsers(dest="sub", required=True)
    s = ents.add_parser("apply-deaths", help="按已登记的死亡日期停发（次月起）或安排家庭复核")
    s.add_argument("--region", help="区划代码（子树）")
    s.set_defaults(func=cmd_apply_deaths)
