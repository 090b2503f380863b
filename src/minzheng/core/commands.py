"""The platform's own subcommands: init, region, user, token, audit, serve, manage."""

from __future__ import annotations

import argparse
import json
import os
import secrets
import string
import sys
from pathlib import Path


def _fail(message: str, code: int = 1) -> int:
    print(message, file=sys.stderr)
    return code


def generate_password() -> str:
    # 12 random letters/digits plus one of each class, so the complexity validator always accepts it.
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(12)) + secrets.choice("!@#%^&*") + "a1Z"


def cmd_init(args) -> int:
    from django.core.management import call_command

    from minzheng.core import regions

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    out = {"database": "migrated"}
    from minzheng.core import queue

    if queue.backend() == queue.PROCRASTINATE:  # the broker's tables, in the same database (issue 21)
        from minzheng.core.queue import broker

        out["queue"] = "applied" if broker.apply_schema() else "present"
    if not args.no_regions:
        created, updated = regions.load_national()
        out.update(regions_created=created, regions_updated=updated)
    print(json.dumps(out, ensure_ascii=False))
    return 0


def cmd_region_import(args) -> int:
    from minzheng.core import regions

    path = Path(args.file)
    if not path.exists():
        return _fail(f"文件不存在：{path}")
    try:
        result = regions.import_file(path)
    except (ValueError, KeyError, OSError) as exc:
        return _fail(f"无法读取文件：{exc}")
    for err in result.errors:
        print(f"第 {err.row} 行 [{err.column}] “{err.value}”：{err.reason}", file=sys.stderr)
    print(json.dumps({"rows": result.rows, "created": result.created, "updated": result.updated,
                      "rejected_rows": len({e.row for e in result.errors})}, ensure_ascii=False))
    return 0


def cmd_region_load_county(args) -> int:
    from minzheng.core import regions

    created, updated = regions.load_package_county(args.code)
    print(json.dumps({"created": created, "updated": updated}, ensure_ascii=False))
    return 0


def cmd_user_create(args) -> int:
    from minzheng.core import users
    from minzheng.core.errors import ValidationFailed

    password = args.password or generate_password()
    try:
        user = users.create_user(None, args.username, args.role, args.region, password, args.name or "",
                                 must_change=not args.ready)
    except ValidationFailed as exc:
        for err in exc.errors:
            print(f"{err.field}: {err.message}", file=sys.stderr)
        return 2
    print(json.dumps({"id": user.pk, "username": user.username, "role": user.role, "region": user.region_id,
                      **({} if args.password else {"password": password})}, ensure_ascii=False))
    return 0


def _user(username):
    from minzheng.core.models import User

    return User.objects.filter(username=username).first()


def cmd_user_unlock(args) -> int:
    from minzheng.core import users

    user = _user(args.username)
    if user is None:
        return _fail(f"用户 {args.username} 不存在")
    users.unlock(None, user)
    return 0


def cmd_user_unmask(args) -> int:
    from minzheng.core import users
    from minzheng.core.errors import ValidationFailed

    user = _user(args.username)
    if user is None:
        return _fail(f"用户 {args.username} 不存在")
    try:
        users.set_unmask(None, user, not args.revoke)
    except ValidationFailed as exc:
        return _fail(exc.errors[0].message, 2)
    return 0


def cmd_user_reset_password(args) -> int:
    """The installer's way back in (e.g. every officer locked out): a generated password, changed at sign-in."""
    from minzheng.core import users

    user = _user(args.username)
    if user is None:
        return _fail(f"用户 {args.username} 不存在")
    password = generate_password()
    users.installer_reset_password(user, password)
    print(json.dumps({"username": user.username, "password": password}, ensure_ascii=False))
    return 0


def cmd_token_create(args) -> int:
    from minzheng.core import auth

    user = _user(args.username)
    if user is None:
        return _fail(f"用户 {args.username} 不存在")
    if args.days is not None and args.days < 0:
        return _fail("有效天数不能为负数", 2)
    print(auth.create_token(user, args.label or "", args.days))
    return 0


def cmd_token_list(args) -> int:
    from minzheng.core import selectors

    for row in selectors.all_tokens(args.username or ""):
        print(json.dumps({"id": row.pk, "user": row.user.username, "label": row.label, "status": row.status_label,
                          "created_at": row.created_at.isoformat(),
                          "expires_at": row.expires_at.isoformat() if row.expires_at else None,
                          "last_used_at": row.last_used_at.isoformat() if row.last_used_at else None},
                         ensure_ascii=False))
    return 0


