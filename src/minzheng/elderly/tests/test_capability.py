"""GB/T 42195-2022 capability assessment (elderly.policy.capability), pure: the 26 items and their maxima, the level
bands at every boundary, each adjustment, coma, bad input refused with every problem, a property test that part
scores never pass their maxima, the worked examples (doctests) and the CLI `minzheng elderly assess`."""

from __future__ import annotations

import doctest
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minzheng.elderly.policy import capability, survival
from minzheng.elderly.policy.capability import Facts, InvalidAssessment, score, with_total

ITEMS = capability.items()
FULL = {i.code: i.max for i in ITEMS}


def test_the_worked_examples_hold():
    assert doctest.testmod(capability).failed == 0
    assert doctest.testmod(survival).failed == 0


def test_26_items_with_their_own_maxima_and_the_part_maxima_of_the_standard():
    assert len(ITEMS) == 26
    parts = {p.code: (p.name, p.max, len(p.items)) for p in capability.GB_T_42195_2022.parts}
    assert parts == {"B.1": ("自理能力", 32, 8), "B.2": ("基础运动能力", 15, 4), "B.3": ("精神状态", 28, 9),
                     "B.4": ("感知觉与社会参与", 15, 5)}
    assert capability.GB_T_42195_2022.max == 90  # not 91 (精神状态 29) and not 100 (Barthel / rescaled)
    odd = {i.name: i.max for i in ITEMS if i.max != 4}
    assert odd == {"上下楼梯": 3, "攻击行为": 1, "抑郁症状": 1, "意识水平": 2, "视力": 2, "听力": 2,
                   "使用交通工具外出": 3}


@pytest.mark.parametrize(("total", "level", "name"), [
    (90, 0, "能力完好"), (89, 1, "能力轻度受损（轻度失能）"), (66, 1, "能力轻度受损（轻度失能）"),
    (65, 2, "能力中度受损（中度失能）"), (46, 2, "能力中度受损（中度失能）"), (45, 3, "能力重度受损（重度失能）"),
    (30, 3, "能力重度受损（重度失能）"), (29, 4, "能力完全丧失（完全失能）"), (0, 4, "能力完全丧失（完全失能）")])
def test_levels_at_every_boundary_higher_total_is_more_capable(total, level, name):
    out = score(Facts(with_total(total))).as_dict()
    assert (out["total"], out["level"], out["level_name"]) == (total, level, name)
    assert "adjusted_from" not in out
    assert sum(out["parts"].values()) == total


@pytest.mark.parametrize(("diagnoses", "events", "expected"), [
    (["F00.1"], 0, 2),  # Alzheimer dementia
    (["F01"], 0, 2), (["f03.x00"], 0, 2),  # vascular, unspecified (国家临床版 code, lower case)
    (["F04"], 0, 2), (["F20.0"], 0, 2), (["F99"], 0, 2),  # other mental or behavioural disorders
    ([], 2, 2), ([], 7, 2),  # two or more care-risk events in 30 days
    (["F03", "F32.9"], 3, 2),  # several reasons: still one level
    (["G30.9"], 0, 1), (["I63.9", "E11"], 1, 1), ([], 1, 1),  # not a reason
])
def test_each_adjustment_is_one_level_worse_once(diagnoses, events, expected):
    outcome = score(Facts(with_total(70), diagnoses=tuple(diagnoses), risk_events_30d=events))
    assert outcome.preliminary == 1 and outcome.level == expected
    out = outcome.as_dict()
    if expected == 1:
        assert "adjusted_from" not in out and outcome.reasons == ()
    else:
        assert out["adjusted_from"] == 1 and outcome.reasons


def test_the_reasons_name_the_rule_applied():
    dementia = score(Facts(with_total(70), diagnoses=("F02",))).reasons
    assert len(dementia) == 1 and "痴呆" in dementia[0] and "F00–F03" in dementia[0]
    events = score(Facts(with_total(70), risk_events_30d=2)).reasons
    assert len(events) == 1 and "照护风险事件" in events[0]


@pytest.mark.parametrize(("total", "level"), [(90, 1), (66, 2), (46, 3), (45, 4), (29, 4), (0, 4)])
def test_one_level_worse_never_beyond_4(total, level):
    assert score(Facts(with_total(total), diagnoses=("F03",))).level == level


