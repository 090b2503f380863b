"""Device alarms: the request signature, the time to acknowledge and the escalation steps.

Signature: each device holds its own key (generated when it is registered, stored SM4-encrypted and bound to the
device's row). A device signs `timestamp + "\\n" + body` with HMAC-SM3 (GB/T 32905 hash in RFC 2104 HMAC) and sends
`X-Device-Serial`, `X-Timestamp` (Unix seconds) and `X-Signature` (hex). A timestamp more than `SKEW` seconds away from
the server's clock is refused (replay window); within it, each alarm's `event_id` is unique per device, so a replayed
request finds the alarm it already made.

Escalation (ESCALATION, data): an alarm not acknowledged within 5 minutes goes to the township, within 15 minutes to
the county (❓ local response standard, docs/eldercare.md).

>>> sign(b"k" * 16, 1767225600, b'{"kind":"fall"}')[:16]
'efb4a8c657934ec3'
>>> escalation_target(dt.timedelta(minutes=6), "village")
'township'
>>> escalation_target(dt.timedelta(minutes=4), "provider") is None
True
"""

from __future__ import annotations

import datetime as dt
import hmac as std_hmac

from cryptography.hazmat.primitives import hashes, hmac

SKEW = 300  # seconds a device clock may differ from the server's
ESCALATION = ((dt.timedelta(minutes=15), "county"), (dt.timedelta(minutes=5), "township"))  # longest first
RANK = {"provider": 0, "village": 0, "township": 1, "county": 2}


def sign(key: bytes, timestamp: int, body: bytes) -> str:
    h = hmac.HMAC(key, hashes.SM3())
    h.update(str(timestamp).encode() + b"\n" + body)
    return h.finalize().hex()


def signature_ok(key: bytes, timestamp: int, body: bytes, signature: str) -> bool:
    return std_hmac.compare_digest(sign(key, timestamp, body), (signature or "").strip().lower())


def fresh(timestamp: int, now: dt.datetime) -> bool:
    return abs(now.timestamp() - timestamp) <= SKEW


def escalation_target(waiting: dt.timedelta, current: str) -> str | None:
    """Where an unacknowledged alarm that has waited `waiting` should be now, if higher than `current`."""
    for after, target in ESCALATION:
        if waiting >= after:
            return target if RANK[target] > RANK.get(current, 0) else None
    return None


def seconds_to_acknowledge(received_at: dt.datetime, acknowledged_at: dt.datetime) -> int:
    return max(0, int((acknowledged_at - received_at).total_seconds()))
