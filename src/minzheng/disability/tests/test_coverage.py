"""The coverage check of the two subsidies: eligible from the registry and the 残联 feed (the feed's grade and
validity win), covered from the kernel's entitlements; the report lists exactly the planted eligible-but-unpaid
people, by village, and stores them as tasks that close when paid."""

from __future__ import annotations

import datetime as dt

import pytest

from minzheng.benefits.tests.factories import entitle
from minzheng.core.app_registry import inbox_providers
from minzheng.disability import selectors, services
from minzheng.disability.models import CoverageGap
from minzheng.disability.tests.factories import VILLAGE

pytestmark = pytest.mark.django_db
APRIL = dt.date(2026, 4, 1)


def test_report_lists_exactly_the_planted_gaps(planted, staff):
    result = selectors.check(staff["county"], "", APRIL)
    for program, wanted in planted["gaps"].items():
        assert {v.row.person_id for v in result[program]["gaps"]} == wanted, program
    p = planted["people"]
    living, care = result["disability_living"], result["disability_care"]
    # 低保 members with a valid certificate (a, b, g, h); e expired, f dead, c and d not 低保.
    assert (living["eligible"], living["covered"]) == (4, 2)
    # grade 1–2 (a, b, g; d by the 残联 grade); h is grade 3 mental without the local extension.
    assert (care["eligible"], care["covered"]) == (4, 2)
    assert care["villages"][VILLAGE] == (4, 2)
    reasons = {v.row.person_id: v.reason for v in result["disability_care"]["gaps"]}
    assert "二级肢体残疾人" in reasons[p["d"].pk]
    # Paid but no longer eligible: the expired certificate and the dead person.
    assert {v.row.person_id for v in care["not_eligible_paid"]} == {p["e"].pk, p["f"].pk}


def test_api_answers_per_subsidy(planted, staff, api_client):
    client = api_client(staff["county"])
    body = client.get(f"/api/v1/disability/coverage?region={VILLAGE}&month=2026-04").json()
    for program, wanted in planted["gaps"].items():
        assert {g["person_id"] for g in body[program]["gaps"]} == wanted
        assert body[program]["eligible"] == 4 and body[program]["covered"] == 2
    assert client.get("/api/v1/disability/coverage?region=33x").status_code == 422
    assert client.get("/api/v1/disability/coverage?month=7475-01").status_code in (200, 422)
    assert api_client(staff["auditor"]).get("/api/v1/disability/coverage").status_code == 403
    # Another county sees none of these people.
    answer = api_client(staff["other_county"]).get("/api/v1/disability/coverage")
    assert answer.status_code == 200, answer.content.decode()
    other = answer.json()
    assert other["disability_living"]["gaps"] == [] and other["disability_care"]["eligible"] == 0


def test_gaps_become_tasks_and_close_when_paid(planted, staff):
    township = staff["township"]
    summary = services.refresh_gaps(township, "", APRIL)
    assert summary["created"] == 4
    stored = {(g.person_id, g.program) for g in CoverageGap.objects.filter(status="open")}
    assert stored == {(pid, prog) for prog, ids in planted["gaps"].items() for pid in ids}
    assert services.refresh_gaps(township, "", APRIL)["created"] == 0  # idempotent
    provider = next(p for p in inbox_providers() if p.key == "disability_gaps")
    assert provider.todo(staff["village"], 10).count == 4
    a = planted["people"]["a"]
    entitle(planted["households"]["a"], a, program="disability_living", amount="300.00", person=a)
    summary = services.refresh_gaps(township, "", APRIL)
    assert summary["closed"] == 1
    assert CoverageGap.objects.get(person=a, program="disability_living").closed_note == "已纳入发放"
    gap = CoverageGap.objects.get(person=a, program="disability_care")
    services.dismiss_gap(township, gap.pk, {"note": "本人拒绝申请，已签字"})
    assert provider.todo(staff["village"], 10).count == 2


def test_commands(planted, capsys):
    import json

    from minzheng import cli

    assert cli.main(["disability", "coverage", "--region", "330902", "--month", "2026-04"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["disability_living"] == {"eligible": 4, "covered": 2, "gaps": 2}
    assert cli.main(["disability", "coverage", "--month", "2026-04", "--store"]) == 0
    assert json.loads(capsys.readouterr().out)["created"] == 4
    assert cli.main(["disability", "sweep"]) == 0
    assert json.loads(capsys.readouterr().out)["held"] == 1
