"""Online backup and verified restore (`minzheng backup OUT`, `minzheng restore IN`).

A backup directory holds:
- `db/db.sqlite3` (SQLite's online backup API on the live connection: a consistent snapshot while the service runs)
  or `db/db.dump` (PostgreSQL: `pg_dump --format=custom`, one consistent transaction);
- `home/…`: everything else under MINZHENG_HOME — the feed lake, uploaded and generated files, reports, the key
  fingerprints — except keys, temporary files, caches and collected static files; copied after the database
  snapshot, so every file the snapshot refers to is there (they are written before they are catalogued);
- `manifest.json`: size and SHA-256 of every file, the row count of every table, the audit chain's head, and an
  HMAC-SM3 over all of it under the instance's audit key. The keys are never in a backup.

Restore, into a fresh MINZHENG_HOME with the keys supplied separately (key directory or environment): checks the
manifest's HMAC (wrong keys or an edited manifest are refused) and every file's size and digest, restores the
database and the files, then verifies the audit chain (core.audit.verify) against the manifest's head, the row
counts, and that a sample of every protected column decrypts — and only then declares success (and records it in
the audit chain).
"""

from __future__ import annotations

import datetime as dt
import glob
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import time
from pathlib import Path

from django.db import connection

from minzheng import home
from minzheng.core import audit, crypto, keys, protected

FORMAT = 1
EXCLUDED_DIRS = {"keys", "tmp", "static", "cache", "caches", "__pycache__"}
SAMPLE = 50


class BackupError(RuntimeError):
    """Refused or failed; the message (Chinese) says why."""


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _db_files() -> set[Path]:
    name = connection.settings_dict.get("NAME")
    if connection.vendor != "sqlite" or not name:
        return set()
    base = Path(str(name)).resolve()
    return {base, Path(f"{base}-wal"), Path(f"{base}-shm"), Path(f"{base}-journal")}


def _home_files(root: Path, skip: set[Path]) -> list[Path]:
    out = []
    key_dir = keys.key_dir().resolve()
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if d not in EXCLUDED_DIRS and (here / d).resolve() != key_dir
                             and (here / d).resolve() not in skip)
        for f in sorted(filenames):
            path = (here / f).resolve()
            if path in skip or f.endswith((".tmp", "-wal", "-shm", "-journal")) or f.startswith("."):
                continue
            if f.endswith(".sqlite3"):  # the database (also the test database) goes through the snapshot only
                continue
            out.append(here / f)
    return out


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if candidates:
        return candidates[-1]
    raise BackupError(f"找不到 PostgreSQL 工具 {name}：请安装与数据库版本一致的 PostgreSQL 客户端")


def _pg_env() -> tuple[list[str], dict]:
    s = connection.settings_dict
    env = dict(os.environ)
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = str(s["PASSWORD"])
    args = ["--dbname", str(s["NAME"])]
    if s.get("HOST"):
        args += ["--host", str(s["HOST"])]
    if s.get("PORT"):
        args += ["--port", str(s["PORT"])]
    if s.get("USER"):
        args += ["--username", str(s["USER"])]
    return args, env


def _snapshot(target_dir: Path) -> Path:
    target_dir.mkdir(parents=True)
    if connection.vendor == "sqlite":
        target = target_dir / "db.sqlite3"
        connection.ensure_connection()
        dst = sqlite3.connect(target)
        try:
            connection.connection.backup(dst)  # online, page by page, consistent
        finally:
            dst.close()
        return target
    if connection.vendor == "postgresql":
        target = target_dir / "db.dump"
        args, env = _pg_env()
        run = subprocess.run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
                              "--file", str(target), *args], env=env, capture_output=True, text=True, check=False)
        if run.returncode != 0:
            raise BackupError(f"pg_dump 失败：{run.stderr.strip()[:500]}")
        return target
    raise BackupError(f"不支持的数据库：{connection.vendor}")


def table_counts() -> dict[str, int]:
    out = {}
    with connection.cursor() as cur:
        for table in sorted(connection.introspection.table_names()):
            cur.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            out[table] = cur.fetchone()[0]
    return out


