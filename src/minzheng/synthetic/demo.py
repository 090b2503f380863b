"""Demo instance: a real county's townships and villages, one account per role, ~20,000 synthetic people.

People come from the synthetic population generator (population.py): households, persons and incomes with a realistic
shape and valid ID numbers under the county's address code; the demo village (first village of the first township,
where village_demo works) gets a meaningful share of them. Then a month of work runs (synthetic.month): closed
payrolls with bank returns, department feeds compared, this month's payrolls awaiting their check."""

from __future__ import annotations

from minzheng.core import regioncodes
from minzheng.core.models import Region, User
from minzheng.core.regions import load_package_county
from minzheng.core.users import create_user
from minzheng.synthetic import month

DEMO_PASSWORD = "Minzheng@2026"
DEMO_PEOPLE = 20_000
DEMO_SEED = 2026
DEMO_VILLAGE_SHARE = 0.15
DEMO_NAMES = {"village": "张协理", "township": "李经办", "county": "王科长", "city": "赵处长", "auditor": "孙审计",
              "sysadmin": "周系统", "secadmin": "吴安全"}  # ≈ 3,000 people in the demo village


def _demo_village(county: Region) -> Region:
    township = Region.objects.filter(parent=county).order_by("code").first()
    return Region.objects.filter(parent=township).order_by("code").first()


def _demo_users(county: Region) -> list[dict]:
    village = _demo_village(county)
    township = village.parent
    city = county.parent
    spec = [("village_demo", "village", village), ("township_demo", "township", township),
            ("county_demo", "county", county), ("city_demo", "city", city), ("auditor_demo", "auditor", county),
            ("sysadmin_demo", "sysadmin", county), ("secadmin_demo", "secadmin", county)]
    out = []
    for username, role, region in spec:
        if not User.objects.filter(username=username).exists():
            create_user(None, username, role, region.code, DEMO_PASSWORD, full_name=DEMO_NAMES[role],
                        must_change=False)  # demo accounts are ready to use
        out.append({"username": username, "role": role, "region": region.full_name(), "password": DEMO_PASSWORD})
    User.objects.filter(username="county_demo").update(can_unmask=True)
    return out


def seed_lines_of_business(county: Region) -> dict:
    """Each app's own demo data (AppConfig.demo_data), after the registry, the cases and the month exist."""
    from minzheng.core import clock
    from minzheng.core.app_registry import DemoContext, demo_seeders

    users = {u.role: u for u in User.objects.filter(username__endswith="_demo")}
    context = DemoContext(county=county, users=users, month=clock.today().replace(day=1), seed=DEMO_SEED)
    out = {label: seed(context) for label, seed in demo_seeders()}
    out["payroll"] = refresh_payroll(context)
    return out


def refresh_payroll(context) -> dict:
    """This month's drafts regenerated (payroll.generate keeps locked payrolls) after the apps' seeders, so the
    entitlements they granted from this month are in the payroll (the month ran before them)."""
    from minzheng.payroll.services import generate

    done = generate.generate(context.users["county"], context.month)
    return {"payrolls": done["payrolls"], "lines": done["lines"], "total": done["total"]}


def setup(county: str = "330902", people: int = DEMO_PEOPLE) -> dict:
    """Idempotent: a county with people already keeps them. Also loads the demo assistance standards and seeds
    cases and entitlements, so the case pages have work in every state."""
    from minzheng.registry.models import Person
    from minzheng.synthetic.cases import seed_assistance
    from minzheng.synthetic.population import seed_county

    code = regioncodes.normalize(county)
    region = Region.objects.get(code=code)
    load_package_county(code)
    users = _demo_users(region)
    persons = Person.objects.filter(**regioncodes.subtree_lookup("region__code", code)).count()
    info = {"county": region.full_name(), "persons": persons, "accounts": users}
    if persons == 0:
        village = _demo_village(region)
        summary = seed_county(code, people, seed=DEMO_SEED, focus_village=village.code,
                              focus_share=DEMO_VILLAGE_SHARE)
        demo_village = Person.objects.filter(region=village).count()
        info.update(persons=summary["persons"], households=summary["households"], incomes=summary["incomes"],
                    demo_village=f"{village.full_name()}（{demo_village} 人）", seconds=summary["seconds"])
        result = seed_assistance(code, seed=DEMO_SEED)
        info["assistance"] = {k: v for k, v in result.items() if isinstance(v, (int, str, float))}
        info["month"] = month.run(code, township=User.objects.get(username="township_demo"),
                                  county=User.objects.get(username="county_demo"), seed=DEMO_SEED)
        info["lines"] = seed_lines_of_business(region)
    return info
