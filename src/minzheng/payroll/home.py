"""The payroll's home tile: funds paid this year (locked payrolls), by month."""

from __future__ import annotations

from minzheng.core.app_registry import HomeTile
from minzheng.payroll import stats


def funds_this_year(user) -> dict:
    funds = stats.funds(user)  # year to date, locked payroll lines only
    return {"funds": funds, "funds_chart": stats.bar_chart(funds["by_month"])}


FUNDS_TILE = HomeTile("funds", "payroll/_home_funds.html", funds_this_year, "payroll.view", order=30)
