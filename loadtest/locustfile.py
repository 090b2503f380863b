"""A county's working day (issue 21): staff of every level signed in at once, doing what they do all day.

    village clerks   (weight 5): inbox, the village's persons and households with filters, a person, searches by
                                 ID number, a case, saving a household record (form post)
    township officers (weight 3): inbox, the case list filtered by state and 待我办理, case pages, entitlements,
                                 searches by ID number
    county officers  (weight 2): inbox, case and entitlement lists, payrolls, findings, an Excel/CSV export of a
                                 village's persons
    city officers    (weight 1): home page tiles, payrolls and entitlement lists across the city

Run by `loadtest/run.py` (seeds a county with the synthetic generator, starts `minzheng serve`, runs Locust headless
and prints p50/p95/p99 per endpoint). Reads MZ_LOAD_IDS (citizen ID numbers to search, comma-separated; given by
run.py from the seeded data, never written to disk), MZ_LOAD_EXPORT_VILLAGE (the village whose persons are
exported), MZ_LOAD_ACCOUNTS (the accounts run.py made for each role, the clerks and township officers spread over
the county's villages and townships) and MZ_LOAD_PASSWORD.
Requests are named by endpoint (`person_detail`, not `/registry/persons/123/`) so figures group by page."""

from __future__ import annotations

import json
import os
import random
import re

from locust import FastHttpUser, between, events, task
from locust.stats import StatsEntry
from weights import PAGES, ROLE_WEIGHTS, parse_wait  # Locust puts the locustfile's folder on the path

PASSWORD = os.environ.get("MZ_LOAD_PASSWORD", "Minzheng@2026")
IDS = [x for x in os.environ.get("MZ_LOAD_IDS", "").split(",") if x]
EXPORT_VILLAGE = os.environ.get("MZ_LOAD_EXPORT_VILLAGE", "")  # a village of middling size (loadtest/run.py)
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SURNAMES = "王李张刘陈杨黄赵周吴徐孙胡朱高林何郭马罗"
# Seconds between one step and the next, MIN,MAX (run.py --wait; 1–4 s by default: a brisk pace).
WAIT = parse_wait(os.environ.get("MZ_LOAD_WAIT", "1,4"))
NOT_PAGES = ("login", "person_list export csv")  # what the report's PAGES line leaves out
# {demo account: how many `<role>_load_NNN` accounts run.py made for its role}: each simulated member of staff signs
# in as their own account, as a county's staff do (their inboxes are their own); none given: the demo account.
ACCOUNTS = json.loads(os.environ.get("MZ_LOAD_ACCOUNTS", "{}"))
_SIGNED_IN = dict.fromkeys(ACCOUNTS, 0)


def _account(base: str) -> str:
    count = ACCOUNTS.get(base, 0)
    if not count:
        return base
    _SIGNED_IN[base] += 1
    return f"{base.removesuffix('_demo')}_load_{(_SIGNED_IN[base] - 1) % count + 1:03d}"


_ENVIRONMENT = None


@events.init.add_listener
def _keep_environment(environment, **_kwargs):
    global _ENVIRONMENT  # noqa: PLW0603 (Locust hands the environment to a listener, once)
    _ENVIRONMENT = environment


@events.quit.add_listener
def _write_report(exit_code, **_kwargs):
    """The final figures (after every user stopped) as JSON at MZ_LOAD_REPORT, for loadtest/run.py."""
    path = os.environ.get("MZ_LOAD_REPORT")
    if not path or _ENVIRONMENT is None or _ENVIRONMENT.runner is None:
        return
    stats = _ENVIRONMENT.runner.stats

    def entry(e, name=None):
        pct = e.get_response_time_percentile
        return {"endpoint": name or e.name, "method": e.method or "", "requests": e.num_requests,
                "failures": e.num_failures, "p50": pct(0.5), "p95": pct(0.95), "p99": pct(0.99),
                "max": e.max_response_time or 0, "rps": round(e.total_rps, 2)}

    pages = StatsEntry(stats, "Pages", "")  # every page request together, for the goal set for pages
    for e in stats.entries.values():
        if e.name not in NOT_PAGES:
            pages.extend(e)
    report = {"endpoints": [entry(e) for e in sorted(stats.entries.values(), key=lambda e: (e.name, e.method))]
              + [entry(pages, PAGES), entry(stats.total, "Aggregated")],
              "failures": [{"method": e.method, "name": e.name, "error": str(e.error), "occurrences": e.occurrences}
                           for e in stats.errors.values()]}
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(report, fh, ensure_ascii=False)


def _ids(html: str, pattern: str) -> list[str]:
    return sorted(set(re.findall(pattern, html)))


