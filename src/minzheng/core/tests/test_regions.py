"""Regions: code rules, the national list (idempotent), township/village file import."""

import pytest

from minzheng import cli
from minzheng.core import regioncodes, regions
from minzheng.core.models import AuditEntry, Region


def test_code_helpers():
    assert regioncodes.normalize("330902") == "330902000000"
    assert regioncodes.level_of("330000000000") == "province"
    assert regioncodes.level_of("330900000000") == "city"
    assert regioncodes.level_of("330902000000") == "county"
    assert regioncodes.level_of("330902001000") == "township"
    assert regioncodes.level_of("330902001001") == "village"
    assert regioncodes.parent_code("330902001001") == "330902001000"
    assert regioncodes.prefix("330902001000") == "330902001"
    assert regioncodes.in_subtree("330902001001", "330902000000")
    assert not regioncodes.in_subtree("330903001001", "330902000000")
    for bad in ("3309021", "abc", "00", ""):
        with pytest.raises(regioncodes.RegionCodeError):
            regioncodes.normalize(bad)


@pytest.mark.django_db
def test_national_list_has_the_five_places_and_is_idempotent():
    # 娄底 4313 (all five counties), 舟山 3309, 玛纳斯 652324, 天门 429006, 呼和浩特新城区 150102
    for code in ("431302", "431321", "431322", "431381", "431382", "330902", "330903", "330921", "330922",
                 "652324", "429006", "150102"):
        assert Region.objects.filter(code=regioncodes.normalize(code), level="county").exists(), code
    assert Region.objects.get(code="431300000000").name == "娄底市"
    assert Region.objects.get(code="652324000000").parent_id == "652300000000"
    assert Region.objects.filter(level="province").count() == 31
    assert regions.load_national() == (0, 0)


@pytest.mark.django_db
def test_init_is_idempotent(capsys):
    assert cli.main(["init"]) == 0
    assert '"regions_created": 0' in capsys.readouterr().out


@pytest.mark.django_db
def test_region_import_csv_validates_and_reruns_cleanly(tmp_path, capsys):
    path = tmp_path / "regions.csv"
    path.write_text(
        "code,name,urban_rural_type\n"
        "652324100000,玛纳斯镇,121\n"
        "652324100001,新兴社区,111\n"
        "652324100201,示范村,220\n"
        "652399100001,孤儿村,220\n"  # parent township does not exist
        "65232410000,坏代码,\n"
        "652324100202,,220\n"
        "652324100203,代码错,999\n"
        "652324000000,县级,\n",
        encoding="gb18030",
    )
    result = regions.import_file(path)
    assert (result.created, result.updated) == (3, 0)
    reasons = {e.row: e.reason for e in result.errors}
    assert "上级区划" in reasons[5] and "格式不正确" in reasons[6] and "名称不能为空" in reasons[7]
    assert "城乡分类代码" in reasons[8] and "乡镇" in reasons[9]
    village = Region.objects.get(code="652324100001")
    assert village.parent_id == "652324100000" and village.urban_rural_type == "111" and village.level == "village"
    audit_count = AuditEntry.objects.count()
    again = regions.import_file(path)
    assert (again.created, again.updated) == (0, 0) and AuditEntry.objects.count() == audit_count
    assert cli.main(["region", "import", str(path)]) == 0
    assert '"created": 0' in capsys.readouterr().out


@pytest.mark.django_db
def test_region_import_xlsx(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["区划代码", "名称"])
    ws.append(["429006100000", "竟陵街道"])
    ws.append(["429006100001", "东湖社区"])
    path = tmp_path / "r.xlsx"
    wb.save(path)
    result = regions.import_file(path)
    assert result.created == 2 and not result.errors


@pytest.mark.django_db
def test_load_county_from_package():
    created, _ = regions.load_package_county("431302")
    assert created > 50
    assert Region.objects.filter(code__startswith="431302", level="village").exists()
    assert regions.load_package_county("431302") == (0, 0)
