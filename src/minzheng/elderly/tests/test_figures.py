"""The home tile's and the indicators' figures, read set-based (selectors._groups: one grouped query), equal what the
register's rows say one by one — situations_of over elderly_for, and situation_q as the list filter applies it — on
a register that exercises every rule; the tile reads one query whatever the register's size."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from minzheng.benefits.tests.factories import today
from minzheng.core import regioncodes
from minzheng.elderly import codes, selectors
from minzheng.elderly.services import assessments, register
from minzheng.elderly.tests.factories import assessment, couple, elder, three_generations
from minzheng.registry import services as registry
from minzheng.registry.tests.factories import make_family, make_id, make_person

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 5, 10)
OTHER_VILLAGE = "330902001002"


def _world(staff):
    """18 elders in the village, one in the next village (staff["village"] does not see it)."""
    v = staff["village"]
    # Alone, nothing stored; 4级 with dementia, superseded by 0级 without: only the current assessment counts.
    _, alone = elder(v, "独居奶奶", born="19400301")
    assessments.record_assessment(v, assessment(alone, 20, diagnoses=["F03"]))
    assessments.record_assessment(v, assessment(alone, 90, reason="immediate"))
    # Elderly only: 失智 by the stored profile (him), by the current assessment (her, 4级 after 0级).
    _, (husband, wife) = couple(v)
    register.save_profile(v, husband.pk, {"dementia": True})
    assessments.record_assessment(v, assessment(wife, 90))
    assessments.record_assessment(v, assessment(wife, 20, reason="immediate", diagnoses=["F01"]))
    three_generations(v)  # with a younger family: no situation
    # The stored 居住情况 wins over the household, either way.
    _, (zhou, _) = make_family(v, [("周奶奶", "19520202", "F"), ("周女儿", "19800101", "F")])
    register.save_profile(v, zhou.pk, {"living": "alone", "left_behind": True})
    _, wu = elder(v, "吴爷爷", born="19550505")
    register.save_profile(v, wu.pk, {"living": "with_family", "family_planning": True})
    _, zheng = elder(v, "郑奶奶", born="19250606")  # 100
    register.save_profile(v, zheng.pk, {"living": "institution"})
    _, (qian, _) = make_family(v, [("钱爷爷", "19580808", "M"), ("钱孙子", "20050101", "M")])
    register.save_profile(v, qian.pk, {"living": "elderly_only"})
    # A younger member who died, an elderly spouse who died (not in the register), a son who moved out: alone.
    _, (_, son) = make_family(v, [("孙奶奶", "19500101", "F"), ("孙儿子", "19800101", "M")])
    registry.update_person(v, son.pk, {"death_date": "2026-03-01"})
    _, (feng, _) = make_family(v, [("冯爷爷", "19340101", "M"), ("冯奶奶", "19340101", "F")])
    registry.update_person(v, feng.pk, {"death_date": "2026-04-01"})
    he_home, (_, he_son) = make_family(v, [("何奶奶", "19510101", "F"), ("何儿子", "19790101", "M")])
    registry.remove_member(v, he_home.pk, he_son.pk, "迁出")
    # 80 today and 79 (高龄 boundary); 60 today (the household is still elderly only) and 59 (younger).
    make_family(v, [("八十", "19460510", "F"), ("七十九", "19460511", "M")])
    make_family(v, [("许奶奶", "19500101", "F"), ("六十", "19660510", "M")])
    make_family(v, [("黄奶奶", "19500101", "F"), ("五十九", "19660511", "M")])
    make_person(v, "无户老人", id_number=make_id("19500303", "M"))  # no household: no household situation
    # The son lives in the next village: still a member of her household.
    make_family(staff["township"], [("林奶奶", "19500101", "F"), ("林儿子", "19850101", "M",
                                                                {"region_code": OTHER_VILLAGE})])
    _, outside = elder(staff["other_village"], "外村老人", born="19300101", region=OTHER_VILLAGE)
    assessments.record_assessment(staff["other_village"], assessment(outside, 20))


def _band(age: int) -> str:
    return next(band for band, first in selectors.BAND_AGES.items() if age >= first)


def _per_row(user) -> dict:
    """The tile's figures as the register's rows say them, one by one (the computation before _groups)."""
    bands = dict.fromkeys(codes.AGE_BANDS, 0)
    situations = dict.fromkeys(codes.SITUATIONS, 0)
    for row in selectors.elderly_for(user, DAY):
        bands[_band(row.age_on(DAY))] += 1
        for code in selectors.situations_of(row, DAY):
            situations[code] += 1
    return {"total": sum(bands.values()), "bands": [(codes.AGE_BANDS[k], v) for k, v in bands.items()],
            "situations": [(code, codes.SITUATIONS[code], situations[code]) for code in codes.SITUATIONS]}


def _counts(figures) -> dict[str, int]:
    return {code: n for code, _, n in figures["situations"]}


def test_the_figures_equal_the_register_rows(staff, monkeypatch):
    today(monkeypatch, DAY.isoformat())
    _world(staff)
    village = selectors.register_figures(staff["village"], DAY)
    assert village["total"] == 18
    assert dict(village["bands"]) == {"60–69岁": 2, "70–79岁": 11, "80–89岁": 3, "90–99岁": 1, "100岁及以上": 1}
    assert _counts(village) == {"alone": 5, "empty_nest": 12, "left_behind": 1, "oldest_old": 5, "disabled": 1,
                                "dementia": 2, "family_planning": 1}
    township = selectors.register_figures(staff["township"], DAY)
    assert township["total"] == 19 and _counts(township)["disabled"] == 2 and _counts(township)["alone"] == 6
    assert selectors.register_figures(staff["other_village"], DAY)["total"] == 1
    for role in ("village", "township", "county", "city", "other_village", "other_county"):
        figures = selectors.register_figures(staff[role], DAY)
        assert figures == _per_row(staff[role]), role
        # The list filter (situation_q) agrees too.
        rows = selectors.elderly_for(staff[role], DAY)
        assert _counts(figures) == {code: rows.filter(selectors.situation_q(code, DAY)).count()
                                    for code in codes.SITUATIONS}, role


def _indicator_line(rows) -> dict[str, int]:
    """An indicators line as the register's rows say it, one by one."""
    line = dict.fromkeys(selectors.INDICATOR_FIELDS, 0)
    for row in rows:
        found = selectors.situations_of(row, DAY)
        for k, counted in {"elders": True, "oldest_old": "oldest_old" in found, "assessed": row.level is not None,
                           "disabled": "disabled" in found, "dementia": "dementia" in found,
                           **{f"level_{n}": row.level == n for n in range(5)}}.items():
            line[k] += counted
    return line


