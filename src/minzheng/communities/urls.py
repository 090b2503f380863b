"""Pages of 城乡社区治理, mounted at /communities/ (CommunitiesConfig.url_prefix)."""

from django.urls import path

from minzheng.communities import views as v

urlpatterns = [
    path("", v.MemberList.as_view(), name="communities_member_list"),
    path("members/new/", v.MemberAdd.as_view(), name="communities_member_add"),
    path("members/<int:pk>/end/", v.MemberEnd.as_view(), name="communities_member_end"),
    path("elections/", v.ElectionList.as_view(), name="communities_election_list"),
    path("elections/new/", v.ElectionAdd.as_view(), name="communities_election_add"),
    path("meetings/", v.MeetingList.as_view(), name="communities_meeting_list"),
    path("meetings/new/", v.MeetingAdd.as_view(), name="communities_meeting_add"),
    path("tasks/", v.TaskList.as_view(), name="communities_task_list"),
    path("tasks/new/", v.TaskAdd.as_view(), name="communities_task_add"),
    path("stations/", v.StationList.as_view(), name="communities_station_list"),
    path("stations/new/", v.StationAdd.as_view(), name="communities_station_add"),
    path("catalogue/", v.CatalogueList.as_view(), name="communities_catalogue_list"),
    path("catalogue/new/", v.CatalogueAdd.as_view(), name="communities_catalogue_add"),
    path("tickets/", v.TicketList.as_view(), name="communities_ticket_list"),
    path("tickets/new/", v.TicketAdd.as_view(), name="communities_ticket_add"),
    path("tickets/<int:pk>/close/", v.TicketClose.as_view(), name="communities_ticket_close"),
    path("funds/", v.FundList.as_view(), name="communities_fund_list"),
    path("funds/new/", v.FundAdd.as_view(), name="communities_fund_add"),
    path("indicators/", v.Indicators.as_view(), name="communities_indicators"),
]
