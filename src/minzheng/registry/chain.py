"""一户一条救助链: everything done for a household, over time, from every line of business.

The registry cannot import the apps above it, so each app declares the events it knows in its AppConfig
(`household_chain = ["minzheng.payroll.chain.SOURCE"]`): a ChainSource whose `events(household)` answers a few
set-based queries for that one household. The registry gathers them, newest first. Reading a chain is a read of
people's data: it goes through the registry's scoped household selector (403/404 like every other read) and is
recorded in the audit chain, because it assembles a household's whole assistance history in one place."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from django.apps import apps
from django.utils.module_loading import import_string

from minzheng.core import audit, roles

# Event kinds as people read them (the chain's 事项 column); apps add their own labels through ChainSource.kinds.
KINDS = {"case": "申请与审批", "decision": "决定", "entitlement": "待遇变更", "finding": "比对疑点",
         "report": "核对报告", "payment": "资金发放", "recovery": "追回", "warning": "预警", "referral": "转介"}


@dataclass(frozen=True)
class ChainEvent:
    day: dt.date
    kind: str  # KINDS key
    program: str  # program code ("" when the event is not about one program)
    program_label: str
    text: str  # one sentence in Chinese
    amount: Decimal | None = None  # yuan, when the event moves or decides money
    url: str = ""  # the page of the record behind the event

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, self.kind)


@dataclass(frozen=True)
class ChainSource:
    key: str
    events: Callable[[object], Iterable[ChainEvent]]  # (household) -> events; the caller has checked the scope
    permission: str | tuple[str, ...] | None = "people.view"  # who may see this source's events (core.roles)


@cache
def sources() -> tuple[ChainSource, ...]:
    return tuple(import_string(path) for c in apps.get_app_configs() for path in getattr(c, "household_chain", ()))


def household_chain(user, household) -> list[ChainEvent]:
    """The chain of a household the caller has already read through the scoped selector (registry.selectors
    .household_chain does both), newest first; the read is audited."""
    events = [e for source in sources() if roles.has_perm(user, source.permission) for e in source.events(household)]
    events.sort(key=lambda e: (e.day, e.kind), reverse=True)
    audit.record(user, audit.Event("chain_view", "household", household.pk, household.region_id,
                                   {"事项数": len(events)}))
    return events
