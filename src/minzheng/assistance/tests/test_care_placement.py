"""Institutions (account SM4-encrypted and bound to the row, masked, re-encrypted by key rotation) and 集中供养
placements (county only; one open per person, also as a database constraint); while a placement is open the 特困
amount is paid into the institution's account under its name — checked in the bank file — and after it ends into
the person's own account again."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from minzheng.assistance import services
from minzheng.assistance.models import Institution, Placement
from minzheng.assistance.tests.factories import HOME_ACCOUNT, HOME_NAME, OWN_ACCOUNT, institution, tekun_person
from minzheng.benefits.models import Entitlement
from minzheng.benefits.tests.factories import post, today
from minzheng.core import crypto, protected
from minzheng.core.models import AuditEntry
from minzheng.payroll.models import Payroll
from minzheng.payroll.services import bank_files, generate
from minzheng.payroll.tests.factories import lock_month

pytestmark = pytest.mark.django_db


def test_the_county_registers_an_institution_with_a_sealed_masked_account(staff, api_client):
    body = {"name": HOME_NAME, "kind": "nursing_home", "region_code": "330902001000", "beds": 80,
            "bank_name": "工商银行定海支行", "account": "6217 0000 9999 8887 777"}
    assert post(api_client(staff["township"]), "/api/v1/care/institutions", body).status_code == 403
    r = post(api_client(staff["county"]), "/api/v1/care/institutions", body)
    assert r.status_code == 201, r.content.decode()
    out = r.json()
    assert out["account"] == crypto.mask_account(HOME_ACCOUNT) and out["kind_label"] == "敬老院"
    row = Institution.objects.get(pk=out["id"])
    assert HOME_ACCOUNT.encode() not in bytes(row.account_enc)
    assert crypto.decrypt(row.account_enc, crypto.aad("assistance_institution", "account_enc", row.pk)) == HOME_ACCOUNT
    assert (Institution, protected.Sealed("account_enc", "id")) in list(protected.columns())  # key rotation sees it
    bad = post(api_client(staff["county"]), "/api/v1/care/institutions",
               {**body, "kind": "hotel", "beds": "many", "account": "12ab", "region_code": "330903000000"})
    assert bad.status_code == 422
    fields = {e["field"] for e in bad.json()["errors"]}
    assert {"kind", "beds", "account"} <= fields
    dup = post(api_client(staff["county"]), "/api/v1/care/institutions", body)
    assert dup.status_code == 409 and "已登记" in dup.json()["detail"]
    far = post(api_client(staff["county"]), "/api/v1/care/institutions", {**body, "region_code": "330903000000"})
    assert far.status_code == 422 and "本县" in far.json()["errors"][0]["message"]
    listed = api_client(staff["county"]).get("/api/v1/care/institutions?kind=nursing_home").json()
    assert listed["count"] == 1 and listed["items"][0]["account"].startswith("6217")


def test_one_open_placement_per_person_and_county_only(staff, api_client, monkeypatch):
    today(monkeypatch, "2026-04-10")
    _, person, ent = tekun_person(staff["village"])
    home = institution(staff["county"])
    body = {"person_id": person.pk, "institution_id": home.pk, "from_on": "2026-04-01", "reason": "完全丧失自理能力"}
    assert post(api_client(staff["township"]), "/api/v1/care/placements", body).status_code == 403
    assert post(api_client(staff["other_county"]), "/api/v1/care/placements", body).status_code == 404
    r = post(api_client(staff["county"]), "/api/v1/care/placements", body)
    assert r.status_code == 201, r.content.decode()
    assert r.json()["institution_name"] == HOME_NAME and r.json()["entitlement_id"] == ent.pk
    again = post(api_client(staff["county"]), "/api/v1/care/placements", body)
    assert again.status_code == 409 and "已在机构集中供养" in again.json()["detail"]
    with pytest.raises(IntegrityError), transaction.atomic():  # the database says so too
        Placement.objects.create(person=person, institution=home, region_code=person.region_id,
                                 from_on=dt.date(2026, 4, 2), reason="重复")
    _, other, _ = tekun_person(staff["village"], "孤老乙")
    Entitlement.objects.filter(person=other).update(status="stopped")
    stopped = post(api_client(staff["county"]), "/api/v1/care/placements", {**body, "person_id": other.pk})
    assert stopped.status_code == 409 and "没有在保的特困人员救助供养待遇" in stopped.json()["detail"]
    bad = post(api_client(staff["county"]), "/api/v1/care/placements", {**body, "from_on": "昨天", "reason": " "})
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} == {"from_on", "reason"}


def _bank_rows(county, month, tmp_path, name) -> dict[str, list[str]]:
    payroll = Payroll.objects.get(program="tekun", month=month)
    out = tmp_path / f"{name}.csv"
    bank_files.export(county, payroll.pk, "csv", out)
    rows = list(csv.reader(out.read_bytes().decode("utf-8-sig").splitlines()))
    return {r[0]: r for r in rows[1:-1]}


def test_while_placed_the_care_amount_goes_to_the_institution_account(staff, monkeypatch, tmp_path):
    today(monkeypatch, "2026-04-10")
    _, person, ent = tekun_person(staff["village"], amount="1580.00")
    _, _, ent2 = tekun_person(staff["village"], "孤老乙", account="6222020200005550002")
    home = institution(staff["county"])
    placement = services.open_placement(staff["county"], {"person_id": person.pk, "institution_id": home.pk,
                                                          "from_on": "2026-04-01", "reason": "本人申请"})
    ent.refresh_from_db()
    assert (ent.account_name, ent.bank_name) == (HOME_NAME, "工商银行定海支行")
    assert protected.unseal(ent, "bank_account_enc") == HOME_ACCOUNT
    assert protected.unseal(placement, "own_account_enc") == OWN_ACCOUNT  # kept, bound to the placement
    assert AuditEntry.objects.filter(object_type="entitlement", object_id=str(ent.pk),
                                     changes__source=[None, f"placement:{placement.pk}"]).exists()
    generate.generate(None, "2026-04")
    lock_month(dt.date(2026, 4, 1), staff["township"], staff["county"])
    april = _bank_rows(staff["county"], dt.date(2026, 4, 1), tmp_path, "april")
    payroll = Payroll.objects.get(program="tekun", month=dt.date(2026, 4, 1))
    placed, other = april[f"{payroll.pk}-{ent.pk}"], april[f"{payroll.pk}-{ent2.pk}"]
    assert placed[1:5] == [HOME_NAME, HOME_ACCOUNT, "1580.00", "工商银行定海支行"]
    assert other[1:3] == ["孤老乙", "6222020200005550002"]  # nobody else's row changes
    # The person leaves in May: from the next payroll the person's own account and name again.
    today(monkeypatch, "2026-05-06")
    services.end_placement(staff["county"], placement, {"on": "2026-05-05", "reason": "回家分散供养"})
    ent.refresh_from_db()
    assert (ent.account_name, ent.bank_name) == ("", "农商银行定海支行")
    assert protected.unseal(ent, "bank_account_enc") == OWN_ACCOUNT
    generate.generate(None, "2026-05")
    lock_month(dt.date(2026, 5, 1), staff["township"], staff["county"])
    may = _bank_rows(staff["county"], dt.date(2026, 5, 1), tmp_path, "may")
    payroll = Payroll.objects.get(program="tekun", month=dt.date(2026, 5, 1))
    assert may[f"{payroll.pk}-{ent.pk}"][1:4] == ["孤老甲", OWN_ACCOUNT, "1580.00"]
    # The April file, exported again as a reissue would be, still names what April was paid to (frozen lines).
    assert Payroll.objects.get(program="tekun", month=dt.date(2026, 4, 1)).lines.get(
        entitlement=ent).account_name == HOME_NAME


def test_ending_a_placement_twice_or_before_it_began_is_refused(staff, api_client, monkeypatch):
    today(monkeypatch, "2026-04-10")
    _, person, _ = tekun_person(staff["village"])
    home = institution(staff["county"])
    placement = services.open_placement(staff["county"], {"person_id": person.pk, "institution_id": home.pk,
                                                          "from_on": "2026-04-05", "reason": "本人申请"})
    url = f"/api/v1/care/placements/{placement.pk}/end"
    early = post(api_client(staff["county"]), url, {"on": "2026-04-01", "reason": "转院"})
    assert early.status_code == 422 and "不能早于入住日期" in early.json()["errors"][0]["message"]
    assert post(api_client(staff["other_county"]), url, {"on": "2026-04-08", "reason": "转院"}).status_code == 404
    ok = post(api_client(staff["county"]), url, {"on": "2026-04-08", "reason": "转院"})
    assert ok.status_code == 200 and ok.json()["open"] is False
    twice = post(api_client(staff["county"]), url, {"on": "2026-04-09", "reason": "转院"})
    assert twice.status_code == 409
    listed = api_client(staff["village"]).get("/api/v1/care/placements?open=0").json()
    assert listed["count"] == 1 and listed["items"][0]["to_on"] == "2026-04-08"
    assert api_client(staff["village"]).get("/api/v1/care/placements?open=maybe").status_code == 422
