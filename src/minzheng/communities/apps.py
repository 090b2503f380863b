from minzheng.core import app_registry, roles
from minzheng.core.app_registry import NavEntry
from minzheng.core.audit_display import AuditObject

V, T, C, CITY = roles.VILLAGE, roles.TOWNSHIP, roles.COUNTY, roles.CITY


class CommunitiesConfig(app_registry.MinzhengAppConfig):
    """城乡社区治理: each village/community's committee members and community workers, elections (换届), meetings,
    task lists, service stations, the service catalogue and 一窗受理 tickets, the funding ledger; the floor-area and
    community-worker indicators."""

    name = "minzheng.communities"
    audit_actions = {"ticket_close": "办结服务事项"}
    label = "communities"
    verbose_name = "城乡社区治理"
    url_prefix = "communities/"
    api_router = "minzheng.communities.api.router"
    permissions = {
        "communities.view": {V, T, C, CITY},
        "communities.export": {T, C, CITY},
        "communities.record": {V, T, C},
        "communities.manage": {T, C},
    }
    nav_group = "基层治理"
    nav = [NavEntry("communities_member_list", "城乡社区", "communities.view", order=58),
           NavEntry("communities_indicators", "社区指标", "communities.view", order=59)]
    data_elements = ["minzheng.communities.elements.ELEMENTS"]
    audit_objects = {
        "community_member": AuditObject("社区成员", "communities.Member"),
        "community_election": AuditObject("换届选举", "communities.Election"),
        "community_meeting": AuditObject("会议记录", "communities.Meeting"),
        "community_task": AuditObject("清单事项", "communities.TaskItem"),
        "community_station": AuditObject("社区服务设施", "communities.Station"),
        "community_catalogue": AuditObject("服务事项", "communities.CatalogueItem"),
        "community_ticket": AuditObject("一窗受理", "communities.Ticket"),
        "community_fund": AuditObject("社区经费", "communities.FundEntry"),
    }
    demo_data = ["minzheng.communities.demo.seed"]
