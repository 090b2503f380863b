"""What every chunk of a population run shares: the villages, the tables drawn from, the id bases and the options
(`Context`, inherited by forked workers)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Village:
    code: str
    urban: bool
    short: str  # name without 居委会/村委会, for addresses


@dataclass
class Context:
    county6: str
    seed: int
    ref_ord: int  # "today" (clock.today()) as a date ordinal
    max_birth_ord: int  # never later than the real today (idnumber.parse rejects future birth dates)
    income_year: int
    chunks: int
    villages: list[Village]
    village_cum: list[float]
    hukou_elsewhere: list[str]  # other counties of the province (人户分离)
    ethnic_codes: list[str]
    ethnic_cum: list[float]
    db: bool
    csv: bool
    collect_ids: bool
    county_sum: int = 0  # check-sum part of the address code
    base_person: int = 0
    base_household: int = 0
    base_membership: int = 0
    existing_index: set = field(default_factory=set)
