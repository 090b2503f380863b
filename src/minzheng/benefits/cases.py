"""Kept for the case pages and their tests while they move to case_services (the case services were split into
case_services and case_actions; the input schemas are in schemas.cases). New code imports case_services."""

import re

from minzheng.benefits.case_services import (  # noqa: F401
    act,
    create_case,
    jsonable,
    refresh_deadlines,
    refresh_inbox_fields,
    require_can_apply,
)

MONEY = re.compile(r"^\d{1,10}(\.\d{1,2})?$")  # the facts form's money check (views.case_forms)
