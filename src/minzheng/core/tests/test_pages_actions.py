"""Service forms (errors on fields, confirmation with a comment), bulk actions, detail pages and import pages."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from conftest import VILLAGE_A, VILLAGE_B, VILLAGE_OTHER_COUNTY
from minzheng.core import roles
from minzheng.core.models import Job, StoredFile
from minzheng.core.tests import pages_urls
from minzheng.core.tests.helpers import COUNTY, URLS, client_for, entry

pytestmark = [pytest.mark.django_db, pytest.mark.urls(URLS)]

GRANT = {"kind": "urgent", "amount": "800.00", "note": "火灾后急需生活费"}


@pytest.fixture(autouse=True)
def no_calls():
    pages_urls.calls.clear()
    yield
    pages_urls.calls.clear()


@pytest.fixture
def county(make_user):
    return make_user(roles.COUNTY, COUNTY)


# --- service form ----------------------------------------------------------------------------------------------

def test_the_first_post_shows_a_summary_and_a_required_comment_box_without_calling_the_service(county):
    response = client_for(county).post("/t/grant/", GRANT)
    html = response.content.decode()
    assert response.status_code == 200
    assert "临时救助发放：请确认" in html and "确认办理说明" in html
    assert "<dd class=\"col-7 col-sm-9 col-xl-10\">急难型临时救助</dd>" in html  # the label, not the code
    assert '<input type="hidden" name="amount" value="800.00">' in html
    assert pages_urls.calls == []


def test_the_second_post_needs_the_comment_and_passes_it_to_the_service(county):
    client = client_for(county)
    confirmed = {**GRANT, "_confirm_step": "1"}
    missing = client.post("/t/grant/", {**confirmed, "confirm_comment": "  "})
    assert missing.status_code == 422 and "请填写确认办理说明" in missing.content.decode()
    assert pages_urls.calls == []
    done = client.post("/t/grant/", {**confirmed, "confirm_comment": "经入户核实，情况属实"})
    assert done.status_code == 302 and done["Location"] == "/t/users/"
    assert pages_urls.calls == [("grant", county.username, "urgent", "800.00", "经入户核实，情况属实")]
    assert "已发放" in client.get("/t/users/").content.decode()


def test_back_to_edit_shows_the_form_with_the_entered_values(county):
    html = client_for(county).post("/t/grant/", {**GRANT, "_confirm_step": "1", "edit": "1"}).content.decode()
    assert 'value="火灾后急需生活费"' in html and "下一步：核对并确认" in html and pages_urls.calls == []


def test_service_validation_errors_land_on_their_fields_and_unknown_fields_at_the_top(county):
    response = client_for(county).post("/t/grant-now/", {**GRANT, "amount": "5000"})
    html = response.content.decode()
    assert response.status_code == 422
    amount_block = html.split('for="id_amount"', 1)[1].split('for="id_note"', 1)[0]
    assert "金额超过本级审批上限 1000 元" in amount_block
    top = html.split('<form method="post"', 1)[1].split('for="id_kind"', 1)[0]
    assert "家庭成员信息不完整" in top


def test_conflict_is_shown_as_a_message_with_409(county):
    response = client_for(county).post("/t/grant-now/", {**GRANT, "note": "冲突"})
    assert response.status_code == 409
    assert "该家庭本月已有一笔临时救助" in response.content.decode()


def test_an_invalid_form_is_422_and_a_role_without_the_permission_403(county, make_user):
    response = client_for(county).post("/t/grant-now/", {**GRANT, "amount": "1e400"})
    assert response.status_code == 422 and pages_urls.calls == []
    assert client_for(make_user(roles.CITY, COUNTY)).get("/t/grant/").status_code == 403


# --- bulk action -----------------------------------------------------------------------------------------------

def test_bulk_action_confirms_the_rows_in_scope_then_calls_the_service_once(county, make_user):
    a, b = make_user(roles.VILLAGE, VILLAGE_A), make_user(roles.VILLAGE, VILLAGE_B)
    outsider = make_user(roles.VILLAGE, VILLAGE_OTHER_COUNTY)
    client = client_for(county)
    listing = client.get("/t/users/?username=village").content.decode()
    assert f'name="ids" value="{a.pk}"' in listing and 'name="bulk" value="lock"' in listing
    ids = [a.pk, b.pk, outsider.pk]

    confirm = client.post("/t/users/?username=village", {"bulk": "lock", "ids": ids})
    html = confirm.content.decode()
    assert confirm.status_code == 200
    assert "将对以下 2 条记录执行“批量停用”" in html and "另有 1 条" in html
    assert "选中的账户将停用" in html and a.username in html and outsider.username not in html
    assert pages_urls.calls == []

    no_comment = client.post("/t/users/?username=village", {"bulk": "lock", "ids": ids, "confirm": "1"})
    assert no_comment.status_code == 422 and "请填写确认办理说明" in no_comment.content.decode()

    done = client.post("/t/users/?username=village",
                       {"bulk": "lock", "ids": ids, "confirm": "1", "comment": "人员调离"})
    assert done.status_code == 302 and done["Location"] == "/t/users/?username=village"
    assert pages_urls.calls == [("lock", county.username, sorted([a.pk, b.pk]), "人员调离")]
    assert "已批量停用 2 条" in client.get(done["Location"]).content.decode()


def test_bulk_action_rejects_bad_ids_unknown_actions_and_roles_without_the_permission(county, make_user):
    client = client_for(county)
    for ids in (["abc"], ["9" * 30], ["-3"]):
        assert client.post("/t/users/", {"bulk": "lock", "ids": ids}).status_code == 400
    assert client.post("/t/users/", {"bulk": "drop", "ids": [county.pk]}).status_code == 400
    nothing = client.post("/t/users/", {"bulk": "lock"})
    assert nothing.status_code == 302 and "请先勾选" in client.get("/t/users/").content.decode()
    city = client_for(make_user(roles.CITY, COUNTY))
    assert 'name="ids"' not in city.get("/t/users/").content.decode()
    assert city.post("/t/users/", {"bulk": "lock", "ids": [county.pk]}).status_code == 403
    assert pages_urls.calls == []


# --- detail page -----------------------------------------------------------------------------------------------

def test_detail_page_shows_names_and_labels_related_rows_and_hides_other_regions(county, make_user):
    clerk = make_user(roles.VILLAGE, VILLAGE_A, full_name="李协理")
    for i in range(5):
        entry(VILLAGE_A, clerk.username, "member_add" if i % 2 else "update")
    pages_urls_entries = pages_urls.entries_for(county).filter(actor_name=clerk.username)
    pages_urls_entries.update(actor_id=clerk.pk)
    client = client_for(county)
    html = client.get(f"/t/users/{clerk.pk}/").content.decode()
    assert "用户：" in html and f'<span title="{VILLAGE_A}">甲社区</span>' in html
    assert '<span title="village">村/社区协理员</span>' in html and ">是</dd>" in html
    assert "操作记录" in html and "添加成员" in html and "仅显示前 3 条" in html
    assert f'href="/t/users/{clerk.pk}/"' in html  # the declared action, with the object's id
    other = make_user(roles.VILLAGE, VILLAGE_OTHER_COUNTY)
    assert client.get(f"/t/users/{other.pk}/").status_code == 404
    assert client.get(f"/t/users/{'9' * 30}/").status_code == 404


# --- import page -----------------------------------------------------------------------------------------------

def test_import_uploads_runs_the_job_and_offers_a_chinese_error_report(county, make_user, tmp_path):
    upload = tmp_path / "区划.csv"
    upload.write_text('区划代码,名称\n330902001001,甲社区\n12345,错码\n"=HYPERLINK(""x"")",公式\n', encoding="utf-8")
    client = client_for(county)
    assert "开始导入" in client.get("/t/import/").content.decode()
    with upload.open("rb") as fh:
        response = client.post("/t/import/", {"file": fh})
    job = Job.objects.get(kind="test_pages_import")
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert job.status == "done" and job.created_by == county
    page = client.get(response["Location"]).content.decode()
    assert "正确行数" in page and "下载错误报告" in page
    download = client.get(f"/jobs/{job.pk}/report/")
    assert download.status_code == 200 and download["Cache-Control"] == "no-store"
    report = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    rows = [[c.value for c in row] for row in report.iter_rows()]
    assert rows[0] == ["行号", "列", "原值", "原因"]
    assert rows[1][:3] == [3, "区划代码", "12345"] and "格式不正确" in rows[1][3]
    assert rows[2][2] == "'=HYPERLINK(\"x\")"  # the file's own text, defused in the report
    assert report.cell(4, 3).data_type != "f"
    assert not StoredFile.objects.filter(category="import").exists()  # the upload is gone once read
    other = make_user(roles.COUNTY, COUNTY)  # same region, not the owner: the report is not theirs
    assert client_for(other).get(f"/jobs/{job.pk}/report/").status_code == 404


def test_import_rejects_other_file_types_and_roles_without_the_permission(county, make_user, tmp_path):
    bad = tmp_path / "名单.pdf"
    bad.write_bytes(b"%PDF-1.4")
    with bad.open("rb") as fh:
        response = client_for(county).post("/t/import/", {"file": fh})
    assert response.status_code == 422 and "只能上传 .xlsx 或 .csv 文件" in response.content.decode()
    assert client_for(county).post("/t/import/", {}).status_code == 422
    assert not Job.objects.filter(kind="test_pages_import").exists()
    assert client_for(make_user(roles.CITY, COUNTY)).get("/t/import/").status_code == 403

