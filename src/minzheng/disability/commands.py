"""`minzheng disability coverage [--region CODE] [--month YYYY-MM] [--store]` (the coverage check; --store saves
the gaps as tasks) and `minzheng disability sweep [--region CODE]` (stops on death, holds on an expired
certificate, through the benefits kernel)."""

from __future__ import annotations

import datetime as dt
import json


def _month(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text + "-01") if text else None


def cmd_coverage(args) -> int:
    from minzheng.disability import coverage, services
    from minzheng.registry.models import Person

    month = _month(args.month) or dt.date.today().replace(day=1)
    if args.store:
        print(json.dumps(services.refresh_gaps(None, args.region or "", month), ensure_ascii=False))
        return 0
    persons = Person.objects.all().within(args.region or "", "region")
    result = coverage.summary(coverage.assess(coverage.rows(persons, month), month))
    print(json.dumps({p: {"eligible": s["eligible"], "covered": s["covered"], "gaps": len(s["gaps"])}
                      for p, s in result.items()}, ensure_ascii=False))
    return 0


def cmd_sweep(args) -> int:
    from minzheng.disability import services

    print(json.dumps(services.sweep(None, args.region or ""), ensure_ascii=False))
    return 0


def register_commands(sub) -> None:
    group = sub.add_parser("disability", help="残疾人两项补贴").add_subparsers(dest="sub", required=True)
    s = group.add_parser("coverage", help="两项补贴覆盖核查（符合条件、已发放、应保未保）")
    s.add_argument("--region", help="区划代码")
    s.add_argument("--month", help="月份 YYYY-MM（默认本月）")
    s.add_argument("--store", action="store_true", help="把应保未保名单存为待办")
    s.set_defaults(func=cmd_coverage)
    s = group.add_parser("sweep", help="死亡停发、残疾人证过期暂停（经待遇变更和暂停支付）")
    s.add_argument("--region", help="区划代码")
    s.set_defaults(func=cmd_sweep)
