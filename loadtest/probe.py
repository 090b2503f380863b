"""One request at a time to the load test's pages, as each demo role, with the server's own time (Server-Timing):
where a page's time goes when nothing else is running (docs/benchmarks.md, issue 21).

    .venv/bin/python loadtest/probe.py http://127.0.0.1:8000 [ID_NUMBER,…]

Signs in as village_demo, township_demo, county_demo and city_demo (password MZ_LOAD_PASSWORD, default the demo
one) and prints status, client and server time and size of each page."""

from __future__ import annotations

import os
import re
import sys
import time

import requests

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PASSWORD = os.environ.get("MZ_LOAD_PASSWORD", "Minzheng@2026")


def session(base: str, user: str) -> requests.Session:
    s = requests.Session()
    token = CSRF.search(s.get(base + "/login/").text).group(1)
    answer = s.post(base + "/login/", {"username": user, "password": PASSWORD, "csrfmiddlewaretoken": token},
                    allow_redirects=False)
    if answer.status_code != 302:
        raise SystemExit(f"{user}: sign-in answered {answer.status_code}")
    return s


def timed(s: requests.Session, base: str, url: str, label: str) -> requests.Response:
    started = time.perf_counter()
    answer = s.get(base + url)
    client = (time.perf_counter() - started) * 1000
    print(f"{label:24s} {answer.status_code} client {client:8.0f} ms  server {answer.headers.get('Server-Timing', '')}"
          f"  {len(answer.content):,} bytes", flush=True)
    return answer


def main(base: str, ids: list[str]) -> None:
    for user in ("village_demo", "township_demo", "county_demo", "city_demo"):
        s = session(base, user)
        print("==", user)
        timed(s, base, "/", "home")
        timed(s, base, "/inbox/", "inbox")
        page = timed(s, base, "/registry/persons/?surname=王", "persons?surname")
        timed(s, base, "/registry/persons/", "persons")
        found = re.findall(r"/registry/persons/(\d+)/", page.text)
        if found:
            timed(s, base, f"/registry/persons/{found[0]}/", "person page")
        for number in ids[:2]:
            timed(s, base, f"/registry/persons/?id_number={number}", "person by ID number")
        timed(s, base, "/registry/households/", "households")
        page = timed(s, base, "/benefits/cases/", "cases")
        found = re.findall(r"/benefits/cases/(\d+)/", page.text)
        if found:
            timed(s, base, f"/benefits/cases/{found[0]}/", "case page")
        timed(s, base, "/benefits/entitlements/", "entitlements")
        timed(s, base, "/payroll/", "payrolls")


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/"), [x for x in (sys.argv[2] if len(sys.argv) > 2 else "").split(",") if x])
