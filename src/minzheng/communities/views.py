"""Pages of 城乡社区治理, mounted at /communities/: a list (filters, Excel/CSV export) and an entry form per
register — members, elections, meetings, task lists, stations, the service catalogue, 一窗受理 tickets (close with
a confirmation step), the funding ledger — and the indicators page."""

from __future__ import annotations

from django.utils.html import format_html

from minzheng.communities import codes, filters, forms, selectors
from minzheng.communities import services as svc
from minzheng.core.pages.base import Page, PageAction
from minzheng.core.pages.columns import (
    CodeColumn,
    CountColumn,
    DateColumn,
    MaskedColumn,
    MoneyColumn,
    PageTable,
    RegionColumn,
    TextColumn,
    TypedColumn,
)
from minzheng.core.pages.forms import ServiceFormPage
from minzheng.core.pages.lists import ListPage

VIEW, EXPORT, RECORD, MANAGE = ("communities.view", "communities.export", "communities.record",
                                "communities.manage")
LINKS = [("communities_member_list", "成员"), ("communities_election_list", "换届选举"),
         ("communities_meeting_list", "会议"), ("communities_task_list", "清单"),
         ("communities_station_list", "服务设施"), ("communities_catalogue_list", "服务目录"),
         ("communities_ticket_list", "一窗受理"), ("communities_fund_list", "经费"),
         ("communities_indicators", "指标")]


def _links(current: str) -> list[PageAction]:
    return [PageAction(name, label, VIEW, style="outline-secondary") for name, label in LINKS if name != current]


class ListColumn(TypedColumn):
    def __init__(self, table, *args, **kwargs):
        kwargs.setdefault("orderable", False)
        super().__init__(*args, **kwargs)
        self.labels = table

    def raw(self, record, bound_column):
        return "、".join(self.labels.get(v, v) for v in (super().raw(record, bound_column) or []))


class StepColumn(TypedColumn):
    def __init__(self, verbose_name, url_name, label, when, **kwargs):
        kwargs.update(orderable=False, exclude_from_export=True)
        super().__init__(verbose_name, accessor="pk", **kwargs)
        self.url_name, self.label, self.when = url_name, label, when

    def raw(self, record, bound_column):
        return record.pk if self.when(record) else None

    def display(self, raw, record, table):
        from django.urls import reverse

        return format_html('<a href="{}">{}</a>', reverse(self.url_name, args=[raw]), self.label)


class TurnoutColumn(TypedColumn):
    def raw(self, record, bound_column):
        return f"{record.voted * 100 / record.electorate:.1f}%" if record.electorate else None


# ---- tables -------------------------------------------------------------------------------------------------------


class MemberTable(PageTable):
    region = RegionColumn("村（社区）", accessor="region_code")
    name = TextColumn("姓名")
    committee = CodeColumn(codes.COMMITTEES, "组织")
    post = CodeColumn(codes.POSTS, "职务")
    phone = MaskedColumn("联系电话", accessor="phone_masked", orderable=False)
    from_on = DateColumn("任职日期")
    to_on = DateColumn("离任日期")
    end = StepColumn("", "communities_member_end", "离任", lambda r: r.to_on is None)


class ElectionTable(PageTable):
    region = RegionColumn("村（社区）", accessor="region_code")
    held_on = DateColumn("选举日期")
    electorate = CountColumn("登记选民数")
    voted = CountColumn("参加投票人数")
    turnout = TurnoutColumn("参选率", accessor="pk", orderable=False)
    results = TextColumn("选举结果", orderable=False)
    next_due = DateColumn("下次换届")


class MeetingTable(PageTable):
    region = RegionColumn("村（社区）", accessor="region_code")
    kind = CodeColumn(codes.MEETING_KINDS, "会议类型")
    held_on = DateColumn("召开日期")
    topic = TextColumn("议题")
    attendance = CountColumn("参会人数")
    decisions = TextColumn("议定事项", orderable=False)


class TaskTable(PageTable):
    region = RegionColumn("适用区划", accessor="region_code")
    list_kind = CodeColumn(codes.TASK_LISTS, "清单")
    title = TextColumn("事项")
    department = TextColumn("责任部门")
    basis = TextColumn("依据")
    effective_from = DateColumn("生效日期")


