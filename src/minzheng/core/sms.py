"""SMS for every line of business: a gateway class named by MINZHENG_SMS_GATEWAY (default LogGateway, which writes
the message to the `minzheng.sms` log with the number masked — demo, tests, an intranet without an SMS service). A
province's SMS platform is a subclass implementing send(). The citizen portal keeps its own setting for sign-in codes
(portal.gateway), with the same base class."""

from __future__ import annotations

import logging
import os
from abc import ABC, abstractmethod
from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

from minzheng.core.crypto import mask_phone

logger = logging.getLogger("minzheng.sms")


class SmsGateway(ABC):
    @abstractmethod
    def send(self, phone: str, text: str) -> None:
        """Deliver `text` to `phone` (a province's SMS platform)."""


class LogGateway(SmsGateway):
    """Writes each message to the `minzheng.sms` log (WARNING, so the default level shows it), the number masked
    in the text (no personal data in plaintext on disk); the record carries it in `phone` for an in-process
    handler (a test's outbox)."""

    def send(self, phone: str, text: str) -> None:
        logger.warning("SMS to %s: %s", mask_phone(phone), text, extra={"phone": phone})


@cache
def _gateway(path: str) -> SmsGateway:
    return import_string(path)()


def gateway() -> SmsGateway:
    path = getattr(settings, "MINZHENG_SMS_GATEWAY", None) or os.environ.get(
        "MINZHENG_SMS_GATEWAY", "minzheng.core.sms.LogGateway")
    return _gateway(path)
