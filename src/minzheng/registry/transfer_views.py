"""Pages for bulk data: upload a household file (runs as a background job with progress), download the template,
export filtered lists (masked; scoped; audited)."""

from __future__ import annotations

import tempfile
import uuid
from pathlib import Path

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from minzheng import home
from minzheng.core import jobs, roles
from minzheng.core.errors import Forbidden
from minzheng.core.forms import StyledForm
from minzheng.registry import exports, imports, services  # noqa: F401  (imports registers its job)

ALLOWED = {".xlsx", ".csv"}


class UploadForm(StyledForm):
    file = forms.FileField(label=_("家庭成员花名册（.xlsx 或 .csv）"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in ALLOWED:
            raise forms.ValidationError("只能上传 .xlsx 或 .csv 文件")
        return upload


@login_required
@require_http_methods(["GET", "POST"])
def import_households(request):
    services.require_change(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        target = home.home_dir("uploads", "imports") / f"{uuid.uuid4().hex}{Path(upload.name).suffix.lower()}"
        with target.open("wb") as fh:
            for chunk in upload.chunks():
                fh.write(chunk)
        job = jobs.submit("import_households", request.user, {"path": str(target), "name": upload.name})
        jobs.run_in_background(job)
        return redirect("job_detail", job_id=job.pk)
    return render(request, "registry/import_form.html", {"form": form})


@login_required
def import_template(request):
    path = exports.write_template(Path(tempfile.mkdtemp()) / "家庭成员导入模板.xlsx")
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)


@login_required
def export_households(request):
    """Export the households of the filtered region (default: the user's whole region), masked."""
    if not roles.has_perm(request.user, "people.export"):
        raise Forbidden("您的角色无权导出人员数据")
    fmt = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    out = Path(tempfile.mkdtemp()) / f"家庭成员-{request.GET.get('region_code') or request.user.region_id}.{fmt}"
    exports.export_households(request.user, out, region_code=request.GET.get("region_code", "").strip())
    return FileResponse(out.open("rb"), as_attachment=True, filename=out.name)
