"""Scoped reads of the children's app, one module per subject: `register` (children, guardians, category history,
workers, tiers, benefits received, home figures), `visits` (plans in force, visit records, the due list and overdue
counts) and `minors` (minors-protection cases — restricted ones only for their named officers — steps, referrals,
stays in the 未保中心, time limits). Callers import the module: `from minzheng.children.selectors import visits`."""
