"""core.bulk: the one bulk-insert path (COPY on PostgreSQL, executemany on SQLite) stores every column type the
importer, the seeder, payroll staging and the audit log hand it exactly as the ORM would."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection, transaction

from minzheng.core import audit, bulk, crypto
from minzheng.core.bulk import Rows
from minzheng.core.models import AuditEntry
from minzheng.registry.models import Household, Income, Membership, Person
from minzheng.registry.tests.factories import make_id

pytestmark = pytest.mark.django_db


def test_the_vendor_chooses_the_path():
    with connection.cursor() as cur:
        assert bulk.uses_copy(cur) is (connection.vendor == "postgresql")


def test_rows_of_every_column_type_round_trip():
    number = make_id()
    index = crypto.blind_index(number)
    enc = crypto.encrypt(number)
    now = dt.datetime(2026, 3, 4, 5, 6, 7, tzinfo=dt.UTC)
    with transaction.atomic():
        [pid] = bulk.allocate_ids(Person, 1)
        blank = ("ethnicity", "disability_category", "illness_kind", "labour_capacity", "schooling", "employment",
                 "marital_status")
        written = bulk.insert(Person, ("id", "name", "name_pinyin", "id_number_enc", "id_number_index", "birth_date",
                                       "sex", "region_id", "serious_illness", "disability_grade", "phone_enc",
                                       "created_at", "updated_at", *blank),
                              [(pid, "张三's", "zhangsan", enc, index, bulk.adapt(dt.date(1950, 1, 2)), "M",
                                "330902001001", True, None, None, bulk.adapt(now), bulk.adapt(now),
                                *[""] * len(blank))])
    assert written == 1
    p = Person.objects.get(pk=pid)
    assert (p.name, p.birth_date, p.serious_illness, p.disability_grade, p.phone_enc) == (
        "张三's", dt.date(1950, 1, 2), True, None, None)
    assert bytes(p.id_number_enc) == enc and crypto.decrypt(bytes(p.id_number_enc)) == number
    assert p.created_at == now


def test_constants_are_added_to_every_row_and_generators_are_consumed():
    with transaction.atomic():
        ids = bulk.allocate_ids(Person, 3)
        rows = ((pid, f"人{i}", f"r{i}", crypto.blind_index(make_id()), b"\x00\\x\n\t,", "1980-01-01", "F",
                 "330902001001")
                for i, pid in enumerate(ids))
        with connection.cursor() as cur:
            count = bulk.write_rows(cur, "registry_person", ("id", "name", "name_pinyin", "id_number_index",
                                                             "id_number_enc", "birth_date", "sex", "region_id"), rows,
                                    constants={"ethnicity": "01", "illness_kind": "it's", "marital_status": "",
                                               "created_at": dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
                                               "updated_at": dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
                                               "serious_illness": False, "labour_capacity": "",
                                               "disability_category": "", "schooling": "", "employment": ""},
                                    batch=2)
    assert count == 3
    got = list(Person.objects.filter(pk__in=ids).order_by("id").values_list("name", "ethnicity", "illness_kind"))
    assert got == [("人0", "01", "it's"), ("人1", "01", "it's"), ("人2", "01", "it's")]
    assert {bytes(v) for v in Person.objects.filter(pk__in=ids).values_list("id_number_enc", flat=True)} == {
        b"\x00\\x\n\t,"}  # bytes that COPY's text format must escape


def test_model_rows_with_decimal_and_defaults_and_the_audit_json(poor_family):
    """Rows(...).insert converts per column (Decimal, defaults, auto_now_add) and works on both paths; the audit log
    writes its JSON changes through the same path and its chain still verifies."""
    _household, members = poor_family
    before = Income.objects.count()
    with transaction.atomic():
        Rows(Income).insert([{"person_id": members[1].pk, "kind": "wage", "year": 2024,
                              "annual_amount": Decimal("12345.67")},
                             {"person_id": members[2].pk, "kind": "wage", "year": 2024, "annual_amount": "0.01"}])
    rows = list(Income.objects.filter(year=2024).order_by("person_id").values_list("annual_amount", "source"))
    assert rows == [(Decimal("12345.67"), "declared"), (Decimal("0.01"), "declared")]
    assert Income.objects.count() == before + 2
    _first, last = audit.record_many("system", [audit.Event("update", "person", members[0].pk, "330902001001",
                                                           {"name": ["甲", "乙"], "n": [1, "2.50"]})])
    assert AuditEntry.objects.get(seq=last).changes == {"name": ["甲", "乙"], "n": [1, "2.50"]}
    assert audit.verify().ok


def test_empty_input_writes_nothing():
    with connection.cursor() as cur:
        assert bulk.write_rows(cur, "registry_membership", ("household_id", "person_id"), []) == 0
        assert bulk.write_rows(cur, "registry_membership", ("household_id", "person_id"), iter(())) == 0
    assert not Membership.objects.exists() and not Household.objects.exists()


def test_the_collector_pause_restores_what_it_found_and_collects_once_when_asked(monkeypatch):
    import gc

    collected = []
    monkeypatch.setattr(gc, "collect", lambda *a: collected.append(a) or 0)
    with pytest.raises(RuntimeError), bulk.gc_paused(collect_after=True):
        assert not gc.isenabled()
        raise RuntimeError
    assert gc.isenabled() and len(collected) == 1
    with bulk.gc_paused():
        pass
    assert gc.isenabled() and len(collected) == 1
    gc.disable()  # a caller that had paused it already: left paused, nothing collected
    try:
        with bulk.gc_paused(collect_after=True):
            pass
        assert not gc.isenabled() and len(collected) == 1
    finally:
        gc.enable()