def cmd_token_revoke(args) -> int:
    from minzheng.core import auth, selectors

    row = selectors.token_by_id(args.id)
    if row is None:
        return _fail(f"令牌 {args.id} 不存在")
    auth.revoke_token(None, row)
    print(json.dumps({"id": row.pk, "revoked": True}, ensure_ascii=False))
    return 0


def cmd_audit_verify(args) -> int:
    from minzheng.core import audit

    result = audit.verify()
    if result.ok:
        print(json.dumps({"ok": True, "entries": result.checked}, ensure_ascii=False))
        return 0
    print(json.dumps({"ok": False, "entries_checked": result.checked, "first_bad_seq": result.first_bad_seq,
                      "reason": result.reason}, ensure_ascii=False))
    return 1


def cmd_serve(args) -> int:
    from minzheng.server import serve

    return serve(args.host, args.port, args.workers)


def cmd_manage(args) -> int:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["minzheng manage", *args.rest])
    return 0


def register_commands(sub) -> None:

    s = sub.add_parser("init", help="创建或迁移数据库，载入全国省市县区划（可重复运行）")
    s.add_argument("--no-regions", action="store_true", help="不载入全国区划")
    s.set_defaults(func=cmd_init)

    region = sub.add_parser("region", help="行政区划").add_subparsers(dest="sub", required=True)
    s = region.add_parser("import", help="从 CSV/XLSX 导入乡镇和村（code,name[,urban_rural_type]）")
    s.add_argument("file")
    s.set_defaults(func=cmd_region_import)
    s = region.add_parser("load-county", help="从区划数据包载入一个县的乡镇和村")
    s.add_argument("code")
    s.set_defaults(func=cmd_region_load_county)

    user = sub.add_parser("user", help="用户").add_subparsers(dest="sub", required=True)
    s = user.add_parser("create", help="创建用户")
    s.add_argument("username")
    s.add_argument("--role", required=True)
    s.add_argument("--region", required=True)
    s.add_argument("--password")
    s.add_argument("--name")
    s.add_argument("--ready", action="store_true", help="不要求首次登录修改密码（仅用于演示和测试）")
    s.set_defaults(func=cmd_user_create)
    s = user.add_parser("reset-password", help="安装运维人员重置密码（生成新密码，登录后须修改）")
    s.add_argument("username")
    s.set_defaults(func=cmd_user_reset_password)
    s = user.add_parser("unlock", help="解锁账户")
    s.add_argument("username")
    s.set_defaults(func=cmd_user_unlock)
    s = user.add_parser("grant-unmask", help="授予（或 --revoke 收回）查看明文权限")
    s.add_argument("username")
    s.add_argument("--revoke", action="store_true")
    s.set_defaults(func=cmd_user_unmask)

    token = sub.add_parser("token", help="接口令牌").add_subparsers(dest="sub", required=True)
    s = token.add_parser("create", help="创建令牌（只打印令牌本身）")
    s.add_argument("username")
    s.add_argument("--label")
    s.add_argument("--days", type=int, help="有效天数（默认 MINZHENG_TOKEN_DAYS；0 为永不过期）")
    s.set_defaults(func=cmd_token_create)
    s = token.add_parser("list", help="列出令牌（不含令牌本身）")
    s.add_argument("--user", dest="username")
    s.set_defaults(func=cmd_token_list)
    s = token.add_parser("revoke", help="吊销令牌")
    s.add_argument("id", type=int)
    s.set_defaults(func=cmd_token_revoke)

    auditp = sub.add_parser("audit", help="审计日志").add_subparsers(dest="sub", required=True)
    s = auditp.add_parser("verify", help="校验哈希链完整性")
    s.set_defaults(func=cmd_audit_verify)

    s = sub.add_parser("serve", help="启动服务（gunicorn）")
    s.add_argument("--host", default=os.environ.get("MINZHENG_HOST", "127.0.0.1"))
    s.add_argument("--port", type=int, default=int(os.environ.get("MINZHENG_PORT", "8000")))
    s.add_argument("--workers", type=int, default=int(os.environ.get("MINZHENG_WORKERS", "2")))
    s.set_defaults(func=cmd_serve)

    from minzheng.core import keys_cli

    keys_cli.register_commands(sub)  # keys status/rotate, backup, restore

    s = sub.add_parser("manage", help="Django 管理命令")
    s.add_argument("rest", nargs=argparse.REMAINDER)
    s.set_defaults(func=cmd_manage)

    from minzheng.core import file_commands

    file_commands.register_commands(sub)

    from minzheng.core.queue import commands as queue_commands

    queue_commands.register_commands(sub)  # jobs worker/reap/init-queue/status (issue 21)


