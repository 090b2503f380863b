"""Test data of 社会组织: valid unified social credit codes and organisations (plain functions)."""

from __future__ import annotations

import datetime as dt
import itertools

from stdnum.cn import uscc

_serial = itertools.count(1)


def make_uscc(kind_char: str = "1", region: str = "330902") -> str:
    """A valid 18-character code of an organisation registered by 民政 (5), type 1 社团 / 2 民非 / 3 基金会."""
    body = f"5{kind_char}{region}{next(_serial):08d}X"[:17]
    return body + uscc.calc_check_digit(body)


KIND_CHAR = {"association": "1", "service": "2", "foundation": "3"}


def org(actor, name: str = "定海区慈善协会", kind: str = "association", registered_on: dt.date = dt.date(2020, 3, 1),
        region: str = "330902001000", supervisor: str = "城东街道办事处", fundraising: str = "", **extra):
    from minzheng.socialorgs.services import register

    return register.add_org(actor, {
        "name": name, "kind": kind, "fundraising": fundraising, "uscc": make_uscc(KIND_CHAR[kind]),
        "domain": "social_service", "supervisor": supervisor, "legal_rep": "王立", "region_code": region,
        "registered_on": registered_on, "responsible": [{"name": "王立", "post": "会长"}], **extra})


def report(actor, organisation, year: int, **extra):
    from minzheng.socialorgs.services import reports

    return reports.file_report(actor, organisation, {
        "year": year, "summary": "开展活动 12 次", "income": "100000.00", "total_spending": "90000.00",
        "net_assets": "50000.00", **extra})


def concluded(supervisor, registry, organisation, year: int, result: str = "pass", **extra):
    """A report on `year` filed, reviewed and concluded with `result`."""
    from minzheng.socialorgs.services import reports

    row = report(supervisor, organisation, year, filed_on=extra.pop("filed_on", dt.date(year + 1, 3, 1)), **extra)
    if row.state == "filed":
        reports.supervisor_review(supervisor, row, {"decision": "agree", "opinion": "同意"})
    return reports.registry_review(registry, row, {"decision": result, "opinion": "审查意见"})
