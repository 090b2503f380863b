"""The narrow path from a citizen to the kernel and the other apps' services: a core system actor
(`core.users.system_actor`, channel "portal") per call — in memory, never saved, never able to sign in, audited as
"网上申请（居民本人）<masked phone>" with no staff id. Staff permissions are not loosened: each call gets the role and
region of the office that takes such a request at the window, and the portal passes only ids of the citizen's own
household (selectors.own_household), so every scoped lookup the service does stays inside it:

- applications to the benefits kernel, photos, family members: 村(社区) at the household's village (`actor`);
- home-care orders (eldercare.serve): 村(社区) at the household's village — the providers serving it are visible;
- 身后一件事 reported by the family (funeral.register): 乡镇(街道) at the household's township;
- marriage appointments (marriage.register) and 清明 bookings (funeral.book): the county of the household, where the
  registries and cemeteries are (`county_actor`).

For real-name binding the actor's region is the portal's region (conf.portal_region, default each top region), used
only for the blind-index lookup of one ID number."""

from __future__ import annotations

from minzheng.core import regioncodes, roles, users
from minzheng.core.models import Region

CHANNEL = "portal"
LABEL = "网上申请（居民本人）"


def actor(detail: str, region_code: str, role: str = roles.VILLAGE):
    """The in-memory system actor of the portal with `role` in `region_code` (never saved)."""
    return users.system_actor(CHANNEL, LABEL, role=role, region_code=region_code, detail=detail)


def township_of(code: str) -> str:
    return code[:9].ljust(12, "0") if regioncodes.level_of(code) == "village" else code


def county_of(code: str) -> str:
    return code[:6].ljust(12, "0")


def is_portal(user) -> bool:
    return getattr(user, "system_channel", "") == CHANNEL


def binding_regions() -> list[str]:
    from minzheng.portal import conf

    if conf.portal_region():
        return [conf.portal_region()]
    return list(Region.objects.filter(parent__isnull=True).order_by("code").values_list("code", flat=True))
