"""Synthetic population generator (minzheng.synthetic): shape, validity, determinism, planted duplicates, file and
CLI."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections import Counter
from decimal import Decimal

import pytest
from django.db import transaction

from conftest import ensure_regions
from minzheng import cli
from minzheng.core import clock, crypto, idnumber, regioncodes
from minzheng.core.errors import Conflict
from minzheng.core.models import AuditEntry, Region
from minzheng.registry import codes, names
from minzheng.registry.columns import HOUSEHOLD_COLUMNS
from minzheng.registry.models import Household, Income, Membership, Person
from minzheng.synthetic import households as chunks
from minzheng.synthetic.duplicates import DUPLICATE_KINDS
from minzheng.synthetic.population import seed_county
from minzheng.synthetic.regions import is_urban
from minzheng.synthetic.shapes import SHAPE_SIZE, plan_households

COUNTY = "652324"  # 新疆昌吉州玛纳斯县: no local townships in the test tree, real ones in the package
PEOPLE = 3000
DUPLICATES = 40
SEED = 11
HEADERS = [zh for _, zh in HOUSEHOLD_COLUMNS]


def _in_county(field: str = "region__code", county: str = COUNTY) -> dict:
    return regioncodes.subtree_lookup(field, county)


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    """One seeded county for the whole module, inside a transaction rolled back at the end (tests nest savepoints)."""
    out = tmp_path_factory.mktemp("seed") / "households.csv"
    with django_db_blocker.unblock(), transaction.atomic():
        ensure_regions()
        summary = seed_county(COUNTY, PEOPLE, seed=SEED, duplicates=DUPLICATES, out=out)
        yield {"summary": summary, "out": out}
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def people(seeded, django_db_blocker):
    """Decrypted view of every seeded person: {id: (person, id_number)}."""
    with django_db_blocker.unblock():
        return {p.pk: (p, p.id_number) for p in Person.objects.filter(**_in_county()).select_related("region")}


def _read(path) -> tuple[bytes, list[dict]]:
    raw = path.read_bytes()
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    return raw, rows


pytestmark = pytest.mark.django_db


# ---- the population ---------------------------------------------------------------------------------------------

def test_summary_and_counts(seeded):
    s = seeded["summary"]
    assert s["county"] == COUNTY and s["population"] == PEOPLE
    assert s["persons"] == PEOPLE + DUPLICATES == Person.objects.filter(**_in_county()).count()
    assert s["households"] == Household.objects.filter(**_in_county()).count()
    assert s["incomes"] == Income.objects.filter(**_in_county("person__region__code")).count() > PEOPLE * 0.5
    assert s["regions_source"] == "package"
    assert Region.objects.filter(level="village", **_in_county("code")).count() > 100
    assert isinstance(s["seconds"], float)
    entries = AuditEntry.objects.filter(action="seed", object_id=COUNTY)
    assert entries.count() == 1  # one audit entry per run, not one per person
    assert entries.get().changes["persons"] == PEOPLE + DUPLICATES


def test_id_numbers_valid_unique_and_from_the_county(people):
    numbers = [number for _, number in people.values()]
    assert len(set(numbers)) == len(numbers)
    for person, number in people.values():
        parsed = idnumber.parse(number)
        assert parsed.number == number and number[:6] == COUNTY
        assert number[17] == idnumber.check_character(number[:17])
        assert parsed.birth_date == person.birth_date and parsed.sex == person.sex
        assert person.id_number_index == crypto.blind_index(number)


def test_names_pinyin_phones_and_codes(people):
    for person, _ in people.values():
        assert person.name and person.name_pinyin == names.pinyin_key(person.name)
        if person.phone_enc is not None:
            phone = person.phone
            assert len(phone) == 11 and phone.startswith("1") and person.phone_index == crypto.blind_index(phone)
        assert person.ethnicity in codes.ETHNICITIES
        assert person.schooling in codes.SCHOOLING or person.schooling == ""
        assert person.employment in codes.EMPLOYMENT or person.employment == ""
        assert person.labour_capacity in codes.LABOUR_CAPACITY
        assert person.marital_status in codes.MARITAL_STATUS or person.marital_status == ""
        assert bool(person.disability_category) == (person.disability_grade is not None)
        if person.disability_category:
            assert person.disability_category in codes.DISABILITY_CATEGORIES and person.disability_grade in (1, 2, 3, 4)
        if person.disability_cert_enc is not None:
            cert = f"{person.id_number}{person.disability_category}{person.disability_grade}"
            assert person.disability_cert_no == cert
        assert bool(person.illness_kind) == person.serious_illness
        assert person.region.level == "village" and person.region_id.startswith(COUNTY)
    adults = [p for p, _ in people.values() if p.age_on(clock.today()) >= 18]
    assert sum(p.phone_enc is not None for p in adults) / len(adults) > 0.7


def test_realistic_shape(seeded, people):
    today = clock.today()
    ages = [p.age_on(today) for p, _ in people.values()]
    n = len(ages)

    def share(cond):
        return sum(1 for a in ages if cond(a)) / n

    assert 0.14 <= share(lambda a: a < 15) <= 0.22  # 7th census: 17.95 %
    assert 0.58 <= share(lambda a: 15 <= a < 60) <= 0.68  # 63.35 %
    assert 0.15 <= share(lambda a: a >= 60) <= 0.23  # 18.70 %
    assert 0.10 <= share(lambda a: a >= 65) <= 0.17  # 13.50 %
    assert 0.01 <= share(lambda a: a >= 80) <= 0.045  # ≈ 2.5 %
    sizes = Counter(Membership.objects.filter(**_in_county("household__region__code"), left_on__isnull=True)
                    .values_list("household_id", flat=True))
    population = [size for hid, size in sizes.items()]
    assert 2.3 <= sum(population) / len(population) <= 2.9  # 2.62
    assert 0.18 <= sum(1 for s in population if s == 1) / len(population) <= 0.33  # 25.4 %
    assert max(population) <= 6
    elderly_alone = Membership.objects.filter(household_id__in=[h for h, s in sizes.items() if s == 1],
                                              person__birth_date__lte=today.replace(year=today.year - 61)).count()
    assert elderly_alone > 0.05 * len(population)
    disabled = sum(1 for p, _ in people.values() if p.disability_category) / n
    assert 0.035 <= disabled <= 0.09  # ≈ 6 %
    categories = Counter(p.disability_category for p, _ in people.values() if p.disability_category)
    assert categories.most_common(1)[0][0] == "4"  # 肢体 most common
    assert 0.004 <= sum(p.serious_illness for p, _ in people.values()) / n <= 0.03
    students = Counter(p.schooling for p, _ in people.values())
    for level in ("preschool", "primary", "junior_secondary", "senior_secondary", "higher"):
        assert students[level] > 0
    assert Counter(p.sex for p, _ in people.values())["M"] / n == pytest.approx(0.51, abs=0.03)


def test_households_have_one_head_and_everyone_one_membership(seeded, people):
    households = Household.objects.filter(**_in_county())
    heads = Counter(Membership.objects.filter(household__in=households, relation=codes.HEAD, left_on__isnull=True)
                    .values_list("household_id", flat=True))
    assert len(heads) == households.count() and set(heads.values()) == {1}
    head_of = dict(Membership.objects.filter(household__in=households, relation="02").values_list("household_id",
                                                                                                   "person_id"))
    for household in households.select_related("region"):
        assert head_of[household.pk] == household.head_id
        assert household.urban_rural == ("urban" if is_urban(household.region) else "rural")
        assert household.ref.startswith(f"S{SEED}-")
    active = Counter(Membership.objects.filter(person_id__in=list(people), left_on__isnull=True)
                     .values_list("person_id", flat=True))
    assert len(active) == len(people) and set(active.values()) == {1}
    relations = set(Membership.objects.filter(person_id__in=list(people)).values_list("relation", flat=True))
    assert relations <= set(codes.RELATIONS) and {"02", "10", "20", "30"} <= relations
    for m in Membership.objects.filter(person_id__in=list(people)).select_related("person"):
        assert m.person.birth_date <= m.joined_on <= clock.today()


def test_incomes_are_exact_decimals(seeded):
    incomes = list(Income.objects.filter(**_in_county("person__region__code")))
    kinds = Counter(i.kind for i in incomes)
    assert {"wage", "business", "pension", "basic_pension"} <= set(kinds) <= set(codes.INCOME_KINDS)
    for income in incomes:
        assert isinstance(income.annual_amount, Decimal)
        assert income.annual_amount.as_tuple().exponent == -2 and income.annual_amount > 0
        assert income.year == clock.today().year - 1 and income.source == "seeded"
    wages = sorted(i.annual_amount for i in incomes if i.kind == "wage")
    assert Decimal(20000) < wages[len(wages) // 2] < Decimal(80000)


def test_second_run_is_refused(seeded):
    before = Person.objects.count()
    with pytest.raises(Conflict, match="已有人员数据"):
        seed_county(COUNTY, 100, seed=SEED + 1)
    assert Person.objects.count() == before


# ---- planted duplicates ------------------------------------------------------------------------------------------

def _differs_in_one_sequence_digit(a: str, b: str) -> bool:
    diff = [i for i in range(18) if a[i] != b[i]]
    return a[:14] == b[:14] and len([i for i in diff if i < 17]) == 1 and 14 <= diff[0] <= 16


def test_planted_duplicates_have_the_declared_properties(seeded, people):
    planted = seeded["summary"]["planted_duplicates"]
    kinds = Counter(kind for _, _, kind in planted)
    assert len(planted) == DUPLICATES and set(kinds) == set(DUPLICATE_KINDS)
    assert all(count >= 6 for count in kinds.values())
    for original_id, duplicate_id, kind in planted:
        orig, orig_number = people[original_id]
        dup, dup_number = people[duplicate_id]
        assert orig_number != dup_number and dup.sex == orig.sex
        membership = Membership.objects.get(person=dup, left_on__isnull=True)
        assert membership.relation == "02" and Membership.objects.filter(household=membership.household).count() == 1
        if kind == "id_typo":
            assert dup.name == orig.name and dup.birth_date == orig.birth_date
            assert _differs_in_one_sequence_digit(orig_number, dup_number)
        elif kind == "birth_swap":
            a, b = orig.birth_date, dup.birth_date
            assert dup.name == orig.name and a != b
            assert (a.year, a.month, a.day) == (b.year, b.day, b.month) or abs((a - b).days) == 1
        elif kind == "homophone":
            assert dup.birth_date == orig.birth_date and dup.region_id == orig.region_id
            assert dup.name != orig.name and len(dup.name) == len(orig.name)
            assert sum(x != y for x, y in zip(dup.name, orig.name, strict=True)) == 1
            assert names.pinyin_key(dup.name) == names.pinyin_key(orig.name)
        else:
            assert kind == "name_change"
            assert dup.birth_date == orig.birth_date and dup.region_id == orig.region_id
            assert dup.name != orig.name
            if "·" not in orig.name:
                assert dup.name[0] == orig.name[0] and not set(dup.name[1:]) & set(orig.name[1:])
            assert _differs_in_one_sequence_digit(orig_number, dup_number)


# ---- the import file and determinism ------------------------------------------------------------------------------

def test_out_file_is_the_import_format_and_matches_the_database(seeded, people):
    raw, rows = _read(seeded["out"])
    assert raw.startswith(b"\xef\xbb\xbf")
    assert next(csv.reader(io.StringIO(raw.decode("utf-8-sig")))) == HEADERS
    assert len(rows) == PEOPLE + DUPLICATES
    assert sorted(r["身份证号"] for r in rows) == sorted(number for _, number in people.values())
    refs = Counter(r["户编号"] for r in rows)
    assert len(refs) == seeded["summary"]["households"]
    assert all(ref.startswith(f"S{SEED}-") and len(ref) == len(f"S{SEED}-") + 7 for ref in refs)
    heads = Counter(r["户编号"] for r in rows if r["与户主关系"] == "02")
    assert set(heads.values()) == {1} and len(heads) == len(refs)
    for r in rows:
        assert r["城乡属性"] in ("城市", "农村") and r["与户主关系"] in codes.RELATIONS
        assert r["重病"] in ("是", "否") and r["残疾等级"] in ("", "1", "2", "3", "4")
        assert r["区划代码"].startswith(COUNTY) and len(r["区划代码"]) == 12
        assert r["联系电话"] == "" or len(r["联系电话"]) == 11


def test_file_only_is_deterministic_and_equals_the_database_run(seeded, tmp_path):
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    before = Person.objects.count()
    s1 = seed_county(COUNTY, PEOPLE, seed=SEED, duplicates=DUPLICATES, out=first, write_db=False)
    seed_county(COUNTY, PEOPLE, seed=SEED, duplicates=DUPLICATES, out=second, write_db=False)
    assert Person.objects.count() == before  # file only
    assert first.read_bytes() == second.read_bytes() == seeded["out"].read_bytes()
    assert all(len(a) == 18 and len(b) == 18 for a, b, _ in s1["planted_duplicates"])  # ID numbers, no person ids
    other = tmp_path / "c.csv"
    seed_county(COUNTY, PEOPLE, seed=SEED + 1, out=other, write_db=False)
    assert other.read_bytes() != first.read_bytes()


def test_result_does_not_depend_on_the_number_of_workers(seeded, tmp_path, monkeypatch):
    monkeypatch.setattr(chunks, "CHUNK_HOUSEHOLDS", 300)  # several chunks out of a small population
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    seed_county(COUNTY, 2500, seed=3, duplicates=8, out=one, write_db=False, workers=1)
    seed_county(COUNTY, 2500, seed=3, duplicates=8, out=two, write_db=False, workers=2)
    assert one.read_bytes() == two.read_bytes()
    _, rows = _read(one)
    numbers = [r["身份证号"] for r in rows]
    assert len(set(numbers)) == len(numbers) == 2508
    assert all(idnumber.parse(n).address_code == COUNTY for n in numbers)


def test_many_chunks_still_give_unique_numbers(seeded, tmp_path, monkeypatch):
    monkeypatch.setattr(chunks, "CHUNK_HOUSEHOLDS", 1)  # would be one chunk per household: capped at MAX_CHUNKS
    assert 200 < len(list(chunks.chunk_tasks(plan_households(3000, 5), []))) <= chunks.MAX_CHUNKS
    out = tmp_path / "many.csv"
    seed_county(COUNTY, 3000, seed=5, out=out, write_db=False)
    numbers = [r["身份证号"] for r in _read(out)[1]]
    assert len(set(numbers)) == len(numbers) == 3000
    assert all(idnumber.parse(n).number == n for n in numbers)


def test_plan_sizes_add_up_exactly():
    for people in (1, 2, 7, 1000, 12345):
        shapes = plan_households(people, 1)
        assert sum(SHAPE_SIZE[s] for s in shapes) == people
    shapes = plan_households(200_000, 1)
    assert 0.33 <= len(shapes) / 200_000 * 1_000_000 / 1_000_000 <= 0.40  # 330k–400k households per million


# ---- regions without the package, and the command line -----------------------------------------------------------

def test_synthetic_regions_when_the_package_lacks_the_county(tmp_path, monkeypatch):
    monkeypatch.setenv("MINZHENG_ASSETS_DIR", str(tmp_path))  # no package files at all
    summary = seed_county("431302", 600, seed=2)
    assert summary["regions_source"] == "synthetic" and summary["persons"] == 600
    townships = Region.objects.filter(level="township", **_in_county("code", "431302"))
    villages = Region.objects.filter(level="village", **_in_county("code", "431302"))
    assert townships.count() >= 9 and villages.count() >= 50
    for t in townships:
        number = int(t.code[6:9])
        suffix = "街道" if number < 100 else "镇" if number < 200 else "乡"
        assert 1 <= number <= 399 and t.name.endswith(suffix)
    for v in villages:
        number = int(v.code[9:12])
        assert (number < 200) == v.name.endswith("社区居委会") and (number >= 200) == v.name.endswith("村委会")
        assert is_urban(v) == (number < 200)
    kinds = set(Household.objects.filter(**_in_county("region__code", "431302")).values_list("urban_rural", flat=True))
    assert kinds == {"urban", "rural"}


def test_cli_prints_json_and_writes_ground_truth(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("MINZHENG_ASSETS_DIR", str(tmp_path / "none"))
    out = tmp_path / "cli" / "seed.csv"
    code = cli.main(["seed", "--county", "431302", "--people", "400", "--seed", "4", "--duplicates", "30",
                     "--out", str(out)])
    assert code == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["persons"] == 430 and summary["county"] == "431302"
    assert "planted_duplicates" not in summary and summary["planted_duplicates_count"] == 30  # > 20: file only
    truth = json.loads((out.parent / "planted_duplicates.json").read_text(encoding="utf-8"))
    assert len(truth) == 30 and {kind for _, _, kind in truth} <= set(DUPLICATE_KINDS)
    assert Person.objects.filter(pk__in=[a for a, _, _ in truth]).count() == 30
    _, rows = _read(out)
    assert len(rows) == 430

    code = cli.main(["seed", "registry", "--county", "431302", "--people", "10", "--no-db", "--out",
                     str(tmp_path / "small.csv")])
    assert code == 0
    assert json.loads(capsys.readouterr().out)["written_to_db"] is False


@pytest.mark.parametrize("argv, message", [
    (["seed", "--county", "999999", "--people", "10"], "不存在"),
    (["seed", "--county", "3309", "--people", "10"], "不是县级区划代码"),
    (["seed", "--county", "33x", "--people", "10"], "格式不正确"),
    (["seed", "--county", "431302", "--people", "0"], "人数"),
    (["seed", "--county", "431302", "--people", "10", "--no-db"], "--out"),
    (["seed", "--county", "431302"], "--people"),
    (["seed", "assistance"], "--county"),
    (["seed", "assistance", "--county", "431302", "--people", "10"], "seed assistance 不使用 --people"),
    (["seed", "feeds", "--month", "2026-12", "--no-db"], "seed feeds 不使用 --no-db"),
    (["seed", "--county", "431302", "--people", "10", "--month", "2026-12"], "seed registry 不使用 --month"),
    (["seed", "standards", "--seed", "0"], "seed standards 不使用 --seed"),
])
def test_cli_rejects_bad_input_in_chinese(argv, message, capsys):
    assert cli.main(argv) != 0
    assert message in capsys.readouterr().err


def test_seed_standards_loads_the_demo_file_once(capsys):
    from minzheng.benefits.models import Standard

    assert cli.main(["seed", "standards"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert first["written"] and first["created"] == first["rows"] > 0
    assert Standard.objects.filter(program="dibao", region_code="330900000000").exists()
    assert cli.main(["seed", "standards"]) == 0  # idempotent
    again = json.loads(capsys.readouterr().out)
    assert again["created"] == 0 and again["unchanged"] == first["rows"]


def test_income_year_and_ages_follow_the_clock(tmp_path, monkeypatch):
    monkeypatch.setenv("MINZHENG_ASSETS_DIR", str(tmp_path))
    day = dt.date(2024, 6, 30)
    out = tmp_path / "x.csv"
    seed_county("431302", 300, seed=9, out=out, today=day)
    assert set(Income.objects.filter(**_in_county("person__region__code", "431302"))
               .values_list("year", flat=True)) == {2023}
    births = Person.objects.filter(**_in_county("region__code", "431302")).values_list("birth_date", flat=True)
    assert max(births) <= day
