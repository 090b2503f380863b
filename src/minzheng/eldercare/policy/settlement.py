"""Monthly settlement of home and community care orders (居家社区养老服务 结算), in integer fen.

Each elder has a monthly quota (每人每月额度: the sum of the service vouchers and subsidy balances in force that
month, e.g. 养老服务补贴 for 低保/特困/边缘 elderly). The month's confirmed orders of an elder — with any provider —
consume the quota in the order they were served (check-out time, then order id): the government pays each order up to
what is left of the quota, the elder (or family) pays the rest. Each provider is then settled for the government part
of its orders. Unused quota lapses at the month's end (no carry-over: ❓ local rule, docs/eldercare.md).

services/settlement.py does the same in one SQL statement (window sum per elder); the tests check both agree.

>>> orders = [Order(1, 7, 100, 3000, 1), Order(2, 7, 101, 5000, 2), Order(3, 7, 100, 4000, 3)]
>>> allocate(orders, {7: 10000})
{1: (3000, 0), 2: (5000, 0), 3: (2000, 2000)}
>>> provider_totals(orders, allocate(orders, {7: 10000}))
{100: (7000, 5000, 2000), 101: (5000, 5000, 0)}
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class Order:
    id: int
    person_id: int
    provider_id: int
    amount_fen: int
    served_at: object  # anything ordered: a datetime, or a sequence number in examples


def amount_fen(price_fen: int, quantity: int) -> int:
    return price_fen * quantity


def allocate(orders: Iterable[Order], quotas: dict[int, int]) -> dict[int, tuple[int, int]]:
    """{order id: (government fen, self-paid fen)}."""
    left = dict(quotas)
    out = {}
    for o in sorted(orders, key=lambda o: (o.person_id, o.served_at, o.id)):
        gov = max(0, min(o.amount_fen, left.get(o.person_id, 0)))
        left[o.person_id] = left.get(o.person_id, 0) - gov
        out[o.id] = (gov, o.amount_fen - gov)
    return out


def provider_totals(orders: Iterable[Order], shares: dict[int, tuple[int, int]]) -> dict[int, tuple[int, int, int]]:
    """{provider id: (total fen, government fen, self-paid fen)}."""
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    for o in orders:
        gov, own = shares[o.id]
        t = totals[o.provider_id]
        t[0] += o.amount_fen
        t[1] += gov
        t[2] += own
    return {k: tuple(v) for k, v in sorted(totals.items())}


def yuan(fen: int) -> Decimal:
    """Integer fen as yuan (Decimal, two places) — at the edges only: files, pages, the API."""
    return (Decimal(fen) / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def fen_of(amount: Decimal) -> int:
    """Yuan (Decimal, at most two places: core.validation.Money) as integer fen."""
    return int((amount * 100).to_integral_value())
