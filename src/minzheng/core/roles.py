"""Roles and what each may do (三员分立: system, security and audit administrators are separate and none of them
sees people's data). One table, read by services, selectors and views alike."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from minzheng.core import app_registry

VILLAGE, TOWNSHIP, COUNTY, CITY = "village", "township", "county", "city"
AUDITOR, SYSADMIN, SECADMIN = "auditor", "sysadmin", "secadmin"

ROLE_CHOICES = [
    (VILLAGE, _("村/社区协理员")),
    (TOWNSHIP, _("乡镇/街道经办")),
    (COUNTY, _("县/区民政局")),
    (CITY, _("市民政局")),
    (AUDITOR, _("审计管理员")),
    (SYSADMIN, _("系统管理员")),
    (SECADMIN, _("安全管理员")),
]
ROLE_LABEL = dict(ROLE_CHOICES)

# Permissions are declared by the apps that own them (core.app_registry: each AppConfig's `permissions`); these are
# the platform's own. has_perm() reads the merged table.
CORE_PERMISSIONS: dict[str, frozenset[str]] = {
    # People's data (every app's records about persons and households): staff only, never the three administrators.
    "people.view": frozenset({VILLAGE, TOWNSHIP, COUNTY, CITY}),
    # City staff supervise: they read but do not edit.
    "people.change": frozenset({VILLAGE, TOWNSHIP, COUNTY}),
    "people.export": frozenset({TOWNSHIP, COUNTY, CITY}),
    "audit.view": frozenset({AUDITOR}),
    "users.manage": frozenset({SYSADMIN}),
    "regions.manage": frozenset({SYSADMIN}),
    "security.manage": frozenset({SECADMIN}),
}
STAFF = frozenset({VILLAGE, TOWNSHIP, COUNTY, CITY})

# Roles whose users may be granted the unmask right by a secadmin (never the three administrators).
UNMASKABLE_ROLES = frozenset({TOWNSHIP, COUNTY, CITY})


def has_perm(user, perm: str | tuple[str, ...] | None) -> bool:
    """Whether the user's role holds the permission (any of several; None = any signed-in user). An undeclared
    permission name is a programming error (KeyError), never a silent no."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return role_has_perm(user.role, perm)


def role_has_perm(role: str, perm: str | tuple[str, ...] | None) -> bool:
    """has_perm for a role rather than a signed-in user: permissions belong to roles."""
    if perm is None:
        return True
    table = app_registry.permission_table()
    names = (perm,) if isinstance(perm, str) else perm
    return any(role in table[name] for name in names)


def may_unmask(user) -> bool:
    return has_perm(user, "people.view") and user.role in UNMASKABLE_ROLES and user.can_unmask
