"""What the auditor may read of an audit entry's `changes` (三员分立: the audit administrator sees who did what to
which record, never people's data). Values are kept only for keys known to hold no personal data — states,
counts, roles, formats, reasons; every other value (names, addresses, ID numbers even masked, illnesses, incomes,
bank accounts, search filters) is replaced by a marker, so new fields added by an app are hidden by default."""

from __future__ import annotations

OMITTED = "（已隐去）"

# Keys whose values are about the platform, not about a person.
SAFE_KEYS = frozenset({
    "reason", "failed_logins", "locked_until", "rows", "format", "unmasked", "print", "state", "status", "role",
    "region", "is_active", "can_unmask", "label", "field", "program", "month", "pending", "method", "path",
    "target_region", "expires_at", "user", "username", "created", "updated", "rejected",
    "count", "total", "kind", "version", "key_version",
})


def _value(value) -> str:
    if value is None or value == "":
        return ""
    return str(value)


def changes_for_auditor(changes: dict | None) -> str:
    """`字段：旧 → 新；…` with unsafe values replaced: `姓名：（已隐去）`. Field names stay (they say what changed)."""
    parts = []
    for key, value in (changes or {}).items():
        if key not in SAFE_KEYS:
            parts.append(f"{key}：{OMITTED}")
        elif isinstance(value, list) and len(value) == 2:
            old, new = (_value(v) for v in value)
            parts.append(f"{key}：{old} → {new}" if old != "" else f"{key}：{new}")
        elif isinstance(value, (dict, list)):
            parts.append(f"{key}：{OMITTED}")
        else:
            parts.append(f"{key}：{_value(value)}")
    return "；".join(parts)