class Staff(FastHttpUser):
    """geventhttpclient, not requests: the load generator shares the server's two cores, so it should spend as
    little of them as it can (Locust's own advice for high request rates)."""

    abstract = True
    username = ""
    wait_time = between(*WAIT)  # reading the page, typing: a person is not a tight loop

    def on_start(self):
        account = _account(self.username)
        page = self.client.get("/login/", name="login")
        token = CSRF.search(page.text).group(1)
        answer = self.client.post("/login/", {"username": account, "password": PASSWORD,
                                              "csrfmiddlewaretoken": token}, name="login", allow_redirects=False)
        if answer.status_code != 302:
            raise RuntimeError(f"{account}: sign-in failed ({answer.status_code})")
        self.persons, self.households, self.cases = [], [], []

    # ---- shared steps ------------------------------------------------------------------------------------------
    def get(self, url: str, name: str, **kwargs):
        with self.client.get(url, name=name, catch_response=True, **kwargs) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
            return response

    def inbox(self):
        self.get("/inbox/", "inbox")

    def person_list(self, **filters):
        query = "&".join(f"{k}={v}" for k, v in filters.items())
        html = self.get(f"/registry/persons/?{query}", "person_list?filters").text
        self.persons = _ids(html, r"/registry/persons/(\d+)/") or self.persons

    def person_detail(self):
        if self.persons:
            self.get(f"/registry/persons/{random.choice(self.persons)}/", "person_detail")

    def search_id(self):
        if IDS:
            self.get(f"/registry/persons/?id_number={random.choice(IDS)}", "person_search_by_id")

    def case_list(self, **filters):
        query = "&".join(f"{k}={v}" for k, v in filters.items())
        html = self.get(f"/benefits/cases/?{query}", "case_list?filters").text
        self.cases = _ids(html, r"/benefits/cases/(\d+)/") or self.cases

    def case_detail(self):
        if self.cases:
            self.get(f"/benefits/cases/{random.choice(self.cases)}/", "case_detail")


class VillageClerk(Staff):
    weight = ROLE_WEIGHTS["village_demo"]
    username = "village_demo"

    @task(4)
    def inbox_task(self):
        self.inbox()

    @task(4)
    def persons(self):
        self.person_list(name=random.choice(SURNAMES), alive="yes")

    @task(3)
    def person(self):
        self.person_detail()

    @task(4)
    def search(self):
        self.search_id()

    @task(2)
    def households_task(self):
        html = self.get(f"/registry/households/?page={random.randint(1, 5)}",  # the clerk's village: their scope
                        "household_list?filters").text
        self.households = _ids(html, r"/registry/households/(\d+)/") or self.households

    @task(2)
    def household(self):
        if self.households:
            self.get(f"/registry/households/{random.choice(self.households)}/", "household_detail")

    @task(1)
    def case(self):
        self.case_list()
        self.case_detail()

    @task(1)
    def save_household(self):
        """The household form posted back as it stands (an officer saving a record): a service write, audited."""
        if not self.households:
            return
        url = f"/registry/households/{random.choice(self.households)}/edit/"
        form = self.get(url, "household_edit (form)").text
        data = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', form))
        for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
            chosen = re.search(r'<option value="([^"]*)"[^>]*selected', body)
            data[name] = chosen.group(1) if chosen else ""
        for name, text in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', form, re.S):
            data[name] = text.strip()
        with self.client.post(url, data, name="household_edit (post)", allow_redirects=False,
                              catch_response=True) as response:
            if response.status_code not in (200, 302):
                response.failure(f"{response.status_code}")


class TownshipOfficer(Staff):
    weight = ROLE_WEIGHTS["township_demo"]
    username = "township_demo"

    @task(3)
    def inbox_task(self):
        self.inbox()

    @task(3)
    def cases(self):
        self.case_list(**random.choice([{}, {"mine": "1"}, {"state": "investigating"}, {"overdue": "1"}]))

    @task(4)
    def case(self):
        self.case_detail()

    @task(2)
    def entitlements(self):
        self.get("/benefits/entitlements/", "entitlement_list")

    @task(3)
    def search(self):
        self.search_id()

    @task(1)
    def persons(self):
        self.person_list(sex=random.choice("MF"))
        self.person_detail()


class CountyOfficer(Staff):
    weight = ROLE_WEIGHTS["county_demo"]
    username = "county_demo"

    @task(2)
    def inbox_task(self):
        self.inbox()

    @task(3)
    def cases(self):
        self.case_list(**random.choice([{}, {"program": "dibao"}, {"mine": "1"}]))
        self.case_detail()

    @task(2)
    def entitlements(self):
        self.get(f"/benefits/entitlements/?page={random.randint(1, 5)}", "entitlement_list")

    @task(1)
    def payrolls(self):
        self.get("/payroll/", "payroll_list")

    @task(1)
    def findings(self):
        self.get("/verification/findings/", "finding_list")

    @task(1)
    def export(self):
        self.get(f"/registry/persons/?region_code={EXPORT_VILLAGE}&export=csv", "person_list export csv")

    @task(2)
    def search(self):
        self.search_id()


class CityOfficer(Staff):
    weight = ROLE_WEIGHTS["city_demo"]
    username = "city_demo"

    @task(2)
    def home(self):
        self.get("/", "home")

    @task(1)
    def payrolls(self):
        self.get("/payroll/", "payroll_list")

    @task(1)
    def entitlements(self):
        self.get("/benefits/entitlements/", "entitlement_list")
