"""The register exchanged with 退役军人事务部门: our export kept encrypted and downloaded by its owner; their file
validated row by row (nothing compared on an error), matched by the ID number's blind index, the differences kept;
the same file twice compared once."""

from __future__ import annotations

import io

import pytest
from django.test import Client

from conftest import PASSWORD
from minzheng.core import spreadsheets
from minzheng.core.errors import Forbidden
from minzheng.core.models import StoredFile
from minzheng.specialcare.models import RegisterDifference, RegisterExchange
from minzheng.specialcare.services import exchange
from minzheng.specialcare.tests.factories import person, registered


def _file(rows) -> io.BytesIO:
    buf = io.BytesIO()
    spreadsheets.write_csv(buf, exchange.HEADER, rows)
    buf.seek(0)
    return buf


def test_export_is_encrypted_and_their_file_is_compared_by_blind_index(staff):
    from minzheng.core import filestore

    a = registered(staff, "交换甲", "martyr_family")
    b = registered(staff, "交换乙", "disabled_veteran", nature="war", grade=3)
    c = registered(staff, "交换丙", "demobilized_veteran")
    _, stranger = person(staff["village"], "交换丁")
    county = staff["county"]
    ex = exchange.export_register(county, ".csv")
    stored = StoredFile.objects.get(pk=ex.file_id)
    plain = filestore.read_bytes(stored).decode("utf-8-sig")
    assert a.person.id_number in plain and "烈士遗属" in plain and ex.rows == 3
    raw = filestore.path_of(stored.key).read_bytes()
    assert a.person.id_number.encode() not in raw  # encrypted at rest
    with pytest.raises(Forbidden):
        exchange.export_register(staff["township"])
    bad = _file([[a.person.id_number, "交换甲", "烈士遗属"], ["110101199003071234", "某", "烈属"]])
    out = exchange.compare_register(county, bad, "tyjr.csv")
    assert out["exchange"] is None and {e.column for e in out["errors"]} == {"身份证号", "优抚类别"}
    assert all(e.row == 3 for e in out["errors"]) and not RegisterExchange.objects.filter(direction="import")
    theirs = _file([[a.person.id_number, "交换甲", "烈士遗属", "", "", "", "在册"],
                    [b.person.id_number, "交换乙", "残疾军人", "因战", "2", "", "在册"],
                    [stranger, "交换丁", "带病回乡退伍军人", "", "", "", "在册"]])
    data = theirs.getvalue()
    out = exchange.compare_register(county, io.BytesIO(data), "tyjr.csv")
    found = {(d.kind, d.name) for d in RegisterDifference.objects.all()}
    assert found == {("grade", "交换乙"), ("only_theirs", "交换丁"), ("only_ours", "交换丙")}
    assert (out["exchange"].matched, out["exchange"].differences) == (1, 3)
    grade = RegisterDifference.objects.get(kind="grade")
    assert (grade.ours, grade.theirs, grade.entitled_id) == ("因战三级", "因战二级", b.pk)
    assert stranger not in "".join(RegisterDifference.objects.values_list("id_masked", flat=True))
    again = exchange.compare_register(county, io.BytesIO(data), "tyjr.csv")
    assert again["repeated"] and RegisterDifference.objects.count() == 3
    assert c.pk  # registered, not in their file


def test_the_exchange_pages(staff):
    registered(staff, "页面甲", "martyr_family")
    c = Client()
    assert c.login(username=staff["county"].username, password=PASSWORD)
    r = c.post("/specialcare/exchange/export/", {"fmt": ".xlsx"})
    assert r.status_code == 302
    ex = RegisterExchange.objects.get()
    page = c.get("/specialcare/exchange/").content.decode()
    assert "下载" in page and ex.name in page
    r = c.get(f"/specialcare/exchange/{ex.pk}/download/")
    assert r.status_code == 200 and r["Cache-Control"].startswith("no-store")
    assert c.get("/specialcare/exchange/differences/?export=csv").status_code == 200
    assert c.get("/specialcare/exchange/import/").status_code == 200
    town = Client()
    assert town.login(username=staff["township"].username, password=PASSWORD)
    assert town.get(f"/specialcare/exchange/{ex.pk}/download/").status_code == 404  # the county's file
    village = Client()
    assert village.login(username=staff["village"].username, password=PASSWORD)
    assert village.get(f"/specialcare/exchange/{ex.pk}/download/").status_code == 403
