"""Approval workflow of a payroll: the township checks its own roll, the county approves (locks) or returns it;
other roles and other regions are refused; the CLI takes the next step as the named user; the inbox feed."""

from __future__ import annotations

import json

import pytest

from minzheng import cli
from minzheng.core.errors import Conflict, Forbidden, NotFound
from minzheng.core.models import AuditEntry
from minzheng.payroll import selectors
from minzheng.payroll.models import Payroll
from minzheng.payroll.services import approval
from minzheng.payroll.services import generate as gen
from minzheng.payroll.tests.factories import T1

pytestmark = pytest.mark.django_db


def test_township_checks_then_county_approves_and_the_roll_is_locked(world, roll):
    with pytest.raises(Forbidden, match="须由县级"):
        approval.act(world["township"], roll.pk, "approve")
    with pytest.raises(Conflict, match="须先经乡镇"):
        approval.act(world["county"], roll.pk, "approve")
    with pytest.raises(Forbidden, match="乡镇\\(街道\\)经办"):
        approval.act(world["county"], roll.pk, "check")
    with pytest.raises(NotFound):
        approval.act(world["township2"], roll.pk, "check")  # another township's roll
    with pytest.raises(Forbidden):
        approval.act(world["city"], roll.pk, "check")
    with pytest.raises(Forbidden):
        approval.act(world["village"], roll.pk, "check")
    with pytest.raises(NotFound):
        approval.act(world["far_county"], roll.pk, "approve")
    assert approval.act(world["township"], roll.pk, "check").status == "checked"
    with pytest.raises(Conflict, match="只有待初审"):
        approval.act(world["township"], roll.pk, "check")
    p = approval.act(world["county"], roll.pk, "approve")
    assert p.status == "approved" and p.locked and p.approved_by == world["county"]
    with pytest.raises(Conflict, match="已锁定"):
        approval.act(world["county"], roll.pk, "return")
    entries = AuditEntry.objects.filter(object_type="payroll", object_id=str(roll.pk))
    actions = list(entries.values_list("action", flat=True))
    assert actions == ["generate", "check", "approve"]


def test_county_returns_a_checked_roll_which_can_then_be_regenerated(world, roll):
    approval.act(world["township"], roll.pk, "check")
    assert gen.generate(None, "2026-04")["unchanged"]  # checked: not regenerated
    assert approval.act(world["county"], roll.pk, "return", "请核对").status == "draft"
    assert roll.pk in gen.generate(None, "2026-04")["regenerated"]


def test_cli_approve_takes_the_next_step_as_the_user(world, roll, capsys):
    assert cli.main(["payroll", "approve", str(roll.pk), "--user", world["county"].username]) == 1
    assert "乡镇(街道)初审" in capsys.readouterr().err
    assert cli.main(["payroll", "approve", str(roll.pk), "--user", world["township"].username]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "checked"
    assert cli.main(["payroll", "approve", str(roll.pk), "--user", world["township2"].username]) == 1
    assert "管辖范围" in capsys.readouterr().err
    assert cli.main(["payroll", "approve", str(roll.pk), "--user", world["county"].username]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["status"], out["locked"]) == ("approved", True)
    assert cli.main(["payroll", "approve", str(roll.pk), "--user", world["county"].username]) == 1
    assert "已无待审批" in capsys.readouterr().err


def test_pending_payrolls_for_the_inbox(world, roll, api_client):
    mine = set(selectors.pending_payrolls(world["township"]).values_list("pk", flat=True))
    assert mine == set(Payroll.objects.filter(region_code=T1).values_list("pk", flat=True))
    assert not selectors.pending_payrolls(world["county"]).exists()
    assert not selectors.pending_payrolls(world["city"]).exists()
    approval.act(world["township"], roll.pk, "check")
    assert list(selectors.pending_payrolls(world["county"])) == [roll]
    assert roll not in selectors.pending_payrolls(world["township"])
    assert not selectors.pending_payrolls(world["township2"]).filter(region_code=T1).exists()
    rows = api_client(world["county"]).get("/api/v1/payrolls/pending").json()["items"]
    assert [(r["id"], r["task"]) for r in rows] == [(roll.pk, "审批")]


def test_api_actions_and_detail(world, roll, api_client):
    township = api_client(world["township"])
    detail = township.get(f"/api/v1/payrolls/{roll.pk}").json()
    assert detail["allowed_actions"] == ["check"] and detail["kinds"][0]["kind"] == "regular"
    assert township.post(f"/api/v1/payrolls/{roll.pk}/actions", {"action": "approve"},
                         content_type="application/json").status_code == 403
    assert township.post(f"/api/v1/payrolls/{roll.pk}/actions", {"action": "check"},
                         content_type="application/json").json()["status"] == "checked"
    assert api_client(world["township2"]).get(f"/api/v1/payrolls/{roll.pk}").status_code == 404
    r = api_client(world["county"]).post("/api/v1/payrolls/generate", {"month": "2026-13"},
                                         content_type="application/json")
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "month"
    r = api_client(world["city"]).post("/api/v1/payrolls/generate", {"month": "2026-04"},
                                       content_type="application/json")
    assert r.status_code == 403
