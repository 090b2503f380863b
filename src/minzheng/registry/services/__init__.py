"""Registry writes. Each function is one business action in one transaction: it checks the actor's role and
region scope, validates everything first (all field errors at once, nothing written on error) and audits.

`persons` (register, correct, reveal), `households` (set up, correct, members in and out, head), `duplicates`
(merge, dismiss, scan). The functions are importable from here: `services.create_person(actor, data)`."""

from minzheng.registry.services.duplicates import dismiss_duplicate, merge_duplicate, scan_duplicates
from minzheng.registry.services.households import (
    add_member,
    change_head,
    create_household,
    move_member,
    remove_member,
    update_household,
)
from minzheng.registry.services.persons import (
    clean_person,
    create_person,
    person_snapshot,
    require_change,
    reveal,
    update_person,
)

__all__ = ["add_member", "change_head", "clean_person", "create_household", "create_person", "dismiss_duplicate",
           "merge_duplicate", "move_member", "person_snapshot", "remove_member", "require_change", "reveal",
           "scan_duplicates", "update_household", "update_person"]
