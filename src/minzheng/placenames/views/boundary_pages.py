"""Entry pages of the boundaries (界线): a line with its course, a marker (界桩) on a line, joint-inspection rounds
(界线联检: list with export, the round's page with its findings per line and marker, a finding, its rectification,
closing the round), disputes (the page with its mediation records, a mediation record). Irreversible steps —
a rectification, closing a round, a mediation record — go through a confirmation step with a required comment
that lands in the audit entry. Reads through placenames.selectors, writes through placenames.services."""

from __future__ import annotations

from django.urls import reverse

from minzheng.core.pages.base import PageAction
from minzheng.core.pages.columns import CodeColumn, DateColumn, RegionColumn, TextColumn
from minzheng.core.pages.detail import DetailPage, Related, Section
from minzheng.core.pages.forms import ServiceFormPage
from minzheng.core.pages.lists import ListPage
from minzheng.placenames import codes, filters, forms, selectors
from minzheng.placenames.services import boundaries
from minzheng.placenames.tables import FindingTable, InspectionTable, MediationTable

VIEW, CHANGE = "placenames.view", "placenames.change"
BACK = [PageAction("placenames_lines", "界线", None, style="outline-secondary"),
        PageAction("placenames_markers", "界桩", None, style="outline-secondary"),
        PageAction("placenames_inspections", "界线联检", None, style="outline-secondary"),
        PageAction("placenames_disputes", "界线争议", None, style="outline-secondary")]


def _back(exclude: str) -> list[PageAction]:
    return [a for a in BACK if a.url_name != exclude]


class _ChoicesForm(ServiceFormPage):
    """Form pages whose choices (lines, markers) are the caller's own records, read through selectors."""

    def make_form(self, data=None):
        form = super().make_form(data)
        if "line_id" in form.fields:
            form.fields["line_id"].choices = [("", "请选择"), *selectors.line_choices(self.request.user)]
        if "marker_id" in form.fields:
            form.fields["marker_id"].choices = [("", "（不涉及界桩）"), *selectors.marker_choices(self.request.user)]
        return form

    def initial(self) -> dict:
        line = self.request.GET.get("line", "")
        return {"line_id": int(line)} if line.isdigit() and len(line) < 19 else {}


class LineCreate(ServiceFormPage):
    title = "登记行政区域界线"
    description = "两侧为同级区划；走向可粘贴 GeoJSON（LineString），界线段和界桩在界线登记后添加。"
    permission = CHANGE
    form_class = forms.LineForm
    service = staticmethod(boundaries.create_line)
    submit_label = "登记"
    success_message = "已登记界线"
    success_url = staticmethod(lambda row: reverse("placenames_line", args=[row.pk]))


class MarkerCreate(ServiceFormPage):
    title = "登记界桩"
    description = "界桩编号全县唯一；经纬度为十进制度数（WGS84），最多 6 位小数。"
    permission = CHANGE
    form_class = forms.MarkerForm
    object_selector = staticmethod(lambda user, pk: selectors.get_line(user, pk, "change"))
    service = staticmethod(boundaries.add_marker)
    submit_label = "登记"
    success_message = "已登记界桩"
    success_url = staticmethod(lambda row: reverse("placenames_line", args=[row.line_id]))


# ---- joint inspections ----------------------------------------------------------------------------------------------


class InspectionList(ListPage):
    title = "界线联检"
    description = "每轮联检逐条界线、逐个界桩登记发现的问题和整改情况；界桩损坏、缺失的，界桩状况随之更新。"
    permission = VIEW
    selector = staticmethod(selectors.inspections_for)
    filterset_class = filters.InspectionFilters
    table_class = InspectionTable
    ordering = ("-started_on", "-id")
    export_permission = VIEW
    export_object = "boundary_inspection"
    empty_text = "没有界线联检"
    actions = [PageAction("placenames_inspection_create", "开始一轮联检", CHANGE), *_back("placenames_inspections")]


class InspectionCreate(ServiceFormPage):
    title = "开始一轮界线联检"
    permission = CHANGE
    form_class = forms.InspectionForm
    service = staticmethod(boundaries.open_inspection)
    submit_label = "开始"
    success_message = "已开始联检"
    success_url = staticmethod(lambda row: reverse("placenames_inspection", args=[row.pk]))


