"""Background job of 社会组织: `socialorgs_blacklist` — the daily move of organisations on the 活动异常名录 for two
years to the 严重违法失信名单 (services.oversight.promote_overdue; idempotent, so restartable). Queue it once a day
(cron: `minzheng socialorgs blacklist`, or a scheduler submitting this job)."""

from __future__ import annotations

from minzheng.core import jobs


@jobs.job("socialorgs_blacklist", restartable=True)
def blacklist_job(job, progress) -> dict:
    from minzheng.socialorgs.services import oversight

    done = oversight.promote_overdue()
    return {**done, "display": [["转入严重违法失信名单", done["moved"]], ["已在名单中（关闭异常名录记录）",
                                                                     done["already_listed"]]]}
