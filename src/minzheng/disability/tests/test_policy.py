"""Policy of the two disability subsidies (困难残疾人生活补贴, 重度残疾人护理补贴; 国发〔2015〕52号): worked cases,
and person programs summed over members. Pure."""

from __future__ import annotations

import pytest

from minzheng.benefits.tests.policy_inputs import adult, payload, run

DISABILITY_CASES = [
    # program, member, household extra, over, eligible, amount — 国发〔2015〕52号
    ("living-dibao-household", "disability_living", adult(disability_category="4", disability_grade=3),
     {"recognised": ["dibao"]}, {}, True, "100.00"),
    ("living-not-dibao", "disability_living", adult(disability_category="4", disability_grade=3), {}, {}, False,
     "0.00"),
    ("living-edge-not-covered", "disability_living", adult(disability_category="4", disability_grade=3),
     {"recognised": ["dibao_edge"]}, {}, False, "0.00"),
    ("living-edge-covered-where-set", "disability_living", adult(disability_category="4", disability_grade=3),
     {"recognised": ["dibao_edge"]}, {("disability_living", "include_dibao_edge"): "1"}, True, "100.00"),
    ("living-single-person-dibao", "disability_living",
     adult(disability_category="6", disability_grade=2, existing_benefits=[{"program": "dibao", "monthly": "900"}]),
     {}, {}, True, "100.00"),
    ("living-orphan-excluded", "disability_living",
     {"birth_date": "2015-01-01", "disability_category": "5", "disability_grade": 2,
      "existing_benefits": [{"program": "orphan", "monthly": "1000"}]}, {"recognised": ["dibao"]}, {}, False, "0.00"),
    ("living-no-certificate", "disability_living", adult(), {"recognised": ["dibao"]}, {}, False, "0.00"),
    ("care-grade1", "disability_care", adult(disability_category="1", disability_grade=1), {}, {}, True, "200.00"),
    ("care-grade2", "disability_care", adult(disability_category="4", disability_grade=2), {}, {}, True, "150.00"),
    ("care-grade3-mental-not-covered", "disability_care", adult(disability_category="6", disability_grade=3), {}, {},
     False, "0.00"),
    ("care-grade3-mental-covered-where-set", "disability_care", adult(disability_category="6", disability_grade=3),
     {}, {("disability_care", "grade3_mental"): "60"}, True, "60.00"),
    ("care-grade3-limb", "disability_care", adult(disability_category="4", disability_grade=3), {},
     {("disability_care", "grade3_mental"): "60"}, False, "0.00"),
]


@pytest.mark.parametrize("case", DISABILITY_CASES, ids=[c[0] for c in DISABILITY_CASES])
def test_disability_subsidies_worked_cases(case):
    _id, program, member, extra, over, eligible, amount = case
    result = run(payload(program, [member], **extra), over).as_dict()
    assert result["eligible"] is eligible, result["members"][0]["reasons"]
    assert result["monthly_amount"] == amount


def test_person_programs_sum_over_members_and_respect_options_members():
    members = [adult(disability_category="4", disability_grade=1), adult(disability_category="5", disability_grade=2),
               adult()]
    result = run(payload("disability_care", members)).as_dict()
    assert result["monthly_amount"] == "350.00" and [m["eligible"] for m in result["members"]] == [True, True, False]
    only = run(payload("disability_care", members, options={"members": [1]})).as_dict()
    assert only["monthly_amount"] == "150.00" and [m["index"] for m in only["members"]] == [1]
