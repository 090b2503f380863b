"""The payment rules, pure (no database): what an entitlement gets in a payroll month, arrears (补发), the
difference after a retroactive raise (补差额), overpayments (多发) and how much of a recovery (追回) is deducted.
generate.py implements the same rules set-based in SQL; payroll/tests/test_policy.py runs both on the same data.

Money is integer fen throughout; there is one rounding, in `deduction_fen` (truncated to the fen, so the deduction
never exceeds the allowed share). Months are the first day of the month.

Worked examples (each is a doctest):

>>> import datetime as dt
>>> M = dt.date(2026, 4, 1)

Regular line: what is due this month (the entitlement's history, see benefits.services.entitlements.amount_in_month).

>>> month_due_fen(due={M: 120000}, month=M, beneficiary_death=None, payee_death=None)
120000

Paid for the month of death, not after (43号 第二十五条 次月起停止; lifecycle.last_month_before_death):

>>> month_due_fen({M: 120000}, M, beneficiary_death=dt.date(2026, 4, 30), payee_death=None)
120000
>>> month_due_fen({M: 120000}, M, beneficiary_death=dt.date(2026, 3, 31), payee_death=None)
0

Arrears: confirmed in March with payment due from January (e.g. an existing recipient imported late); payrolls
for this program and township exist since January; January–March have no payment line → paid in April:

>>> due = {dt.date(2026, m, 1): 50000 for m in (1, 2, 3, 4)}
>>> expected_lines(due, M, paid={}, window_from=dt.date(2026, 1, 1))
[('regular', datetime.date(2026, 4, 1), 50000), ('arrears', datetime.date(2026, 1, 1), 50000), \
('arrears', datetime.date(2026, 2, 1), 50000), ('arrears', datetime.date(2026, 3, 1), 50000)]

A raise decided in April that takes effect in February (500 → 600 yuan): February and March were paid at 500, so
the difference (100 yuan each) is paid in April:

>>> due = {dt.date(2026, 2, 1): 60000, dt.date(2026, 3, 1): 60000, M: 60000}
>>> paid = {dt.date(2026, 2, 1): 50000, dt.date(2026, 3, 1): 50000}
>>> expected_lines(due, M, paid=paid, window_from=dt.date(2026, 1, 1))
[('regular', datetime.date(2026, 4, 1), 60000), ('difference', datetime.date(2026, 2, 1), 10000), \
('difference', datetime.date(2026, 3, 1), 10000)]

An old-age allowance suspended from February for a missed survival check (生存认证) and resumed in April with
effect from February is back-paid for February and March:

>>> due = {dt.date(2026, 2, 1): 10000, dt.date(2026, 3, 1): 10000, M: 10000}
>>> expected_lines(due, M, paid={dt.date(2026, 1, 1): 10000}, window_from=dt.date(2026, 1, 1))
[('regular', datetime.date(2026, 4, 1), 10000), ('arrears', datetime.date(2026, 2, 1), 10000), \
('arrears', datetime.date(2026, 3, 1), 10000)]

Overpayment: death on 10 February reported in April; February (the month of death) was due, March was not:

>>> overpaid_months({dt.date(2026, 2, 1): 50000, dt.date(2026, 3, 1): 50000}, end_month=None,
...                 death=dt.date(2026, 2, 10))
{datetime.date(2026, 3, 1): 50000}

Deduction: at most `max_share` of this month's regular amount, truncated to the fen, never more than is owed:

>>> deduction_fen(regular_fen=33333, outstanding_fen=100000, max_share=Decimal("0.5"))
16666
>>> deduction_fen(regular_fen=33333, outstanding_fen=500, max_share=Decimal("0.5"))
500
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings

from minzheng.benefits import workflow


def township_of(region_code: str) -> str:
    """The payroll's township: the first 9 digits of the household's (village) code + 000."""
    return region_code[:9] + "000"


def month_due_fen(due: dict[dt.date, int], month: dt.date, beneficiary_death: dt.date | None,
                  payee_death: dt.date | None) -> int:
    """What is due for `month`: the entitlement's amount (0 outside its period and while suspended), nothing once
    the beneficiary died in an earlier month (the month of death is paid), nothing to a payee who died before the
    month (the account cannot be credited; the household's new payee must be recorded first)."""
    if beneficiary_death is not None and beneficiary_death < month:
        return 0
    if payee_death is not None and payee_death < month:
        return 0
    return due.get(month, 0)


def expected_lines(due: dict[dt.date, int], month: dt.date, paid: dict[dt.date, int],
                   window_from: dt.date | None, paid_base: set[dt.date] | None = None
                   ) -> list[tuple[str, dt.date, int]]:
    """The lines of one entitlement in the payroll of `month`.

    `due`: fen due per month (month_due_fen, death rules applied); `paid`: fen already in payroll lines per month
    paid for (regular + arrears + difference, any payroll); `paid_base`: months that already have a regular or
    arrears line (default: the keys of `paid`); `window_from`: the first payroll month of this program and
    township (no arrears before the system paid anyone; None = no earlier payroll).
    - regular: the month itself when due > 0;
    - arrears (补发): every earlier month in the window with nothing paid and something due;
    - difference (补差额): every earlier month in the window paid less than is due now (a raise backdated).
    Amounts are never reduced here: a month paid more than is due is an overpayment (overpaid_months)."""
    paid_base = set(paid) if paid_base is None else paid_base
    out: list[tuple[str, dt.date, int]] = []
    if due.get(month, 0) > 0 and month not in paid_base:
        out.append(("regular", month, due[month]))
    if window_from is None:
        return out
    arrears, difference = [], []
    m = window_from
    while m < month:
        owed = due.get(m, 0)
        if owed > 0 and m not in paid_base:
            arrears.append(("arrears", m, owed))
        elif owed > paid.get(m, 0) and m in paid_base:
            difference.append(("difference", m, owed - paid.get(m, 0)))
        m = workflow.add_months(m, 1)
    return out + arrears + difference


def overpaid_months(paid: dict[dt.date, int], end_month: dt.date | None, death: dt.date | None) -> dict[dt.date, int]:
    """Months paid (fen, lines not failed at the bank) after the entitlement's last month or after the month of the
    beneficiary's death: each is an overpayment to recover (暂行办法 第六十八条: 追回)."""
    return {m: fen for m, fen in sorted(paid.items())
            if fen > 0 and ((end_month is not None and m > end_month) or (death is not None and m > death))}


def max_share() -> Decimal:
    """The largest share of a month's regular payment that may be deducted for a recovery (local rule; setting
    MINZHENG_RECOVERY_MAX_SHARE, default 0.5). 0 = never deduct: recoveries are repaid instead."""
    value = Decimal(str(getattr(settings, "MINZHENG_RECOVERY_MAX_SHARE", "0.5")))
    if not Decimal(0) <= value <= Decimal(1):
        raise ValueError("MINZHENG_RECOVERY_MAX_SHARE must be between 0 and 1")
    return value


def share_parts(share: Decimal) -> tuple[int, int]:
    """The share as an integer fraction (numerator, 10000) for integer arithmetic in SQL."""
    num = share * 10000
    if num != num.to_integral_value():
        raise ValueError("MINZHENG_RECOVERY_MAX_SHARE: at most four decimals")
    return int(num), 10000


def deduction_fen(regular_fen: int, outstanding_fen: int, max_share: Decimal) -> int:
    """The deduction (positive fen) from this month's regular payment: min(owed, ⌊regular × share⌋)."""
    num, den = share_parts(max_share)
    return max(0, min(outstanding_fen, regular_fen * num // den))
