"""A month of work in the demo county, done through the same services the pages call, so every page shows real work
after `make demo`:

- the last two months' payrolls of the demo township: generated, checked by its township officer, approved by the
  county, bank files exported into the encrypted store and reconciled with a bank return in which a few payments fail
  (账户已销户 …) — the failed-payment work list and the funds chart have data;
- this month: department feeds with planted cases (synthetic.feeds, written to a temporary folder and removed once
  loaded), the comparison run (findings in the townships' 核实待办; a death holds the payment at once), the
  low-income monitoring run with the 示例 rules and visit plans (warnings, 政策找人), and every township's payroll
  generated as a draft awaiting its 初审.

Deterministic for a seed; the demo calls it once, on a fresh county."""

from __future__ import annotations

import csv
import io
import random
import tempfile
from pathlib import Path

from minzheng.benefits import workflow
from minzheng.core import clock, filestore
from minzheng.core.models import User
from minzheng.payroll.models import Payroll
from minzheng.payroll.services import approval, bank_files, bank_returns
from minzheng.payroll.services import generate as payroll_generate
from minzheng.synthetic import feeds as synthetic_feeds
from minzheng.verification import compare

FAILURES = ("账户已销户", "户名与账号不符", "账户冻结")


def _bank_return(stored, fail_share: float, rng: random.Random) -> bytes:
    """The bank's answer to a bank file (default layout): every payment 成功 except a few failures."""
    text = filestore.read_bytes(stored).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["流水号", "账号", "金额", "处理结果", "失败原因"])
    for ref, _name, account, amount, *_ in rows[1:-1]:  # header and the control line left out
        failed = rng.random() < fail_share
        writer.writerow([ref, account, amount, "失败" if failed else "成功", rng.choice(FAILURES) if failed else ""])
    return out.getvalue().encode("utf-8-sig")


def _close_month(month, township: User, county: User, rng: random.Random) -> dict:
    """Generate, check, approve, export and reconcile the township's payrolls of `month`."""
    payroll_generate.generate(county, month, region_code=township.region_id)
    done = {"payrolls": 0, "paid": 0, "failed": 0}
    for p in Payroll.objects.filter(month=month, region_code=township.region_id).order_by("program"):
        approval.act(township, p.pk, "check", "已核对人数与金额（演示）")
        approval.act(county, p.pk, "approve", "与财政资金核对一致（演示）")
        exported = bank_files.export(county, p.pk, "csv")
        stored = filestore.get_for(county, exported["file_id"])
        result = bank_returns.reconcile_upload(county, p.pk, [_bank_return(stored, 0.03, rng)],
                                               f"回盘-{p.pk}.csv")
        done["payrolls"] += 1
        done["paid"] += result.get("paid", 0)
        done["failed"] += result.get("failed", 0)
    return done


def run(county_code: str, township: User, county: User, seed: int = 2026) -> dict:
    rng = random.Random(seed)
    this_month = clock.today().replace(day=1)
    out: dict = {"closed": {}}
    for back in (2, 1):
        month = workflow.add_months(this_month, -back)
        out["closed"][f"{month:%Y-%m}"] = _close_month(month, township, county, rng)
    with tempfile.TemporaryDirectory(prefix="minzheng-demo-feeds-") as folder:  # synthetic IDs never stay on disk
        planted = synthetic_feeds.seed(f"{this_month:%Y-%m}", anomaly_rate=0.02, seed=seed, out=Path(folder),
                                       county=county_code)
    out["feeds"] = {"planted": planted["planted"], "by_rule": planted["by_rule"]}
    run_summary = compare.run(f"{this_month:%Y-%m}", actor=county)
    out["comparison"] = {"findings": run_summary["findings"], "created": run_summary["created"]}
    # Low-income monitoring on the same month: the bundled 示例 rules and visit plans, then the run (warnings in
    # the townships' inbox, 政策找人 tasks).
    from minzheng.monitoring import scoring
    from minzheng.monitoring.services import rules as monitoring_rules
    from minzheng.monitoring.services import visits as monitoring_visits

    monitoring_rules.load_file(None, "demo")  # the installer's 示例 set (city-level rules: above the county officer)
    monitoring_visits.load_demo_plans(county, county_code.ljust(12, "0"), this_month.replace(month=1))
    monitored = scoring.run(f"{this_month:%Y-%m}", actor=county)
    out["monitoring"] = {k: monitored[k] for k in ("monitored_persons", "warnings", "discoveries")}
    drafts = payroll_generate.generate(county, this_month)
    out["this_month"] = {"payrolls": drafts["payrolls"], "lines": drafts["lines"], "total": drafts["total"]}
    return out
