"""The payroll's data elements (core.data_elements): money paid and people paid during the period, by the line's
village (a flow: the lines of payrolls of the period's months that reached the account) — broken down by program,
by month and by urban/rural (the household's 城乡属性) for the funds and caseload board, and drilling down to the
payroll lines paid (scoped by the viewer's region, payroll.view)."""

from __future__ import annotations

from django.db.models import CharField, Count, F, Sum
from django.db.models.functions import Cast, Substr

from minzheng.benefits import programs
from minzheng.core import regioncodes
from minzheng.core.data_elements import Breakdown, DataElement, Period, Records
from minzheng.payroll.models import PayrollLine
from minzheng.registry import codes as registry_codes

LINE_TABLE = "minzheng.payroll.tables.LineTable"


def _paid(p: Period, qs=None):
    return (qs if qs is not None else PayrollLine.objects).filter(month__gte=p.start, month__lte=p.end, status="paid")


def _month(p: Period):
    return Substr(Cast("month", CharField()), 1, 7)  # "2026-05" on SQLite and PostgreSQL alike


def _by(key, measure):
    def query(p: Period, prefix: str):
        rows = _paid(p).filter(**regioncodes.subtree_lookup("region_code", prefix))
        return rows.annotate(k=key(p)).values_list("k").annotate(n=measure()).order_by()
    return query


def _breakdowns(measure) -> dict[str, Breakdown]:
    return {"program": Breakdown(_by(lambda p: F("program"), measure), programs.names()),
            "month": Breakdown(_by(_month, measure)),
            "urban_rural": Breakdown(_by(lambda p: F("household__urban_rural"), measure), registry_codes.URBAN_RURAL)}


def _records(user, p: Period, prefix: str):
    from minzheng.payroll import selectors

    selectors.require_view(user)
    return _paid(p, PayrollLine.objects.visible_to(user)).within(prefix, "region_code").select_related("payee")


def elements() -> list[DataElement]:
    """Built on use: the program names come from apps loaded after this one."""
    records = Records(_records, LINE_TABLE, noun="发放明细", permission="payroll.view",
                      export_permission="payroll.export", ordering=("month", "region_code", "id"))
    return [
        DataElement("payroll.paid_amount", "已发放资金", "元",
                    lambda p: _paid(p).values_list("region_code").annotate(n=Sum("amount_fen")).order_by(),
                    kind="flow", divisor=100, description="统计期内各月发放名册中已到账的金额（分存储，按元汇总）",
                    breakdowns=_breakdowns(lambda: Sum("amount_fen")), records=records),
        DataElement("payroll.paid_lines", "已发放人次", "人次",
                    lambda p: _paid(p).values_list("region_code").annotate(n=Count("pk")).order_by(), kind="flow",
                    breakdowns=_breakdowns(lambda: Count("pk")), records=records),
    ]
