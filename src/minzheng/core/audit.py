"""Append-only, hash-chained audit log.

Each entry's hash is HMAC-SM3 (audit key) over its canonical content and the previous entry's hash, so editing,
deleting or reordering any entry breaks the chain from that point; the AuditHead row keeps the last sequence
number and hash so that truncating the tail is detected too. Appends lock the head row (SELECT … FOR UPDATE on
PostgreSQL; SQLite transactions are IMMEDIATE, see settings) so sequence numbers are gap-free.
Rule: 《社会救助暂行办法》Art. 61/66 (records of handling), GB/T 22239 (等保 2.0) audit requirements.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext_noop

from minzheng.core import bulk, context, crypto
from minzheng.core.models import AuditEntry, AuditHead

GENESIS = "0" * 64

# Sent after events are appended, inside the writer's transaction (a rollback takes what receivers wrote with it):
# `actor` and `events` (the list of Event). Every write is audited, so a listener learns of state changes in any app
# without that app calling it (e.g. portal notices). Receivers must be cheap and set-based (one batch may hold a
# whole payroll's events) and must not raise: they run inside the staff member's action.
recorded = Signal()

# The platform's action codes and how the audit viewer names them; each app adds its own (AppConfig.audit_actions,
# merged in here at start-up by core.app_registry).
ACTIONS = {
    "create": gettext_noop("新增"),
    "update": gettext_noop("修改"),
    "delete": gettext_noop("删除"),
    "login_success": gettext_noop("登录成功"),
    "login_failure": gettext_noop("登录失败"),
    "unmask": gettext_noop("查看明文"),
    "export": gettext_noop("导出"),
    "import": gettext_noop("导入"),
    "member_add": gettext_noop("添加成员"),
    "member_remove": gettext_noop("移出成员"),
    "member_move": gettext_noop("迁移成员"),
    "head_change": gettext_noop("变更户主"),
    "unlock": gettext_noop("解锁账户"),
    "unmask_grant": gettext_noop("授予明文权限"),
    "unmask_revoke": gettext_noop("收回明文权限"),
    "token_create": gettext_noop("创建令牌"),
    "token_revoke": gettext_noop("吊销令牌"),
    "password_change": gettext_noop("修改密码"),
    "password_reset": gettext_noop("重置密码"),
    "user_activate": gettext_noop("启用账户（分配角色和区划）"),
    "role_assign": gettext_noop("调整角色和区划"),
    "access_denied": gettext_noop("越权访问（角色无权）"),
    "cross_region": gettext_noop("越权访问（跨区划）"),
    "csrf_failure": gettext_noop("跨站请求被拒绝"),
    "merge": gettext_noop("合并人员"),
    "dismiss": gettext_noop("排除疑似重复"),
    "seed": gettext_noop("生成模拟数据"),
    "check": gettext_noop("名册初审"),
    "approve": gettext_noop("名册审批锁定"),
    "return": gettext_noop("退回名册"),
    "reconcile": gettext_noop("银行回盘对账"),
    "reissue": gettext_noop("更正账号待重发"),
    "chain_view": gettext_noop("查看救助链"),
    "chain_verify": gettext_noop("校验审计链"),
    "key_rotate": gettext_noop("轮换数据加密密钥"),
    "index_rekey": gettext_noop("轮换盲索引密钥"),
    "backup": gettext_noop("数据备份"),
    "restore": gettext_noop("数据恢复"),
    "files_cleanup": gettext_noop("清理到期文件"),
    "scan": gettext_noop("扫码查看"),
    "rules_load": gettext_noop("导入预警规则"),
    "report_file": gettext_noop("报送年度工作报告"),
    "evaluate": gettext_noop("社会组织评估"),
    "visit_volunteers": gettext_noop("登记走访志愿者及服务时长"),
    "register": gettext_noop("办理登记"),
    "refuse": gettext_noop("不予登记"),
    "revoke": gettext_noop("撤销登记"),
    "remind": gettext_noop("发送提醒短信"),
    "settle": gettext_noop("结算"),
}


@dataclass
class Event:
    action: str
    object_type: str = ""
    object_id: str = ""
    region_code: str = ""
    changes: dict[str, Any] = field(default_factory=dict)
    # The caller vouches that `changes` holds only str keys and str/int/bool/None values in dicts and lists: it is
    # serialised as it is, without the walk that makes other values JSON (an import's household events, a million
    # member fields per county).
    plain: bool = False


_SCALARS = frozenset((type(None), bool, int, str))  # exactly these types are JSON already


def _plain(value: Any) -> Any:
    # Scalars inside containers are taken as they are without a call: an import's household events hold a million
    # of them (a county's first load made 2,000,000 calls per 200,000 persons).
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is dict:
        return {k if type(k) is str else str(k): v if type(v) in _SCALARS else _plain(v) for k, v in value.items()}
    if kind is list or kind is tuple:
        return [v if type(v) in _SCALARS else _plain(v) for v in value]
    if isinstance(value, (bool, int, str)):  # subclasses (a str enum …) as before
        return value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return str(value)  # Decimal and anything else: exact text, never float


def _canonical_time(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


_CANONICAL = {"ensure_ascii": False, "sort_keys": True, "separators": (",", ":")}


def _digest(seq, at_text, actor_id, actor_name, source_ip, action, object_type, object_id, region_code, changes,
            prev_hash) -> str:
    return _digest_text(seq, at_text, actor_id, actor_name, source_ip, action, object_type, object_id, region_code,
                        json.dumps(changes, **_CANONICAL), prev_hash)


def _digest_text(seq, at_text, actor_id, actor_name, source_ip, action, object_type, object_id, region_code,
                 changes_text: str, prev_hash) -> str:
    """The chain's HMAC over the canonical JSON list of the entry's fields. The changes come already as canonical
    JSON text, so record_many serialises them once for both the hash and the row: with compact separators a list's
    JSON is its items' JSON joined by commas, the same text as dumping the whole list."""
    head = json.dumps([seq, at_text, actor_id, actor_name, source_ip, action, object_type, object_id, region_code],
                      **_CANONICAL)
    payload = f"{head[:-1]},{changes_text},{json.dumps(prev_hash, **_CANONICAL)}]"
    return crypto.keyed_digest("audit", payload)


