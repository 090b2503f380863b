"""The citizen's pages for requests made through the other apps' services (portal.services.requests): a marriage
appointment, a 清明 booking (with the QR check-in code), 身后一件事 reported by the family, a home-care order; a
request's page in 我的办件; the notice inbox. Reads through portal.selectors, writes through portal.services."""

from __future__ import annotations

import datetime as dt

import segno
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from minzheng.core import clock
from minzheng.core.errors import NotFound, ServiceError
from minzheng.funeral import codes as funeral_codes
from minzheng.marriage import codes as marriage_codes
from minzheng.portal import selectors
from minzheng.portal.services import notices, requests
from minzheng.portal.session import citizen_page
from minzheng.portal.views import _errors, _page


def _done(request, row, text: str):
    messages.success(request, text)
    return redirect("portal_request", request_id=row.pk)


def _submit(request, service, data: dict, ok: str):
    """Call the service; the redirect on success, else the errors for the form (422)."""
    try:
        return _done(request, service(request.citizen, data), ok), {}
    except ServiceError as exc:
        return None, _errors(exc)


def _int(raw: str):
    return int(raw) if raw.isdigit() and len(raw) < 19 else None


@citizen_page()
def marriage(request):
    """Pick a registry and a day (GET shows the free places per slot), then a slot (POST books it)."""
    values = request.POST if request.method == "POST" else request.GET
    registries = selectors.marriage_registries(request.citizen)
    registry = values.get("registry") or (registries[0][0] if registries else "")
    day_text = values.get("day") or ""
    slots, errors = [], {}
    try:
        day = dt.date.fromisoformat(day_text) if day_text else None
    except ValueError:
        day, errors = None, {"day": "请选择预约日期"}
    if request.method == "POST":
        response, errors = _submit(request, requests.book_marriage, {
            "registry": registry, "day": day_text, "slot": values.get("slot", ""), "kind": values.get("kind", ""),
            "partner_name": values.get("partner_name", "")}, "预约成功")
        if response:
            return response
    if day is not None and registry:
        try:
            slots = selectors.marriage_slots(request.citizen, registry, day)
        except NotFound:
            errors.setdefault("registry", "请选择婚姻登记机关")
    return _page(request, "marriage.html", title="婚姻登记预约", registries=registries, registry=registry,
                 day=day_text, slots=slots, kinds=marriage_codes.KINDS, values=values, errors=errors,
                 today=clock.today().isoformat(), status=422 if errors else 200)


@citizen_page()
def sweeping(request):
    errors = {}
    if request.method == "POST":
        response, errors = _submit(request, requests.book_sweeping, {
            "slot_id": _int(request.POST.get("slot_id", "")), "party_size": _int(request.POST.get("party_size", ""))},
            "预约成功，入园时请出示二维码")
        if response:
            return response
    slots = [(s, max(s.capacity - s.booked, 0)) for s in selectors.sweeping_slots(request.citizen)]
    return _page(request, "sweeping.html", title="清明祭扫预约", slots=slots,
                 values=request.POST, errors=errors, status=422 if errors else 200)


@citizen_page()
def bereavement(request):
    """身后一件事: the family reports a death; the township checks the certificate and completes it."""
    errors = {}
    if request.method == "POST":
        response, errors = _submit(request, requests.report_death, {
            "person_id": _int(request.POST.get("person_id", "")), "death_date": request.POST.get("death_date", ""),
            "place": request.POST.get("place", ""), "disposal": request.POST.get("disposal", ""),
            "relation": request.POST.get("relation", ""), "bank_account": request.POST.get("bank_account", ""),
            "bank_name": request.POST.get("bank_name", "")}, "已提交，请按提示交验死亡证明")
        if response:
            return response
    people = [p for p in selectors.members(request.citizen) if p.pk != request.citizen.person_id]
    return _page(request, "bereavement.html", title="身后一件事（家属申报）", people=people,
                 disposals=funeral_codes.DISPOSALS, values=request.POST, errors=errors,
                 today=clock.today().isoformat(), status=422 if errors else 200)


@citizen_page()
def homecare(request):
    errors = {}
    if request.method == "POST":
        response, errors = _submit(request, requests.order_homecare, {
            "person_id": _int(request.POST.get("person_id", "")), "item_id": _int(request.POST.get("item_id", "")),
            "quantity": _int(request.POST.get("quantity", "")), "scheduled_on": request.POST.get("scheduled_on", ""),
            "note": request.POST.get("note", "")}, "已下单，派单后会通知您")
        if response:
            return response
    return _page(request, "homecare.html", title="居家养老服务", people=selectors.members(request.citizen),
                 items=selectors.homecare_items(request.citizen), values=request.POST, errors=errors,
                 today=clock.today().isoformat(), status=422 if errors else 200)


@citizen_page()
def request_detail(request, request_id: int):
    view = selectors.request_view(request.citizen, request_id)
    qr = ""
    if view.token:  # as on the staff ticket: the check-in address with the opaque booking code (no name, no ID)
        url = request.build_absolute_uri(reverse("funeral_check_in", args=[view.token]))
        qr = mark_safe(segno.make(url, error="m").svg_inline(scale=6, border=2, title="清明祭扫入园二维码"))
    return _page(request, "request.html", title=f"{view.kind_label}（办件 {view.request.pk}）", v=view, qr=qr)


@citizen_page()
@require_POST
def request_cancel(request, request_id: int):
    try:
        requests.cancel(request.citizen, request_id)
        messages.success(request, "已取消")
    except ServiceError as exc:
        if isinstance(exc, NotFound):
            raise
        messages.error(request, exc.message)
    return redirect("portal_request", request_id=request_id)


@citizen_page()
def notice_list(request):
    rows = list(selectors.own_notices(request.citizen)[:100])
    notices.mark_read(request.citizen)
    return _page(request, "notices.html", title="我的消息", rows=rows)
