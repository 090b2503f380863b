"""The welfare-lottery fund's share of `make demo`: three years of receipts for the demo county (示例 amounts), the
projects funded each year in every program area with their progress (the older years accepted), the elderly-care
share above 55 % in two years and just below it in one (so the disclosure shows both)."""

from __future__ import annotations

import random
from collections import Counter
from decimal import Decimal

PROJECTS = [("elderly_care", "居家社区养老服务中心建设", "县民政局"),
            ("elderly_care", "敬老院适老化改造", "乡镇人民政府"),
            ("elderly_care", "老年助餐点运营补贴", "县民政局"),
            ("child_welfare", "困境儿童关爱保护", "县儿童福利指导中心"),
            ("disability", "残疾人康复服务", "县残联"), ("social_assistance", "困难群众临时救助", "县民政局"),
            ("community", "城乡社区服务设施", "街道办事处")]


def seed(context) -> dict:
    from minzheng.lottery import services

    rng = random.Random(f"minzheng-lottery-demo:{context.county.code}:{context.seed}")
    county = context.users["county"]
    code = context.county.code
    counts: Counter = Counter()
    this_year = context.month.year
    for year in (this_year - 2, this_year - 1, this_year):
        total = Decimal(rng.randint(300, 600) * 10000)
        services.add_receipt(county, {"region_code": code, "year": year, "received_on": f"{year}-03-15",
                                      "amount": f"{total * Decimal('0.7'):.2f}", "source": "province",
                                      "document_no": f"财社〔{year}〕{rng.randint(10, 99)}号"})
        services.add_receipt(county, {"region_code": code, "year": year, "received_on": f"{year}-06-20",
                                      "amount": f"{total * Decimal('0.3'):.2f}", "source": "county"})
        counts["receipts"] += 2
        share = Decimal("0.53") if year == this_year - 1 else Decimal("0.58")  # one year short of 55 %
        elderly = [p for p in PROJECTS if p[0] == "elderly_care"]
        others = [p for p in PROJECTS if p[0] != "elderly_care"]
        spend = total * Decimal("0.9")
        for group, part in ((elderly, spend * share), (others, spend * (1 - share))):
            each = (part / len(group)).quantize(Decimal("0.01"))
            for n, (area, name, implementer) in enumerate(group):
                amount = part - each * (len(group) - 1) if n == len(group) - 1 else each
                project = services.add_project(county, {"region_code": code, "year": year, "name": f"{year}年{name}",
                                                        "area": area, "amount": f"{amount:.2f}",
                                                        "implementer": implementer})
                counts["projects"] += 1
                if year < this_year:
                    services.record_progress(county, project.pk, {"progress": "in_progress", "note": "已实施"})
                    services.record_progress(county, project.pk, {
                        "progress": "accepted", "accepted_on": f"{year}-12-20", "note": "资金使用合规，验收合格"})
                    counts["accepted"] += 1
                elif n == 0:
                    services.record_progress(county, project.pk, {"progress": "in_progress", "note": "已开工"})
    return dict(counts)
