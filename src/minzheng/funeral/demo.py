"""Demo data of the funeral app (`make demo`): the 示例 waiver rules and funeral standards for the demo county, the
county's delegation of the funeral programs to its townships, a funeral home, a public cemetery and a columbarium in
the demo township with plots (held, due for renewal, transferred), recent deaths of the demo township's elderly
registered through 身后一件事 (entitlements stopped, waivers, subsidies), eco-burials with their reward, a settled
month, and 清明 tomb-sweeping slots with bookings. Deterministic from the seed; runs once per county (a county that
already has a funeral home is left as it is)."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import random
from decimal import Decimal
from pathlib import Path

from minzheng.benefits.models import Entitlement, Standard
from minzheng.benefits.services import registers, standards
from minzheng.core import clock, regioncodes
from minzheng.core.errors import ServiceError
from minzheng.funeral import codes
from minzheng.funeral.models import FuneralHome, Plot, PlotTransfer, SweepSlot
from minzheng.funeral.services import bookings, cemeteries, deaths, waivers
from minzheng.registry.models import Membership

DATA = Path(__file__).resolve().parent / "data"
DEMO_STANDARDS = DATA / "standards_demo.csv"
DEATHS = 24  # deaths registered in the demo township over the last two months


def _rules(county: str, county_user) -> None:
    """The 示例 rules for the county's city (the bundled file is 舟山's; another county gets the same shape)."""
    city = county[:4].ljust(12, "0")
    with open(waivers.DEMO_SCHEMES, encoding="utf-8-sig", newline="") as fh:
        rows = [{**r, "region_code": city} for r in csv.DictReader(fh)]
    waivers.load_rows(rows)
    with open(DEMO_STANDARDS, encoding="utf-8-sig", newline="") as fh:
        template = [r for r in csv.DictReader(fh) if r["region_code"] == "330900"]
    for r in template:  # the city's amounts where the file has them, else the same 示例 values for the county
        if Standard.objects.filter(program=r["program"], item=r["item"], region_code__in=(city, county)).exists():
            continue
        standards.add_standard(county_user, {**r, "region_code": county, "effective_to": None})
    for program in (codes.SUBSIDY, codes.REIMBURSEMENT, codes.ECO_REWARD):
        with contextlib.suppress(ServiceError):  # already delegated
            registers.set_delegation(county_user, {"program": program, "region_code": county, "delegated": True,
                                                   "effective_from": "2021-01-01",
                                                   "document": "县民政局委托乡镇(街道)审核确认殡葬补助（示例）"})


def _candidates(township: str, rng: random.Random, today: dt.date) -> list[tuple[int, int, int]]:
    """(person, household, informant): elderly living members of the township with an adult living relative at home."""
    born_before = today.replace(year=today.year - 70)
    rows = list(Membership.objects.filter(left_on__isnull=True, person__death_date__isnull=True,
                                          **regioncodes.subtree_lookup("household__region__code", township))
                .values_list("household_id", "person_id", "person__birth_date").order_by("household_id", "person_id"))
    by_household: dict[int, list[tuple[int, dt.date]]] = {}
    for household, person, born in rows:
        by_household.setdefault(household, []).append((person, born))
    adult = today.replace(year=today.year - 18)
    out = []
    for household, members in by_household.items():
        old = [p for p, b in members if b <= born_before]
        others = [p for p, b in members if b <= adult and p not in old[:1]]
        if old and others:
            out.append((old[0], household, others[0]))
    rng.shuffle(out)
    # Recipients first: their deaths show what 身后一件事 stops and pays.
    paid = set(Entitlement.objects.filter(status="active", person__isnull=False, **regioncodes.subtree_lookup(
        "region_code", township)).values_list("person_id", flat=True))
    return sorted(out, key=lambda c: c[0] not in paid)


def _sites(county: str, township: str, county_user, rng: random.Random, today: dt.date) -> tuple:
    home = FuneralHome.objects.create(name=f"{_name(county)}殡仪馆", region_code=county, address="殡仪馆路1号",
                                      phone="0580-0000000")
    public = cemeteries.create_cemetery(county_user, {"name": f"{_name(township)}公益性公墓", "region_code": township,
                                                      "kind": "public", "operator": f"{_name(township)}民政办"})
    hall = cemeteries.create_cemetery(county_user, {"name": f"{_name(township)}骨灰堂", "region_code": township,
                                                    "kind": "columbarium"})
    plots = [Plot(cemetery=cem, region_code=cem.region_code, code=f"{prefix}-{(i - 1) // 10 + 1}-{i:02d}", kind=kind,
                  fee=Decimal(fee))
             for cem, kind, prefix, n, fee in ((public, "grave", "A", 30, "3000.00"), (public, "tree", "T", 20, "0.00"),
                                               (hall, "niche", "N", 40, "600.00"))
             for i in range(1, n + 1)]
    Plot.objects.bulk_create(plots)
    return home, public, hall


def _name(code: str) -> str:
    from minzheng.core.models import Region

    return Region.objects.get(code=code).name


def seed(context) -> dict:
    county = context.county.code
    if FuneralHome.objects.filter(**regioncodes.subtree_lookup("region_code", county)).exists():
        return {"skipped": "已有殡葬数据"}
    if DEMO_STANDARDS.exists():
        standards.load_csv(DEMO_STANDARDS)  # the bundled 示例 amounts (舟山 and the demo standards' other city)
    rng = random.Random(context.seed * 16 + 1)
    today = clock.today()
    county_user, town_user = context.users["county"], context.users["township"]
    township = town_user.region_id
    _rules(county, county_user)
    home, public, hall = _sites(county, township, county_user, rng, today)
    made = {"deaths": 0, "cremations": 0, "eco_burials": 0, "plots": Plot.objects.filter(
        cemetery__in=[public, hall]).count(), "bookings": 0, "settlements": 0}
    free = list(Plot.objects.filter(cemetery__in=[public, hall], kind__in=("grave", "niche")).order_by("pk"))
    for person, _household, informant in _candidates(township, rng, today)[:DEATHS]:
        died = today - dt.timedelta(days=rng.randint(3, 60))
        cremated = died + dt.timedelta(days=rng.randint(1, 3))
        body = {"person_id": person, "death_date": died.isoformat(), "source": rng.choice(["hospital", "police"]),
                "certificate_no": f"SW{died:%Y%m%d}{person % 10000:04d}", "informant_id": informant,
                "informant_relation": "子女", "place": rng.choice(["医院", "家中"])}
        if cremated <= today and rng.random() < 0.92:
            body["cremation"] = {"funeral_home_id": home.pk, "cremated_on": cremated.isoformat(),
                                 "storage_days": rng.randint(1, 4), "ash_storage_months": rng.choice([0, 3, 12]),
                                 "transport_km": rng.randint(5, 40)}
        try:
            reg = deaths.register(town_user, body)
        except ServiceError:
            continue  # e.g. a household the demo data made without a living adult relative
        made["deaths"] += 1
        made["cremations"] += "cremation" in body
        if "cremation" in body and rng.random() < 0.45:
            buried = min(today, cremated + dt.timedelta(days=rng.randint(1, 10)))
            cemeteries.record_eco_burial(town_user, {"death_id": reg.pk, "kind": rng.choice(["sea", "tree", "flower"]),
                                                     "buried_on": buried.isoformat(), "place": "定点海域/生态园"})
            made["eco_burials"] += 1
        elif "cremation" in body and free:
            plot = free.pop(0)
            cemeteries.assign_plot(county_user, plot.pk, {
                "holder_name": "家属", "holder_id": informant, "death_id": reg.pk, "fee": f"{plot.fee:.2f}",
                "paid_until": (today.replace(year=today.year + 20)).isoformat()})
    # Older holders: some due for renewal, one transferred.
    for i, plot in enumerate(free[:12]):
        plot.status, plot.holder_name = "held", rng.choice(["王建国", "陈美华", "林志强", "周秀兰"])
        plot.paid_until = today + dt.timedelta(days=rng.randint(-30, 400))
        if plot.paid_until < today:
            plot.status = "expired"
        plot.save()
        if i == 0:
            PlotTransfer.objects.create(plot=plot, region_code=plot.region_code, from_name="王老先生",
                                        to_name=plot.holder_name, on=today - dt.timedelta(days=90),
                                        reason="原使用权人去世，由子女继承")
    previous = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)  # last month, ended
    made["settlements"] = len(waivers.settle(county_user, {"month": f"{previous:%Y-%m}"}))
    # 清明: three days, three slots a day per cemetery, and bookings for the first day.
    qingming = dt.date(today.year if today < dt.date(today.year, 4, 4) else today.year + 1, 4, 4)
    for cem in (public, hall):
        for offset in range(3):
            for start, end in ((8, 10), (10, 12), (13, 15)):
                bookings.create_slot(county_user, {"cemetery_id": cem.pk, "day": (qingming + dt.timedelta(days=offset))
                                                   .isoformat(), "starts": f"{start:02d}:00", "ends": f"{end:02d}:00",
                                                   "capacity": 200 if cem.kind == "public" else 80})
    first = list(SweepSlot.objects.filter(cemetery__in=[public, hall], day=qingming).order_by("pk"))
    for i in range(30):
        bookings.book(town_user, {"slot_id": first[i % len(first)].pk, "visitor_name": f"祭扫人{i + 1:02d}",
                                  "party_size": rng.randint(1, 4)})
        made["bookings"] += 1
    return made
