"""Pages of the place-name app, mounted at /placenames/ (PlacenamesConfig.url_prefix): the place-name database
(list with search and export, a place's page, register, pinyin correction), naming and renaming applications (list,
accept, the steps on the application's page, the printable standard-name certificate), standard addresses and
doorplates (lists, the printable QR label, the scan page), division-change proposals with their R-L-31 artefacts,
boundaries (lines, markers, disputes) and the offline map with its GeoJSON and CSV export. The entry pages of
boundaries are in views.boundary_pages; of addresses, doorplates and region outlines in views.address_pages.
Reads through placenames.selectors, writes through placenames.services."""

from __future__ import annotations

import io
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from minzheng.core import audit, clock, roles, spreadsheets
from minzheng.core.errors import Forbidden, NotFound, ServiceError, ValidationFailed
from minzheng.core.pages.base import Page, PageAction
from minzheng.core.pages.columns import CodeColumn, DateColumn, RegionColumn, TextColumn
from minzheng.core.pages.detail import DetailPage, Related, Section
from minzheng.core.pages.forms import ServiceFormPage
from minzheng.core.pages.lists import ListPage
from minzheng.placenames import codes, filters, forms, selectors
from minzheng.placenames.services import addresses, applications, divisions, places
from minzheng.placenames.tables import (
    AddressTable,
    ApplicationTable,
    DisputeTable,
    DoorplateTable,
    LineTable,
    MarkerTable,
    PlaceNamePhotoTable,
    PlaceNameTable,
    ProposalTable,
    SegmentTable,
)

VIEW = "placenames.view"
LISTS = [PageAction("placenames_list", "地名", None, style="outline-secondary"),
         PageAction("placenames_applications", "命名更名", None, style="outline-secondary"),
         PageAction("placenames_addresses", "标准地址", None, style="outline-secondary"),
         PageAction("placenames_doorplates", "门牌", None, style="outline-secondary"),
         PageAction("placenames_proposals", "区划调整", None, style="outline-secondary"),
         PageAction("placenames_lines", "界线", None, style="outline-secondary"),
         PageAction("placenames_outlines", "区划界域", None, style="outline-secondary"),
         PageAction("placenames_map", "地图", None, style="outline-secondary")]


def _lists(exclude: str) -> list[PageAction]:
    return [a for a in LISTS if a.url_name != exclude]


# ---- place names ----------------------------------------------------------------------------------------------------


class PlaceNameList(ListPage):
    title = "地名"
    description = ("地名信息库：标准名称、GB/T 18521 类别、汉语拼音（可校正多音字）、别名和历史名称、"
                   "所在区划与空间位置。可按中文、全拼或首字母查询（如 dhq、dinghai）。不规范地名列明清理整治任务。")
    permission = VIEW
    selector = staticmethod(selectors.placenames_for)
    filterset_class = filters.PlaceNameFilters
    table_class = PlaceNameTable
    ordering = ("region_id", "name", "id")
    export_permission = VIEW
    export_object = "placename"
    empty_text = "没有符合条件的地名"
    actions = [PageAction("placenames_create", "登记地名", "placenames.change"), *_lists("placenames_list")]


class PlaceNameDetail(DetailPage):
    title = "地名"
    permission = VIEW
    selector = staticmethod(selectors.get_placename)
    sections = [Section("地名", {
        "name": TextColumn("标准名称"), "pinyin": TextColumn("汉语拼音"), "roman": TextColumn("罗马字母拼写"),
        "initials": TextColumn("首字母"), "category__name": TextColumn("类别"),
        "region_id": RegionColumn("所在区划"), "status": CodeColumn(codes.STATUS, "状态"),
        "cleanup_task": TextColumn("清理整治任务"), "meaning": TextColumn("含义", wrap=True),
        "history_notes": TextColumn("历史沿革和文化内涵", wrap=True)})]
    related = [
        Related("别名和历史名称", type("AliasTable", (SegmentTable,), {
            "seq": None, "description": None, "name": TextColumn("名称"),
            "form": CodeColumn(codes.NAME_FORMS, "形式"), "valid_from": DateColumn("起用"),
            "valid_to": DateColumn("停用"), "Meta": type("Meta", (), {"fields": ()})}),
            lambda user, obj: selectors.aliases_of([obj.pk]).get(obj.pk, []), empty_text="无"),
        Related("名称变更记录", type("ChangeTable", (SegmentTable,), {
            "seq": None, "description": None, "changed_on": DateColumn("日期"), "old_name": TextColumn("原名称"),
            "new_name": TextColumn("新名称"), "note": TextColumn("说明")}),
            lambda user, obj: selectors.changes_of(obj), empty_text="无"),
        Related("照片", PlaceNamePhotoTable, lambda user, obj: selectors.photos_of(obj).order_by("id"),
                limit=50, empty_text="暂无照片"),
        Related("使用该名称的标准地址", AddressTable, lambda user, obj: obj.addresses.order_by("full_text"),
                limit=50, empty_text="无"),
    ]
    actions = [PageAction("placenames_pinyin", "校正多音字读音", "placenames.change", url_args=("pk",),
               style="outline-primary"),
               PageAction("placenames_photo_upload", "上传照片", "placenames.change", url_args=("pk",),
                          style="outline-primary"),
               PageAction("placenames_application_create", "受理更名申请", "placenames.change",
                          style="outline-primary")]


