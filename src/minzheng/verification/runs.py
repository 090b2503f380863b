"""Running the month's comparison from the pages: the 运行比对 form submits a background job (core.jobs) that runs
compare.run as the user who asked, with its progress on the job page; the runs are listed (比对记录).

The comparison covers the whole installation's recipients (the lake is one per installation), so it is started by
those who load department data (verification.manage: county and city)."""

from __future__ import annotations

import datetime as dt

from minzheng.core import jobs, roles
from minzheng.core.errors import Forbidden
from minzheng.verification import compare

RUN_LABELS = [("month", "比对月份"), ("recipients", "比对对象人数"), ("entitlements", "比对待遇数"),
              ("findings", "命中数"), ("created", "新增疑点数"), ("seconds", "耗时（秒）")]


def submit(actor, data: dict):
    if not roles.has_perm(actor, "verification.manage"):
        raise Forbidden("您的角色不能运行全量比对（县级、市级民政部门运行）")
    value = data.get("month")
    month = value.replace(day=1) if isinstance(value, dt.date) else compare.parse_month(str(value or ""))
    job = jobs.submit("compare_run", actor, {"month": f"{month:%Y-%m}"})
    jobs.run_in_background(job)
    return job


@jobs.job("compare_run", restartable=True)  # a rerun adds no finding twice (test_rerun_adds_nothing…)
def run_job(job, progress) -> dict:
    progress(0, 1, "正在比对")
    out = compare.run(job.params["month"], actor=job.created_by)
    progress(1, 1, "比对完成")
    out["display"] = [[label, out[key]] for key, label in RUN_LABELS]
    return out
