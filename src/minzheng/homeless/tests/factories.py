"""Test data of the rescue station: intake bodies, missing-person reports, a small JPEG."""

from __future__ import annotations

import datetime as dt

JPEG = b"\xff\xd8\xff\xe0" + b"\x00\x10JFIF\x00" + b"\x00" * 64 + b"\xff\xd9"


def intake(**extra) -> dict:
    return {"name": "", "sex": "M", "estimated_birth_year": 1970, "found_on": dt.date(2026, 3, 2).isoformat(),
            "found_at": "定海区火车站广场", "description": "男性，约五十多岁，言语不清，衣着单薄",
            "admitted_on": dt.date(2026, 3, 2).isoformat(), **extra}


def missing(region: str, **extra) -> dict:
    return {"name": "王建军", "sex": "M", "birth_year": 1968, "region_code": region,
            "missing_since": dt.date(2025, 11, 1).isoformat(), "reported_by": "王小红", "contact_phone": "13800138000",
            **extra}


def escort(**extra) -> dict:
    return {"escorts": "救助站 陈工、刘工", "route": "定海—舟山站—杭州东站—邵阳站", "departed_on": "2026-03-20",
            "handed_over_on": "2026-03-21", "received_by": "王小红", "received_relation": "女儿",
            "handover_signed": "王小红", "cost": "860.00", **extra}
