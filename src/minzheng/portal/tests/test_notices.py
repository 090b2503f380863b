"""Notices on state change (core.audit.recorded → portal.services.notices): a staff action on a resident's case,
booking, appointment or order writes a notice in the portal inbox and sends it through the SMS gateway after the
commit (masked number in the log); the resident's own actions are not notified; a repeated event notifies once; a
payroll's payments are notified set-based (the same number of queries for 2 households or 12)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from minzheng.benefits.models import Case
from minzheng.benefits.services import cases
from minzheng.benefits.tests.factories import entitle, today
from minzheng.core import audit
from minzheng.payroll.models import Payroll, PayrollLine
from minzheng.portal.models import Notice, PortalAccount
from minzheng.portal.services import notices, signin
from minzheng.portal.tests.factories import bound_client, id_number_of, post
from minzheng.registry.tests.factories import make_family

pytestmark = pytest.mark.django_db
APPLY = {"program": "dibao", "statement": "丈夫去世，本人打零工收入不稳定", "authorise": True,
         "authorisation_signed_by": "王芳", "bank_name": "工商银行定海支行", "bank_account": "6222020200001234567"}


@pytest.fixture
def citizen(outbox, poor_family, demo_standards, monkeypatch):
    today(monkeypatch, "2026-11-02")
    _household, people = poor_family
    return bound_client(outbox, "13700001234", people[0], id_number_of(people[0]))


def test_case_accepted_by_the_township_notifies_the_resident(citizen, staff, caplog,
                                                             django_capture_on_commit_callbacks):
    caplog.set_level("WARNING", logger="minzheng.portal.sms")
    with django_capture_on_commit_callbacks(execute=True):
        number = post(citizen, "/portal/api/applications", APPLY).json()["case_number"]
    assert not Notice.objects.exists()  # the resident's own filing is not a notice
    with django_capture_on_commit_callbacks(execute=True):
        cases.act(staff["township"], number, "accept", {"note": "材料齐全"})
    notice = Notice.objects.get()
    assert (notice.kind, notice.key, notice.link) == ("case", f"case:{number}:accepted", f"/portal/cases/{number}/")
    assert notice.text == f"您的最低生活保障申请（编号 {number}）已受理，工作人员将入户调查。"
    sms = [r for r in caplog.records if "已受理" in r.getMessage()]
    assert len(sms) == 1 and sms[0].phone == "13700001234"
    assert "137****1234" in sms[0].getMessage() and "13700001234" not in sms[0].getMessage()
    # the inbox page lists it and marks it read; the API shows it read
    page = citizen.get("/portal/notices/").content.decode()
    assert "已受理" in page and "新消息" in page
    listed = citizen.get("/portal/api/notices").json()
    assert listed["count"] == 1 and listed["items"][0]["read"] is True
    # the same event again notifies once (unique per account and key)
    assert notices.notify_events([audit.Event("update", "case", number, "", {"state": ["applied", "accepted"]})]) == 0


def test_a_rolled_back_action_sends_nothing(citizen, staff, caplog, django_capture_on_commit_callbacks):
    from django.db import transaction

    number = post(citizen, "/portal/api/applications", APPLY).json()["case_number"]
    caplog.set_level("WARNING", logger="minzheng.portal.sms")
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                cases.act(staff["township"], number, "accept", {"note": "材料齐全"})
                raise RuntimeError("the staff action fails later")
        except RuntimeError:
            pass
    assert not Notice.objects.exists() and not [r for r in caplog.records if "已受理" in r.getMessage()]
    assert Case.objects.get(pk=number).state == "applied"


def _paid_households(staff, n: int, payroll: Payroll, consent: str = "2026.1", first: int = 0) -> None:
    for i in range(first, first + n):
        household, people = make_family(staff["village"], [(f"户主{i}", f"19{60 + i}0101", "M")])
        ent = entitle(household, people[0], amount="800.00")
        account = signin.open_account(f"1370000{i:04d}")
        PortalAccount.objects.filter(pk=account.pk).update(person=people[0], consent_version=consent,
                                                           region_code=household.region_id)
        PayrollLine.objects.create(payroll=payroll, entitlement=ent, month=payroll.month, for_month=payroll.month,
                                   kind="regular", program="dibao", region_code=household.region_id,
                                   household=household, payee=people[0], amount_fen=80000, status="paid")


@pytest.mark.parametrize("households", [2, 12])
def test_payroll_payments_are_notified_set_based(staff, households, django_assert_max_num_queries):
    month = dt.date(2026, 10, 1)
    payroll = Payroll.objects.create(program="dibao", region_code="330902001000", month=month, status="exported",
                                     generated_at=timezone.now())
    _paid_households(staff, households, payroll)
    _paid_households(staff, 1, payroll, consent="", first=30)  # an account without consent is never told
    event = audit.Event("reconcile", "payroll", payroll.pk, payroll.region_code, {"paid": [None, households]})
    # lines · accounts · existing keys · insert · the audit entry (head lock, insert, head update) and the
    # savepoints: the same count whatever the number of households (never one query per person)
    with django_assert_max_num_queries(9):  # 12 households would need 12+ if it went per person
        assert notices.notify_events([event]) == households
    texts = set(Notice.objects.values_list("text", flat=True))
    assert texts == {"2026年10月救助金 800.00 元已发放到账（1 笔），明细见掌上民政“到账记录”。"}
