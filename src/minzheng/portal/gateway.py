"""SMS gateways: the portal sends sign-in codes and notices through the class named by MINZHENG_PORTAL_SMS_GATEWAY
(portal.conf). The default, LogGateway, writes the message to the log (demo, tests, an intranet without an SMS
service); a province's SMS platform is a subclass implementing send()."""

from __future__ import annotations

import logging
from functools import cache

from django.utils.module_loading import import_string

from minzheng.portal import conf

logger = logging.getLogger("minzheng.portal.sms")


class SmsGateway:
    def send(self, phone: str, text: str) -> None:  # pragma: no cover - the interface
        raise NotImplementedError


class LogGateway(SmsGateway):
    """Writes each message to the `minzheng.portal.sms` log (WARNING, so the default log level shows it)."""

    def send(self, phone: str, text: str) -> None:
        logger.warning("SMS to %s: %s", phone, text)


@cache
def _gateway(path: str) -> SmsGateway:
    return import_string(path)()


def gateway() -> SmsGateway:
    return _gateway(conf.gateway_path())
