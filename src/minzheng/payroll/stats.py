"""Funds statistics (资金发放统计): counts and totals of locked payroll lines (approved, exported, reconciled) by
program, region (any level), month and payment status, for the year to date. Every figure is a sum of line
amounts in integer fen, so the totals equal the payroll lines to the fen; amounts come out as `Decimal` yuan."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Sum
from django.db.models.functions import Substr

from minzheng.benefits import programs
from minzheng.core import clock, regioncodes, regions, roles
from minzheng.core.errors import Forbidden, ValidationFailed
from minzheng.payroll.codes import LEVELS, LINE_STATUS, LOCKED
from minzheng.payroll.models import PayrollLine, fen_to_decimal
from minzheng.payroll.services.generate import parse_month

HEADER = ["救助项目", "区划", "区划代码", "发放月份", "发放状态", "笔数", "金额（元）"]


def funds(user, year: int | None = None, month=None, program: str = "", region_code: str = "",
          level: str = "township") -> dict:
    if not roles.has_perm(user, "payroll.view"):
        raise Forbidden("您的角色不能查看资金发放统计")
    if level not in LEVELS:
        raise ValidationFailed.one("level", "区划层级应为 " + "、".join(f"{k}（{v}）" for k, v in LEVELS.items()))
    upto = parse_month(month) if month else None
    if upto is None:
        today = clock.today()
        year = year or today.year
        upto = dt.date(year, 12, 1) if year != today.year else today.replace(day=1)
    start = dt.date(upto.year, 1, 1)
    qs = PayrollLine.objects.visible_to(user).filter(payroll__status__in=LOCKED, month__gte=start, month__lte=upto)
    if program:
        qs = qs.filter(program=program)
    if region_code:
        qs = qs.within(region_code, "region_code")
    n = regioncodes.LEVEL_LENGTH[level]
    rows = list(qs.annotate(area=Substr("region_code", 1, n)).values("program", "area", "month", "status")
                .annotate(lines=Count("id"), fen=Sum("amount_fen")).order_by())
    names = regions.names_for({r["area"].ljust(12, "0") for r in rows})

    def group(key, label):
        acc: dict = {}
        for r in rows:
            a = acc.setdefault(key(r), [0, 0])
            a[0] += r["lines"]
            a[1] += r["fen"]
        return [{"key": k, "label": label(k), "lines": v[0], "amount": fen_to_decimal(v[1]), "fen": v[1]}
                for k, v in sorted(acc.items())]

    def region(r) -> str:
        return r["area"].ljust(12, "0")

    return {"year": upto.year, "from": f"{start:%Y-%m}", "to": f"{upto:%Y-%m}", "level": level,
            "lines": sum(r["lines"] for r in rows), "total": fen_to_decimal(sum(r["fen"] for r in rows)),
            "by_program": group(lambda r: r["program"], programs.name),
            "by_region": group(region, lambda k: names.get(k, k)),
            "by_month": group(lambda r: f"{r['month']:%Y-%m}", lambda k: k),
            "by_status": group(lambda r: r["status"], lambda k: LINE_STATUS.get(k, k)),
            "rows": [{"program": r["program"], "program_name": programs.name(r["program"]),
                      "region_code": region(r), "region_name": names.get(region(r), region(r)),
                      "month": f"{r['month']:%Y-%m}", "status": r["status"],
                      "status_label": LINE_STATUS.get(r["status"], r["status"]), "lines": r["lines"],
                      "amount": fen_to_decimal(r["fen"])}
                     for r in sorted(rows, key=lambda r: (r["month"], r["program"], r["area"], r["status"]))]}


def table(result: dict) -> list[list]:
    """The statistics as spreadsheet rows under HEADER (names, then the code; counts and amounts as numbers), then
    the totals: what the page's Excel/CSV download writes."""
    rows = [[r["program_name"], r["region_name"], r["region_code"], r["month"], r["status_label"], r["lines"],
             r["amount"]] for r in result["rows"]]
    rows.append(["合计", "", "", f"{result['from']} 至 {result['to']}", "", result["lines"], result["total"]])
    return rows


def bar_chart(items: list[dict], width: int = 560, bar: int = 22) -> dict:
    """A plain SVG bar chart's geometry (rendered server-side by the template; no chart library)."""
    top = max((i["fen"] for i in items), default=0) or 1
    label_w = 150
    out = []
    for index, item in enumerate(items):
        w = int((width - label_w - 110) * max(item["fen"], 0) / top)
        out.append({"label": item["label"], "amount": item["amount"], "y": index * (bar + 8), "w": w,
                    "x": label_w, "text_x": label_w + w + 6})
    return {"bars": out, "height": len(items) * (bar + 8), "width": width, "bar": bar, "label_w": label_w}
