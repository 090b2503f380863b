"""Writes of 城乡社区治理, one transaction each: the role first (403), the record or region in the caller's subtree
(404 / 422), the state (409), the data (core.validation, 422, nothing written), an audit entry. Village clerks keep
their community's members, meetings, tickets and ledger; townships and counties also elections, task lists,
stations and the service catalogue. A ticket's pledge deadline counts working days (core.workdays)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from minzheng.communities import codes, selectors
from minzheng.communities.models import (
    CatalogueItem,
    Election,
    FundEntry,
    Meeting,
    Member,
    Station,
    TaskItem,
    Ticket,
)
from minzheng.communities.schemas import (
    CatalogueIn,
    CloseIn,
    ElectionIn,
    EndIn,
    FundIn,
    MeetingIn,
    MemberIn,
    StationIn,
    TaskIn,
    TicketIn,
)
from minzheng.core import audit, clock, protected, regioncodes, roles, validation, workdays
from minzheng.core.errors import Conflict, Forbidden, ValidationFailed
from minzheng.core.models import Region

RECORD, MANAGE = "communities.record", "communities.manage"


def _require(actor, perm: str, message: str) -> None:
    if not roles.has_perm(actor, perm):
        raise Forbidden(message)


def _region(actor, code: str, field: str = "region_code", village: bool = True) -> str:
    if not regioncodes.in_subtree(code, actor.region_id):
        raise ValidationFailed.one(field, "区划应在您的辖区范围内")
    if not Region.objects.filter(code=code).exists():
        raise ValidationFailed.one(field, f"区划代码 {code} 不存在")
    if village and regioncodes.level_of(code) != "village":
        raise ValidationFailed.one(field, "应选择村（社区）")
    return code


def _not_future(day, field: str, label: str) -> None:
    if day > clock.today():
        raise ValidationFailed.one(field, f"{label}不能晚于今天（{clock.today()}）")


def _created(actor, kind: str, row, changes: dict) -> None:
    audit.record(actor, audit.Event("create", kind, row.pk, row.region_code,
                                    {k: [None, v] for k, v in changes.items()}))


def add_member(actor, data: dict[str, Any]) -> Member:
    _require(actor, RECORD, "社区成员由村（社区）、乡镇（街道）或县级登记")
    d = validation.validate(MemberIn, data)
    _region(actor, d.region_code)
    election = None
    if d.election_id is not None:
        election = selectors.election_for(actor, d.election_id)
        if election is None or election.region_code != d.region_code:
            raise ValidationFailed.one("election_id", "选举应为本村（社区）的换届选举")
    with transaction.atomic():
        row = Member.objects.create(region_code=d.region_code, name=d.name, committee=d.committee, post=d.post,
                                    from_on=d.from_on, election=election)
        protected.seal_saved(row, "phone_enc", d.phone or None)
        _created(actor, "community_member", row, {"name": d.name, "post": codes.POSTS[d.post],
                                                  "committee": codes.COMMITTEES[d.committee],
                                                  "phone": row.phone_masked})
    return row


def end_member(actor, member: Member | int, data: dict[str, Any]) -> Member:
    _require(actor, RECORD, "社区成员由村（社区）、乡镇（街道）或县级登记")
    member = member if isinstance(member, Member) else selectors.get_member(actor, member)
    d = validation.validate(EndIn, data)
    with transaction.atomic():
        row = Member.objects.select_for_update().get(pk=member.pk)
        if row.to_on is not None:
            raise Conflict(f"已于 {row.to_on} 离任")
        if d.on < row.from_on:
            raise ValidationFailed.one("on", f"离任日期不能早于任职日期（{row.from_on}）")
        row.to_on = d.on
        row.save(update_fields=["to_on"])
        audit.record(actor, audit.Event("update", "community_member", row.pk, row.region_code, {"to_on": [None, d.on]}))
    return row


def record_election(actor, data: dict[str, Any]) -> Election:
    """换届选举 (村民委员会组织法 第十一条 / 城市居民委员会组织法 第八条: term of five years since 2018)."""
    _require(actor, MANAGE, "换届选举由乡镇（街道）或县级登记")
    d = validation.validate(ElectionIn, data)
    _region(actor, d.region_code)
    _not_future(d.held_on, "held_on", "选举日期")
    next_due = _add_years(d.held_on, d.term_years)
    with transaction.atomic():
        row = Election.objects.create(region_code=d.region_code, held_on=d.held_on, term_years=d.term_years,
                                      electorate=d.electorate, voted=d.voted, results=d.results, next_due=next_due,
                                      note=d.note)
        _created(actor, "community_election", row, {"held_on": d.held_on, "electorate": d.electorate,
                                                    "voted": d.voted, "next_due": next_due})
    return row


def _add_years(day, years: int):
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def record_meeting(actor, data: dict[str, Any]) -> Meeting:
    _require(actor, RECORD, "会议记录由村（社区）、乡镇（街道）或县级登记")
    d = validation.validate(MeetingIn, data)
    _region(actor, d.region_code)
    _not_future(d.held_on, "held_on", "召开日期")
    with transaction.atomic():
        row = Meeting.objects.create(**d.model_dump())
        _created(actor, "community_meeting", row, {"kind": codes.MEETING_KINDS[d.kind], "topic": d.topic,
                                                   "held_on": d.held_on})
    return row


def add_task(actor, data: dict[str, Any]) -> TaskItem:
    _require(actor, MANAGE, "清单事项由乡镇（街道）或县级制定")
    d = validation.validate(TaskIn, data)
    _region(actor, d.region_code, village=False)
    with transaction.atomic():
        row = TaskItem.objects.create(**d.model_dump())
        _created(actor, "community_task", row, {"list_kind": codes.TASK_LISTS[d.list_kind], "title": d.title})
    return row


def add_station(actor, data: dict[str, Any]) -> Station:
    _require(actor, MANAGE, "社区服务设施由乡镇（街道）或县级登记")
    d = validation.validate(StationIn, data)
    _region(actor, d.region_code)
    with transaction.atomic():
        row = Station.objects.create(region_code=d.region_code, name=d.name, floor_area=d.floor_area,
                                     functions=sorted(set(d.functions)), opened_on=d.opened_on)
        _created(actor, "community_station", row, {"name": d.name, "floor_area": d.floor_area,
                                                   "functions": [codes.FUNCTIONS[f] for f in row.functions]})
    return row


def add_catalogue_item(actor, data: dict[str, Any]) -> CatalogueItem:
    _require(actor, MANAGE, "服务事项目录由乡镇（街道）或县级制定")
    d = validation.validate(CatalogueIn, data)
    _region(actor, d.region_code, village=False)
    with transaction.atomic():
        row = CatalogueItem.objects.create(**d.model_dump())
        _created(actor, "community_catalogue", row, {"name": d.name, "pledge_days": d.pledge_days})
    return row


def open_ticket(actor, data: dict[str, Any]) -> Ticket:
    """一窗受理: the pledge deadline is `pledge_days` working days after the day received."""
    _require(actor, RECORD, "一窗受理由村（社区）、乡镇（街道）或县级办理")
    d = validation.validate(TicketIn, data)
    _region(actor, d.region_code)
    item = selectors.catalogue_item_for(actor, d.region_code, d.item_id)
    if item is None:
        raise ValidationFailed.one("item_id", "服务事项不在本村（社区）适用的服务目录中")
    received = d.received_on or clock.today()
    _not_future(received, "received_on", "受理日期")
    due = workdays.Calendar(d.region_code).add_workdays(received, item.pledge_days)
    with transaction.atomic():
        row = Ticket.objects.create(region_code=d.region_code, item=item, applicant=d.applicant,
                                    received_on=received, due_on=due.day, provisional=due.provisional,
                                    created_by=actor)
        protected.seal_saved(row, "phone_enc", d.phone or None)
        _created(actor, "community_ticket", row, {"item": item.name, "applicant": d.applicant,
                                                  "phone": row.phone_masked, "due_on": due.day})
    return row


def close_ticket(actor, ticket: Ticket | int, data: dict[str, Any]) -> Ticket:
    _require(actor, RECORD, "一窗受理由村（社区）、乡镇（街道）或县级办理")
    ticket = ticket if isinstance(ticket, Ticket) else selectors.get_ticket(actor, ticket)
    d = validation.validate(CloseIn, data)
    _not_future(d.done_on, "done_on", "办结日期")
    with transaction.atomic():
        row = Ticket.objects.select_for_update().get(pk=ticket.pk)
        if row.state != "open":
            raise Conflict(f"该事项{codes.TICKET_STATES[row.state]}")
        if d.done_on < row.received_on:
            raise ValidationFailed.one("done_on", f"办结日期不能早于受理日期（{row.received_on}）")
        row.state, row.done_on, row.result = ("rejected" if d.rejected else "done"), d.done_on, d.result
        row.save(update_fields=["state", "done_on", "result"])
        audit.record(actor, audit.Event("ticket_close", "community_ticket", row.pk, row.region_code, {
            "state": ["办理中", codes.TICKET_STATES[row.state]], "done_on": [None, d.done_on],
            "overdue": [None, d.done_on > row.due_on]}))
    return row


def add_fund_entry(actor, data: dict[str, Any]) -> FundEntry:
    _require(actor, RECORD, "社区经费由村（社区）、乡镇（街道）或县级登记")
    d = validation.validate(FundIn, data)
    _region(actor, d.region_code)
    _not_future(d.on, "on", "日期")
    with transaction.atomic():
        row = FundEntry.objects.create(created_by=actor, **d.model_dump())
        _created(actor, "community_fund", row, {"direction": codes.FUND_DIRECTIONS[d.direction],
                                                "category": codes.FUND_CATEGORIES[d.category],
                                                "amount": d.amount, "note": d.note})
    return row
