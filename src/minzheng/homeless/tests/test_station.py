"""The rescue station's steps: intake through the API (an unidentified person), costs in Decimal, property, photo
in the encrypted store, the printed 寻亲公告, a match confirmed, the escort home handing the person over to the
township (a follow-up warning in monitoring), settlement only after the legal steps, the dashboard's return rate."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from minzheng.benefits.tests.factories import post, today
from minzheng.core import filestore
from minzheng.core.errors import Conflict, Forbidden, ValidationFailed
from minzheng.core.models import StoredFile
from minzheng.homeless import selectors, services
from minzheng.homeless.models import Intake, MissingPerson
from minzheng.homeless.tests.factories import JPEG, escort, intake, missing
from minzheng.monitoring.models import Warning
from minzheng.registry.tests.factories import make_family

pytestmark = pytest.mark.django_db
VILLAGE = "330902001001"


@pytest.fixture
def station(staff, monkeypatch):
    today(monkeypatch, "2026-03-15")
    return staff["county"]


def test_intake_api_and_matches(station, staff, api_client):
    client = api_client(station)
    made = post(client, "/api/v1/homeless/intakes", {"sex": "M", "found_on": "2026-03-02", "found_at": "定海车站",
                                                      "description": "言语不清"})
    assert made.status_code == 201, made.content.decode()
    body = made.json()
    assert body["name"] == "" and body["status"] == "in_station" and body["region_code"] == station.region_id
    bad = post(client, "/api/v1/homeless/intakes", {"sex": "X", "found_on": "7475-01-01", "found_at": "",
                                                     "description": 3.5, "estimated_birth_year": 99999})
    assert bad.status_code == 422
    fields = {e["field"] for e in bad.json()["errors"]}
    assert {"sex", "found_on", "found_at", "estimated_birth_year"} <= fields
    assert post(client, "/api/v1/homeless/intakes", [1, 2]).status_code == 422
    # A township sees the list but may not register; a village may not even look.
    assert post(api_client(staff["township"]), "/api/v1/homeless/intakes", {}).status_code == 403
    assert api_client(staff["village"]).get("/api/v1/homeless/intakes").status_code == 403
    assert api_client(staff["village"]).get("/api/v1/homeless/intakes/999999/matches").status_code == 403
    _, (person,) = make_family(staff["village"], [("李秀英", "19550310", "F")], region=VILLAGE)
    named = services.create_intake(station, intake(name="李秀英", sex="F", estimated_birth_year=1956))
    items = client.get(f"/api/v1/homeless/intakes/{named.pk}/matches").json()["items"]
    assert items[0]["person_id"] == person.pk and items[0]["score"] > 0 and "姓名相同" in items[0]["reasons"]
    assert api_client(staff["other_county"]).get(f"/api/v1/homeless/intakes/{named.pk}/matches").status_code == 404


def test_stay_costs_property_photo_and_notice(station, client_for):
    received = services.create_intake(station, intake(features="左眉有痣"))
    services.add_expense(station, received.pk, {"kind": "meals", "on_date": "2026-03-03", "quantity": 3,
                                                "amount": "45.00"})
    services.add_expense(station, received.pk, {"kind": "medical", "on_date": "2026-03-04", "amount": "1200.50",
                                                "provider": "定海区人民医院", "note": "肺部感染"})
    with pytest.raises(ValidationFailed) as err:
        services.add_expense(station, received.pk, {"kind": "medical", "on_date": "2026-03-04", "amount": 12.5})
    assert {e.field for e in err.value.errors} == {"amount"}  # a JSON float is refused
    with pytest.raises(ValidationFailed) as err:
        services.add_expense(station, received.pk, {"kind": "medical", "on_date": "2026-03-04", "amount": "12.50"})
    assert {e.field for e in err.value.errors} == {"provider"}
    assert selectors.expense_total(received) == Decimal("1245.50")
    services.add_property(station, received.pk, {"description": "旧手机", "quantity": 1})
    with pytest.raises(ValidationFailed):
        services.attach_photo(station, received.pk, SimpleUploadedFile("a.gif", b"GIF89a....", "image/gif"))
    services.attach_photo(station, received.pk, SimpleUploadedFile("a.jpg", JPEG, "image/jpeg"))
    received.refresh_from_db()
    stored = StoredFile.objects.get(pk=received.photo_file)
    assert stored.category == "rescue_photo" and JPEG not in filestore.path_of(stored.key).read_bytes()
    client = client_for(station)
    page = client.get(f"/homeless/{received.pk}/")
    assert page.status_code == 200 and "定海区人民医院" in page.content.decode()
    assert client.get(f"/homeless/{received.pk}/photo/").content == JPEG
    notice = client.get(f"/homeless/{received.pk}/notice/")
    assert notice.status_code == 200 and "寻亲公告" in notice.content.decode()
    assert f"/homeless/{received.pk}/photo/" in notice.content.decode()
    assert client.post(f"/homeless/{received.pk}/notice/").status_code == 302
    received.refresh_from_db()
    assert received.notice_published_on == dt.date(2026, 3, 15)


def test_confirmed_match_escort_home_warns_the_township(station, staff, client_for, monkeypatch):
    _, (person,) = make_family(staff["village"], [("王建军", "19680415", "M")], region=VILLAGE)
    report = services.create_missing(station, missing(VILLAGE, person_id=person.pk))
    assert report.contact_phone_masked.startswith("138") and b"13800138000" not in bytes(report.contact_phone_enc)
    received = services.create_intake(station, intake(name="汪建君"))
    services.add_property(station, received.pk, {"description": "身份证复印件"})
    with pytest.raises(ValidationFailed):  # not identified yet
        services.escort_home(station, received.pk, escort())
    with pytest.raises(ValidationFailed):  # not among the matches
        services.decide_match(station, received.pk, {"person_id": 999999, "outcome": "confirmed", "note": "x"})
    services.decide_match(station, received.pk, {"person_id": person.pk, "outcome": "confirmed",
                                                 "note": "女儿王小红视频辨认，确认为其父"})
    received.refresh_from_db()
    assert received.person_id == person.pk
    assert MissingPerson.objects.get(pk=report.pk).status == "found"
    with pytest.raises(ValidationFailed) as err:  # the hand-over is not in the future
        services.escort_home(station, received.pk, escort())
    assert "不能晚于今天" in str(err.value)
    today(monkeypatch, "2026-03-22")
    with pytest.raises(Forbidden):
        services.escort_home(staff["township"], received.pk, escort())
    done = services.escort_home(station, received.pk, escort())
    warning = Warning.objects.get(pk=done.warning_id)
    assert warning.source == "homeless" and warning.signals == ["homeless_return"]
    assert warning.region_code == VILLAGE and done.township_code == "330902001000"
    received.refresh_from_db()
    assert received.status == "returned" and received.left_on == dt.date(2026, 3, 21)
    assert received.property.get().returned_to == "王小红"
    assert selectors.expense_total(received) == Decimal("860.00")
    with pytest.raises(Conflict):
        services.escort_home(station, received.pk, escort())
    figures = selectors.dashboard(station)
    assert figures["returned"] == 1 and figures["return_rate"] == "100.0%"
    assert client_for(station).get("/homeless/dashboard/").status_code == 200


def test_settlement_needs_the_legal_steps(station, monkeypatch):
    received = services.create_intake(station, intake(admitted_on="2026-03-02"))
    services.publish_notice(station, received.pk)
    data = {"settled_on": "2026-03-15", "placed_at": "定海区社会福利中心", "hukou_note": "公安机关办理户口登记"}
    with pytest.raises(ValidationFailed) as err:
        services.settle(station, received.pk, data)
    reasons = " ".join(e.message for e in err.value.errors)
    assert "DNA" in reasons and "身份核查" in reasons and "满30日" in reasons and "未满90日" in reasons
    today(monkeypatch, "2026-07-01")
    services.settle(station, received.pk, {**data, "settled_on": "2026-07-01", "dna_sampled_on": "2026-03-05",
                                           "police_checked_on": "2026-04-01"})
    assert Intake.objects.get(pk=received.pk).status == "settled"


def test_rules_are_data(station):
    assert selectors.rule_for("330902001001", dt.date(2026, 3, 1))["source"].startswith("示例")
    services.save_rule(station, "330902", dt.date(2026, 1, 1), 3, 60, 120, "定海区救助管理实施细则")
    assert selectors.rule_for("330902001001", dt.date(2026, 3, 1))["notice_days"] == 60
    with pytest.raises(Forbidden):
        services.save_rule(None if False else type("U", (), {"role": "township"})(), "330902", dt.date(2026, 1, 1),
                           3, 60, 120, "x")


def test_rules_command(station, capsys):
    from minzheng import cli

    assert cli.main(["homeless", "rules", "--example", "--region", "330902"]) == 0
    assert "示例" in capsys.readouterr().out
    assert cli.main(["homeless", "rules", "--region", "330902", "--from", "2026-02-01"]) == 2
    assert cli.main(["homeless", "rules", "--region", "330902", "--from", "2026-02-01", "--age-tolerance", "4",
                     "--notice-days", "45", "--long-stay-days", "100", "--source", "细则"]) == 0
    assert selectors.rule_for("330902001001", dt.date(2026, 3, 1))["notice_days"] == 45