class PlaceNameCreate(ServiceFormPage):
    title = "登记地名"
    description = "拼音由系统按名称生成，多音字读错的可在地名页校正（校正在重新生成时保留）。"
    permission = "placenames.change"
    form_class = forms.PlaceNameForm
    service = staticmethod(places.create)
    submit_label = "登记"
    success_message = "已登记地名"
    success_url = staticmethod(lambda row: reverse("placenames_detail", args=[row.pk]))


class PinyinCorrect(ServiceFormPage):
    title = "校正多音字读音"
    description = "指明第几个字（从0起计）及其正确读音；重新生成拼音时保留校正。"
    permission = "placenames.change"
    form_class = forms.CorrectionForm
    object_selector = staticmethod(selectors.get_placename)
    service = staticmethod(places.correct_pinyin)
    submit_label = "保存"
    success_message = "已校正读音"
    success_url = staticmethod(lambda row: reverse("placenames_detail", args=[row.pk]))


# ---- applications ---------------------------------------------------------------------------------------------------


class ApplicationList(ListPage):
    title = "地名命名更名"
    description = ("受理 → 专家论证 → 公示征求意见（按设定天数，期满后方可审批）→ 按层级审批 → 公告并颁发标准地名证书；"
                   "更名后使用该名称的标准地址同步改写。")
    permission = VIEW
    selector = staticmethod(selectors.applications_for)
    filterset_class = filters.ApplicationFilters
    table_class = ApplicationTable
    ordering = ("-id",)
    export_permission = VIEW
    export_object = "naming_application"
    empty_text = "没有命名更名申请"
    actions = [PageAction("placenames_application_create", "受理申请", "placenames.change"),
               *_lists("placenames_applications")]


class ApplicationCreate(ServiceFormPage):
    title = "受理地名命名更名申请"
    permission = "placenames.change"
    form_class = forms.ApplicationForm
    service = staticmethod(applications.submit)
    submit_label = "受理"
    success_message = "已受理申请"
    success_url = staticmethod(lambda row: reverse("placenames_application", args=[row.pk]))


@login_required
def application_page(request, pk: int):
    """An application with the step that is due next (a function view: several action forms on one page)."""
    if not roles.has_perm(request.user, VIEW):
        raise Forbidden("您的角色无权查看区划地名")
    app = selectors.get_application(request.user, pk)
    may_act = roles.has_perm(request.user, "placenames.change")
    may_decide = roles.has_perm(request.user, "placenames.approve")
    today = clock.today()
    return render(request, "placenames/application.html", {
        "title": f"{codes.APPLICATION_KINDS[app.kind]}申请：{app.proposed_name}", "app": app,
        "kind": codes.APPLICATION_KINDS[app.kind], "state": codes.APPLICATION_STATES[app.state],
        "level": codes.APPROVAL_LEVELS[app.approval_level], "region": selectors.region_name(app.region_id),
        "materials": [codes.MATERIALS[m] for m in app.materials if m in codes.MATERIALS],
        "expert_form": forms.ExpertForm() if may_act and app.state in ("submitted", "consulting") else None,
        "may_consult": may_act and app.state == "submitted",
        "decision_form": forms.DecisionForm() if may_decide and app.state == "consulting" else None,
        "consultation_over": app.consultation_end is not None and today > app.consultation_end,
        "may_publish": may_decide and app.state == "approved"})