def _audit_head() -> dict:
    from minzheng.core.models import AuditHead

    head = AuditHead.objects.filter(id=1).first()
    return {"seq": head.seq if head else 0, "hash": head.hash if head else audit.GENESIS}


def _sign(manifest: dict) -> str:
    body = json.dumps({k: v for k, v in manifest.items() if k != "hmac"}, sort_keys=True, ensure_ascii=False)
    return crypto.keyed_digest("audit", "minzheng backup manifest\n" + body)


def backup(out, actor="system", report=None) -> dict:
    started = time.perf_counter()
    out = Path(out).resolve()
    if out.exists() and any(out.iterdir()):
        raise BackupError(f"备份目录 {out} 已存在且不为空：请指定新的目录")
    root = home.home().resolve()
    out.mkdir(parents=True, exist_ok=True)
    # The counts and the audit head are read in the same moment as the snapshot on SQLite (one connection); on
    # PostgreSQL pg_dump takes its own snapshot, so the restore check compares counts with the dump itself.
    audit.record(actor, audit.Event("backup", "backup", out.name, "", {"target": [None, str(out)]}))
    counts, head = table_counts(), _audit_head()
    db_file = _snapshot(out / "db")
    if report:
        report(f"数据库快照完成：{db_file.stat().st_size} 字节")
    files = []
    for src in _home_files(root, _db_files() | {out}):
        rel = src.relative_to(root)
        dst = out / "home" / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dst)
        files.append(dst)
    entries = [{"path": str(path.relative_to(out)), "size": path.stat().st_size, "sha256": _sha256(path)}
               for path in [db_file, *files]]
    manifest = {"format": FORMAT, "created_at": dt.datetime.now(dt.UTC).isoformat(), "database": connection.vendor,
                "database_file": str(db_file.relative_to(out)), "files": entries, "tables": counts,
                "audit_head": head, "keys_included": False, "sm4_versions_in_use": _versions_in_use()}
    manifest["hmac"] = _sign(manifest)
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False))
    size = sum(e["size"] for e in entries)
    return {"backup": str(out), "database": connection.vendor, "files": len(entries), "bytes": size,
            "tables": len(counts), "rows": sum(counts.values()), "audit_entries": head["seq"],
            "keys_included": False, "seconds": round(time.perf_counter() - started, 2)}


def _versions_in_use() -> list[int]:
    versions = set()
    for model, spec in protected.columns():
        with connection.cursor() as cur:
            table, col = connection.ops.quote_name(model._meta.db_table), connection.ops.quote_name(spec.field)
            cur.execute(f"SELECT DISTINCT substr({col}, 1, 3) FROM {table} WHERE {col} IS NOT NULL")
            versions.update(crypto.key_version(bytes(r[0])) for r in cur.fetchall())
    return sorted(versions)


# ---- restore --------------------------------------------------------------------------------------------------------

def verify_manifest(source: Path) -> dict:
    """The manifest, after checking its HMAC (needs this instance's keys) and every file's size and digest."""
    path = source / "manifest.json"
    if not path.exists():
        raise BackupError(f"{source} 不是备份目录：缺少 manifest.json")
    try:
        manifest = json.loads(path.read_text())
    except ValueError:
        raise BackupError("备份清单 manifest.json 已损坏，无法读取") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"不支持的备份格式：{manifest.get('format')}")
    if manifest.get("hmac") != _sign(manifest):
        raise BackupError("备份清单的签名不符：清单被改动，或当前提供的密钥不是该实例的密钥。已拒绝恢复。")
    for entry in manifest["files"]:
        rel = Path(entry["path"])
        if rel.is_absolute() or ".." in rel.parts:
            raise BackupError(f"备份清单中的路径不合法：{entry['path']}")
        f = source / rel
        if not f.exists():
            raise BackupError(f"备份文件缺失：{entry['path']}")
        if f.stat().st_size != entry["size"] or _sha256(f) != entry["sha256"]:
            raise BackupError(f"备份文件校验失败（大小或 SHA-256 与清单不符）：{entry['path']}。已拒绝恢复。")
    return manifest