@pytest.mark.parametrize("total", [90, 66, 46, 30, 29, 0])
def test_coma_is_complete_loss_whatever_the_total(total):
    outcome = score(Facts(with_total(total), coma=True, diagnoses=("F03",)))
    assert outcome.level == 4 and outcome.total == total
    assert outcome.as_dict().get("adjusted_from") == (None if total < 30 else outcome.preliminary)


def test_bad_scores_are_refused_with_every_problem():
    items = {**FULL, "B.2.4": 4, "B.3.7": -1, "B.4.1": True, "X.1": 2}
    del items["B.1.1"]
    with pytest.raises(InvalidAssessment) as exc:
        score(Facts(items, diagnoses=("F3", "abc"), risk_events_30d=-1))
    errors = dict(exc.value.errors)
    assert errors["items.B.2.4"] == "“上下楼梯”的得分应为 0–3，不能为 4"
    assert "0–1" in errors["items.B.3.7"] and "整数" in errors["items.B.4.1"]
    assert "须填写“进食”" in errors["items.B.1.1"] and "不是GB/T 42195-2022的评估项目" in errors["items.X.1"]
    assert "ICD-10" in errors["diagnoses.0"] and "diagnoses.1" in errors and "risk_events_30d" in errors
    with pytest.raises(InvalidAssessment):
        score(Facts(FULL, standard="MZ/T 039-2013"))  # the old Barthel form is not this scale


@settings(max_examples=200, deadline=None)
@given(st.fixed_dictionaries({i.code: st.integers(0, i.max) for i in ITEMS}), st.booleans(),
       st.lists(st.sampled_from(["F00", "F03.9", "F20", "I10", "G30"]), max_size=3), st.integers(0, 10))
def test_scores_stay_within_each_parts_maximum(items, coma, diagnoses, events):
    outcome = score(Facts(items, coma=coma, diagnoses=tuple(diagnoses), risk_events_30d=events))
    maxima = {p.code: p.max for p in capability.GB_T_42195_2022.parts}
    assert all(0 <= outcome.parts[code] <= top for code, top in maxima.items())
    assert outcome.total == sum(outcome.parts.values()) <= 90
    assert outcome.preliminary == capability.GB_T_42195_2022.level_for_total(outcome.total)
    assert outcome.preliminary <= outcome.level <= 4
    assert outcome.level - outcome.preliminary <= 1 or coma


# ---- the command line --------------------------------------------------------------------------------------------


def _cli(args, capsys):
    from minzheng.cli import main

    code = main(args)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_lists_the_items(capsys):
    code, out, _ = _cli(["elderly", "assess", "--items"], capsys)
    table = json.loads(out)
    assert code == 0 and len(table) == 26
    assert table[0] == {"code": "B.1.1", "name": "进食", "part": "B.1", "max": 4}
    assert {"code": "B.3.9", "name": "意识水平", "part": "B.3", "max": 2} in table
    assert sum(r["max"] for r in table) == 90


def test_cli_scores_a_file(tmp_path, capsys):
    path = tmp_path / "a.json"
    path.write_text(json.dumps({"items": with_total(65), "coma": False, "diagnoses": ["F01.1"],
                                "risk_events_30d": 0}), encoding="utf-8")
    code, out, _ = _cli(["elderly", "assess", str(path)], capsys)
    assert code == 0
    assert json.loads(out) == {"total": 65, "level": 3, "level_name": "能力重度受损（重度失能）", "adjusted_from": 2,
                               "parts": {"B.1": 7, "B.2": 15, "B.3": 28, "B.4": 15}}
    path.write_text(json.dumps({"items": with_total(90)}), encoding="utf-8")
    code, out, _ = _cli(["elderly", "assess", str(path)], capsys)
    assert code == 0 and json.loads(out) == {"total": 90, "level": 0, "level_name": "能力完好",
                                             "parts": {"B.1": 32, "B.2": 15, "B.3": 28, "B.4": 15}}


@pytest.mark.parametrize(("content", "message"), [
    ("{not json", "不是有效的 JSON"), ("[1, 2]", "应为 JSON 对象"),
    (json.dumps({"items": {"B.1.1": 5}}), "items.B.1.1"), (json.dumps({"items": FULL, "diagnoses": "F03"}),
                                                           "应为 ICD-10 编码的列表")])
def test_cli_refuses_bad_files_in_chinese(tmp_path, capsys, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    code, out, err = _cli(["elderly", "assess", str(path)], capsys)
    assert code == 2 and out == "" and message in err
    code, _, err = _cli(["elderly", "assess", str(tmp_path / "missing.json")], capsys)
    assert code == 2 and "无法读取文件" in err