_STEPS = {"expert": (applications.record_expert_opinion, "已登记专家意见"),
          "consult": (applications.open_consultation, "已发起公示"),
          "decide": (applications.decide, "已办理审批"),
          "publish": (applications.publish, "已公告并颁发标准地名证书")}


@login_required
@require_POST
def application_step(request, pk: int, step: str):
    if not roles.has_perm(request.user, "placenames.change"):
        raise Forbidden("您的角色不能办理地名命名更名")
    if step not in _STEPS:
        raise NotFound()
    service, done = _STEPS[step]
    data = {k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
    if step == "decide":
        data["approve"] = data.get("approve") == "1"
    try:
        service(request.user, pk, data)
        messages.success(request, done)
    except (ValidationFailed, ServiceError) as exc:
        if isinstance(exc, Forbidden | NotFound):
            raise
        messages.error(request, exc.message)
    return redirect("placenames_application", pk=pk)


@login_required
def certificate(request, pk: int):
    """The printable standard-name certificate (标准地名证书) and the 公告."""
    if not roles.has_perm(request.user, VIEW):
        raise Forbidden("您的角色无权查看区划地名")
    app = selectors.get_application(request.user, pk)
    if app.state != "published":
        raise NotFound("申请尚未公告，没有标准地名证书")
    audit.record(request.user, audit.Event("export", "naming_application", app.pk, app.region_id,
                                           {"print": [None, "标准地名证书"]}))
    return render(request, "placenames/certificate.html", {
        "app": app, "place": app.place, "region": selectors.region_name(app.region_id),
        "level": codes.APPROVAL_LEVELS[app.approval_level]})


# ---- addresses and doorplates ---------------------------------------------------------------------------------------


class AddressList(ListPage):
    title = "标准地址"
    description = "道路街巷（小区）+ 门牌号 + 楼栋 + 单元 + 户室；地名更名后同步改写。"
    permission = VIEW
    selector = staticmethod(selectors.addresses_for)
    filterset_class = filters.AddressFilters
    table_class = AddressTable
    ordering = ("region_id", "full_text", "id")
    export_permission = VIEW
    export_object = "standard_address"
    empty_text = "没有标准地址"
    actions = [PageAction("placenames_address_create", "登记标准地址", "placenames.address"),
               *_lists("placenames_addresses")]


class DoorplateList(ListPage):
    title = "门牌"
    description = "智慧门牌：扫码显示标准地址；已登录的村(社区)工作人员扫码还可看到该地址关联的家庭。"
    permission = VIEW
    selector = staticmethod(selectors.doorplates_for)
    filterset_class = filters.DoorplateFilters
    table_class = DoorplateTable
    ordering = ("region_id", "id")
    export_permission = VIEW
    export_object = "doorplate"
    empty_text = "没有门牌"
    actions = _lists("placenames_doorplates")


@login_required
def doorplate_label(request, pk: int):
    """The printable doorplate QR label: only the scan address with an opaque token."""
    if not roles.has_perm(request.user, VIEW):
        raise Forbidden("您的角色无权查看区划地名")
    plate = selectors.doorplates_for(request.user).filter(pk=int(pk)).first() if 0 < int(pk) < 2**63 else None
    if plate is None:
        raise NotFound()
    url = request.build_absolute_uri(reverse("placenames_doorplate_scan", args=[plate.token]))
    return render(request, "placenames/doorplate_label.html", {
        "plate": plate, "qr": mark_safe(addresses.qr_svg(url)), "url": url})


def doorplate_scan(request, token: str):
    """A scanned doorplate: the public address facts to anyone; to a signed-in clerk whose region holds the
    address, also the households linked to it (links to their records)."""
    plate = selectors.doorplate_by_token(token)
    if plate is None:
        return render(request, "placenames/doorplate_scan.html", {"plate": None, "title": "门牌"}, status=404)
    households = []
    user = request.user
    if user.is_authenticated:
        households = selectors.households_at(user, plate.address)
        audit.record(user, audit.Event("scan", "doorplate", plate.pk, plate.region_id,
                                       {"households_shown": [None, len(households)]}))
    return render(request, "placenames/doorplate_scan.html", {
        "plate": plate, "title": "门牌", "address": plate.address,
        "region": " ".join(selectors.region_path_names(plate.region_id)), "households": households,
        "signed_in": user.is_authenticated})


# ---- division-change proposals --------------------------------------------------------------------------------------


class ProposalList(ListPage):
    title = "区划调整方案"
    description = ("报批前须完成专家论证、风险评估、征求社会公众意见、实地调查；批准后须完成行政区划图更新、"
                   "行政区划信息报送和界线勘定（R-L-31）。批准的调整由 `minzheng region change` 执行，数据随区划迁移。")
    permission = VIEW
    selector = staticmethod(selectors.proposals_for)
    filterset_class = filters.ProposalFilters
    table_class = ProposalTable
    ordering = ("-id",)
    export_permission = VIEW
    export_object = "division_proposal"
    empty_text = "没有区划调整方案"
    actions = [PageAction("placenames_proposal_create", "拟订方案", "placenames.division"),
               *_lists("placenames_proposals")]


class ProposalCreate(ServiceFormPage):
    title = "拟订区划调整方案"
    permission = "placenames.division"
    form_class = forms.ProposalForm
    service = staticmethod(divisions.create_proposal)
    submit_label = "保存"
    success_message = "已保存方案"
    success_url = staticmethod(lambda row: reverse("placenames_proposal", args=[row.pk]))


@login_required
def proposal_page(request, pk: int):
    if not roles.has_perm(request.user, VIEW):
        raise Forbidden("您的角色无权查看区划地名")
    row = selectors.get_proposal(request.user, pk)
    may = roles.has_perm(request.user, "placenames.division")
    if request.method == "POST":
        if not may:
            raise Forbidden("您的角色不能办理区划调整")
        try:
            if request.POST.get("to"):
                divisions.advance_proposal(request.user, pk, request.POST["to"], request.POST.get("document", ""))
            else:
                form = forms.ArtefactForm(request.POST)
                if not form.is_valid():
                    raise ValidationFailed.one("artefact", "；".join(e for errs in form.errors.values() for e in errs))
                divisions.record_artefact(request.user, pk, {**form.cleaned_data,
                                                              "done_on": form.cleaned_data["done_on"].isoformat()})
            messages.success(request, "已办理")
        except (ValidationFailed, ServiceError) as exc:
            if isinstance(exc, Forbidden | NotFound):
                raise
            messages.error(request, exc.message)
        return redirect("placenames_proposal", pk=pk)
    artefacts = [(label, (row.artefacts or {}).get(code)) for code, label in codes.ARTEFACTS.items()]
    after = [(label, (row.after_steps or {}).get(code)) for code, label in codes.AFTER_STEPS.items()]
    return render(request, "placenames/proposal.html", {
        "title": f"区划调整方案：{row.title}", "row": row, "kind": codes.PROPOSAL_KINDS[row.kind],
        "state": codes.PROPOSAL_STATES[row.state], "region": selectors.region_name(row.region_id),
        "artefacts": artefacts, "after": after, "missing": divisions.missing_artefacts(row),
        "form": forms.ArtefactForm() if may and row.state in ("draft", "approved") else None, "may": may})


# ---- boundaries ------------------------------------------------------------------------------------------------------


class LineList(ListPage):
    title = "行政区域界线"
    description = "界线及其界线段、界桩；界线联检发现的问题和整改；界线争议及调处记录。"
    permission = VIEW
    selector = staticmethod(selectors.lines_for)
    filterset_class = filters.LineFilters
    table_class = LineTable
    ordering = ("region_id", "name", "id")
    export_permission = VIEW
    export_object = "boundary_line"
    empty_text = "没有界线"
    actions = [PageAction("placenames_line_create", "登记界线", "placenames.change"),
               PageAction("placenames_markers", "界桩", None, style="outline-secondary"),
               PageAction("placenames_inspections", "界线联检", None, style="outline-secondary"),
               PageAction("placenames_disputes", "界线争议", None, style="outline-secondary"),
               *_lists("placenames_lines")]


class LineDetail(DetailPage):
    title = "行政区域界线"
    permission = VIEW
    selector = staticmethod(selectors.get_line)
    sections = [Section("界线", {"name": TextColumn("界线名称"), "level": CodeColumn(codes.BOUNDARY_LEVELS, "级别"),
                                 "left_region_id": RegionColumn("一侧区划"),
                                 "right_region_id": RegionColumn("另一侧区划"),
                                 "agreement": TextColumn("界线协议书"), "length_km": TextColumn("长度（千米）")})]
    related = [Related("界线段", SegmentTable, lambda user, obj: obj.segments.all(), empty_text="无"),
               Related("界桩", MarkerTable, lambda user, obj: obj.markers.select_related("line"), empty_text="无"),
               Related("界线争议", DisputeTable, lambda user, obj: obj.disputes.select_related("line"),
                       empty_text="无")]
    actions = [PageAction("placenames_marker_create", "登记界桩", "placenames.change", url_args=("pk",)),
               PageAction("placenames_lines", "界线", None, style="outline-secondary")]


class MarkerList(ListPage):
    title = "界桩"
    permission = VIEW
    selector = staticmethod(selectors.markers_for)
    filterset_class = filters.MarkerFilters
    table_class = MarkerTable
    ordering = ("line_id", "number")
    export_permission = VIEW
    export_object = "boundary_marker"
    empty_text = "没有界桩"
    actions = [PageAction("placenames_inspections", "界线联检", None, style="outline-secondary"), *_lists("")]


class DisputeList(ListPage):
    title = "界线争议"
    permission = VIEW
    selector = staticmethod(selectors.disputes_for)
    filterset_class = filters.DisputeFilters
    table_class = DisputeTable
    ordering = ("-opened_on", "-id")
    export_permission = VIEW
    export_object = "boundary_dispute"
    empty_text = "没有界线争议"
    actions = [PageAction("placenames_dispute_create", "登记界线争议", "placenames.change"), *_lists("")]


# ---- the offline map -------------------------------------------------------------------------------------------------


class MapPage(Page):
    title = "区划地名图"
    permission = VIEW
    template_name = "placenames/map.html"

    def get(self, request, *args, **kwargs):
        return self.render({"actions": _lists("placenames_map"),
                            "layers_url": reverse("placenames_map_data")})


@login_required
def map_data(request):
    """The map's layers: GeoJSON of the stored geometries the user may see (also the GeoJSON export)."""
    if not roles.has_perm(request.user, VIEW):
        raise Forbidden("您的角色无权查看区划地名")
    layers = selectors.map_layers(request.user)
    if request.GET.get("download"):
        audit.record(request.user, audit.Event("export", "placename", "map", request.user.region_id,
                                               {"format": [None, "GeoJSON"]}))
        features = [f for layer in layers.values() for f in layer["features"]]
        response = HttpResponse(json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False),
                                content_type="application/geo+json")
        response["Content-Disposition"] = "attachment; filename=placenames.geojson"
        return response
    return JsonResponse(layers)


