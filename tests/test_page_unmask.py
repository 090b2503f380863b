"""Revealing a masked value in the pages (issue 11, defect 15): the person page shows ID number and phone masked; a
user holding the unmask right gets the plaintext from the reveal button, and it is audited; a user without it gets
403 and no plaintext; a user of another region gets 404."""

from __future__ import annotations

import pytest
from django.test import Client

from minzheng.core.models import AuditEntry
from minzheng.registry.tests.factories import make_id, make_person


def _browser(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_unmask_right_reveals_plaintext_in_the_page_and_is_audited(make_user, village_user):
    id_number = make_id("19800315", "F")
    person = make_person(village_user, name="李梅", id_number=id_number, phone="13800138000")
    officer = make_user("county", "330902000000", can_unmask=True)
    client = _browser(officer)

    page = client.get(f"/registry/persons/{person.pk}/").content.decode()
    assert id_number not in page and "13800138000" not in page  # masked until revealed

    before = AuditEntry.objects.filter(action="unmask").count()
    for field, plain in (("id_number", id_number), ("phone", "13800138000")):
        response = client.post(f"/registry/persons/{person.pk}/reveal/{field}/", HTTP_HX_REQUEST="true")
        assert response.status_code == 200
        assert plain in response.content.decode()
    entries = AuditEntry.objects.filter(action="unmask").order_by("seq")
    assert entries.count() == before + 2
    last = entries.last()
    assert (last.actor_id, last.object_type, last.object_id) == (officer.pk, "person", str(person.pk))
    assert last.changes == {"field": "phone"}
    assert id_number not in str(entries.first().changes)  # the audit names the field, never the value


@pytest.mark.django_db
def test_without_the_right_or_outside_the_region_no_plaintext(make_user, village_user):
    id_number = make_id("19750101", "M")
    person = make_person(village_user, name="赵强", id_number=id_number)
    before = AuditEntry.objects.filter(action="unmask").count()
    for user, status in ((make_user("county", "330902000000"), 403),  # no unmask right
                         (village_user, 403),  # a village clerk can never hold it
                         (make_user("county", "330903000000", can_unmask=True), 404)):  # another county
        response = _browser(user).post(f"/registry/persons/{person.pk}/reveal/id_number/", HTTP_HX_REQUEST="true")
        assert response.status_code == status, user.role
        assert id_number not in response.content.decode()
    assert AuditEntry.objects.filter(action="unmask").count() == before
    anonymous = Client().post(f"/registry/persons/{person.pk}/reveal/id_number/")
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/login/")
