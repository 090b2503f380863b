"""Test helpers of the citizen channel: read the code the log gateway "sent", sign a client in, consent and bind it
to a registry person (through the portal API, as a phone would)."""

from __future__ import annotations

import json
import logging
import re

from django.test import Client

from minzheng.portal import codes

CODE = re.compile(r"SMS to (\S+): .*?验证码是 (\d{6})")


class Outbox(logging.Handler):
    """Collects what the log gateway sends: [(phone, code)]."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.sent: list[tuple[str, str]] = []

    def emit(self, record):
        found = CODE.search(record.getMessage())
        if found:
            assert "*" in found.group(1)  # the number is masked in what a log file would keep
            self.sent.append((record.phone, found.group(2)))

    def code_for(self, phone: str) -> str:
        return next(code for p, code in reversed(self.sent) if p == phone)


def post(client: Client, url: str, body) -> object:
    return client.post(url, json.dumps(body), content_type="application/json")


def sign_in(client: Client, outbox: Outbox, phone: str):
    assert post(client, "/portal/api/login/code", {"phone": phone}).status_code == 200
    response = post(client, "/portal/api/login", {"phone": phone, "code": outbox.code_for(phone)})
    assert response.status_code == 200, response.content.decode()
    return response


def bound_client(outbox: Outbox, phone: str, person, id_number: str, address: str = "127.0.0.1") -> Client:
    client = Client(REMOTE_ADDR=address)
    sign_in(client, outbox, phone)
    assert post(client, "/portal/api/consent", {"version": codes.PRIVACY_VERSION}).status_code == 200
    response = post(client, "/portal/api/bind", {"id_number": id_number, "name": person.name})
    assert response.status_code == 200, response.content.decode()
    return client


def id_number_of(person) -> str:
    from minzheng.core import protected

    return protected.unseal(person, "id_number_enc")
