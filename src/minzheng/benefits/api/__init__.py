"""The benefits kernel's API: standards and the policy evaluation, cases and their actions, entitlements, reviews,
delegation and the conflict-of-interest register."""

from ninja import Router

from minzheng.benefits.api import cases, standards

router = Router()
router.add_router("", standards.router)
router.add_router("", cases.router)
