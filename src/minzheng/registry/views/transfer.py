"""Bulk data pages: upload a household file (a background job with progress and a per-row error report), the
import template, and the household roster export (the import file's columns, masked, scoped, audited)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.views.decorators.http import require_GET

from minzheng.core import regioncodes, roles
from minzheng.core.errors import Forbidden
from minzheng.core.pages.base import error_page
from minzheng.core.pages.imports import ImportPage
from minzheng.registry import exports


class HouseholdImport(ImportPage):
    title = "导入家庭成员"
    permission = "people.change"
    job_kind = "import_households"  # registry.imports: validates every row, imports good households whole
    template_url = "import_template"
    file_label = "家庭成员花名册（.xlsx 或 .csv）"
    help_text = ("每行一人；同一户填写相同的户编号，每户有且只有一名户主。整户有错误时整户不导入，其他户照常导入；"
                 "错误行会列在报告中。重复导入同一文件不会产生重复数据。")


@login_required
@require_GET
def import_template(request):
    if not roles.has_perm(request.user, "people.change"):  # the import page's own permission
        raise Forbidden("您的角色无权导入人员数据")
    path = exports.write_template(Path(tempfile.mkdtemp()) / "家庭成员导入模板.xlsx")
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)


@login_required
@require_GET
def export_households(request):
    """The members of the households of a region (default: the user's whole region), one row per person in the
    import file's columns, masked. `?format=xlsx` for Excel, CSV otherwise."""
    if not roles.has_perm(request.user, "people.export"):
        raise Forbidden("您的角色无权导出人员数据")
    fmt = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    raw = request.GET.get("region_code", "").strip()[:20]
    try:
        region = regioncodes.normalize(raw) if raw else ""  # before it names the file
    except regioncodes.RegionCodeError as exc:
        return error_page(request, 422, str(exc))
    out = Path(tempfile.mkdtemp()) / f"家庭成员-{region or request.user.region_id}.{fmt}"
    exports.export_households(request.user, out, region_code=region)
    return FileResponse(out.open("rb"), as_attachment=True, filename=out.name)
