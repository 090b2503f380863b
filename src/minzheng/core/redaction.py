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
    "count", "total", "kind", "version", "key_version", "result", "checked", "first_bad_seq",
})


def hide_for_auditor(key: str, value) -> str | None:
    """The marker for a value the auditor may not read, or None to show it."""
    if key not in SAFE_KEYS:
        return OMITTED
    if isinstance(value, dict) or (isinstance(value, list) and len(value) != 2):
        return OMITTED
    if isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value):
        return OMITTED
    return None


def changes_for_auditor(changes: dict | None, object_type: str = "") -> str:
    """`字段：旧 → 新；…` in Chinese with unsafe values replaced: `姓名：（已隐去）`. Field names stay (they say what
    changed)."""
    from minzheng.core import audit_display

    return audit_display.changes_text(object_type, changes, hide=hide_for_auditor)
