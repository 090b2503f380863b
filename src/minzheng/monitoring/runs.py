"""Running the month's monitoring from the pages: 运行监测 submits a background job (core.jobs) that runs
scoring.run as the user who asked, with progress on the job page; the runs are listed (监测批次). The run covers the
whole installation (like the comparison), so county and city staff start it (monitoring.run)."""

from __future__ import annotations

import datetime as dt

from minzheng.core import jobs, roles
from minzheng.core.errors import Forbidden
from minzheng.monitoring import scoring

RUN_LABELS = [("month", "监测月份"), ("monitored_persons", "监测对象人数"), ("households_scored", "评分家庭数"),
              ("warnings", "预警数"), ("new_warnings", "新增预警"), ("discoveries", "主动发现"),
              ("seconds", "耗时（秒）")]


def submit(actor, data: dict):
    if not roles.has_perm(actor, "monitoring.run"):
        raise Forbidden("您的角色不能运行监测预警（县级、市级民政部门运行）")
    value = data.get("month")
    month = scoring.parse_month(f"{value:%Y-%m}" if isinstance(value, dt.date) else str(value or ""))
    job = jobs.submit("monitor_run", actor, {"month": f"{month:%Y-%m}"})
    jobs.run_in_background(job)
    return job


@jobs.job("monitor_run", restartable=True)  # a rerun of the month adds no warning twice
def run_job(job, progress) -> dict:
    progress(0, 1, "正在评分")
    out = scoring.run(job.params["month"], actor=job.created_by)
    progress(1, 1, "监测完成")
    out["display"] = [[label, out[key]] for key, label in RUN_LABELS]
    return out
