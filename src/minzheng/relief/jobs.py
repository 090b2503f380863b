"""Background jobs of disaster relief: a file from 应急管理部门 imported (core.pages.imports)."""

from __future__ import annotations

from minzheng.core import jobs
from minzheng.core.pages.imports import job_result, uploaded_file


@jobs.job("relief_exchange")
def import_job(job, progress) -> dict:
    from minzheng.relief.services import exchange

    with uploaded_file(job) as (fh, name):
        out = exchange.import_file(job.created_by, fh, name)
    if out["exchange"] is None:
        return job_result([("结果", "文件有错误，全部未导入（请按错误报告修改后重新上传）"),
                           ("错误数", len(out["errors"]))], out["errors"], "应急管理部门灾情数据", job.created_by)
    if out["repeated"]:
        return job_result([("结果", "该文件已导入过，未重复导入")], [], "应急管理部门灾情数据", job.created_by)
    return job_result([("结果", "已导入"), ("新增灾害事件", out["events"]), ("登记灾情稳定", out["updated"]),
                       ("新增灾情报告", out["reports"]), ("已有且一致（未变化）", out["unchanged"])], [],
                      "应急管理部门灾情数据", job.created_by)
