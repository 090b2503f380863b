"""core.users.system_actor: a channel acting for a resident is audited by its label with no staff id, and its
reserved account can never be reset, activated, unlocked or used to sign in (issue 20)."""

from __future__ import annotations

import pytest
from django.test import Client

from minzheng.core import audit, roles, users
from minzheng.core.errors import Forbidden
from minzheng.core.models import AuditEntry, User

pytestmark = pytest.mark.django_db


def test_system_actor_is_audited_by_its_label_and_never_saved(make_user):
    actor = users.system_actor("portal", "网上申请（居民本人）", role=roles.VILLAGE, region_code="330902001001",
                               detail="137****1234")
    assert users.is_system(actor) and actor.pk is not None and roles.has_perm(actor, "people.view")
    row = User.objects.get(pk=actor.pk)
    assert (row.username, row.is_active, row.has_usable_password()) == ("system:portal", False, False)
    audit.record(actor, audit.Event("create", "case", 1, "330902001001"))
    entry = AuditEntry.objects.get(object_type="case")
    assert (entry.actor_name, entry.actor_id) == ("网上申请（居民本人）137****1234", None)
    assert audit.verify().ok
    # a second actor reuses the one reserved account
    assert users.system_actor("portal", "x", role=roles.COUNTY, region_code="330902000000").pk == actor.pk
    assert User.objects.filter(username__startswith=users.SYSTEM_PREFIX).count() == 1


def test_nobody_can_turn_the_reserved_account_into_a_sign_in(make_user):
    actor = users.system_actor("portal", "网上申请（居民本人）", role=roles.VILLAGE, region_code="330902001001")
    row = User.objects.get(pk=actor.pk)
    sysadmin, secadmin = make_user("sysadmin", "330902000000"), make_user("secadmin", "330902000000")
    for call in (lambda: users.reset_password(sysadmin, row), lambda: users.set_active(sysadmin, row, True),
                 lambda: users.unlock(secadmin, row), lambda: users.assign(secadmin, row, "county", "330902000000")):
        with pytest.raises(Forbidden):
            call()
    row.refresh_from_db()
    assert not row.is_active and not row.has_usable_password()
    response = Client().post("/login/", {"username": "system:portal", "password": ""})
    assert response.status_code != 302
