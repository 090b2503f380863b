"""Benefits kernel writes. Each business action is one transaction that checks the actor's role and region scope,
validates everything first (Chinese field errors, nothing written on error) and audits; the reads are in
`benefits.selectors`.

`cases` (apply, then one action at a time; the inbox fields and deadlines), `case_actions` (what each case action
records), `entitlements` (created on confirmation; 增发/减发/停发, 渐退, suspension, death, reviews, 变更领取人),
`registers` (delegation of confirmation, conflict-of-interest register), `standards` (add one, load a CSV),
`documents` (upload and audited download of case documents), `recipients` (`minzheng import recipients`: existing
rolls). Import the module: `from minzheng.benefits.services import cases`."""