def test_the_indicators_equal_the_register_rows(staff, monkeypatch):
    today(monkeypatch, DAY.isoformat())
    _world(staff)
    for role in ("township", "village", "county"):
        data = selectors.indicators(staff[role], today=DAY)
        register_rows = list(selectors.elderly_for(staff[role], DAY))
        for line in data["rows"]:
            inside = [r for r in register_rows if r.region_id.startswith(regioncodes.prefix(line["code"]))]
            assert {k: line[k] for k in selectors.INDICATOR_FIELDS} == _indicator_line(inside), (role, line["code"])
        assert {k: data["total"][k] for k in selectors.INDICATOR_FIELDS} == _indicator_line(register_rows), role
    jia = {r["code"]: r for r in selectors.indicators(staff["township"], today=DAY)["rows"]}["330902001001"]
    assert (jia["elders"], jia["oldest_old"], jia["assessed"], jia["level_0"], jia["level_4"], jia["dementia"]) == (
        18, 5, 2, 1, 1, 2)


def test_the_tile_reads_one_query_whatever_the_register_size(staff, monkeypatch):
    today(monkeypatch, DAY.isoformat())
    _world(staff)
    user = staff["township"]
    with CaptureQueriesContext(connection) as few:
        selectors.register_figures(user, DAY)
    with CaptureQueriesContext(connection) as few_indicators:
        selectors.indicators(user, today=DAY)
    for n in range(5):
        make_family(staff["village"], [(f"新老人{n}", "19450101", "F"), (f"新子女{n}", "19900101", "M")])
    with CaptureQueriesContext(connection) as more:
        assert selectors.register_figures(user, DAY)["total"] == 24
    with CaptureQueriesContext(connection) as more_indicators:
        selectors.indicators(user, today=DAY)
    assert len(few.captured_queries) == len(more.captured_queries) == 1
    assert len(few_indicators.captured_queries) == len(more_indicators.captured_queries) <= 6
