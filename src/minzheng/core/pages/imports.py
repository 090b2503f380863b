"""The generic import page: upload an .xlsx/.csv, run it as a background job, follow it on the job's page.

    class HouseholdImport(ImportPage):
        title = "导入家庭成员"
        permission = "people.change"
        job_kind = "import_households"                 # registered with @core.jobs.job("import_households")
        template_url = "import_template"               # URL name of the template download

The upload is kept SM4-encrypted in the file store (core.filestore, category "import") until the job has read it;
the job function opens it with `with uploaded_file(job) as (fh, name):`, reports rejected rows with
`core.spreadsheets.RowError` and returns `job_result(...)`: the summary shown under the progress bar and the per-row
Chinese error report to download (also kept encrypted, for its owner only, and expiring)."""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.shortcuts import redirect
from django.urls import reverse

from minzheng.core import error_reports, filestore, jobs, spreadsheets
from minzheng.core.filestore import uploaded_file  # noqa: F401 (the job functions' way to open the upload)
from minzheng.core.forms import StyledForm
from minzheng.core.pages.base import Page


class UploadForm(StyledForm):
    file = forms.FileField(label="导入文件（.xlsx 或 .csv）",
                           error_messages={"required": "请选择要上传的文件", "empty": "上传的文件是空的",
                                           "invalid": "没有收到文件，请重新选择"})

    def __init__(self, *args, suffixes=(".xlsx", ".csv"), max_bytes=50 * 1024 * 1024, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.suffixes, self.max_bytes = suffixes, max_bytes
        if label:
            self.fields["file"].label = label

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in self.suffixes:
            raise forms.ValidationError(f"只能上传 {' 或 '.join(self.suffixes)} 文件")
        if upload.size > self.max_bytes:
            raise forms.ValidationError(f"文件过大：最大 {self.max_bytes // (1024 * 1024)} MB")
        return upload


class ImportPage(Page):
    template_name = "core/pages/import.html"
    job_kind = ""
    template_url: str | None = None
    help_text = ""
    file_label = "导入文件（.xlsx 或 .csv）"
    suffixes = (".xlsx", ".csv")
    max_bytes = 50 * 1024 * 1024

    upload_category = "import"

    def job_params(self, stored, upload) -> dict:
        return {"file_id": stored.pk, "name": upload.name}

    def make_form(self, data=None, files=None):
        return UploadForm(data, files, suffixes=self.suffixes, max_bytes=self.max_bytes, label=self.file_label)

    def page(self, form, status=200):
        template = reverse(self.template_url) if self.template_url else ""
        return self.render({"form": form, "help_text": self.help_text, "template_link": template}, status=status)

    def get(self, request, *args, **kwargs):
        return self.page(self.make_form())

    def post(self, request, *args, **kwargs):
        form = self.make_form(request.POST, request.FILES)
        if not form.is_valid():
            return self.page(form, status=422)
        upload = form.cleaned_data["file"]
        stored = filestore.save(upload.chunks(), category=self.upload_category, name=upload.name,
                                actor=request.user)
        job = jobs.submit(self.job_kind, request.user, self.job_params(stored, upload))
        jobs.run_in_background(job)
        return redirect("job_detail", job_id=job.pk)


def job_result(display: list[tuple[str, object]], errors: list[spreadsheets.RowError], name: str,
               actor=None) -> dict:
    """A job's result as the progress page shows it: the summary pairs and, when rows were rejected, the report
    (a stored file id; `core.views.jobs.job_report` serves it to the job's owner)."""
    result = {"display": [[label, value] for label, value in display], "errors": len(errors)}
    if errors:
        result["report_file"] = error_reports.store(errors, name, actor).pk
    return result
