"""Job pages: a progress bar that polls (HTMX) until the job is done, then the result and its report. A job, its
progress and its report are seen only by whoever started it (core.selectors.jobs_for); the report itself is an
encrypted stored file (core.filestore), served decrypted to its owner only, never cached."""

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


@login_required
def job_report(request, job_id: int):
    job = selectors.get_job(request.user, job_id)
    file_id = (job.result or {}).get("report_file")
    if not file_id:
        raise Http404
    try:
        return filestore.download_response(request.user, file_id)
    except NotFound:
        raise Http404 from None
