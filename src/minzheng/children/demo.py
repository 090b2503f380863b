"""Demo data of the children's app (`make demo`): the 示例 tiers, visit plans and time limits for the county, a
儿童主任 in every village that has children and a 儿童督导员 in every township (the demo village's director signs in
as village_demo), children of the county's registry put on the register (orphans and 事实无人抚养 children where the
kernel pays the allowance, left-behind and hardship children among the other minors), visits — some recent, some
overdue — guardians, and minors-protection cases in every state, one restricted to the county officer."""

from __future__ import annotations

import random

from minzheng.core import app_registry


def seed(context: app_registry.DemoContext) -> dict:
    from minzheng.children.services import seeding

    return seeding.seed_county(context.county.code, context.users, context.month,
                               random.Random(context.seed))
