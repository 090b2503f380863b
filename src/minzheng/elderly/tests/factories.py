"""Test data of the elderly-care app: elders in the registry (alone, with an elderly spouse, with a young family),
an assessment body with a chosen total, a 高龄津贴 in force."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from minzheng.benefits.tests.factories import entitle
from minzheng.elderly.policy.capability import with_total
from minzheng.registry.tests.factories import make_family, make_id, make_person, person_household

VILLAGE = "330902001001"


def elder(clerk, name="李奶奶", born="19400301", region=VILLAGE):
    """(household, person): an elder living alone."""
    return person_household(clerk, name, born, region)


def couple(clerk, region=VILLAGE):
    """(household, [husband, wife]): an elderly couple without children at home (空巢)."""
    return make_family(clerk, [("王爷爷", "19450101", "M"), ("赵奶奶", "19480505", "F")], region=region)


def three_generations(clerk, region=VILLAGE):
    """(household, [grandmother, son, grandchild]): an elder living with a young family."""
    return make_family(clerk, [("陈奶奶", "19500101", "F"), ("陈儿子", "19780101", "M"),
                               ("陈孙子", "20100101", "M")], region=region)


def assessment(person, total=90, reason="first", **extra) -> dict:
    return {"person_id": person.pk, "reason": reason, "items": with_total(total), "assessor_1": "评估员甲",
            "assessor_2": "评估员乙", "agency": "定海区老年人能力评估中心", **extra}


def age_allowance(household, person, amount="50.00", start=dt.date(2026, 1, 1)):
    return entitle(household, person, program="age_allowance", amount=amount, start=start, person=person)


DEMO_COUNTY = "652324"  # 玛纳斯县: the demo standards cover it (护理补贴, 养老服务补贴, 生存认证 period)


def demo_county(people: int = 2000, seed: int = 7):
    """A small demo county as `minzheng demo` makes it, without the month's feeds: people, cases and entitlements,
    the demo accounts, this month's payroll drafts. Returns the app_registry.DemoContext the seeders get."""
    from minzheng.core import clock
    from minzheng.core.app_registry import DemoContext
    from minzheng.core.models import Region, User
    from minzheng.core.regions import load_package_county
    from minzheng.payroll.services import generate
    from minzheng.synthetic import demo
    from minzheng.synthetic.cases import seed_assistance
    from minzheng.synthetic.population import seed_county

    load_package_county(DEMO_COUNTY)
    county = Region.objects.get(code=DEMO_COUNTY.ljust(12, "0"))
    seed_county(DEMO_COUNTY, people, seed=seed, focus_village=demo._demo_village(county).code,
                focus_share=demo.DEMO_VILLAGE_SHARE)
    seed_assistance(DEMO_COUNTY, seed=seed)
    demo._demo_users(county)
    users = {u.role: u for u in User.objects.filter(username__endswith="_demo")}
    month = clock.today().replace(day=1)
    generate.generate(users["county"], month)
    return DemoContext(county=county, users=users, month=month, seed=seed)


def every_other_household(context) -> list[int]:
    """Every other household of the demo township (id order), where the seeders open their cases."""
    from minzheng.core import regioncodes
    from minzheng.registry.models import Household

    township = context.users["township"].region_id
    return list(Household.objects.filter(**regioncodes.subtree_lookup("region_id", township))
                .order_by("id").values_list("id", flat=True))[::2]


def add_babies(context, household_ids: Iterable[int]) -> None:
    """A baby born on the first of this month in each household, through the registry's services: a county of a
    million has some (`make demo-scale`), and no case dated last month can be opened for their households."""
    from minzheng.registry import services
    from minzheng.registry.models import Household

    county = context.users["county"]
    born = f"{context.month:%Y%m%d}"
    for household in Household.objects.filter(pk__in=household_ids).order_by("id"):
        baby = make_person(county, "新生儿", id_number=make_id(born, "F", DEMO_COUNTY), region=household.region_id)
        services.add_member(county, household.pk, baby.pk, "孙女", joined_on=context.month)
