"""The narrow path from a citizen to the benefits kernel and the registry.

The kernel's services take a staff actor and check its role and region. A citizen is not staff and staff
permissions are not loosened for them: instead each call gets an in-memory actor made here, never saved and never
able to sign in —

- role 村(社区) (the role that files applications on a family's behalf), region = the **village of the citizen's
  own household**, so every scoped lookup the kernel does stays inside it, and the portal itself only ever passes
  the ids of that household (selectors.own_household);
- named `portal:<masked phone>` in the audit chain and on the case timeline ("audited as the citizen");
- its database id is the one inactive system row `portal-channel` (unusable password, no tokens), which only
  satisfies the kernel's `created_by`/`uploaded_by` foreign keys.

For real-name binding the actor's region is the portal's region (conf.portal_region, default each top region), used
only for the blind-index lookup of one ID number."""

from __future__ import annotations

from minzheng.core import roles
from minzheng.core.models import Region, User

SYSTEM_USERNAME = "portal-channel"


def system_id() -> int:
    """The id of the inactive `portal-channel` row (made on first use); one query."""
    pk = User.objects.filter(username=SYSTEM_USERNAME).values_list("pk", flat=True).first()
    if pk is None:
        root = Region.objects.filter(parent__isnull=True).order_by("code").first()
        row = User(username=SYSTEM_USERNAME, role=roles.VILLAGE, region=root, is_active=False,
                   full_name="掌上民政（系统通道，不能登录）")
        row.set_unusable_password()
        row.save()
        pk = row.pk
    return pk


def actor(name: str, region_code: str) -> User:
    """An in-memory village-level actor bound to `region_code` (never saved)."""
    return User(pk=system_id(), username=name, role=roles.VILLAGE, region_id=region_code, is_active=True,
                full_name="掌上民政网上申请")


def binding_regions() -> list[str]:
    from minzheng.portal import conf

    if conf.portal_region():
        return [conf.portal_region()]
    return list(Region.objects.filter(parent__isnull=True).order_by("code").values_list("code", flat=True))
