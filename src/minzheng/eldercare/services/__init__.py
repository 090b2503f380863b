"""Writes of 养老服务, one transaction each with the role check first (403), then the record in the caller's region
(404), the state (409) and the data (422, core.validation, nothing written), and an audit entry:

    institutions   register an institution (assistance's register + the profile), complete a profile, admit and
                   discharge residents, care workers, GB/T 37276 gradings, 双随机 draws, inspections, rectification
    homecare       providers, service items, quotas, orders (create → dispatch → check in/out → confirm / cancel),
                   助餐 points and meals served, 日间照料中心 and attendance
    settlement     the monthly settlement of a county's confirmed orders, per provider, with its files
    beds           family care beds: open, end, the label's token
    alarms         devices (keys), the signed intake, acknowledge, close, escalation

Callers import the module: `from minzheng.eldercare.services import homecare`."""
