"""The benefits kernel's API: standards and the policy evaluation, cases and their actions, entitlements and
reviews, delegation and the conflict-of-interest register. Schemas in benefits.schemas."""

from ninja import Router

from minzheng.benefits.api import cases, entitlements, registers, standards

router = Router()
for _module in (standards, cases, entitlements, registers):
    router.add_router("", _module.router)
