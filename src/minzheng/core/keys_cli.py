"""`minzheng keys status|rotate` and `minzheng backup|restore` (docs/security/keys-and-backup.md).

rotate (SM4): a new key version becomes current (running services notice it at their next encryption: the key
directory's modification time), then every protected column is re-encrypted in batches, each its own transaction,
while the service runs; stored files through `minzheng.core.filestore.reencrypt_all`. While
values remain on older versions, `keys rotate` continues the unfinished rotation instead of making another version;
`keys rotate --resume` only continues (a no-op when nothing is left).

rotate --index: a new blind-index key version; every registry row's indexes are recomputed (and the person's
ciphertexts, bound to the ID-number index, re-sealed), then the apps re-key what they store outside the database
(AppConfig `index_rekey`: the feed lake). Lookups use the new version at once, so run it with the service stopped.
Progress is kept in $MINZHENG_HOME/keys-rotation.json, so an interrupted run resumes with the same versions.
"""

from __future__ import annotations

import json
import sys
import time


def _print(data: dict) -> None:
    print(json.dumps(data, ensure_ascii=False, default=str))


def _note(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _old_values() -> dict[str, list[int]]:
    from minzheng.core import protected

    return {f"{m._meta.db_table}.{s.field}": list(protected.count_old(m, s)) for m, s in protected.columns()}


def cmd_keys_status(args) -> int:
    from minzheng.core import crypto, keys, protected

    p = keys.provider()
    out: dict = {"provider": type(p).__name__, "key_dir": str(keys.key_dir()),
                 "production": keys.production(), "keys": {}}
    for name in keys.KEY_NAMES:
        entry = {"current_version": keys.current_version(name)}
        if hasattr(p, "describe"):
            entry["source"] = p.describe(name)
        known = keys.Fingerprints().load().get(name, {})
        entry["versions_used"] = sorted(int(v) for v in known)
        out["keys"][name] = entry
    columns = _old_values()
    out["sm4_current_version"] = crypto.current_key_version()
    out["columns"] = {c: {"old_version": old, "total": total} for c, (old, total) in columns.items()}
    out["values_on_old_versions"] = sum(old for old, _ in columns.values())
    out["index_rotation"] = _index_state().get("index", {})
    out["indexed_tables"] = [m._meta.db_table for m in protected.indexed_models()]
    _print(out)
    return 0


def _filestore_reencrypt(report) -> dict:
    """Stored files (core.filestore) under the new key version, reporting each file when asked."""
    from minzheng.core import filestore

    progress = (lambda done, total, message: report(f"文件 {done}/{total} {message}")) if report else None
    return filestore.reencrypt_all(progress)


def rotate_sm4(actor="system", resume: bool = False, batch: int = 2000, report=None) -> dict:
    """The rotation itself (also called by tests): returns the figures printed by the command."""
    from minzheng.core import audit, crypto, keys, protected

    started = time.perf_counter()
    pending = sum(old for old, _ in _old_values().values())
    before = crypto.current_key_version()
    created = None
    if not resume and not pending:
        created = keys.create_version("sm4")
        crypto.reset_caches()
    version = crypto.current_key_version()
    total = protected.Progress()
    for _ in range(3):  # a value written meanwhile by a process still on the old version is caught by a next pass
        p = protected.rewrap_all(batch, report)
        total.rows += p.rows
        total.changed += p.changed
        total.skipped += p.skipped
        for k, v in p.per_column.items():
            total.per_column[k] = total.per_column.get(k, 0) + v
        if p.changed == 0 and p.skipped == 0:
            break
    db_seconds = time.perf_counter() - started
    files = _filestore_reencrypt(report)
    remaining = sum(old for old, _ in _old_values().values())
    result = {"key": "sm4", "previous_version": before, "version": version, "new_version_created": created is not None,
              "values_reencrypted": total.changed, "values_skipped_changed_meanwhile": total.skipped,
              "per_column": total.per_column, "values_still_on_old_versions": remaining,
              "db_seconds": round(db_seconds, 2), "files": files, "seconds": round(time.perf_counter() - started, 2)}
    if created is not None or total.changed:
        audit.record(actor, audit.Event("key_rotate", "key", "sm4", "", {
            "version": [before, version], "values": [None, total.changed], "files": [None, files.get("files")],
            "seconds": [None, result["seconds"]]}))
    return result


def _state_path():
    from minzheng import home

    return home.home() / "keys-rotation.json"


def _index_state() -> dict:
    path = _state_path()
    return json.loads(path.read_text()) if path.exists() else {}


def _save_state(state: dict) -> None:
    from minzheng.core.keys import _write_private

    _write_private(_state_path(), json.dumps(state, indent=1))


def rotate_index(actor="system", resume: bool = False, batch: int = 2000, report=None) -> dict:
    from django.utils.module_loading import import_string

    from minzheng.core import app_registry, audit, crypto, keys, protected

    started = time.perf_counter()
    state = _index_state()
    job = state.get("index")
    if job and not job.get("done"):
        previous, version = job["from"], job["to"]
    elif resume:
        return {"key": "index", "note": "没有未完成的索引密钥轮换", "seconds": 0}
    else:
        previous = keys.current_version("index")
        version = keys.create_version("index")
        crypto.reset_caches()
        job = {"from": previous, "to": version, "done": False}
        state["index"] = job
        _save_state(state)
    mapping: dict[str, str] = {}
    rows = changed = 0
    for model in protected.indexed_models():
        p = protected.reindex(model, version, previous, batch, report, mapping)
        rows += p.rows
        changed += p.changed
    db_seconds = time.perf_counter() - started
    outside = {}
    for config in app_registry.configs():
        for path in getattr(config, "index_rekey", ()):
            outside[path] = import_string(path)(mapping, report)
    job["done"] = True
    _save_state(state)
    result = {"key": "index", "previous_version": previous, "version": version, "rows_examined": rows,
              "rows_reindexed": changed, "db_seconds": round(db_seconds, 2), "outside_database": outside,
              "seconds": round(time.perf_counter() - started, 2)}
    audit.record(actor, audit.Event("index_rekey", "key", "index", "", {
        "version": [previous, version], "rows": [None, changed], "seconds": [None, result["seconds"]]}))
    return result


def cmd_keys_rotate(args) -> int:
    from minzheng.core.keys import KeyError_

    try:
        if args.index:
            result = rotate_index(resume=args.resume, batch=args.batch, report=_note if args.verbose else None)
        else:
            result = rotate_sm4(resume=args.resume, batch=args.batch, report=_note if args.verbose else None)
    except KeyError_ as exc:
        print(str(exc), file=sys.stderr)
        return 2
    _print(result)
    return 0


def cmd_backup(args) -> int:
    from minzheng.core import backup

    try:
        result = backup.backup(args.out, report=_note)
    except backup.BackupError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    _print(result)
    _note("注意：备份不含密钥。恢复时须另行提供密钥（密钥目录或环境变量），请把密钥备份与数据备份分开保管。")
    return 0


def cmd_restore(args) -> int:
    from minzheng.core import backup

    try:
        result = backup.restore(args.source, force=args.force, report=_note)
    except backup.BackupError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    _print(result)
    return 0


def register_commands(sub) -> None:
    keysp = sub.add_parser("keys", help="密钥：状态与轮换").add_subparsers(dest="sub", required=True)
    s = keysp.add_parser("status", help="密钥版本、来源，以及仍在旧版本密钥下的加密值个数")
    s.set_defaults(func=cmd_keys_status)
    s = keysp.add_parser("rotate", help="轮换 SM4 数据密钥并分批重新加密全部加密字段和文件（服务可继续运行）；"
                                        "--index 轮换盲索引密钥（须停止服务）")
    s.add_argument("--index", action="store_true", help="轮换盲索引密钥并重建索引（含部门数据湖）")
    s.add_argument("--resume", action="store_true", help="只继续未完成的轮换，不生成新版本")
    s.add_argument("--batch", type=int, default=2000, help="每批（每个事务）处理的行数")
    s.add_argument("--verbose", action="store_true", help="逐批打印进度")
    s.set_defaults(func=cmd_keys_rotate)

    s = sub.add_parser("backup", help="在线备份数据库、数据湖和存储文件到目录 OUT（含 SHA-256 清单，不含密钥）")
    s.add_argument("out")
    s.set_defaults(func=cmd_backup)
    s = sub.add_parser("restore", help="从备份目录恢复到全新的 MINZHENG_HOME：校验清单、审计链和加密字段后才算成功")
    s.add_argument("source")
    s.add_argument("--force", action="store_true", help="目标数据库非空时仍然恢复（覆盖）")
    s.set_defaults(func=cmd_restore)
