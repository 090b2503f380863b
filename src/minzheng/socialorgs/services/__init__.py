"""Writes of 社会组织, one transaction each with the role check first (403), then the record in the caller's region
(404), the state (409) and the data (422, core.validation, nothing written), and an audit entry:

    register     the register: applications for registration, change and deregistration and their decisions
    reports      annual reports: filing (基金会 spending checked), the supervisor's review, the registry's conclusion
    evaluations  evaluation (民政部令第39号): eligibility, committee score and vote, appeal, downgrade / cancellation
    oversight    the abnormal list and the blacklist, 双随机 inspections
    rules        rules as data (report deadlines, grade bands, appeal window) loaded from CSV

Callers import the module: `from minzheng.socialorgs.services import reports`."""
