"""Background jobs of special care: a register file from 退役军人事务部门 compared with ours (core.pages.imports)."""

from __future__ import annotations

from minzheng.core import jobs
from minzheng.core.pages.imports import job_result, uploaded_file
from minzheng.specialcare import codes


@jobs.job("specialcare_exchange")
def compare_job(job, progress) -> dict:
    from minzheng.specialcare.services import exchange

    with uploaded_file(job) as (fh, name):
        out = exchange.compare_register(job.created_by, fh, name)
    ex = out["exchange"]
    if ex is None:
        return job_result([("结果", "文件有错误，未比对（请按错误报告修改后重新上传）"),
                           ("错误数", len(out["errors"]))], out["errors"], "退役军人事务部门名册", job.created_by)
    counts = {k: ex.found.filter(kind=k).count() for k in codes.DIFFERENCES}
    display = [("结果", "该文件已比对过，未重复比对" if out["repeated"] else "已比对"), ("行数", ex.rows),
               ("一致", ex.matched), ("差异", ex.differences),
               *((codes.DIFFERENCES[k], n) for k, n in counts.items() if n)]
    return {**job_result(display, [], "退役军人事务部门名册", job.created_by), "exchange_id": ex.pk}
