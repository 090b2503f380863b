"""Bulk data pages: upload a household file (a background job with progress and a per-row error report), the
import template, and the household roster export (the import file's columns, masked, scoped, audited)."""

from __future__ import annotations

import io
import tempfile

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.views.decorators.http import require_GET

from minzheng import home
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
    buffer = io.BytesIO()
    exports.write_template(buffer)
    buffer.seek(0)
    return FileResponse(buffer, as_attachment=True, filename="家庭成员导入模板.xlsx")


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
    name = f"家庭成员-{region or request.user.region_id}.{fmt}"
    # In memory (an unnamed, already unlinked file under MINZHENG_HOME/tmp past 64 MB): no copy stays anywhere.
    handle = tempfile.SpooledTemporaryFile(max_size=64 * 1024 * 1024, dir=home.home_dir("tmp"))  # noqa: SIM115
    try:
        exports.export_households(request.user, handle, region_code=region, name=name)
    except BaseException:
        handle.close()
        raise
    handle.seek(0)
    response = FileResponse(handle, as_attachment=True, filename=name)
    response.headers["Cache-Control"] = "no-store"
    return response
