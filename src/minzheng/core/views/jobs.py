"""Job pages: a progress bar that polls (HTMX) until the job is done, then the result and its report or export file. A
job, its progress and its files are seen only by whoever started it (core.selectors.jobs_for); each file is an
encrypted stored file (core.filestore), served decrypted to its owner only (the store checks again), never cached."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from minzheng.core import filestore, jobs, selectors
from minzheng.core.errors import NotFound


@login_required
def job_detail(request, job_id: int):
    job = jobs.check_stale(selectors.get_job(request.user, job_id))  # interrupted: failed, not "running" forever
    template = "core/_job_progress.html" if request.htmx else "core/job_detail.html"
    return render(request, template, {"job": job})


def _stored_file(request, job_id: int, key: str):
    job = selectors.get_job(request.user, job_id)
    file_id = (job.result or {}).get(key)
    if not file_id:
        raise Http404
    try:
        return filestore.download_response(request.user, file_id)
    except NotFound:  # expired and cleaned up, or not the user's
        raise Http404 from None


@login_required
def job_report(request, job_id: int):
    return _stored_file(request, job_id, "report_file")


@login_required
def job_export(request, job_id: int):
    """The file of a large list export (core.pages.export_jobs)."""
    return _stored_file(request, job_id, "export_file")