class InspectionDetail(DetailPage):
    title = "界线联检"
    permission = VIEW
    selector = staticmethod(selectors.get_inspection)
    sections = [Section("联检", {"name": TextColumn("联检名称"), "round_no": TextColumn("轮次"),
                                 "region_id": RegionColumn("组织区划"), "started_on": DateColumn("开始日期"),
                                 "finished_on": DateColumn("结束日期")})]
    related = [Related("发现的问题（逐条界线、逐个界桩）", FindingTable,
                       lambda user, obj: selectors.findings_of(obj), limit=500, empty_text="尚未登记问题")]
    actions = [PageAction("placenames_finding_create", "登记发现的问题", CHANGE, url_args=("pk",)),
               PageAction("placenames_inspection_finish", "结束本轮联检", CHANGE, url_args=("pk",),
                          style="outline-danger"),
               PageAction("placenames_inspections", "界线联检", None, style="outline-secondary")]


class FindingCreate(_ChoicesForm):
    title = "登记联检发现的问题"
    description = "界桩损坏、缺失、移位须选择界桩；未整改的损坏、缺失界桩状况随之更新。已整改的一并填写整改措施和日期。"
    permission = CHANGE
    form_class = forms.FindingForm
    object_selector = staticmethod(lambda user, pk: selectors.get_inspection(user, pk, "change"))
    service = staticmethod(boundaries.add_finding)
    submit_label = "登记"
    success_message = "已登记问题"
    success_url = staticmethod(lambda row: reverse("placenames_inspection", args=[row.inspection_id]))


class FindingRectify(ServiceFormPage):
    title = "登记整改完成"
    description = "整改登记后不能撤销；界桩问题整改后界桩状况恢复为完好。"
    permission = CHANGE
    form_class = forms.RectifyForm
    object_selector = staticmethod(lambda user, pk: selectors.get_finding(user, pk, "change"))
    service = staticmethod(boundaries.rectify_finding)
    confirm = True
    submit_label = "登记整改"
    success_message = "已登记整改"
    success_url = staticmethod(lambda row: reverse("placenames_inspection", args=[row.inspection_id]))


class InspectionFinish(ServiceFormPage):
    title = "结束本轮界线联检"
    description = "结束后本轮不能再登记问题；未整改的问题仍可登记整改。"
    permission = CHANGE
    form_class = forms.FinishForm
    object_selector = staticmethod(lambda user, pk: selectors.get_inspection(user, pk, "change"))
    service = staticmethod(boundaries.finish_inspection)
    confirm = True
    submit_label = "结束联检"
    success_message = "本轮联检已结束"
    success_url = staticmethod(lambda row: reverse("placenames_inspection", args=[row.pk]))


# ---- disputes -------------------------------------------------------------------------------------------------------


class DisputeCreate(_ChoicesForm):
    title = "登记界线争议"
    permission = CHANGE
    form_class = forms.DisputeForm
    service = staticmethod(boundaries.open_dispute)
    submit_label = "登记"
    success_message = "已登记争议"
    success_url = staticmethod(lambda row: reverse("placenames_dispute", args=[row.pk]))


class DisputeDetail(DetailPage):
    title = "界线争议"
    permission = VIEW
    selector = staticmethod(selectors.get_dispute)
    sections = [Section("争议", {"title": TextColumn("争议事项"), "line__name": TextColumn("界线"),
                                 "parties": TextColumn("争议各方"), "opened_on": DateColumn("发生日期"),
                                 "state": CodeColumn(codes.DISPUTE_STATES, "状态"),
                                 "region_id": RegionColumn("管理区划")})]
    related = [Related("调处记录", MediationTable, selectors.mediation_of, empty_text="尚无调处记录")]
    actions = [PageAction("placenames_mediation", "登记调处记录", CHANGE, url_args=("pk",)),
               PageAction("placenames_disputes", "界线争议", None, style="outline-secondary")]


class MediationCreate(ServiceFormPage):
    title = "登记调处记录"
    description = "调处记录登记后不能修改；调处完毕（已调处）后不能再登记。"
    permission = CHANGE
    form_class = forms.MediationForm
    object_selector = staticmethod(lambda user, pk: selectors.get_dispute(user, pk, "change"))
    service = staticmethod(boundaries.add_mediation)
    confirm = True
    submit_label = "登记"
    success_message = "已登记调处记录"
    success_url = staticmethod(lambda row: reverse("placenames_dispute", args=[row.pk]))
