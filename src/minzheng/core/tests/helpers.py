"""Shared helpers for the page building-block tests: audit entries as test rows, logged-in clients."""

from __future__ import annotations

import datetime as dt
import re

from django.core.signals import request_finished
from django.db import close_old_connections
from django.test import Client
from django.utils import timezone

from minzheng.core import audit
from minzheng.core.models import AuditEntry

URLS = "minzheng.core.tests.pages_urls"
COUNTY = "330902000000"
TOWNSHIP = "330902001000"  # 城东街道: 甲社区 (VILLAGE_A) and 乙社区 (VILLAGE_B)


def entry(region: str, actor: str = "张三", action: str = "update", *, object_type: str = "person",
          object_id: str = "", at: dt.datetime | None = None, **changes) -> AuditEntry:
    seq = audit.record(actor, audit.Event(action, object_type, object_id, region, changes))
    if at is not None:  # a queryset update: the model refuses edits through save(), tests may move a row in time
        AuditEntry.objects.filter(seq=seq).update(at=at)
    return AuditEntry.objects.get(seq=seq)


def local(year: int, month: int, day: int, hour: int = 12) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, hour))


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def body_rows(html: str) -> list[str]:
    """The <tr> rows of the first table body on a page."""
    tbody = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r"<tr>(.*?)</tr>", tbody, flags=re.S)


def drain(response) -> bytes:
    """Read a streamed response and close it as the server would, without the request_finished signal closing
    the test's database connection (the test client does the same around its requests)."""
    data = b"".join(response.streaming_content)
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)
    return data
