"""The time limits of a minors-protection case, pure. Every step has a deadline counted in hours from
the previous step; the hours are data (TimeLimit rows by step, urgency, region and date). Rules:
《未成年人保护法》第十一条 (强制报告: 发现侵害或疑似侵害应当立即报告，有关部门应当依法及时受理、处置),
第九十二条、第九十三条 (民政部门临时监护), 第一百零八条 (申请撤销监护人资格); the example hours are the
county's choice (示例值)."""

from __future__ import annotations

import datetime as dt

R_MINORS = "《中华人民共和国未成年人保护法》第十一条、第九十二条、第九十三条"

# The step a state awaits, and the state after that step.
AWAITS = {"reported": "respond", "responded": "assess", "assessed": "intervene", "intervening": "follow_up",
          "follow_up": "follow_up"}
NEXT_STATE = {"respond": "responded", "assess": "assessed", "intervene": "intervening", "follow_up": "follow_up"}
# What may be done in each state (referrals, officers and closure are not steps of the sequence).
ALLOWED = {
    "reported": {"respond", "refer", "officers", "restrict"},
    "responded": {"assess", "refer", "officers", "restrict"},
    "assessed": {"intervene", "refer", "officers", "restrict"},
    "intervening": {"follow_up", "refer", "officers", "restrict", "intake", "discharge", "close"},
    "follow_up": {"follow_up", "refer", "officers", "restrict", "intake", "discharge", "close"},
    "closed": set(),
}


def limit_hours(limits: dict[tuple[str, str], int], step: str, urgency: str) -> int | None:
    """The hours for `step` at `urgency` (a row for the urgency, else the row for both), None when unset."""
    found = limits.get((step, urgency))
    return found if found is not None else limits.get((step, ""))


def deadline(start: dt.datetime, hours: int | None) -> dt.datetime | None:
    return start + dt.timedelta(hours=hours) if hours is not None else None


def late(due: dt.datetime | None, at: dt.datetime) -> bool:
    return due is not None and at > due
