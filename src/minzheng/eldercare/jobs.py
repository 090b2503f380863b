"""Background jobs of 养老服务: `eldercare_escalate` moves unacknowledged alarms up (policy.alarms.ESCALATION);
queue it every minute (cron: `minzheng eldercare escalate`, or a scheduler submitting this job)."""

from __future__ import annotations

from minzheng.core import jobs


@jobs.job("eldercare_escalate")
def escalate_job(job, progress) -> dict:
    from minzheng.eldercare.services import alarms

    moved = alarms.escalate()
    return {**moved, "display": [["升级到乡镇（街道）", moved.get("township", 0)],
                                 ["升级到县级", moved.get("county", 0)]]}
