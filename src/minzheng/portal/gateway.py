"""SMS gateways: the portal sends sign-in codes and notices through the class named by MINZHENG_PORTAL_SMS_GATEWAY
(portal.conf). The default, LogGateway, writes the message to the log (demo, tests, an intranet without an SMS
service); a province's SMS platform is a subclass of core.sms.SmsGateway implementing send()."""

from __future__ import annotations

import logging
from functools import cache

from django.utils.module_loading import import_string

from minzheng.core.crypto import mask_phone
from minzheng.core.sms import SmsGateway
from minzheng.portal import conf

logger = logging.getLogger("minzheng.portal.sms")


class LogGateway(SmsGateway):
    """Writes each message to the `minzheng.portal.sms` log (WARNING, so the default log level shows it). The number
    is masked in the text that reaches a log file (no personal data in plaintext on disk); the record carries it in
    `phone` for an in-process handler (the tests' outbox)."""

    def send(self, phone: str, text: str) -> None:
        logger.warning("SMS to %s: %s", mask_phone(phone), text, extra={"phone": phone})


@cache
def _gateway(path: str) -> SmsGateway:
    return import_string(path)()


def gateway() -> SmsGateway:
    return _gateway(conf.gateway_path())