def _database_empty() -> bool:
    tables = set(connection.introspection.table_names())
    if "core_auditentry" not in tables:
        return True
    with connection.cursor() as cur:
        cur.execute("SELECT COUNT(*) FROM core_auditentry")
        return cur.fetchone()[0] == 0


def _restore_database(source: Path, manifest: dict) -> None:
    db_file = source / manifest["database_file"]
    if manifest["database"] != connection.vendor:
        raise BackupError(f"备份来自 {manifest['database']} 数据库，当前实例使用 {connection.vendor}")
    if connection.vendor == "sqlite":
        target = Path(str(connection.settings_dict["NAME"]))
        connection.close()
        src = sqlite3.connect(f"file:{db_file}?mode=ro", uri=True)
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            src.close()
            dst.close()
        return
    args, env = _pg_env()
    connection.close()
    run = subprocess.run([_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges",
                          "--single-transaction", *args, str(db_file)], env=env, capture_output=True, text=True,
                         check=False)
    if run.returncode != 0:
        raise BackupError(f"pg_restore 失败：{run.stderr.strip()[:500]}")


def _sample_decrypts() -> int:
    checked = 0
    for model, spec in protected.columns():
        qs = model._base_manager.exclude(**{f"{spec.field}__isnull": True}).order_by("pk")
        for blob, row_key in qs.values_list(spec.field, spec.key)[:SAMPLE]:
            try:
                protected.open_value(model, spec.field, blob, row_key)
            except crypto.CiphertextError:
                raise BackupError(f"恢复后的加密数据无法解密（{model._meta.db_table}.{spec.field}）：提供的密钥与备份"
                                  "不匹配，或数据被改动。") from None
            checked += 1
    return checked


def restore(source, actor="system", force: bool = False, report=None) -> dict:
    started = time.perf_counter()
    source = Path(source).resolve()
    manifest = verify_manifest(source)
    if report:
        report(f"清单与 {len(manifest['files'])} 个文件校验通过")
    if not force and not _database_empty():
        raise BackupError("当前实例的数据库已有数据：恢复只用于全新的 MINZHENG_HOME（确需覆盖请加 --force）")
    _restore_database(source, manifest)
    root = home.home().resolve()
    restored = 0
    for entry in manifest["files"]:
        rel = Path(entry["path"])
        if rel.parts[0] != "home":
            continue
        dst = root.joinpath(*rel.parts[1:])
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / rel, dst)
        restored += 1
    keys.reset()  # the restored key fingerprints now govern which keys are accepted
    crypto.reset_caches()
    result = audit.verify()
    if not result.ok:
        raise BackupError(f"恢复后的审计链校验失败：{result.reason}")
    head = _audit_head()
    if head != manifest["audit_head"] and not (connection.vendor == "postgresql"
                                               and head["seq"] >= manifest["audit_head"]["seq"]):
        raise BackupError("恢复后的审计链与备份清单记录的链头不一致")
    counts = table_counts()
    differ = {t: [n, counts.get(t)] for t, n in manifest["tables"].items()
              if counts.get(t) != n and not (connection.vendor == "postgresql" and t.startswith("core_audit"))}
    if differ:
        raise BackupError(f"恢复后的记录数与备份清单不符：{differ}")
    sampled = _sample_decrypts()
    audit.record(actor, audit.Event("restore", "backup", source.name, "", {
        "source": [None, str(source)], "files": [None, len(manifest["files"])],
        "audit_entries": [None, result.checked]}))
    size = sum(e["size"] for e in manifest["files"])
    return {"restored_from": str(source), "files": len(manifest["files"]), "home_files": restored, "bytes": size,
            "tables": len(counts), "rows": sum(counts.values()), "audit_entries_verified": result.checked,
            "protected_values_sampled": sampled, "ok": True, "seconds": round(time.perf_counter() - started, 2)}
