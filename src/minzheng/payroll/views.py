"""Payroll pages: the list with generation (a background job), a payroll's detail with its approval steps, bank
file download and return upload, the failed-payment work list, and funds statistics with a chart and Excel."""

from __future__ import annotations

import tempfile
import uuid
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from minzheng import home
from minzheng.benefits.catalogue import PROGRAMS
from minzheng.benefits import programs
from minzheng.core import clock, jobs, roles
from minzheng.core.errors import Forbidden, ValidationFailed
from minzheng.core.spreadsheets import UnreadableFile
from minzheng.core.views import require
from minzheng.payroll import (
    export,
    generate,
    layouts,
    reconcile,
    selectors,
    stats,
    workflow,
)
from minzheng.payroll.models import KINDS, LINE_STATUS, STATUS


def _programs():
    return [(p, PROGRAMS.get(p, p)) for p in programs.payable()]


@login_required
@require_http_methods(["GET", "POST"])
def payroll_list(request):
    require(request.user, "payroll.view")
    if request.method == "POST":
        if not roles.has_perm(request.user, "payroll.generate"):
            raise Forbidden("您的角色不能生成发放名册")
        params = {k: request.POST.get(k, "").strip() for k in ("month", "program", "region_code")}
        try:
            generate.parse_month(params["month"])
            generate.programs_of(params["program"])
        except ValidationFailed as exc:
            for err in exc.errors:
                messages.error(request, err.message)
            return redirect("payroll_list")
        job = jobs.submit("payroll_generate", request.user, params)
        jobs.run_in_background(job)
        return redirect("job_detail", job_id=job.pk)
    f = {k: request.GET.get(k, "").strip() for k in ("month", "program", "status", "region_code")}
    try:
        qs = selectors.search(request.user, **f)
    except ValidationFailed as exc:
        messages.error(request, exc.errors[0].message)
        qs = selectors.search(request.user)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "payroll/payroll_list.html", {
        "page": page, "filters": f, "programs": _programs(), "statuses": list(STATUS.items()),
        "can_generate": roles.has_perm(request.user, "payroll.generate"),
        "this_month": f"{clock.today():%Y-%m}", "pending": workflow.pending_payrolls(request.user)[:20],
        "tasks": workflow.PENDING_TASK})


@login_required
def payroll_detail(request, payroll_id: int):
    p = workflow.get_payroll(request.user, payroll_id)
    f = {k: request.GET.get(k, "").strip() for k in ("kind", "status")}
    page = Paginator(selectors.lines(request.user, p, **f).select_related("payee"), 50).get_page(request.GET.get("page"))
    return render(request, "payroll/payroll_detail.html", {
        "p": p, "page": page, "filters": f, "kinds": selectors.kind_totals(p), "statuses": selectors.status_totals(p),
        "kind_choices": list(KINDS.items()), "status_choices": list(LINE_STATUS.items()),
        "actions": [(a, workflow.ACTIONS[a]) for a in workflow.allowed_actions(request.user, p)],
        "can_export": roles.has_perm(request.user, "payroll.export") and p.locked,
        "can_reconcile": roles.has_perm(request.user, "payroll.reconcile") and p.status in ("exported", "reconciled"),
        "layouts": [(k, v["name"]) for k, v in layouts.all_layouts().items()],
        "returns": p.returns.order_by("-id")[:10], "status_label": STATUS[p.status]})


@login_required
@require_POST
def payroll_act(request, payroll_id: int):
    workflow.act(request.user, payroll_id, request.POST.get("action", ""), request.POST.get("note", ""))
    messages.success(request, "已办理")
    return redirect("payroll_detail", payroll_id=payroll_id)


@login_required
@require_POST
def payroll_export(request, payroll_id: int):
    fmt = request.POST.get("format", "csv")
    reissue = request.POST.get("reissue") == "1"
    target = home.home_dir("exports", "payroll") / f"payroll-{payroll_id}-{uuid.uuid4().hex[:8]}.{fmt}"
    try:
        export.export(request.user, payroll_id, fmt, target, layout=request.POST.get("layout") or None,
                      reissue=reissue)
    except ValidationFailed as exc:
        messages.error(request, exc.errors[0].message)
        return redirect("payroll_detail", payroll_id=payroll_id)
    name = f"代发文件-{payroll_id}{'-重发' if reissue else ''}.{fmt}"
    return FileResponse(target.open("rb"), as_attachment=True, filename=name)


@login_required
@require_POST
def payroll_reconcile(request, payroll_id: int):
    upload = request.FILES.get("file")
    if upload is None or Path(upload.name).suffix.lower() not in (".csv", ".xlsx", ".txt"):
        messages.error(request, "请上传 .csv、.txt 或 .xlsx 格式的回盘文件")
        return redirect("payroll_detail", payroll_id=payroll_id)
    target = home.home_dir("uploads", "returns") / f"{uuid.uuid4().hex}{Path(upload.name).suffix.lower()}"
    with target.open("wb") as fh:
        for chunk in upload.chunks():
            fh.write(chunk)
    try:
        out = reconcile.reconcile(request.user, payroll_id, target, layout=request.POST.get("layout") or None)
    except UnreadableFile as exc:
        messages.error(request, f"无法读取回盘文件：{exc}")
        return redirect("payroll_detail", payroll_id=payroll_id)
    messages.success(request, f"回盘 {out['rows']} 笔：成功 {out['paid']}，失败 {out['failed']}，名册中无此笔 "
                              f"{out['unknown']}，重复 {out['duplicate']}，已对过账 {out['already']}，金额不符 "
                              f"{out['amount_mismatch']}")
    return redirect("payroll_detail", payroll_id=payroll_id)


@login_required
@require_http_methods(["GET", "POST"])
def failed_list(request):
    require(request.user, "payroll.view")
    if request.method == "POST":
        try:
            reconcile.fix_account(request.user, request.POST.get("payroll_id"), request.POST.get("entitlement_id"),
                                  request.POST.get("account", ""), request.POST.get("bank_name", ""))
            messages.success(request, "已更正账号，待重发")
        except ValidationFailed as exc:
            messages.error(request, exc.errors[0].message)
        return redirect("payroll_failed")
    rows = reconcile.failed_out(reconcile.failed_lines(request.user)[:500])
    return render(request, "payroll/failed_list.html", {"rows": rows,
                                                         "can_fix": roles.has_perm(request.user, "payroll.generate")})


@login_required
def funds(request):
    require(request.user, "payroll.view")
    f = {k: request.GET.get(k, "").strip() for k in ("month", "program", "region_code", "level")}
    try:
        result = stats.funds(request.user, month=f["month"] or None, program=f["program"],
                             region_code=f["region_code"], level=f["level"] or "township")
    except ValidationFailed as exc:
        messages.error(request, exc.errors[0].message)
        result = stats.funds(request.user)
    if request.GET.get("download") == "xlsx":
        path = stats.write_xlsx(result, Path(tempfile.mkdtemp()) / f"资金发放统计-{result['to']}.xlsx")
        from minzheng.core import audit

        audit.record(request.user, audit.Event("export", "funds_stats", "", request.user.region_id,
                                               {"to": [None, result["to"]], "lines": [None, result["lines"]],
                                                "total": [None, result["total"]]}))
        return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)
    return render(request, "payroll/funds.html", {
        "r": result, "filters": f, "programs": _programs(),
        "levels": [("city", "市"), ("county", "县(区)"), ("township", "乡镇(街道)"), ("village", "村(社区)")],
        "chart_months": stats.bar_chart(result["by_month"]), "chart_programs": stats.bar_chart(result["by_program"])})
