"""The divorce cooling-off (民法典第1077条) after the application: a party withdraws (until the withdrawal deadline),
both appear (from the day after it until the appearance deadline) and receive the 离婚证, and the daily sweep that
makes the reminders and marks lapsed applications withdrawn (视为撤回; idempotent: a second run changes nothing)."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.db import transaction

from minzheng.core import audit, clock, protected, roles, validation
from minzheng.core.errors import Conflict, Forbidden
from minzheng.core.sms import gateway
from minzheng.marriage import codes, policy, selectors
from minzheng.marriage.models import DivorceApplication, Registration, Reminder, Spouse
from minzheng.marriage.schemas import AppearIn, WithdrawIn
from minzheng.marriage.services.registrations import next_certificate_no, parties_marital_status

logger = logging.getLogger(__name__)

PERMISSION = "marriage.register"


def _locked(actor, application_id) -> DivorceApplication:
    if not roles.has_perm(actor, PERMISSION):
        raise Forbidden("您的角色不能办理离婚登记")
    found = selectors.get_application(actor, application_id)
    return DivorceApplication.objects.select_for_update(of=("self",)).select_related("marriage", "registry").get(
        pk=found.pk)


def withdraw(actor, application_id, data: Any) -> DivorceApplication:
    """Either party withdraws within the cooling-off period (to the withdrawal deadline, that day included)."""
    with transaction.atomic():
        app = _locked(actor, application_id)
        d = validation.validate(WithdrawIn, data)
        day = d.date or clock.today()
        if day < app.received:
            raise Conflict("撤回日期早于收到申请的日期")
        status = policy.divorce_status(app.status, app.withdrawal_deadline, app.appearance_deadline, day)
        if not policy.may_withdraw(status):
            raise Conflict(f"不能撤回：申请{codes.DIVORCE_STATUS[status]}"
                           f"（撤回期限至 {app.withdrawal_deadline:%Y-%m-%d}）")
        app.status, app.withdrawn_on, app.withdrawn_by = "withdrawn", day, d.party
        app.save(update_fields=["status", "withdrawn_on", "withdrawn_by"])
        audit.record(actor, audit.Event("divorce_withdraw", "divorce_application", app.pk, app.region_code, {
            "status": ["冷静期内", "已撤回"], "withdrawn_by": [None, codes.PARTIES[d.party]], "day": [None, day]}))
    return app


def appear(actor, application_id, data: Any) -> DivorceApplication:
    """Both parties appear after the cooling-off, within the appearance period: the divorce is registered and the
    离婚证 numbered; the marriage ends that day."""
    with transaction.atomic():
        app = _locked(actor, application_id)
        d = validation.validate(AppearIn, data)
        day = d.date or clock.today()
        if not d.both_present:
            raise Conflict("离婚登记须双方亲自到场（民法典第一千零七十七条）")
        status = policy.divorce_status(app.status, app.withdrawal_deadline, app.appearance_deadline, day)
        if not policy.may_register(status):
            window = f"{app.withdrawal_deadline + dt.timedelta(days=1):%Y-%m-%d} 至 {app.appearance_deadline:%Y-%m-%d}"
            raise Conflict(f"不能办理：申请{codes.DIVORCE_STATUS[status]}（双方应于 {window} 到场）")
        m = Registration.objects.select_for_update().get(pk=app.marriage_id)
        if not m.in_force:
            raise Conflict("该婚姻已不存续")
        reg = app.registry
        row = Registration.objects.create(
            kind="divorce", registry=reg, region_code=reg.region_code, registered_on=day,
            certificate_no=next_certificate_no(reg, "divorce", day), marriage=m,
            **{f: getattr(m, f) for f in ("name_a", "sex_a", "birth_a", "id_a_enc", "id_a_index", "name_b", "sex_b",
                                          "birth_b", "id_b_enc", "id_b_index", "person_a_id", "person_b_id", "doc_a",
                                          "nationality_a", "doc_b", "nationality_b")},
            created_by=actor)
        m.in_force, m.ended_on = False, day
        m.save(update_fields=["in_force", "ended_on"])
        Spouse.objects.filter(marriage=m).delete()
        parties_marital_status(actor, row, "40")
        app.status, app.registration = "registered", row
        app.save(update_fields=["status", "registration"])
        audit.record(actor, audit.Event("register", "marriage_registration", row.pk, reg.region_code, {
            "kind": [None, "离婚登记"], "certificate_no": [None, row.certificate_no],
            "marriage": [None, m.certificate_no], "application": [None, app.pk]}))
    return app


def sweep(actor=None, today: dt.date | None = None) -> dict[str, int]:
    """The daily run: reminders to both parties within policy.REMINDER_DAYS of each deadline (once per party and
    deadline), then every application still cooling whose appearance deadline has passed is marked withdrawn
    (视为撤回). Set-based; running it twice the same day changes nothing the second time."""
    today = today or clock.today()
    horizon = today + dt.timedelta(days=policy.REMINDER_DAYS)
    open_apps = DivorceApplication.objects.filter(status="cooling")
    reminders = []
    for app_id, region, wd in open_apps.filter(withdrawal_deadline__gte=today,
                                               withdrawal_deadline__lte=horizon).values_list(
            "pk", "region_code", "withdrawal_deadline"):
        reminders += [Reminder(application_id=app_id, region_code=region, party=p, kind="withdrawal", deadline=wd,
                               made_on=today) for p in ("a", "b")]
    for app_id, region, ad in open_apps.filter(withdrawal_deadline__lt=today, appearance_deadline__gte=today,
                                               appearance_deadline__lte=horizon).values_list(
            "pk", "region_code", "appearance_deadline"):
        reminders += [Reminder(application_id=app_id, region_code=region, party=p, kind="appearance", deadline=ad,
                               made_on=today) for p in ("a", "b")]
    with transaction.atomic():
        before = Reminder.objects.count()
        Reminder.objects.bulk_create(reminders, ignore_conflicts=True, batch_size=1000)
        made = Reminder.objects.count() - before
        lapsed = list(open_apps.filter(appearance_deadline__lt=today).values_list("pk", "region_code"))
        if lapsed:
            DivorceApplication.objects.filter(pk__in=[pk for pk, _ in lapsed], status="cooling").update(
                status="withdrawn", withdrawn_by="lapse")
            audit.record_many(actor, [audit.Event("divorce_lapse", "divorce_application", pk, region, {
                "status": ["冷静期内", "视为撤回（逾期未到场）"]}) for pk, region in lapsed])
    return {"reminders": made, "withdrawn": len(lapsed), "sms": send_reminders(actor, today)}


def send_reminders(actor, today: dt.date) -> int:
    """Every reminder not yet sent, of an application still cooling and a deadline not passed, goes by SMS to the
    party's number given at the application (core.sms; after the sweep's commit, so a rolled-back sweep sends
    nothing). Marked sent in one UPDATE; a reminder without a number stays unsent for the registry to call, and a
    second run the same day sends nothing again."""
    rows = list(Reminder.objects.filter(sent_at__isnull=True, deadline__gte=today, application__status="cooling")
                .values_list("pk", "party", "kind", "deadline", "application__marriage_id", "application__phone_a_enc",
                             "application__phone_b_enc", "application__registry__name",
                             "application__withdrawal_deadline", "application_id", "region_code"))
    sms, sent, events = gateway(), [], []
    for pk, party, kind, deadline, marriage_id, enc_a, enc_b, registry, withdrawal, app_id, region in rows:
        field, blob = ("phone_a_enc", enc_a) if party == "a" else ("phone_b_enc", enc_b)
        phone = protected.open_value(DivorceApplication, field, blob, marriage_id)
        if not phone:
            continue
        try:
            sms.send(phone, policy.reminder_text(kind, deadline, withdrawal, registry))
        except Exception:
            logger.exception("婚姻登记冷静期提醒短信发送失败（提醒 #%s）", pk)
            continue
        sent.append(pk)
        events.append(audit.Event("remind", "divorce_application", app_id, region, {
            "sms": [None, f"{codes.REMINDER_KINDS[kind]}（{codes.PARTIES[party]}，期限 {deadline}）"]}))
    if sent:
        with transaction.atomic():
            Reminder.objects.filter(pk__in=sent).update(sent_at=clock.now())
            audit.record_many(actor, events)
    return len(sent)