def entry_hash(entry: AuditEntry, prev_hash: str) -> str:
    return _digest(entry.seq, _canonical_time(entry.at), entry.actor_id, entry.actor_name, entry.source_ip,
                   entry.action, entry.object_type, entry.object_id, entry.region_code, entry.changes, prev_hash)


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list]:
    """Changed fields as {field: [before, after]}; callers pass masked values for sensitive fields."""
    out = {}
    for key in sorted(set(before) | set(after)):
        b, a = _plain(before.get(key)), _plain(after.get(key))
        if b != a:
            out[key] = [b, a]
    return out


def record(actor, event: Event) -> int:
    """Append one event; returns its sequence number."""
    return record_many(actor, [event])[1]


def record_many(actor, events: Iterable[Event], batch_size: int = 5000) -> tuple[int, int] | None:
    """Returns the (first, last) sequence numbers written, or None for no events."""
    """Append events in order inside the caller's transaction (or a new one). Set-based: one executemany per batch."""
    events = list(events)
    if not events:
        return None
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(id=1)
        now = timezone.now()
        # A system actor (core.users.system_actor: a channel acting for a resident) is named, never a staff id.
        actor_id = None if getattr(actor, "system_channel", "") else getattr(actor, "pk", None)
        actor_name = getattr(actor, "username", "") or (actor if isinstance(actor, str) else "")
        source = context.source_address() or "cli"
        at_text, at_db = _canonical_time(now), bulk.adapt(now)
        rows, prev, seq = [], head.hash, head.seq
        for ev in events:
            seq += 1
            object_id, region = str(ev.object_id or ""), ev.region_code or ""
            # Stored as this text: JSON on both databases.
            changes = json.dumps(ev.changes if ev.plain else _plain(ev.changes), **_CANONICAL)
            digest = _digest_text(seq, at_text, actor_id, actor_name, source, ev.action, ev.object_type, object_id,
                                  region, changes, prev)
            rows.append((seq, at_db, actor_id, actor_name, source, ev.action, ev.object_type, object_id, region,
                         changes, prev, digest))
            prev = digest
        bulk.insert(AuditEntry, _COLUMNS, rows, batch=batch_size)
        AuditHead.objects.filter(id=1).update(seq=seq, hash=prev)
        if recorded.receivers:
            recorded.send(sender=AuditEntry, actor=actor, events=events)
    return seq - len(rows) + 1, seq


_COLUMNS = ("seq", "at", "actor_id", "actor_name", "source_ip", "action", "object_type", "object_id", "region_code",
            "changes", "prev_hash", "hash")


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    first_bad_seq: int | None = None
    reason: str = ""


def _iter_entries(chunk: int = 5000) -> Iterator[AuditEntry]:
    last = 0
    while True:
        rows = list(AuditEntry.objects.filter(seq__gt=last).order_by("seq")[:chunk])
        if not rows:
            return
        yield from rows
        last = rows[-1].seq


def verify(progress=None) -> VerifyResult:
    """Walk the whole chain; `progress(done, total, message)` is told every 5,000 entries (the page's job)."""
    prev, expected_seq, checked = GENESIS, 1, 0
    total = AuditHead.objects.filter(id=1).values_list("seq", flat=True).first() or 0
    for entry in _iter_entries():
        if progress and checked % 5000 == 0:
            progress(checked, total, f"已校验 {checked} 条")
        if entry.seq != expected_seq:
            return VerifyResult(False, checked, expected_seq,
                                f"缺少第 {expected_seq} 条（下一条为第 {entry.seq} 条）：记录被删除或重排")
        if entry.prev_hash != prev:
            return VerifyResult(False, checked, entry.seq,
                                f"第 {entry.seq} 条的前序哈希与上一条不符：记录被删除、重排或篡改")
        if entry_hash(entry, prev) != entry.hash:
            return VerifyResult(False, checked, entry.seq, f"第 {entry.seq} 条内容与其哈希不符：记录被篡改")
        prev = entry.hash
        expected_seq += 1
        checked += 1
    head = AuditHead.objects.filter(id=1).first()
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS)
    if head_seq != checked or head_hash != prev:
        return VerifyResult(False, checked, checked + 1,
                            f"链尾不符：链头记录为第 {head_seq} 条，实际只有 {checked} 条：末尾记录被删除或篡改")
    return VerifyResult(True, checked)
