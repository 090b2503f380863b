"""The demo county's communities: for every village/community a service station, its committee and community
workers, the last election, meetings, the ledger; the county's service catalogue and task lists; 一窗受理 tickets
(open, overdue and done) in the demo clerk's village. Deterministic from the seed; run once per county (skipped
when the county already has stations)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from minzheng.core import regioncodes, workdays
from minzheng.core.app_registry import DemoContext
from minzheng.core.models import Region

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"
TOPICS = ["老旧小区加装电梯协商", "村规民约修订", "公益金使用", "停车难议事"]
CATALOGUE = [("居住证明", 3), ("低保申请受理", 1), ("高龄津贴申请", 5), ("残疾人两项补贴申请", 5),
             ("临时救助申请", 3), ("老年人优待证", 5), ("计划生育服务证明", 3)]
TASKS = [("powers", "村（居）民会议、代表会议的召集"), ("powers", "村（居）务公开"),
         ("work", "社会救助对象初审入户调查协助"),
         ("work", "高龄津贴生存认证协助"), ("assist", "人口普查入户登记协助"), ("assist", "征兵宣传"),
         ("excluded", "招商引资任务"), ("excluded", "城市管理执法")]


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))


def seed(context: DemoContext) -> dict:
    from minzheng.communities.models import (
        CatalogueItem,
        Election,
        FundEntry,
        Meeting,
        Member,
        Station,
        TaskItem,
        Ticket,
    )

    county = context.county.code
    inside = regioncodes.subtree_lookup("region_code", county)
    if Station.objects.filter(**inside).exists():
        return {"skipped": 1}
    rng = random.Random(context.seed + 18)
    today = context.month + dt.timedelta(days=19)
    villages = list(Region.objects.filter(level="village", **regioncodes.subtree_lookup("code", county))
                    .order_by("code").values_list("code", flat=True)[:60])
    stations, members, elections, meetings, funds = [], [], [], [], []
    for code in villages:
        stations.append(Station(region_code=code, name="党群服务中心", opened_on=dt.date(2019, 6, 1),
                                floor_area=Decimal(rng.randrange(30000, 90000)) / 100,
                                functions=sorted(rng.sample(["affairs", "elderly", "children", "culture", "volunteer",
                                                             "health", "meeting"], 4))))
        held = dt.date(2021, rng.randint(3, 6), rng.randint(1, 28))
        electorate = rng.randint(800, 4000)
        elections.append(Election(region_code=code, held_on=held, term_years=5, electorate=electorate,
                                  voted=int(electorate * rng.uniform(0.85, 0.97)), results="选举产生村（居）民委员会",
                                  next_due=held.replace(year=held.year + 5)))
        members.extend(Member(region_code=code, name=_name(rng), post=post, from_on=held,
                              committee="staff" if post == "worker" else "committee")
                       for post in ("secretary", "director", "deputy", "member", "worker", "worker"))
        meetings.extend(Meeting(region_code=code, kind=rng.choice(["representatives", "two_committees",
                                                                   "consultation"]),
                                held_on=today - dt.timedelta(days=30 * k + rng.randint(1, 20)),
                                topic=rng.choice(TOPICS), attendance=rng.randint(15, 60), decisions="表决通过")
                        for k in range(3))
        funds.append(FundEntry(region_code=code, on=context.month, direction="in", category="service_fund",
                               amount=Decimal("50000.00"), note="社区服务经费下拨"))
        funds.append(FundEntry(region_code=code, on=context.month + dt.timedelta(days=5), direction="out",
                               category="activity", amount=Decimal(rng.randrange(50000, 500000)) / 100,
                               note="重阳节敬老活动"))
    Station.objects.bulk_create(stations)
    Election.objects.bulk_create(elections)
    Member.objects.bulk_create(members)
    Meeting.objects.bulk_create(meetings)
    FundEntry.objects.bulk_create(funds)
    items = CatalogueItem.objects.bulk_create([CatalogueItem(region_code=county, name=n, pledge_days=d,
                                                             department="县民政局") for n, d in CATALOGUE])
    TaskItem.objects.bulk_create([TaskItem(region_code=county, list_kind=k, title=t, effective_from=dt.date(2024, 1, 1),
                                           basis="县（区）基层群众性自治组织事项清单（示例）") for k, t in TASKS])
    village = (context.users.get("village").region_id if context.users.get("village") else villages[0])
    calendar = workdays.Calendar(village)
    tickets = []
    for k in range(12):
        item = items[k % len(items)]
        received = today - dt.timedelta(days=2 * k + 1)
        due = calendar.add_workdays(received, item.pledge_days)
        done = k % 3 == 0 and due.day <= today
        tickets.append(Ticket(region_code=village, item=item, applicant=_name(rng), received_on=received,
                              due_on=due.day, provisional=due.provisional, state="done" if done else "open",
                              done_on=due.day if done else None, result="已办结" if done else ""))
    Ticket.objects.bulk_create(tickets)
    return {"villages": len(villages), "stations": len(stations), "members": len(members), "tickets": len(tickets)}
