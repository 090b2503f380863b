"""身后一件事 reported online with the resident's account: kept sealed on the pending registration, the 丧葬补助
paid to it once the township confirms the certificate; a bad account is refused in Chinese, nothing written."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from minzheng.benefits.models import Case, Entitlement
from minzheng.benefits.tests.factories import grant, today
from minzheng.core import crypto, protected
from minzheng.core.models import AuditEntry
from minzheng.funeral.models import DeathRegistration
from minzheng.funeral.services import deaths
from minzheng.funeral.tests import factories as funeral_factories
from minzheng.portal.models import Notice, ServiceRequest
from minzheng.portal.tests.factories import bound_client, id_number_of, post

pytestmark = pytest.mark.django_db
ACCOUNT = "6222020200001234567"
RULE = "银行账号应为 6–32 位数字"


@pytest.fixture
def family(outbox, poor_family, staff, monkeypatch):
    """The mother signed in; the household receives 低保 (a special group of the 示例 rule: the subsidy is payable)."""
    household, people = poor_family
    funeral_factories.rules(staff["county"])
    grant("dibao", household)
    joined = household.memberships.get(person=people[2]).joined_on  # registered today (real clock)
    today(monkeypatch, (joined + dt.timedelta(days=5)).isoformat())
    citizen = bound_client(outbox, "13700001234", people[0], id_number_of(people[0]))
    return citizen, people, (joined + dt.timedelta(days=1)).isoformat()


def test_the_account_given_online_pays_the_subsidy_after_the_certificate(family, staff):
    citizen, people, died = family
    assert "领取丧葬补助的银行账号" in citizen.get("/portal/bereavement/").content.decode()
    response = post(citizen, "/portal/api/deaths", {"person_id": people[2].pk, "death_date": died, "relation": "母女",
                                                    "bank_account": "6222-0202-0000-1234-567",
                                                    "bank_name": "工商银行定海支行"})
    assert response.status_code == 201, response.content.decode()
    death = DeathRegistration.objects.get()
    assert (death.status, death.informant_id, death.bank_name) == ("pending", people[0].pk, "工商银行定海支行")
    assert ACCOUNT.encode() not in bytes(death.bank_account_enc)
    assert protected.unseal(death, "bank_account_enc") == ACCOUNT
    notice = Notice.objects.get(key__startswith=f"death:{death.pk}:made")
    assert "尾号 4567" in notice.text and ACCOUNT not in notice.text

    # the township confirms with the certificate only: the family's account is the one paid
    deaths.confirm_certificate(staff["township"], death.pk, {"certificate_no": "浙2026123456"})
    case = Case.objects.get(program="funeral_subsidy")
    ent = Entitlement.objects.get(program="funeral_subsidy")
    assert (case.applicant_id, ent.payee_id) == (people[0].pk, people[0].pk)
    assert protected.unseal(case, "bank_account_enc") == ACCOUNT
    assert protected.unseal(ent, "bank_account_enc") == ACCOUNT and ent.bank_name == "工商银行定海支行"
    assert DeathRegistration.objects.get().status == "completed"
    created = AuditEntry.objects.get(object_type="death_registration", action="create")
    assert created.changes["bank_account"] == [None, crypto.mask_account(ACCOUNT)]
    for entry in AuditEntry.objects.all():
        assert ACCOUNT not in json.dumps(entry.changes, ensure_ascii=False, default=str)


@pytest.mark.parametrize("account", ["6222abcd1234", "6" * 40])
def test_a_bad_account_is_refused_in_chinese_and_nothing_is_written(family, account):
    citizen, people, died = family
    body = {"person_id": people[2].pk, "death_date": died, "bank_account": account}
    api = post(citizen, "/portal/api/deaths", body)
    assert api.status_code == 422
    assert [e["field"] for e in api.json()["errors"]] == ["bank_account"]
    page = citizen.post("/portal/bereavement/", body)
    assert page.status_code == 422 and RULE in page.content.decode()
    assert not DeathRegistration.objects.exists() and not ServiceRequest.objects.exists()
