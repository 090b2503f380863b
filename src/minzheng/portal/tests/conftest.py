import logging

import pytest

from minzheng.portal.tests.factories import Outbox


@pytest.fixture
def outbox():
    """The codes the log gateway writes (the default MINZHENG_PORTAL_SMS_GATEWAY), read as the tests' SMS inbox."""
    handler = Outbox()
    logger = logging.getLogger("minzheng.portal.sms")
    logger.addHandler(handler)
    yield handler
    logger.removeHandler(handler)
