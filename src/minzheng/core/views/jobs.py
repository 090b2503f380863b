"""Job pages: a progress bar that polls (HTMX) until the job is done, then the result and its report. A job, its
progress and its report are seen only by whoever started it (core.selectors.jobs_for)."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import render

from minzheng.core import jobs, selectors


@login_required
def job_detail(request, job_id: int):
    job = jobs.check_stale(selectors.get_job(request.user, job_id))  # interrupted: failed, not "running" forever
    template = "core/_job_progress.html" if request.htmx else "core/job_detail.html"
    return render(request, template, {"job": job})


@login_required
def job_report(request, job_id: int):
    job = selectors.get_job(request.user, job_id)
    path = Path(job.result.get("report", "")) if job.result else None
    if not path or not path.is_file():
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)
