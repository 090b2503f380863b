"""Pages of the children's app, mounted at /children/ (ChildrenConfig.url_prefix): `register` (the child register,
a child's page, registration, edits, category moves, guardians, workers, policy data), `visits` (the due list,
visit records, the visit form) and `minors` (minors-protection cases, reports, steps, referrals, officers, the
未保中心's stays, time limits). Reads through children.selectors, writes through children.services."""
