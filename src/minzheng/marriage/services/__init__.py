"""Writes of the marriage registry, one module per subject (callers import the module):
registrations (结婚、离婚申请、补领, refusals, certificate numbers, 撤销), divorce (withdraw, both appear → 离婚证, the
daily sweep: reminders and lapsed applications), appointments (booking within the slot's capacity), counselling
(referral, sessions, outcome), registries (registries and slot capacities loaded from CSV)."""
