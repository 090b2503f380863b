"""Test data for the payroll: the townships used, a roll of entitlements covering every case the generator must
handle (`make_world`), locking a month's payrolls, reading lines by entitlement, writing a bank return file."""

from __future__ import annotations

import csv
import datetime as dt

from minzheng.benefits.tests.factories import account_for, change, entitle
from minzheng.payroll.models import Payroll, PayrollLine
from minzheng.payroll.services import approval
from minzheng.registry.models import Person
from minzheng.registry.tests.factories import person_household

D = dt.date
APRIL = D(2026, 4, 1)
T1, T2 = "330902001000", "330902002000"  # 城东街道 (villages 甲 001001, 乙 001002), 昌国街道 (village 丙 002001)
ACCOUNT = "6222020200001234567"  # an account no test payee has (bank returns that do not name a real one)


def make_world(make_user) -> dict:
    """Entitlements in two townships of 定海区 and one in 普陀区, with every case the generator must handle; staff of
    every role. `paid`: what April pays (entitlement, amount); `unpaid`: entitlements April must not pay."""
    clerk = make_user("village", "330902001001")
    clerks = {"330902001002": make_user("village", "330902001002"),
              "330902002001": make_user("village", "330902002001"),
              "330903001001": make_user("village", "330903001001")}
    w = {"county": make_user("county", "330902000000"), "township": make_user("township", T1),
         "township2": make_user("township", T2), "city": make_user("city", "330900000000"),
         "far_county": make_user("county", "330903000000"), "village": clerk}
    paid, unpaid = {}, {}

    def hh(name, region="330902001001", born="19600101"):
        return person_household(clerks.get(region, clerk), name, born, region)

    h, p = hh("甲")
    paid["dibao_a"] = (entitle(h, p, amount="1200.00"), "1200.00")
    h, p = hh("乙", "330902001002")
    paid["dibao_new"] = (entitle(h, p, amount="850.50", start=APRIL), "850.50")
    h, p = hh("老人", born="19400404")
    paid["age"] = (entitle(h, p, "age_allowance", "100.00", D(2025, 6, 1), person=p), "100.00")
    h, p = hh("丙", "330902002001")
    paid["dibao_c"] = (entitle(h, p, amount="999.99"), "999.99")
    h, p = hh("丁", "330903001001")
    paid["far"] = (entitle(h, p, amount="700.00"), "700.00")
    h, p = hh("四月去世", born="19300101")
    paid["died_in_april"] = (entitle(h, p, "age_allowance", "300.00", person=p), "300.00")
    Person.objects.filter(pk=p.pk).update(death_date=D(2026, 4, 2))
    h, p = hh("渐退")
    e = entitle(h, p, amount="500.00", end=D(2026, 6, 1), status="gradual_exit")
    change(e, "gradual_exit", D(2026, 4, 1), end=D(2026, 6, 1))
    paid["gradual_exit"] = (e, "500.00")
    h, p = hh("增发")
    e = entitle(h, p, amount="1100.00")
    change(e, "increase", D(2026, 4, 1), old="1000.00", new="1100.00")
    paid["raised"] = (e, "1100.00")
    h, p = hh("下月暂停")
    e = entitle(h, p, "age_allowance", "100.00", person=p, status="suspended")
    change(e, "suspend", D(2026, 5, 1))
    paid["suspend_next_month"] = (e, "100.00")
    # Not paid in April:
    h, p = hh("三月去世", born="19300101")
    unpaid["dead"] = entitle(h, p, "age_allowance", "300.00", person=p)  # death recorded, not yet applied
    Person.objects.filter(pk=p.pk).update(death_date=D(2026, 3, 15))
    h, p = hh("停发")
    unpaid["stopped"] = entitle(h, p, amount="800.00", end=D(2026, 3, 1), status="stopped")
    h, p = hh("暂停")
    e = entitle(h, p, "age_allowance", "100.00", person=p, status="suspended")
    change(e, "suspend", D(2026, 4, 1))
    unpaid["suspended"] = e
    h, p = hh("未生效")
    unpaid["future"] = entitle(h, p, amount="900.00", start=D(2026, 5, 1))
    h, p = hh("边缘")
    unpaid["edge"] = entitle(h, p, "dibao_edge", "0.00")
    w["paid"], w["unpaid"] = paid, unpaid
    return w


def lines_by_entitlement(month=APRIL) -> dict[int, list[PayrollLine]]:
    out: dict[int, list[PayrollLine]] = {}
    for line in PayrollLine.objects.filter(month=month):
        out.setdefault(line.entitlement_id, []).append(line)
    return out


def lock(world: dict, payroll: Payroll) -> None:
    """Check (as the payroll's township) and approve (as the county) one payroll of `make_world`."""
    approval.act(world["township"] if payroll.region_code == T1 else world["township2"], payroll.pk, "check")
    approval.act(world["county"], payroll.pk, "approve")


def lock_month(month, township, county) -> None:
    """Check and approve every payroll of the month."""
    for p in Payroll.objects.filter(month=month):
        approval.act(township, p.pk, "check")
        approval.act(county, p.pk, "approve")


def accounts(world: dict, payroll: Payroll) -> dict[str, str]:
    """流水号 → the account of that payment's own payee (each payee has a distinct one: account_for)."""
    return {ref: account_for(world["paid"][k][0].payee) for k, ref in refs(world, payroll).items()}


def refs(world: dict, payroll: Payroll) -> dict[str, str]:
    """The bank file's 流水号 of the 城东街道 低保 payments of `make_world`."""
    return {k: f"{payroll.pk}-{world['paid'][k][0].pk}" for k in ("dibao_a", "dibao_new", "gradual_exit", "raised")}


def write_return(path, rows):
    """A bank return file (default layout) with these rows."""
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows([["流水号", "账号", "金额", "处理结果", "失败原因"], *rows])
    return path