@login_required
def map_csv(request):
    """CSV of the map's features: layer, name, geometry type, a representative point (formula-safe writer)."""
    if not roles.has_perm(request.user, VIEW):
        raise Forbidden("您的角色无权查看区划地名")
    layers = selectors.map_layers(request.user)
    labels = {"regions": "区划", "places": "地名", "boundaries": "界线", "markers": "界桩"}
    rows = []
    for key, layer in layers.items():
        for f in layer["features"]:
            lon, lat = _point(f["geometry"])
            props = f["properties"]
            rows.append([labels[key], props.get("name") or props.get("number") or "", f["geometry"]["type"],
                         lon, lat, json.dumps(f["geometry"], ensure_ascii=False)])
    audit.record(request.user, audit.Event("export", "placename", "map", request.user.region_id,
                                           {"format": [None, "CSV"], "rows": [None, len(rows)]}))
    buffer = io.BytesIO()
    spreadsheets.write_csv(buffer, ["图层", "名称", "几何类型", "经度", "纬度", "GeoJSON"], rows)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = "attachment; filename=placenames.csv"
    return response


def _point(geometry: dict) -> tuple:
    c = geometry.get("coordinates")
    while isinstance(c, list) and c and isinstance(c[0], list):
        c = c[0]
    return (c[0], c[1]) if isinstance(c, list) and len(c) >= 2 else ("", "")
