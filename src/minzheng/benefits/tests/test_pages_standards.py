"""Standards pages: the list (filters by program, item, the region a standard applies in, area and date; names and
labels; export), the history of one standard, and the add form (county and city staff, region picked by name)."""

from __future__ import annotations

import html as htmllib
import io

import pytest
from openpyxl import load_workbook

from minzheng.benefits.models import Standard
from minzheng.benefits.tests.pages import login, page
from minzheng.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def drain(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def rows_of(html: str) -> list[str]:
    return html.split("<tbody>", 1)[1].split("</tbody>", 1)[0].split("</tr>")[:-1]


def test_standards_pages_list_add_and_history(staff, demo_standards):
    county, village = login(staff["county"]), login(staff["village"])
    html = page(village, "/benefits/standards/?program=dibao&item=standard&region_code=330902001001")
    assert "低保标准" in html
    assert village.get("/benefits/standards/new/").status_code == 403
    response = county.post("/benefits/standards/new/", {
        "program": "dibao", "item": "standard", "region_code": "330902000000", "area": "urban", "value": "1234",
        "unit": "", "effective_from": "2027-01-01", "source": "测试文件〔2026〕1号"})
    assert response.status_code == 302, response.content.decode()[:2000]
    history = page(county, response["Location"])
    assert "1234" in history and "测试文件〔2026〕1号" in history
    rejected = county.post("/benefits/standards/new/", {
        "program": "dibao", "item": "standard", "region_code": "330903000000", "area": "urban", "value": "1",
        "effective_from": "2027-01-01", "source": "x"})
    assert rejected.status_code == 403  # another county


def test_the_list_shows_names_and_labels_and_filters_by_area_and_date(staff, demo_standards):
    village = login(staff["village"])
    html = page(village, "/benefits/standards/?program=dibao&item=standard&region_code=330902001001"
                         "&as_of=2021-06-01&area=urban")
    (row,) = rows_of(html)
    assert '<span title="dibao">最低生活保障</span>' in row and '<span title="standard">' in row
    assert '<span title="330900000000">舟山市</span>' in row and '<span title="all">城乡统一</span>' in row
    assert ">810<" in row and "元/人/月" in row and "2020-01-01" in row
    here = "program=dibao&item=standard&region_code=330902001001"
    newest = rows_of(page(village, f"/benefits/standards/?{here}&as_of=2026-06-01"))
    assert len(newest) == 1 and ">14000<" in newest[0]
    assert len(rows_of(page(village, f"/benefits/standards/?{here}"))) == 3  # the whole history applies here
    # Without a region filter: the standards that apply where the clerk works (issue 12: not other provinces').
    everywhere = rows_of(page(village, "/benefits/standards/?program=dibao&item=standard"))
    assert len(everywhere) == 3 and not any("新城区" in r for r in everywhere)


@pytest.mark.parametrize(("query", "message"), [
    ("as_of=2026-02-30", "日期格式不正确"),
    ("area=moon", "“moon”不是可选的值"),
    ("item=nothing", "“nothing”不是可选的值"),
    ("region_code=330903001001", "不在您的管辖范围内"),
])
def test_a_bad_standards_filter_is_a_422_with_its_chinese_message(staff, demo_standards, query, message):
    response = login(staff["county"]).get(f"/benefits/standards/?{query}")
    assert response.status_code == 422
    assert message in htmllib.unescape(response.content.decode()).split('id="filter-errors"', 1)[1]


def test_the_standards_export_has_program_labels_region_names_and_numbers(staff, demo_standards):
    county = login(staff["county"])
    response = county.get("/benefits/standards/?program=dibao&item=standard&region_code=330902000000&export=xlsx")
    sheet = load_workbook(io.BytesIO(drain(response))).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == ["救助项目", "标准项", "区划", "城乡", "数值", "单位", "生效日期", "终止日期", "依据"]
    assert [v[:6] for v in values[1:]] == [["最低生活保障", "低保标准", "舟山市", "城乡统一", 810, "元/人/月"],
                                          ["最低生活保障", "低保标准", "舟山市", "城乡统一", 11000, "元/人/年"],
                                          ["最低生活保障", "低保标准", "舟山市", "城乡统一", 14000, "元/人/年"]]
    assert AuditEntry.objects.filter(action="export", object_type="standard").count() == 1


def test_the_history_of_one_standard_oldest_first_with_export(staff, demo_standards):
    county = login(staff["county"])
    url = "/benefits/standards/dibao/standard/330900000000/all/"
    html = page(county, url)
    assert "最低生活保障 · 低保标准 · 舟山市 · 城乡统一" in html
    values = [r.split("</td>", 1)[0] for r in rows_of(html)]
    assert [">810" in values[0], ">11000" in values[1], ">14000" in values[2]] == [True, True, True]
    sheet = load_workbook(io.BytesIO(drain(county.get(url + "?export=xlsx")))).active
    assert [row[0].value for row in sheet.iter_rows(min_row=2)] == [810, 11000, 14000]
    assert county.get("/benefits/standards/dibao/standard/12345/all/").status_code == 404
    assert county.get("/benefits/standards/nothing/standard/330900000000/all/").status_code == 404


def test_the_add_form_picks_the_region_by_name_and_shows_field_errors(staff, demo_standards):
    county = login(staff["county"])
    form = page(county, "/benefits/standards/new/")
    assert 'class="mz-region-picker"' in form and "定海区" in form  # the county by name, its streets below
    assert "城东街道" in form
    # Items by their Chinese names only (issue 12: the dropdown showed `edge_multiplier（…）`).
    assert ">低保边缘认定倍数</option>" in form and "edge_multiplier（" not in form
    assert "孤儿基本生活费（集中养育） / 事实无人抚养儿童补贴（集中养育）" in form
    bad = county.post("/benefits/standards/new/", {
        "program": "dibao", "item": "standard", "region_code": "330902000000", "area": "urban", "value": "abc",
        "effective_from": "2027-01-01", "source": "x"})
    assert bad.status_code == 422 and not Standard.objects.filter(source="x").exists()
    at_value = htmllib.unescape(bad.content.decode()).split('id="id_value"', 1)[1].split("</div>", 1)[0]
    assert 'class="text-danger small"' in at_value  # the service's reason at the field
    unknown = county.post("/benefits/standards/new/", {
        "program": "dibao", "item": "standard", "region_code": "330902009000", "area": "urban", "value": "1",
        "effective_from": "2027-01-01", "source": "x"})
    assert unknown.status_code == 422 and "不存在" in unknown.content.decode()
    twice = {"program": "dibao", "item": "standard", "region_code": "330902000000", "area": "urban",
             "value": "1300", "effective_from": "2027-02-01", "source": "y"}
    assert county.post("/benefits/standards/new/", twice).status_code == 302
    again = county.post("/benefits/standards/new/", twice)
    assert again.status_code == 409 and "已有相同的标准" in again.content.decode()


def test_the_list_shows_the_standards_that_apply_where_the_user_works(staff, demo_standards, make_user):
    """A Zhoushan clerk sees Zhejiang's, Zhoushan's and their own district's standards, not another province's."""
    Standard.objects.create(program="dibao", item="standard", region_code="110000000000", area="urban",
                            value="1500", unit="元/人/月", effective_from="2026-01-01", source="北京市标准")
    Standard.objects.create(program="dibao", item="standard", region_code="330000000000", area="urban",
                            value="1200", unit="元/人/月", effective_from="2026-01-01", source="浙江省标准")
    village = login(staff["village"])
    html = page(village, "/benefits/standards/?program=dibao&item=standard")
    assert "浙江省标准" in html and "北京市标准" not in html
    assert Standard.objects.filter(source="北京市标准").exists()
