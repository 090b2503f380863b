"""Writes of the children's app (one transaction each: permission, scope, validation, audit), one module per
subject: `register` (children, category moves, guardians, workers), `visits` (visit records), `policy_data` (tiers,
visit plans and time limits from files and the bundled 示例 set) and `minors` (reports, case steps, referrals,
restriction and named officers, 未保中心 intake and discharge). Callers import the module."""
