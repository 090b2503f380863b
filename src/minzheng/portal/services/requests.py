"""Requests a resident makes here through the other apps' own services — never a second copy of their rules:

- marriage appointment → `marriage.services.appointments.book` (registry, day, slot, the slot's capacity; a full
  slot is the service's 409 "… 已约满（可预约 N 个）");
- 清明 tomb-sweeping → `funeral.services.bookings.book` (capacity by conditional UPDATE; the QR check-in code);
- 身后一件事 reported by the family → `funeral.services.deaths.register` (source 家属申报: the deceased's payments are
  held until the township confirms the certificate; then the funeral subsidy is paid through the kernel to the
  resident as the informant);
- home-care order → `eldercare.services.homecare.create_order` (source 本人（群众端）申请).

Each call runs with the portal's system actor (portal.channel: the role and region of the office that takes such a
request, audited as 网上申请（居民本人）); the portal passes only people of the resident's own household (404 for
anyone else). The row made is linked to the account (ServiceRequest) for 我的办件 and notices, in the same
transaction, and the resident is told by notice and SMS that it was made."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.urls import reverse

from minzheng.core import audit, clock
from minzheng.core.errors import Conflict, NotFound, ValidationFailed
from minzheng.eldercare.services import homecare
from minzheng.funeral.services import bookings, deaths
from minzheng.marriage import codes as marriage_codes
from minzheng.marriage.services import appointments
from minzheng.portal import codes, selectors
from minzheng.portal.models import PortalAccount, ServiceRequest
from minzheng.portal.services import notices, signin

BOOK_AHEAD_DAYS = 90  # the channel offers appointments up to this many days ahead


def _link(account: PortalAccount, household, kind: str, object_id: int, region_code: str) -> ServiceRequest:
    row = ServiceRequest.objects.create(account=account, household=household, kind=kind, object_id=object_id,
                                        region_code=region_code)
    audit.record(signin.audit_name(account), audit.Event("create", "portal_request", row.pk, region_code, {
        "kind": [None, codes.REQUEST_KINDS[kind]], "object_id": [None, object_id]}))
    return row


def _member(account: PortalAccount, person_id):
    """A current member of the resident's own household (404 for anyone else, as for another household's case)."""
    found = next((p for p in selectors.members(account) if p.pk == person_id), None) \
        if isinstance(person_id, int) else None
    if found is None:
        raise NotFound("未找到该家庭成员")
    return found


def _day(raw, field: str, label: str) -> dt.date:
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(str(raw or ""))
    except ValueError:
        raise ValidationFailed.one(field, f"请选择{label}") from None


def _ahead(day: dt.date, field: str) -> None:
    today = clock.today()
    if not today <= day <= today + dt.timedelta(days=BOOK_AHEAD_DAYS):
        raise ValidationFailed.one(field, f"请选择今天起 {BOOK_AHEAD_DAYS} 天内的日期")


def _confirm(account, row: ServiceRequest, text: str) -> None:
    notices.notify(account, f"{row.kind}:{row.object_id}:made", "request", text,
                   reverse("portal_request", args=[row.pk]))


# ---- marriage appointments -------------------------------------------------------------------------------------------


def book_marriage(account: PortalAccount, data: dict[str, Any]) -> ServiceRequest:
    """data: registry (code), day, slot, kind (marriage | divorce | reissue), partner_name."""
    household = selectors.own_household(account)
    day = _day(data.get("day"), "day", "预约日期")
    _ahead(day, "day")
    actor = selectors.county_actor(account, household)
    with transaction.atomic():
        row = appointments.book(actor, {"registry": data.get("registry") or "", "day": day.isoformat(),
                                        "slot": data.get("slot") or "", "kind": data.get("kind") or "marriage",
                                        "name_a": account.person.name, "name_b": data.get("partner_name") or ""})
        link = _link(account, household, "marriage", row.pk, row.region_code)
        _confirm(account, link, f"您已预约 {row.day:%Y年%m月%d日} {marriage_codes.SLOTS[row.slot]} 到"
                                f"{row.registry.name}办理{marriage_codes.KINDS[row.kind]}，请按时到场并携带身份证件。")
    return link


# ---- 清明 tomb-sweeping ----------------------------------------------------------------------------------------------


def book_sweeping(account: PortalAccount, data: dict[str, Any]) -> ServiceRequest:
    """data: slot_id, party_size."""
    household = selectors.own_household(account)
    actor = selectors.county_actor(account, household)
    with transaction.atomic():
        row = bookings.book(actor, {"slot_id": data.get("slot_id"), "party_size": data.get("party_size") or 1,
                                    "visitor_name": account.person.name})
        link = _link(account, household, "sweeping", row.pk, row.region_code)
        _confirm(account, link, f"清明祭扫预约成功：{row.slot.cemetery.name} {row.slot.day:%m月%d日} "
                                f"{row.slot.starts:%H:%M}–{row.slot.ends:%H:%M}，{row.party_size} 人。"
                                "入园时出示掌上民政“我的办件”中的二维码。")
    return link


def cancel(account: PortalAccount, request_id) -> ServiceRequest:
    """The resident cancels their own marriage appointment or 清明 booking (through the app's own service)."""
    row = selectors.own_request(account, request_id)
    household = selectors.own_household(account)
    actor = selectors.county_actor(account, household)
    with transaction.atomic():
        if row.kind == "marriage":
            appointments.set_status(actor, row.object_id, "cancelled")
        elif row.kind == "sweeping":
            bookings.cancel(actor, row.object_id)
        else:
            raise Conflict("该事项不能在网上取消，请联系办理单位")
    return row


# ---- 身后一件事 reported by the family ------------------------------------------------------------------------------


def report_death(account: PortalAccount, data: dict[str, Any]) -> ServiceRequest:
    """data: person_id (the deceased, a member of the resident's household), death_date, place, disposal,
    relation (the resident's relation to the deceased), bank_account and bank_name (optional: the resident's account
    for the 丧葬补助, kept sealed on the registration until the township confirms the certificate). The resident is
    the informant (丧葬补助的领取人)."""
    household = selectors.own_household(account)
    deceased = _member(account, data.get("person_id"))
    if deceased.pk == account.person_id:
        raise ValidationFailed.one("person_id", "请选择去世的家庭成员")
    actor = selectors.township_actor(account, household)
    with transaction.atomic():
        row = deaths.register(actor, {
            "person_id": deceased.pk, "death_date": str(data.get("death_date") or ""), "source": "family",
            "place": data.get("place") or "", "informant_id": account.person_id,
            "informant_relation": data.get("relation") or "", "disposal": data.get("disposal") or "cremation",
            "bank_account": data.get("bank_account") or "", "bank_name": data.get("bank_name") or ""})
        link = _link(account, household, "death", row.pk, row.region_code)
        tail = row.bank_account_masked[-4:]  # the notice names the account by its last digits only
        payee = f"符合条件的，丧葬补助将发放至您尾号 {tail} 的账户。" if tail else \
            "如需领取丧葬补助，核验时请向经办人提供您的银行账号和开户行。"
        _confirm(account, link, f"已收到您申报的{deceased.name}去世信息（身后一件事编号 {row.pk}）。"
                                "请将《死亡医学证明》交村（社区）或乡镇（街道）核验，核验后办结丧葬补助等事项。"
                                + payee)
    return link


# ---- home-care orders ------------------------------------------------------------------------------------------------


def order_homecare(account: PortalAccount, data: dict[str, Any]) -> ServiceRequest:
    """data: person_id (the elder, a member of the resident's household), item_id, quantity, scheduled_on, note."""
    household = selectors.own_household(account)
    elder = _member(account, data.get("person_id"))
    day = _day(data.get("scheduled_on"), "scheduled_on", "上门日期")
    _ahead(day, "scheduled_on")
    actor = selectors.village_actor(account, household)
    with transaction.atomic():
        row = homecare.create_order(actor, {
            "person_id": elder.pk, "item_id": data.get("item_id"), "quantity": data.get("quantity") or 1,
            "scheduled_on": day.isoformat(), "source": "citizen", "note": data.get("note") or ""})
        link = _link(account, household, "homecare", row.pk, row.region_code)
        _confirm(account, link, f"已为{elder.name}预约{row.item.name}，{row.scheduled_on:%m月%d日}上门，"
                                f"金额 {row.amount_fen / 100:.2f} 元。派单后会再通知您。")
    return link

