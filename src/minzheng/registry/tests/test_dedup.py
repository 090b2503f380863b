"""Duplicate detection (疑似重复人员): planted duplicates of every kind are found, near-misses are not; merge and
dismiss are scoped, atomic and audited; re-runs neither duplicate rows nor re-open decisions."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.test import Client

from conftest import PASSWORD, VILLAGE_A, VILLAGE_B, VILLAGE_C, VILLAGE_OTHER_COUNTY
from minzheng import cli
from minzheng.core import idnumber
from minzheng.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from minzheng.core.models import AuditEntry
from minzheng.registry import selectors, services
from minzheng.registry.dedup import finder, scoring
from minzheng.registry.models import DuplicateCandidate, Income, Membership
from minzheng.registry.tests.factories import ident, make_person

pytestmark = pytest.mark.django_db

COUNTY = "330902000000"


def person(actor, name, id_number, region=VILLAGE_A):
    return make_person(actor, name, id_number, region)


def pair_of(x, y):
    a, b = sorted([x.pk, y.pk])
    return DuplicateCandidate.objects.filter(person_a_id=a, person_b_id=b).first()


@pytest.fixture
def planted(county):
    """Planted duplicates of each kind, and near-misses that must not be flagged, in county 330902."""
    p = {}
    # One-digit typo in the sequence: same name, birth date, sex.
    p["typo"] = (person(county, "张伟", ident("19750308", "123")), person(county, "张伟", ident("19750308", "125")))
    # Day and month swapped when typing the ID number (the rest of the number is the same).
    p["swap"] = (person(county, "李娜", ident("19820407", "246")), person(county, "李娜", ident("19820704", "246")))
    # Off by one day, across a year end, in two villages of the same township.
    p["next_day"] = (person(county, "王芳", ident("19901231", "088")),
                     person(county, "王芳", ident("19910101", "088"), VILLAGE_B))
    # 同音字: same pinyin, birth date, sex, village; unrelated ID numbers.
    p["homophone"] = (person(county, "陈静", ident("19680520", "302")),
                      person(county, "陈晶", ident("19680520", "518")))
    # Changed given name: same birth date, sex, village, ID numbers one digit apart.
    p["name_change"] = (person(county, "刘建国", ident("19550909", "031"), VILLAGE_C),
                        person(county, "刘志强", ident("19550909", "033"), VILLAGE_C))
    # Old card of a former county code (15-digit era): only the address code differs.
    p["old_card"] = (person(county, "赵磊", ident("19600214", "057", "330921")),
                     person(county, "赵磊", ident("19600214", "057")))
    # Year typo: same name, village, same month-day, ID numbers one digit apart.
    p["year_typo"] = (person(county, "周敏", ident("19710612", "264")),
                      person(county, "周敏", ident("19770612", "264")))

    # Near-misses. Twins: same surname, birth date, village and household, IDs differing in several digits.
    twin1 = person(county, "孙明", ident("20100615", "111"))
    twin2 = person(county, "孙亮", ident("20100615", "235"))
    mother = person(county, "吴丽", ident("19850301", "420"))
    services.create_household(county, {"region_code": VILLAGE_A, "urban_rural": "rural", "members": [
        {"person_id": mother.pk, "relation": "户主"}, {"person_id": twin1.pk, "relation": "子"},
        {"person_id": twin2.pk, "relation": "子"}]})
    p["twins"] = (twin1, twin2)
    # Namesakes: a common name, same village, different birth dates and unrelated IDs.
    p["namesakes"] = (person(county, "张伟", ident("19800505", "371")),
                      person(county, "张伟", ident("19921120", "659")))
    return p


FOUND = ("typo", "swap", "next_day", "homophone", "name_change", "old_card", "year_typo")


def test_planted_duplicates_found_and_near_misses_not(planted):
    summary = finder.find_candidates(None, "330902")
    assert summary["region"] == COUNTY
    assert summary["candidates"] == len(FOUND) == summary["created"]
    expected_reason = {"typo": "身份证号仅一位不同", "swap": "出生日期月日颠倒", "next_day": "出生日期相差一天",
                       "homophone": "姓名同音", "name_change": "身份证号仅一位不同",
                       "old_card": "身份证号仅地址码不同（可能为新旧证号）", "year_typo": "出生日期仅年份不同"}
    for kind in FOUND:
        cand = pair_of(*planted[kind])
        assert cand is not None, kind
        assert cand.status == "open" and cand.score >= scoring.DEFAULT_MIN_SCORE, (kind, cand.score, cand.reasons)
        assert expected_reason[kind] in cand.reasons, (kind, cand.reasons)
    typo = pair_of(*planted["typo"])
    assert typo.reasons == ["姓名相同", "出生日期相同", "身份证号仅一位不同", "同住一村"] and typo.score == 85
    assert typo.region_code == VILLAGE_A
    assert pair_of(*planted["next_day"]).region_code == "330902001000"  # deepest common region: the township
    for kind in ("twins", "namesakes"):
        assert pair_of(*planted[kind]) is None, kind
    # The twins were compared (same birth date and village) and scored low because they share a household.
    a, b = planted["twins"]
    keys = finder._person_keys([a.pk, b.pk])
    score, reasons = scoring.score_pair(keys[a.pk], keys[b.pk], same_household=True)
    assert score < scoring.DEFAULT_MIN_SCORE and "同户在册成员（可能为亲属）" in reasons
    assert {(a.pk, b.pk)} & set(finder.blocked_pairs(COUNTY))
    # The scan is audited (summary only, no personal data).
    entry = AuditEntry.objects.filter(action="dedup_scan").last()
    assert entry.object_id == COUNTY and entry.changes["candidates"] == len(FOUND)


def test_scan_is_limited_to_the_region_subtree(planted, make_user, county):
    other = make_user("county", "330903000000")
    # An old card of the same 张伟 under the neighbouring county's address code (birth date and sequence equal).
    lookalike = services.create_person(other, {"name": "张伟", "id_number": ident("19750308", "125", "330381"),
                                               "region_code": VILLAGE_OTHER_COUNTY})
    summary = finder.find_candidates(None, VILLAGE_A)
    kinds_in_a = ("typo", "swap", "homophone", "old_card", "year_typo")
    assert summary["candidates"] == len(kinds_in_a)
    assert all(c.region_code == VILLAGE_A for c in DuplicateCandidate.objects.all())
    finder.find_candidates(None, COUNTY)
    assert not DuplicateCandidate.objects.filter(person_b=lookalike).exists()
    # Scanning the city pairs the look-alike in the other county; the pair belongs to the city, not to a county.
    finder.find_candidates(None, "3309")
    cross = DuplicateCandidate.objects.filter(person_b=lookalike)
    assert [(c.person_a_id, c.region_code) for c in cross] == [(planted["typo"][1].pk, "330900000000")]
    assert "身份证号仅地址码不同（可能为新旧证号）" in cross[0].reasons
    assert not selectors.candidates_for(county).filter(person_b=lookalike).exists()
    assert not selectors.candidates_for(other).filter(person_b=lookalike).exists()


def test_rerun_updates_open_pairs_and_never_duplicates_rows(planted, county):
    first = finder.find_candidates(None, COUNTY)
    ids = set(DuplicateCandidate.objects.values_list("id", flat=True))
    second = finder.find_candidates(None, COUNTY)
    assert second["created"] == 0 and second["unchanged"] == first["candidates"]
    assert set(DuplicateCandidate.objects.values_list("id", flat=True)) == ids
    # The duplicate of the typo pair moves to another village of the township: its open pair is re-scored.
    a, b = planted["typo"]
    services.update_person(county, b.pk, {"region_code": VILLAGE_B})
    third = finder.find_candidates(None, COUNTY)
    assert third["updated"] == 1 and third["created"] == 0
    cand = pair_of(a, b)
    assert cand.reasons == ["姓名相同", "出生日期相同", "身份证号仅一位不同", "同一乡镇"] and cand.score == 80
    assert cand.region_code == "330902001000"
    # A corrected record no longer qualifies: its open pair is removed.
    h1, h2 = planted["homophone"]
    services.update_person(county, h2.pk, {"name": "陈红"})
    fourth = finder.find_candidates(None, COUNTY)
    assert fourth["removed"] == 1 and pair_of(h1, h2) is None


def test_dismissed_pair_stays_dismissed(planted, county):
    finder.find_candidates(None, COUNTY)
    cand = pair_of(*planted["homophone"])
    with pytest.raises(ValidationFailed):
        services.dismiss_duplicate(county, cand.pk, "  ")
    services.dismiss_duplicate(county, cand.pk, "同音不同人，已上门核实")
    total = DuplicateCandidate.objects.count()
    summary = finder.find_candidates(None, COUNTY)
    cand.refresh_from_db()
    assert cand.status == "dismissed" and cand.note == "同音不同人，已上门核实" and cand.decided_by == county.username
    assert summary["kept_decided"] == 1 and DuplicateCandidate.objects.count() == total
    with pytest.raises(Conflict):
        services.dismiss_duplicate(county, cand.pk, "again")
    assert AuditEntry.objects.filter(action="dedup_dismiss", object_id=str(cand.pk)).exists()


def test_merge_moves_memberships_incomes_and_is_audited(planted, county):
    keep, dup = planted["typo"]
    spouse = person(county, "黄梅", ident("19770101", "222"))
    # The duplicate heads a household and has an earlier (ended) membership elsewhere; the kept record has none.
    old = services.create_household(county, {"region_code": VILLAGE_B, "urban_rural": "rural",
                                             "members": [{"person_id": dup.pk, "relation": "户主"}]})
    services.remove_member(county, old.pk, dup.pk, "迁出")
    home = services.create_household(county, {"region_code": VILLAGE_A, "urban_rural": "rural", "members": [
        {"person_id": dup.pk, "relation": "户主"}, {"person_id": spouse.pk, "relation": "配偶"}]})
    Income.objects.create(person=keep, kind="wage", year=2024, annual_amount=Decimal("12000.00"))
    Income.objects.create(person=dup, kind="wage", year=2024, annual_amount=Decimal("9000.50"))
    Income.objects.create(person=dup, kind="pension", year=2024, annual_amount=Decimal("3600.00"))
    finder.find_candidates(None, COUNTY)
    cand = pair_of(keep, dup)
    # Another open pair involving the duplicate: dismissed as "已合并" by the merge.
    extra = DuplicateCandidate.objects.create(person_a=planted["namesakes"][0], person_b=dup,
                                              region_code=VILLAGE_A, score=61, reasons=["test"])
    with pytest.raises(ValidationFailed):
        services.merge_duplicate(county, cand.pk, spouse.pk, "")

    kept = services.merge_duplicate(county, cand.pk, keep.pk, "同一人，身份证号录错一位")
    assert kept.pk == keep.pk
    dup.refresh_from_db()
    assert dup.merged_into_id == keep.pk
    assert not Membership.objects.filter(person=dup).exists()
    assert Membership.objects.filter(person=keep).count() == 2
    active = Membership.objects.get(person=keep, left_on__isnull=True)
    assert active.household_id == home.pk and active.relation == "02"
    home.refresh_from_db()
    assert home.head_id == keep.pk
    assert {(i.kind, i.annual_amount) for i in Income.objects.filter(person=keep)} == {
        ("wage", Decimal("12000.00")), ("pension", Decimal("3600.00"))}
    assert not Income.objects.filter(person=dup).exists()
    cand.refresh_from_db()
    extra.refresh_from_db()
    assert cand.status == "merged" and cand.decided_by == county.username and cand.note == "同一人，身份证号录错一位"
    assert extra.status == "dismissed" and extra.note == "已合并"
    # Audited with masked values only.
    entry = AuditEntry.objects.get(action="merge", object_id=str(dup.pk))
    changes = entry.changes
    assert changes["merged_into"] == [None, keep.pk]
    assert changes["incomes_dropped"] == [{"kind": "wage", "year": 2024, "annual_amount": "9000.50",
                                           "source": "declared"}]
    assert changes["incomes_moved"] == 1 and len(changes["memberships_moved"]) == 2
    assert changes["candidates_dismissed"] == [extra.pk]
    text = json.dumps(changes, ensure_ascii=False)
    assert dup.id_number not in text and keep.id_number not in text and "*" in changes["duplicate"]["id_number"]
    assert AuditEntry.objects.filter(action="merge", object_id=str(keep.pk)).exists()
    # The merged record disappears from search and from later scans; a decided pair cannot be merged again.
    assert not selectors.persons_for(county).filter(pk=dup.pk).exists()
    with pytest.raises(NotFound):
        selectors.get_person(county, dup.pk)
    summary = finder.find_candidates(None, COUNTY)
    assert not DuplicateCandidate.objects.filter(person_b=dup, status="open").exists()
    assert not DuplicateCandidate.objects.filter(person_a=dup, status="open").exists()
    assert summary["candidates"] == len(FOUND) - 1
    with pytest.raises(Conflict):
        services.merge_duplicate(county, cand.pk, keep.pk, "")


def test_merge_refuses_two_households_and_ends_membership_in_the_same_one(planted, county):
    keep, dup = planted["swap"]
    other = person(county, "马超", ident("19790909", "555"))
    h1 = services.create_household(county, {"region_code": VILLAGE_A, "urban_rural": "rural",
                                            "members": [{"person_id": keep.pk, "relation": "户主"}]})
    services.create_household(county, {"region_code": VILLAGE_A, "urban_rural": "rural", "members": [
        {"person_id": other.pk, "relation": "户主"}, {"person_id": dup.pk, "relation": "配偶"}]})
    finder.find_candidates(None, COUNTY)
    cand = pair_of(keep, dup)
    with pytest.raises(Conflict) as exc:
        services.merge_duplicate(county, cand.pk, keep.pk, "")
    assert "请先将其中一人从家庭中移出或迁移" in exc.value.message
    dup.refresh_from_db()
    cand.refresh_from_db()
    assert dup.merged_into_id is None and cand.status == "open"  # nothing written

    # Once both are in the same household, the duplicate's membership is ended and the record folded in.
    services.move_member(county, dup.pk, h1.pk, "配偶", "核实后迁回")
    services.merge_duplicate(county, cand.pk, keep.pk, "")
    rows = Membership.objects.filter(person=keep, household=h1).order_by("id")
    assert [(m.relation, m.left_on is None) for m in rows] == [("02", True), ("10", False)]
    assert rows[1].leave_reason == "重复登记，已合并"


def test_scoping_of_candidates_and_decisions(planted, make_user):
    finder.find_candidates(None, COUNTY)
    cand = pair_of(*planted["typo"])  # both in village A
    village_a, village_b = make_user("village", VILLAGE_A), make_user("village", VILLAGE_B)
    township, city = make_user("township", "330902001000"), make_user("city", "330900000000")
    auditor = make_user("auditor", COUNTY)
    assert selectors.candidates_for(village_a).filter(pk=cand.pk).exists()
    assert selectors.candidates_for(township).filter(pk=cand.pk).exists()
    assert selectors.candidates_for(city).filter(pk=cand.pk).exists()
    assert not selectors.candidates_for(village_b).filter(pk=cand.pk).exists()
    # The township-level pair (villages A and B) is not visible to either village.
    next_day = pair_of(*planted["next_day"])
    assert not selectors.candidates_for(village_a).filter(pk=next_day.pk).exists()
    assert selectors.candidates_for(township).filter(pk=next_day.pk).exists()
    with pytest.raises(NotFound):
        services.merge_duplicate(village_b, cand.pk, cand.person_a_id, "")
    with pytest.raises(NotFound):
        services.dismiss_duplicate(village_b, cand.pk, "x")
    with pytest.raises(NotFound):
        services.merge_duplicate(village_a, next_day.pk, next_day.person_a_id, "")
    with pytest.raises(Forbidden):
        services.merge_duplicate(city, cand.pk, cand.person_a_id, "")
    with pytest.raises(Forbidden):
        finder.find_candidates(city, "3309")
    with pytest.raises(Forbidden):
        selectors.candidates_for(auditor)
    with pytest.raises(NotFound):
        finder.find_candidates(village_b, VILLAGE_A)
    # A village user may scan their own village.
    assert finder.find_candidates(village_a, VILLAGE_A)["candidates"] == 5
    cand.refresh_from_db()
    assert cand.status == "open"


def test_pages(planted, make_user):
    finder.find_candidates(None, COUNTY)
    make_user("village", VILLAGE_A, username="dedup_clerk")
    client = Client()
    assert client.login(username="dedup_clerk", password=PASSWORD)
    page = client.get("/registry/duplicates/")
    assert page.status_code == 200
    html = page.content.decode()
    keep, dup = planted["typo"]
    assert "张伟" in html and idnumber.mask(keep.id_number) in html and keep.id_number not in html
    assert "身份证号仅一位不同" in html and "1975-03-08" in html
    assert "王芳" not in html  # township-level pair: not this village's
    assert "重新查找" in html
    cand = pair_of(keep, dup)
    assert f"/registry/duplicates/{cand.pk}/" in html
    high = client.get("/registry/duplicates/", {"min_score": "99"}).content.decode()
    assert f"/registry/duplicates/{cand.pk}/" not in high and "没有符合条件的疑似重复人员" in high
    bad = client.get("/registry/duplicates/", {"min_score": "abc"})
    assert bad.status_code == 422 and "应为 0–100 的整数" in bad.content.decode()
    detail = client.get(f"/registry/duplicates/{cand.pk}/")
    assert detail.status_code == 200 and "保留哪一条记录" in detail.content.decode()
    other = pair_of(*planted["next_day"])
    assert client.get(f"/registry/duplicates/{other.pk}/").status_code == 404
    response = client.post(f"/registry/duplicates/{cand.pk}/dismiss/", {"note": ""})
    assert response.status_code == 422 and "请填写排除理由" in response.content.decode()
    cand.refresh_from_db()
    assert cand.status == "open"
    # Merging is irreversible: the first POST shows what will happen and asks for a comment, the second merges.
    merge = f"/registry/duplicates/{cand.pk}/merge/"
    response = client.post(merge, {"keep_person_id": dup.pk})
    assert response.status_code == 200 and "确认办理说明" in response.content.decode()
    response = client.post(merge, {"keep_person_id": dup.pk, "_confirm_step": "1", "confirm_comment": ""})
    assert response.status_code == 422
    keep.refresh_from_db()
    assert keep.merged_into_id is None
    response = client.post(merge, {"keep_person_id": dup.pk, "_confirm_step": "1", "confirm_comment": "核实"})
    assert response.status_code == 302 and response.url == f"/registry/persons/{dup.pk}/"
    keep.refresh_from_db()
    cand.refresh_from_db()
    assert keep.merged_into_id == dup.pk and cand.status == "merged" and cand.note == "核实"
    assert client.post("/registry/duplicates/scan/").status_code == 302
    assert "已合并" in client.get("/registry/duplicates/", {"status": "merged"}).content.decode()

    # City staff see the list but get no action forms; auditors get no access at all.
    make_user("city", "330900000000", username="dedup_city")
    city = Client()
    assert city.login(username="dedup_city", password=PASSWORD)
    homophone = pair_of(*planted["homophone"])
    html = city.get(f"/registry/duplicates/{homophone.pk}/").content.decode()
    assert "陈晶" in html and "保留哪一条记录" not in html
    assert city.post(f"/registry/duplicates/{homophone.pk}/dismiss/", {"note": "x"}).status_code == 403
    assert city.post("/registry/duplicates/scan/").status_code == 403
    make_user("auditor", COUNTY, username="dedup_auditor")
    aud = Client()
    assert aud.login(username="dedup_auditor", password=PASSWORD)
    assert aud.get("/registry/duplicates/").status_code == 403


def test_cli(planted, capsys):
    assert cli.main(["dedup", "--region", "330902", "--json"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    rows, summary = [json.loads(x) for x in lines[:-1]], json.loads(lines[-1])
    assert summary["region"] == COUNTY and summary["candidates"] == len(FOUND) == len(rows)
    assert set(summary) >= {"region", "pairs_checked", "candidates", "seconds"}
    keep, dup = planted["typo"]
    row = next(r for r in rows if {r["person_a"]["id"], r["person_b"]["id"]} == {keep.pk, dup.pk})
    assert row["score"] == 85 and row["person_a"]["id_number"] == idnumber.mask(keep.id_number)
    assert "身份证号仅一位不同" in row["reasons"]
    assert cli.main(["dedup", "--region", "330902001001", "--min-score", "90"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert json.loads(lines[-1])["candidates"] == len(lines) - 1 >= 1
    assert all("*" in line for line in lines[:-1]) and keep.id_number not in "\n".join(lines)
    assert cli.main(["dedup", "--region", "123"]) == 1


def test_id_signal_and_common_region():
    base = ident("19800101", "123")
    assert scoring.id_signal(base, ident("19800101", "124")) == scoring.ID_ONE_DIGIT
    assert scoring.id_signal(base, ident("19800101", "132")) == scoring.ID_TRANSPOSED
    assert scoring.id_signal(base, ident("19800101", "123", "330921")) == scoring.ID_ADDRESS_ONLY
    assert scoring.id_signal(base, ident("19800215", "123")) == scoring.ID_BIRTH_ONLY
    assert scoring.id_signal(base, ident("19800101", "153")) == scoring.ID_ONE_DIGIT
    assert scoring.id_signal(base, ident("19800101", "456")) is None
    assert scoring.id_signal(base, "") is None
    # An old 15-digit number converts to the same 18-digit number: that is an exact duplicate, refused on entry.
    assert idnumber.parse("330902800101123").number == base
    assert scoring.common_region(VILLAGE_A, VILLAGE_B) == "330902001000"
    assert scoring.common_region(VILLAGE_A, VILLAGE_C) == COUNTY
    assert scoring.common_region(VILLAGE_A, VILLAGE_A) == VILLAGE_A
    assert scoring.common_region(VILLAGE_A, VILLAGE_OTHER_COUNTY) == "330900000000"


def _key(pk, name, born, number, region=VILLAGE_A, ethnicity="01"):
    from minzheng.registry.names import pinyin_key

    return scoring.PersonKey(pk, name, pinyin_key(name), dt.date.fromisoformat(born), "M", region, number, ethnicity)


def test_score_rules():
    # Entered twice into the same household: identical names are never relatives, so no household deduction.
    a = _key(1, "张伟", "1975-03-08", ident("19750308", "123"))
    b = _key(2, "张伟", "1975-03-08", ident("19750308", "125"))
    assert scoring.score_pair(a, b, same_household=True) == (
        85, ["姓名相同", "出生日期相同", "身份证号仅一位不同", "同住一村"])
    # Twins with names one character apart and numbers one digit apart: the shared household keeps them out.
    t1 = _key(3, "王浩然", "2010-06-15", ident("20100615", "111"))
    t2 = _key(4, "王浩宇", "2010-06-15", ident("20100615", "113"))
    assert scoring.score_pair(t1, t2, same_household=True)[0] < scoring.DEFAULT_MIN_SCORE
    # Neighbours born the same day with adjacent numbers but unrelated names: not enough on their own.
    n1 = _key(5, "赵磊", "1988-01-01", ident("19880101", "051"))
    n2 = _key(6, "钱军", "1988-01-01", ident("19880101", "053"))
    assert scoring.score_pair(n1, n2) == (55, ["出生日期相同", "身份证号仅一位不同", "同住一村"])
    # A changed name without a surname (维吾尔族 own·father's name): the same people stands in for the surname.
    u1 = _key(7, "迪丽努尔·热合曼", "1953-12-23", ident("19531223", "021"), ethnicity="05")
    u2 = _key(8, "热依拉·艾买提", "1953-12-23", ident("19531223", "023"), ethnicity="05")
    assert scoring.score_pair(u1, u2) == (
        65, ["民族相同（姓名不含姓氏）", "出生日期相同", "身份证号仅一位不同", "同住一村"])
    # Unrelated birth dates: numbers differing only in the birth segment are a coincidence of sequence numbers.
    s1 = _key(9, "王伟", "2004-03-02", ident("20040302", "317"))
    s2 = _key(10, "王伟", "1987-04-10", ident("19870410", "317"))
    assert scoring.score_pair(s1, s2) == (40, ["姓名相同", "同住一村"])


def test_unknown_region_is_rejected():
    with pytest.raises(ValidationFailed):
        finder.find_candidates(None, "999999")
    with pytest.raises(ValidationFailed):
        finder.find_candidates(None, "abc")


@pytest.mark.slow
def test_seeded_county_planted_duplicates_are_found():
    from minzheng.synthetic.population import seed_county

    result = seed_county("652324", people=3000, seed=7, duplicates=20)
    planted = result["planted_duplicates"]
    assert len(planted) >= 15  # the seeder skips a kind it cannot plant for a chosen person
    summary = finder.find_candidates(None, "652324")
    found = {(c.person_a_id, c.person_b_id): c for c in DuplicateCandidate.objects.filter(status="open")}
    missed = [(x, y, kind) for x, y, kind in planted if (min(x, y), max(x, y)) not in found]
    assert not missed, missed
    planted_pairs = {(min(x, y), max(x, y)) for x, y, _ in planted}
    others = [c for key, c in found.items() if key not in planted_pairs]
    print(f"seeded county: {summary['persons']} persons, {summary['pairs_checked']} pairs checked, "
          f"{len(planted_pairs)} planted found, {len(others)} other candidates, {summary['seconds']} s")
