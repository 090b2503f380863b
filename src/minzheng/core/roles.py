"""Roles and what each may do (三员分立: system, security and audit administrators are separate and none of them
sees people's data). One table, read by services, selectors and views alike."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

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
# Lazy labels: str()/f-strings give the label in the active language (Chinese unless the user chose English).
ROLE_LABEL = dict(ROLE_CHOICES)

# Permission name -> roles holding it.
PERMISSIONS: dict[str, frozenset[str]] = {
    "people.view": frozenset({VILLAGE, TOWNSHIP, COUNTY, CITY}),
    # City staff supervise: they read but do not edit the registry.
    "people.change": frozenset({VILLAGE, TOWNSHIP, COUNTY}),
    "people.export": frozenset({TOWNSHIP, COUNTY, CITY}),
    "audit.view": frozenset({AUDITOR}),
    "users.manage": frozenset({SYSADMIN}),
    "regions.manage": frozenset({SYSADMIN}),
    "security.manage": frozenset({SECADMIN}),
    # Household economic verification and comparison (核对比对): reports and findings are read by staff from the
    # township up; townships and counties handle findings; counties and cities load feeds and run comparisons.
    "verification.view": frozenset({TOWNSHIP, COUNTY, CITY}),
    "verification.request": frozenset({TOWNSHIP, COUNTY}),
    "findings.handle": frozenset({TOWNSHIP, COUNTY}),
    "verification.manage": frozenset({COUNTY, CITY}),
    # Payments (资金发放): the township generates and checks its roll, the county generates, approves (locks),
    # exports the bank file and reconciles; the city reads. Villages see no payrolls.
    "payroll.view": frozenset({TOWNSHIP, COUNTY, CITY}),
    "payroll.generate": frozenset({TOWNSHIP, COUNTY}),
    "payroll.check": frozenset({TOWNSHIP}),
    "payroll.approve": frozenset({COUNTY}),
    "payroll.export": frozenset({COUNTY}),
    "payroll.reconcile": frozenset({COUNTY}),
}

# Roles whose users may be granted the unmask right by a secadmin (never the three administrators).
UNMASKABLE_ROLES = frozenset({TOWNSHIP, COUNTY, CITY})


def has_perm(user, perm: str) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.role in PERMISSIONS[perm])


def may_unmask(user) -> bool:
    return has_perm(user, "people.view") and user.role in UNMASKABLE_ROLES and user.can_unmask
