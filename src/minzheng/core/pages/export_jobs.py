"""Large list exports as background jobs (a village's 149,317 people took 22 s alone, 83–95 s under load, inside a
web worker).

A list page's export of more than MINZHENG_EXPORT_INLINE_ROWS rows (default 10,000; counted with a LIMIT, like the
pager) is not built in the request: the request submits a `list_export` job and sends the officer to the job's
progress page. The job's parameters are the page's URL name and arguments, the query string and the format — text,
never a queryset. The job replays that request, as the user who made it, through the page's own view: the rows come
from the page's selector, filter set and ordering exactly as inline (the one scoping rule, the user's role and region
as they are when the job runs; masked columns masked, cells formula-safe), and a user who lost the right to export
gets a failed job, not a file.

The file goes into the encrypted file store as it is written (category "export": owner-only, expiring; no plaintext
on disk, not even a temporary file) and is downloaded from the job page (core.views.jobs.job_export). The audit entry
is the inline export's (rows, format, masked filters) with the job's id, written once the file is complete. The same
request again (a refresh, a double click) while its job is queued or running returns that job."""

from __future__ import annotations

import hashlib
import json
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
from django.urls import resolve, reverse

from minzheng.core import filestore, jobs
from minzheng.core.models import Job, User
from minzheng.core.pages import export
from minzheng.core.spreadsheets import XLSX_TYPE

KIND = "list_export"
NOT_EXPORTED = ("export", "page")  # query parameters that do not change which rows are exported
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "xlsx": XLSX_TYPE}
CHUNK = export.CHUNK  # rows read per query, and between two progress reports


FINISHED = "audited"  # the checkpoint holding the job's file once it is written and audited


def inline_rows() -> int:
    """Exports of up to this many rows stream from the request as before; larger ones become a job."""
    return int(getattr(settings, "MINZHENG_EXPORT_INLINE_ROWS", 10_000))


def _query(request) -> str:
    # Parameters by name (values in the order given): the same filters in another order are the same export.
    pairs = sorted(((k, v) for k, values in request.GET.lists() if k not in NOT_EXPORTED for v in values),
                   key=lambda kv: kv[0])
    return urlencode(pairs)


def submit(request, fmt: str, title: str) -> Job | None:
    """The background job for this export request: a new one, started, or the same request's job still queued or
    running. None for a page that cannot be replayed (no URL name): it exports inline. `title` is only shown on the
    job's page."""
    match = request.resolver_match
    if match is None or not match.url_name:
        return None
    params = {"view": match.view_name, "args": list(match.args), "kwargs": match.kwargs, "query": _query(request),
              "format": fmt}
    key = hashlib.sha256(json.dumps(params, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    job, created = jobs.submit_once(KIND, request.user, {**params, "title": title}, key)
    if created:
        jobs.run_in_background(job)
    return job


def write(job: Job, progress, user, queryset, *, table_class, fmt: str, title: str, object_type: str,
          filters: dict) -> dict:
    """The export file of a job, written into the encrypted store chunk by chunk with progress, then audited. The
    audit entry and the job's record of its file commit together (a checkpoint): an attempt retried after that point
    (its row not yet marked done) returns the same file instead of writing and auditing a second one."""
    finished = ((job.result or {}).get("steps") or {}).get(FINISHED)
    if finished:
        return finished
    total = queryset.count()
    name = export.export_filename(title, fmt)
    progress(0, total, "正在导出")

    def chunk_done(done: int) -> None:
        progress(done, total, f"已导出 {done}/{total} 行")

    data = export.rows(table_class, queryset, CHUNK, on_chunk=chunk_done)
    header = export.headers(table_class)
    with filestore.writer("export", name, actor=user, content_type=CONTENT_TYPES[fmt]) as out:
        count = (export.write_xlsx(out, header, data, title) if fmt == "xlsx"
                 else export.write_csv(out, header, data))
    result = {"export_file": out.stored.pk, "name": name, "rows": count, "format": fmt,
              "display": [["导出行数", count], ["文件", name]]}

    def audited() -> dict:
        export.record(user, object_type, count, fmt, filters, job=job.pk)
        return result

    try:
        return progress.checkpoint(FINISHED, audited)
    except Exception:
        filestore.delete(out.stored)  # no file without its audit entry
        raise


class ExportFailed(Exception):
    """The replayed page answered with an error page instead of rows (its message is in Chinese)."""


def _request(user, path: str, match, query: str, fmt: str) -> HttpRequest:
    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = path
    request.user = user
    request.resolver_match = match
    request.GET = QueryDict(query, mutable=True)
    request.GET["export"] = fmt
    return request


@jobs.job(KIND, restartable=True)  # a rerun before the checkpoint writes a new file; the store drops an unfinished one
def run_export(job: Job, progress) -> dict:
    from minzheng.core.pages.lists import ListPage  # lists imports this module

    user = User.objects.filter(pk=job.created_by_id, is_active=True).first()
    if user is None:
        raise ExportFailed("发起导出的账户已不存在或已停用")
    p = job.params
    path = reverse(p["view"], args=p.get("args", ()), kwargs=p.get("kwargs", {}))
    match = resolve(path)
    view_class = getattr(match.func, "view_class", None)
    if view_class is None or not issubclass(view_class, ListPage):
        raise ExportFailed("该页面不是可导出的列表")
    request = _request(user, path, match, p.get("query", ""), p["format"])
    view = view_class(**match.func.view_initkwargs)
    view.export_job = (job, progress)
    view.setup(request, *match.args, **match.kwargs)
    result = view.dispatch(request, *match.args, **match.kwargs)
    if isinstance(result, HttpResponse):  # e.g. a filter value no longer valid (422), an unknown format (400)
        raise ExportFailed(f"列表页面拒绝了导出条件（{result.status_code}），请返回列表重新筛选后导出")
    return result
