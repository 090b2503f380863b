"""Volunteer pages on the generic blocks (core.pages): the register (list with filters and export, a volunteer's
page with records, registration), service records (list with the late flag, recording), activities, organisations
and stations (lists with export, forms), and the printable certificate (志愿服务记录证明). Pages read through
selectors and write through services; no ORM here."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse

from minzheng.core.pages.base import PageAction
from minzheng.core.pages.detail import DetailPage, Related
from minzheng.core.pages.forms import ServiceFormPage
from minzheng.core.pages.lists import ListPage
from minzheng.volunteers import codes, forms, selectors, services
from minzheng.volunteers.filters import (
    ActivityFilters,
    OrganisationFilters,
    RecordFilters,
    StationFilters,
    VolunteerFilters,
)
from minzheng.volunteers.tables import (
    VOLUNTEER_SECTIONS,
    ActivityTable,
    OrganisationTable,
    RecordTable,
    StationTable,
    VolunteerRecordTable,
    VolunteerTable,
)

LISTS = [PageAction("volunteer_records", "服务记录", "volunteers.view", style="outline-secondary"),
         PageAction("volunteer_activities", "活动", "volunteers.view", style="outline-secondary"),
         PageAction("volunteer_stations", "站点", "volunteers.view", style="outline-secondary"),
         PageAction("volunteer_orgs", "组织", "volunteers.view", style="outline-secondary")]


def _detail_url(row) -> str:
    return reverse("volunteer_detail", args=[getattr(row, "volunteer_id", None) or row.pk])


class VolunteerList(ListPage):
    title = "志愿者"
    permission = "volunteers.view"
    description = "实名注册的志愿者（《志愿服务记录与证明出具办法（试行）》）；证件号和联系方式脱敏显示。"
    selector = staticmethod(selectors.volunteers_for)
    filterset_class = VolunteerFilters
    table_class = VolunteerTable
    ordering = ("region_code", "name", "id")
    export_permission = "people.export"
    export_object = "volunteer"
    actions = [PageAction("volunteer_register", "志愿者注册", "volunteers.record"), *LISTS]


class VolunteerDetail(DetailPage):
    title = "志愿者"
    permission = "volunteers.view"
    selector = staticmethod(selectors.volunteer_detail)
    sections = VOLUNTEER_SECTIONS
    related = [Related("服务记录", VolunteerRecordTable, selectors.records_of)]
    actions = [PageAction("volunteer_hours", "记录服务时长", "volunteers.record", url_args=("pk",)),
               PageAction("volunteer_certificate", "出具服务证明", "volunteers.view", url_args=("pk",),
                          style="outline-secondary")]


class VolunteerRegister(ServiceFormPage):
    title = "志愿者实名注册"
    permission = "volunteers.record"
    form_class = forms.VolunteerForm
    description = "按身份证号实名注册，同一人只注册一次；性别和出生日期取自身份证号。"
    service = staticmethod(services.register)
    success_message = "已注册"
    success_url = staticmethod(_detail_url)


class HoursAdd(ServiceFormPage):
    title = "记录志愿服务时长"
    permission = "volunteers.record"
    form_class = forms.HoursForm
    object_selector = staticmethod(selectors.get_volunteer)
    description = ("活动结束后 10 个工作日内记录服务时长（实际服务时间）；逾期录入的保留并标记为逾期补录。")
    success_message = "已记录服务时长"
    success_url = staticmethod(_detail_url)

    def call_service(self, data, comment):
        return services.record_hours(self.request.user, self.object.pk, data)


@login_required
def certificate(request, pk: int):
    """志愿服务记录证明, printable (free; the issue is audited by the service)."""
    cert = services.issue_certificate(request.user, pk)
    return render(request, "volunteers/certificate.html", {"cert": cert, "stars": codes.STAR_LABELS[cert.stars]})


class RecordList(ListPage):
    title = "志愿服务记录"
    permission = "volunteers.view"
    description = "活动结束后 10 个工作日内应完成记录；“逾期补录”为超过期限录入的记录。"
    selector = staticmethod(selectors.records_for)
    filterset_class = RecordFilters
    table_class = RecordTable
    ordering = ("-served_on", "-id")
    export_permission = "people.export"
    export_object = "volunteer_record"
    actions = [PageAction("volunteer_list", "志愿者", "volunteers.view", style="outline-secondary")]


class ActivityList(ListPage):
    title = "志愿服务活动"
    permission = "volunteers.view"
    description = "有人身风险的活动须为志愿者购买人身意外伤害保险（《志愿服务条例》第十七条）。"
    selector = staticmethod(selectors.activities_for)
    filterset_class = ActivityFilters
    table_class = ActivityTable
    ordering = ("-starts_on", "-id")
    export_permission = "volunteers.view"
    export_object = "volunteer_activity"
    actions = [PageAction("volunteer_activity_add", "登记活动", "volunteers.record"), *LISTS[:1]]


class ActivityAdd(ServiceFormPage):
    title = "登记志愿服务活动"
    permission = "volunteers.record"
    form_class = forms.ActivityForm
    service = staticmethod(services.create_activity)
    success_message = "已登记活动"
    success_url = "volunteer_activities"


class StationList(ListPage):
    title = "志愿服务站点"
    permission = "volunteers.view"
    selector = staticmethod(selectors.stations_for)
    filterset_class = StationFilters
    table_class = StationTable
    ordering = ("region_code", "name", "id")
    export_permission = "volunteers.view"
    export_object = "volunteer_station"
    actions = [PageAction("volunteer_station_add", "登记站点", "volunteers.record")]


class StationAdd(ServiceFormPage):
    title = "登记志愿服务站点"
    permission = "volunteers.record"
    form_class = forms.StationForm
    service = staticmethod(services.create_station)
    success_message = "已登记站点"
    success_url = "volunteer_stations"


class OrganisationList(ListPage):
    title = "志愿服务组织"
    permission = "volunteers.view"
    selector = staticmethod(selectors.organisations_for)
    filterset_class = OrganisationFilters
    table_class = OrganisationTable
    ordering = ("region_code", "name", "id")
    export_permission = "volunteers.view"
    export_object = "volunteer_org"
    actions = [PageAction("volunteer_org_add", "登记组织", "volunteers.record")]


class OrganisationAdd(ServiceFormPage):
    title = "登记志愿服务组织"
    permission = "volunteers.record"
    form_class = forms.OrganisationForm
    service = staticmethod(services.create_organisation)
    success_message = "已登记组织"
    success_url = "volunteer_orgs"