class StationTable(PageTable):
    region = RegionColumn("村（社区）", accessor="region_code")
    name = TextColumn("名称")
    floor_area = MoneyColumn("建筑面积（m²）")
    functions = ListColumn(codes.FUNCTIONS, "功能")
    opened_on = DateColumn("启用日期")
    closed_on = DateColumn("停用日期")


class CatalogueTable(PageTable):
    region = RegionColumn("适用区划", accessor="region_code")
    name = TextColumn("服务事项")
    department = TextColumn("办理部门")
    pledge_days = CountColumn("承诺时限（工作日）")
    materials = TextColumn("申请材料", orderable=False)


class TicketTable(PageTable):
    region = RegionColumn("受理村（社区）", accessor="region_code")
    item = TextColumn("服务事项", accessor="item__name")
    applicant = TextColumn("申请人")
    phone = MaskedColumn("联系电话", accessor="phone_masked", orderable=False)
    received_on = DateColumn("受理日期")
    due_on = DateColumn("承诺办结日期")
    state = CodeColumn(codes.TICKET_STATES, "状态")
    done_on = DateColumn("办结日期")
    close = StepColumn("", "communities_ticket_close", "办结", lambda r: r.state == "open")


class FundTable(PageTable):
    region = RegionColumn("村（社区）", accessor="region_code")
    on = DateColumn("日期")
    direction = CodeColumn(codes.FUND_DIRECTIONS, "收支")
    category = CodeColumn(codes.FUND_CATEGORIES, "科目")
    amount = MoneyColumn("金额")
    note = TextColumn("摘要")


# ---- lists --------------------------------------------------------------------------------------------------------


def _list(name, title, selector, filterset, table, ordering, add=None, add_perm=RECORD, description=""):
    actions = ([PageAction(add[0], add[1], add_perm)] if add else []) + _links(name)
    return type(name, (ListPage,), {
        "title": title, "permission": VIEW, "selector": staticmethod(selector), "filterset_class": filterset,
        "table_class": table, "ordering": ordering, "export_permission": EXPORT, "actions": actions,
        "description": description, "__module__": __name__})


MemberList = _list("communities_member_list", "村（社区）成员", selectors.members_for, filters.MemberFilters,
                   MemberTable, ("region_code", "to_on", "committee", "name"), ("communities_member_add", "登记成员"),
                   description="村（居）民委员会、党组织、监督委员会成员和专职社区工作者，含任职和离任日期。")
ElectionList = _list("communities_election_list", "换届选举", selectors.elections_for, filters.ElectionFilters,
                     ElectionTable, ("region_code", "-held_on"), ("communities_election_add", "登记换届选举"), MANAGE,
                     "每届任期五年（村民委员会组织法第十一条、城市居民委员会组织法第八条，2018 年修正）。")
MeetingList = _list("communities_meeting_list", "会议记录", selectors.meetings_for, filters.MeetingFilters,
                    MeetingTable, ("region_code", "-held_on"), ("communities_meeting_add", "登记会议"))
TaskList = _list("communities_task_list", "权责、工作事项和协助事项清单", selectors.tasks_for, filters.TaskFilters,
                 TaskTable, ("list_kind", "title"), ("communities_task_add", "新增清单事项"), MANAGE)
StationList = _list("communities_station_list", "社区综合服务设施", selectors.stations_for, filters.StationFilters,
                    StationTable, ("region_code", "name"), ("communities_station_add", "登记服务设施"), MANAGE)
CatalogueList = _list("communities_catalogue_list", "服务事项目录", selectors.catalogue_for,
                      filters.CatalogueFilters, CatalogueTable, ("region_code", "name"),
                      ("communities_catalogue_add", "新增服务事项"), MANAGE)
TicketList = _list("communities_ticket_list", "一窗受理", selectors.tickets_for, filters.TicketFilters, TicketTable,
                   ("state", "due_on", "id"), ("communities_ticket_add", "受理"),
                   description="承诺办结日期按工作日计算（国务院办公厅节假日安排，含调休）。")
