"""`minzheng files list [--category C] [--expired]` and `minzheng files cleanup`: the encrypted file store
(core.filestore) from the command line. Each prints JSON."""

from __future__ import annotations

import json


def _print(data) -> None:
    print(json.dumps(data, ensure_ascii=False, default=str))


def cmd_files_list(args) -> int:
    from django.utils import timezone

    from minzheng.core.models import StoredFile

    rows = StoredFile.objects.order_by("created_at", "id")
    if args.category:
        rows = rows.filter(category=args.category)
    if args.expired:
        rows = rows.filter(expires_at__lte=timezone.now())
    _print([{"id": f.pk, "category": f.category, "name": f.name, "size": f.size, "sha256": f.sha256,
             "created_at": f.created_at, "expires_at": f.expires_at, "created_by": f.created_by_id,
             "region_code": f.region_code} for f in rows])
    return 0


def cmd_files_cleanup(args) -> int:
    from minzheng.core import filestore

    _print(filestore.cleanup())
    return 0


def register_commands(sub) -> None:
    from minzheng.core.filestore import CATEGORIES

    files = sub.add_parser("files", help="加密文件存储：列表、清理到期文件").add_subparsers(dest="sub", required=True)
    s = files.add_parser("list", help="已保存的文件（不含内容）")
    s.add_argument("--category", choices=sorted(CATEGORIES))
    s.add_argument("--expired", action="store_true", help="只列出已到期的文件")
    s.set_defaults(func=cmd_files_list)
    s = files.add_parser("cleanup", help="删除到期文件、无记录文件和遗留的临时文件")
    s.set_defaults(func=cmd_files_cleanup)
