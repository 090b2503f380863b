"""Pages: 核实待办 (findings list with month/rule/status/region (subtree) filters, scoped), a finding's page where the township
confirms (→ the entitlement change) or dismisses with a reason, the printable verification report, the request
button target, and the feed upload page (a background job with progress)."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from minzheng import home
from minzheng.core import jobs, roles
from minzheng.core.errors import ValidationFailed
from minzheng.core.forms import StyledForm
from minzheng.core.views import require
from minzheng.verification import feeds, findings, kinds, report, comparison_rules  # noqa: F401 (feeds registers its job)
from minzheng.verification.models import CONCLUSIONS, FINDING_OUTCOMES, FINDING_STATUS


@login_required
def finding_list(request):
    f = request.GET
    try:
        qs = findings.findings_for(request.user, f.get("month", "").strip(), f.get("rule", ""),
                                   f.get("status", "open") if "status" in f else "open",
                                   f.get("region_code", "").strip())
    except ValidationFailed as exc:
        messages.error(request, exc.errors[0].message)
        qs = findings.findings_for(request.user)
    page = Paginator(qs.select_related("person"), 50).get_page(f.get("page"))
    return render(request, "verification/finding_list.html", {
        "page": page, "filters": f, "status_value": f.get("status", "open"),
        "rules": [(r.code, r.label) for r in comparison_rules.RULES.values()], "statuses": list(FINDING_STATUS.items()),
        "perms_manage": roles.has_perm(request.user, "verification.manage")})


@login_required
@require_http_methods(["GET", "POST"])
def finding_detail(request, finding_id: int):
    finding = findings.get_finding(request.user, finding_id)
    errors = []
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "dismiss":
                findings.dismiss(request.user, finding.pk, request.POST.get("reason", ""))
                messages.success(request, "已排除该疑点")
            else:
                data = {k: request.POST.get(k, "").strip() for k in ("effective_month", "reason", "notice_on",
                                                                     "new_amount") if request.POST.get(k, "").strip()}
                findings.confirm(request.user, finding.pk, request.POST.get("outcome", ""), data)
                messages.success(request, "已确认疑点属实并办理待遇变更")
            return redirect("finding_detail", finding_id=finding.pk)
        except ValidationFailed as exc:
            errors = [e.message for e in exc.errors]
    return render(request, "verification/finding_detail.html", {
        "f": finding, "rule": comparison_rules.RULES[finding.rule], "status_label": FINDING_STATUS[finding.status],
        "outcomes": list(FINDING_OUTCOMES.items()), "errors": errors, "post": request.POST,
        "can_handle": roles.has_perm(request.user, "findings.handle") and finding.status == "open"})


@login_required
def report_detail(request, report_id: int):
    rep = report.get_report(request.user, report_id)
    return render(request, "verification/report.html", {"r": rep, "conclusion": CONCLUSIONS[rep.conclusion],
                                                        "labels": {k.code: k.label for k in kinds.KINDS.values()}})


@login_required
@require_http_methods(["POST"])
def report_request(request, case_id: int):
    rep = report.request_report(request.user, case_id)
    return redirect("verification_report", report_id=rep.pk)


class FeedForm(StyledForm):
    kind = forms.ChoiceField(label=_("数据类别"), choices=[(k.code, f"{k.label}（{k.department}）")
                                                         for k in kinds.KINDS.values()])
    as_of = forms.DateField(label=_("数据日期"), widget=forms.DateInput(attrs={"type": "date"}))
    file = forms.FileField(label=_("数据文件（.csv、.xlsx 或 .parquet）"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in (".csv", ".xlsx", ".parquet"):
            raise forms.ValidationError("只能上传 .csv、.xlsx 或 .parquet 文件")
        return upload


@login_required
@require_http_methods(["GET", "POST"])
def feed_upload(request):
    require(request.user, "verification.manage")
    form = FeedForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        target = home.home_dir("uploads", "feeds") / f"{uuid.uuid4().hex}{Path(upload.name).suffix.lower()}"
        with target.open("wb") as fh:
            for chunk in upload.chunks():
                fh.write(chunk)
        job = jobs.submit("feeds_load", request.user, {"kind": form.cleaned_data["kind"], "path": str(target),
                                                       "as_of": form.cleaned_data["as_of"].isoformat(),
                                                       "name": upload.name})
        jobs.run_in_background(job)
        return redirect("job_detail", job_id=job.pk)
    from minzheng.verification.models import FeedSnapshot

    recent = FeedSnapshot.objects.order_by("-loaded_at")[:20]
    return render(request, "verification/feed_upload.html", {"form": form, "recent": recent,
                                                             "labels": {k.code: k.label for k in kinds.KINDS.values()},
                                                             "today": dt.date.today()})
