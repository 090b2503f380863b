"""Test data of the children's app: children put on the register through the service, the 示例 policy data, workers,
visits and minors-protection reports (plain functions; each goes through the app's own services)."""

from __future__ import annotations

import datetime as dt
import itertools

from minzheng.children.services import minors, policy_data, register, visits
from minzheng.registry.tests.factories import make_id, make_person

D = dt.date
_names = itertools.count(1)


START, JANUARY = D(2020, 1, 1), D(2026, 1, 5)


def load_examples(region="330902000000", start=START) -> dict:
    return policy_data.load_examples(None, region, start)


def worker(actor, kind="director", region="330902001001", name=None, user=None):
    data = {"kind": kind, "name": name or f"儿童主任{next(_names)}", "region_code": region,
            "user_id": user.pk if user else None}
    return register.save_worker(actor, data)


def child(actor, category="left_behind", region="330902001001", born="20150601", registered_on=JANUARY,
          name=None, **fields):
    """A registry person under 18 put on the register by `actor` (a village, township or county user)."""
    person = make_person(actor, name=name or f"儿童{next(_names)}", id_number=make_id(born, "F"), region=region)
    return register.register_child(actor, {"person_id": person.pk, "category": category,
                                           "registered_on": registered_on, **fields})


def visit(actor, child, day, kind="home", **fields):
    return visits.record_visit(actor, {"child_id": child.pk, "visited_on": day, "kind": kind, "visitor": "张主任",
                                       "seen": "祖母、儿童本人", "findings": "生活正常", **fields})


def report(actor, region="330902001001", urgency="urgent", at="2026-04-10T09:00:00+08:00", **fields):
    return minors.report(actor, {"reporter_name": "城东小学 王老师", "reporter_type": "school", "channel": "phone",
                                 "reporter_phone": "13800001111", "reported_at": at, "region_code": region,
                                 "child_name": "小明", "child_age": 9, "harm": "abuse", "urgency": urgency,
                                 "description": "学生身上多处淤青，自述在家被打", **fields})
