"""校验审计链 from the audit page: the whole chain is walked in a background job with progress (a chain of millions
of entries takes a while); the result says whether it is intact or where it breaks, and the check is itself
recorded in the chain."""

from __future__ import annotations

from minzheng.core import audit, jobs, roles
from minzheng.core.errors import Forbidden


def submit(actor, data: dict | None = None):
    if not roles.has_perm(actor, ("audit.view", "security.manage")):
        raise Forbidden("审计链校验由审计管理员或安全管理员发起")
    job = jobs.submit("audit_verify", actor, {})
    jobs.run_in_background(job)
    return job


@jobs.job("audit_verify")
def verify_job(job, progress) -> dict:
    result = audit.verify(progress)
    verdict = "完整：未发现删除、重排或篡改" if result.ok else f"不完整：{result.reason}"
    audit.record(job.created_by or "system", audit.Event("chain_verify", "audit", "", "", {
        "result": [None, "ok" if result.ok else "broken"], "checked": [None, result.checked],
        "first_bad_seq": [None, result.first_bad_seq]}))
    return {"ok": result.ok, "checked": result.checked, "first_bad_seq": result.first_bad_seq,
            "display": [["结论", verdict], ["已校验条数", result.checked]]
            + ([["第一处异常（序号）", result.first_bad_seq]] if not result.ok else [])}
