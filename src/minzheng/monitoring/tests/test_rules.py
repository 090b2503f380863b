"""Signal rules as data: the demo set loads (示例 values with their source), a file with a bad row writes nothing,
the most specific region in force wins, a rule corrected is audited."""

from __future__ import annotations

import pytest

from minzheng.core.errors import ValidationFailed
from minzheng.core.spreadsheets import write_rows
from minzheng.monitoring import rules
from minzheng.monitoring.models import SignalRule
from minzheng.monitoring.services import rules as rule_services
from minzheng.monitoring.tests.factories import D

pytestmark = pytest.mark.django_db


def test_the_demo_set_loads_once_and_cites_its_source(db):
    first = rule_services.load_file(None, "demo")
    assert first["created"] == 15 and rule_services.load_file(None, "demo")["unchanged"] == 15
    assert all("示例值" in r.source for r in SignalRule.objects.all())
    found = rules.for_region("330902001001", D(2026, 11, 1))
    assert str(found["low_income"].threshold) == "1.5000" and found["low_income"].layers == (
        "poverty_return", "rigid_expense", "other")


def test_a_bad_row_refuses_the_whole_file(tmp_path, db):
    path = write_rows(tmp_path / "r.csv", ["信号", "区划代码", "生效日期", "阈值", "权重", "监测类别", "依据"], [
        ("medical_oop", "330902", "2026-01-01", "8000", "30", "低保对象", "本县规定"),
        ("medical_oop", "330902", "2026-02-30", "abc", "300", "富人", ""),
    ])
    with pytest.raises(ValidationFailed) as exc:
        rule_services.load_file(None, path)
    text = " ".join(e.message for e in exc.value.errors)
    assert "第 3 行 [阈值] “abc”：阈值应为不小于 0 的数" in text
    assert "第 3 行 [监测类别] “富人”：监测类别“富人”无效" in text
    assert "第 3 行 [依据]" in text and "第 2 行" not in text and not SignalRule.objects.exists()


def test_the_most_specific_region_wins_and_a_correction_is_audited(make_user):
    from minzheng.core.models import AuditEntry

    rule_services.load_file(None, "demo")
    county = make_user("county", "330902000000")
    rule_services.save_rule(county, {"code": "medical_oop", "region_code": "330902", "effective_from": "2026-06-01",
                                     "window_months": "6", "threshold": "8000", "weight": "35", "source": "本县规定"})
    here = rules.for_region("330902001001", D(2026, 11, 1))["medical_oop"]
    assert (here.window_months, str(here.threshold), here.weight) == (6, "8000.0000", 35)
    assert rules.for_region("330903001001", D(2026, 11, 1))["medical_oop"].weight == 30  # another county: the city's
    assert rules.for_region("330902001001", D(2026, 5, 1))["medical_oop"].weight == 30  # before it took effect
    rule_services.save_rule(county, {"code": "medical_oop", "region_code": "330902", "effective_from": "2026-06-01",
                                     "window_months": "6", "threshold": "9000", "weight": "35", "source": "本县规定"})
    assert AuditEntry.objects.filter(action="update", object_type="signal_rule").exists()
    with pytest.raises(ValidationFailed):
        rule_services.save_rule(county, {"code": "medical_oop", "region_code": "330903", "effective_from": "2026-06-01",
                                         "source": "越权"})
