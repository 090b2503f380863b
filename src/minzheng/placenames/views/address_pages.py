"""Entry pages of standard addresses and doorplates (register, correct or retire an address; issue and correct a
doorplate) and of region outlines (the list with export, set a region's own GeoJSON polygon). Correcting an
address rewrites text that households and a doorplate point at: a confirmation step with a required comment.
Reads through placenames.selectors, writes through placenames.services."""

from __future__ import annotations

import json

from django.urls import reverse

from minzheng.core.pages.base import PageAction
from minzheng.core.pages.forms import ServiceFormPage
from minzheng.core.pages.lists import ListPage
from minzheng.placenames import filters, forms, selectors
from minzheng.placenames.services import addresses, outlines
from minzheng.placenames.tables import OutlineTable

ADDRESS = "placenames.address"


class AddressCreate(ServiceFormPage):
    title = "登记标准地址"
    description = "标准地址 = 村(社区) + 道路街巷或小区（须先登记为地名）+ 门牌号或楼栋 + 单元 + 户室。"
    permission = ADDRESS
    form_class = forms.AddressForm
    service = staticmethod(addresses.create)
    submit_label = "登记"
    success_message = "已登记标准地址"
    success_url = "placenames_addresses"

    def make_form(self, data=None):
        form = super().make_form(data)
        form.fields["place_id"].choices = [("", "请选择"), *selectors.road_choices(self.request.user)]
        return form


class AddressCorrect(ServiceFormPage):
    title = "更正标准地址"
    description = "更正门牌号、楼栋、单元、户室或坐标，或注销地址；标准地址全文随之改写，关联的家庭和门牌仍指向它。"
    permission = ADDRESS
    form_class = forms.AddressCorrectForm
    object_selector = staticmethod(lambda user, pk: selectors.get_address(user, pk, "change"))
    service = staticmethod(addresses.correct)
    confirm = True
    confirm_text = "更正后原标准地址文字不再使用（审计日志保留）。请核对以下内容，填写确认办理说明后确认。"
    submit_label = "更正"
    success_message = "已更正标准地址"
    success_url = "placenames_addresses"

    def initial(self) -> dict:
        a = self.object
        return {"number": a.number, "building": a.building, "unit": a.unit, "room": a.room, "state": a.state,
                "lon": a.lon if a.lon is not None else "", "lat": a.lat if a.lat is not None else ""}

    def call_service(self, data: dict, comment):
        data = {k: v for k, v in data.items() if not (k in ("lon", "lat") and v in ("", None))}
        return super().call_service(data, comment)

    def page(self, form, status=200, **extra):
        extra.setdefault("description", f"{self.description}（现为：{self.object.full_text}）")
        return super().page(form, status, **extra)


class DoorplateCreate(ServiceFormPage):
    title = "编制门牌"
    description = "门牌二维码只含本系统的扫码地址和随机标识；扫码显示标准地址，已登录的工作人员还可看到关联的家庭。"
    permission = ADDRESS
    form_class = forms.DoorplateForm
    object_selector = staticmethod(lambda user, pk: selectors.get_address(user, pk, "change"))
    service = staticmethod(addresses.add_doorplate)
    submit_label = "编制"
    success_message = "已编制门牌"
    success_url = staticmethod(lambda row: reverse("placenames_doorplate_label", args=[row.pk]))


class DoorplateCorrect(ServiceFormPage):
    title = "更正门牌"
    description = "更正门牌类型、安装日期，或登记门牌损坏、缺失。"
    permission = ADDRESS
    form_class = forms.DoorplateCorrectForm
    object_selector = staticmethod(lambda user, pk: selectors.get_doorplate(user, pk, "change"))
    service = staticmethod(addresses.correct_doorplate)
    submit_label = "保存"
    success_message = "已更正门牌"
    success_url = "placenames_doorplates"

    def initial(self) -> dict:
        return {"kind": self.object.kind, "installed_on": self.object.installed_on,
                "condition": self.object.condition}


# ---- region outlines ------------------------------------------------------------------------------------------------


class OutlineList(ListPage):
    title = "区划界域"
    description = ("区划自身的界域（GeoJSON 面），在区划地名图上绘制；没有界域的区划以其地名的面代替。"
                   "区划调整后须重绘的标为“待更新”（行政区划图更新，R-L-31）。")
    permission = "placenames.view"
    selector = staticmethod(selectors.region_geometries_for)
    filterset_class = filters.OutlineFilters
    table_class = OutlineTable
    ordering = ("region_id",)
    export_permission = "placenames.view"
    export_object = "region_geometry"
    empty_text = "没有区划界域"
    actions = [PageAction("placenames_outline_set", "设置区划界域", "placenames.change"),
               PageAction("placenames_map", "地图", None, style="outline-secondary")]


class OutlineSet(ServiceFormPage):
    title = "设置区划界域"
    description = "粘贴 GeoJSON 面（Polygon 或 MultiPolygon，WGS84 经纬度，每个环首尾闭合）；已有界域的将被替换。"
    permission = "placenames.change"
    form_class = forms.OutlineForm
    service = staticmethod(outlines.set_outline)
    submit_label = "保存"
    success_message = "已保存区划界域"
    success_url = "placenames_outlines"

    def initial(self) -> dict:
        code = self.request.GET.get("region", "")
        row = selectors.region_geometry(code) if code.isdigit() and len(code) == 12 else None
        if row is None:
            return {}
        return {"region_code": code, "geometry": json.dumps(row.geometry, ensure_ascii=False),
                "source": row.source}