FundList = _list("communities_fund_list", "社区经费台账", selectors.funds_for, filters.FundFilters, FundTable,
                 ("region_code", "-on", "-id"), ("communities_fund_add", "记账"))


# ---- forms --------------------------------------------------------------------------------------------------------


def _form(name, title, permission, form_class, service, success, message, object_selector=None, confirm=False):
    attrs = {"title": title, "permission": permission, "form_class": form_class, "service": staticmethod(service),
             "success_url": success, "success_message": message, "confirm": confirm, "__module__": __name__}
    if object_selector is not None:
        attrs["object_selector"] = staticmethod(object_selector)
    return type(name, (ServiceFormPage,), attrs)


MemberAdd = _form("MemberAdd", "登记成员", RECORD, forms.MemberForm, svc.add_member, "communities_member_list",
                  "已登记成员")
MemberEnd = _form("MemberEnd", "离任", RECORD, forms.EndForm, svc.end_member, "communities_member_list", "已登记离任",
                  selectors.get_member)
ElectionAdd = _form("ElectionAdd", "登记换届选举", MANAGE, forms.ElectionForm, svc.record_election,
                    "communities_election_list", "已登记换届选举")
MeetingAdd = _form("MeetingAdd", "登记会议", RECORD, forms.MeetingForm, svc.record_meeting,
                   "communities_meeting_list", "已登记会议")
TaskAdd = _form("TaskAdd", "新增清单事项", MANAGE, forms.TaskForm, svc.add_task, "communities_task_list", "已新增")
StationAdd = _form("StationAdd", "登记服务设施", MANAGE, forms.StationForm, svc.add_station,
                   "communities_station_list", "已登记服务设施")
CatalogueAdd = _form("CatalogueAdd", "新增服务事项", MANAGE, forms.CatalogueForm, svc.add_catalogue_item,
                     "communities_catalogue_list", "已新增服务事项")
FundAdd = _form("FundAdd", "记账", RECORD, forms.FundForm, svc.add_fund_entry, "communities_fund_list", "已记账")
TicketClose = _form("TicketClose", "办结", RECORD, forms.CloseForm, svc.close_ticket, "communities_ticket_list",
                    "已办结", selectors.get_ticket, confirm=True)


class TicketAdd(ServiceFormPage):
    title = "一窗受理"
    description = "承诺办结日期 = 受理日期后按服务事项承诺时限计的工作日。"
    permission = RECORD
    form_class = forms.TicketForm
    service = staticmethod(svc.open_ticket)
    success_url = "communities_ticket_list"
    success_message = "已受理"

    def make_form(self, data=None):
        form = super().make_form(data)
        items = selectors.catalogue_for(self.request.user).order_by("name")
        form.fields["item_id"].choices = [("", "请选择"), *((i.pk, f"{i.name}（{i.pledge_days} 个工作日）")
                                                          for i in items[:500])]
        return form


# ---- indicators ---------------------------------------------------------------------------------------------------


class IndicatorTable(PageTable):
    name = TextColumn("区划", orderable=False)
    households = CountColumn("户数", orderable=False)
    floor_area = TextColumn("服务设施建筑面积（m²）", orderable=False)
    area_per_100_households = TextColumn("每百户建筑面积（m²）", orderable=False)
    urban_residents = CountColumn("城镇常住人口", orderable=False)
    community_workers = CountColumn("社区工作者", orderable=False)
    workers_per_10000_urban = TextColumn("每万城镇常住人口社区工作者", orderable=False)


class Indicators(Page):
    title = "城乡社区指标"
    permission = VIEW
    template_name = "communities/indicators.html"

    def get(self, request, *args, **kwargs):
        fs = filters.IndicatorFilters(request.GET, queryset=selectors.stations_for(request.user), request=request)
        if not fs.is_valid():
            return self.render({"filterset": fs, "filter_errors": fs.error_list()}, status=422)
        data = selectors.indicators(request.user, fs.form.cleaned_data.get("region_code") or "")
        table = IndicatorTable([*data["rows"], data["total"]], empty_text="没有下级区划")
        return self.render({"filterset": fs, "table": table, "region_name": selectors.region_name(data["root"]),
                            "links": _links("communities_indicators")})
