"""Existing recipients (存量对象): a bureau adopting Minzheng brings its current rolls.

`minzheng import recipients FILE` (CSV/XLSX, one row per payee and program). Columns (Chinese header or key):
身份证号 id_number (the payee), 项目 program (code or name), 月保障金额 monthly_amount, 起始月份 start_month
(YYYY-MM), 账号 bank_account, 开户行 bank_name; optional 保障对象身份证号 beneficiary_id_number (person programs
whose beneficiary is not the payee, e.g. a child), 类别 subtype (分散/集中).

For each good row whose person is in the registry: a confirmed case (channel `migration`, state granted, decided
the day before the start month), an active entitlement (bank account SM4-encrypted) and, for 低保, the next periodic
review. Rejected rows are reported as for the household import (row, column, value, Chinese reason; a report file).
Idempotent: a row whose (program, person, start month) was imported before creates nothing (`unchanged`).
Set-based: the file is read once, persons and existing records are fetched with IN (…) per chunk, and the rows are
written with executemany (core.bulk) per chunk in one transaction.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction

from minzheng.benefits import catalogue, programs, workflow
from minzheng.benefits.models import Case, CaseEvent, Entitlement, Review
from minzheng.core import audit, bulk, clock, crypto, error_reports, idnumber, protected, roles
from minzheng.core.bulk import Rows
from minzheng.core.errors import Forbidden
from minzheng.core.spreadsheets import RowError, UnreadableFile, iter_rows
from minzheng.registry.models import Membership, Person

COLUMNS = [("id_number", "身份证号"), ("program", "项目"), ("monthly_amount", "月保障金额"),
           ("start_month", "起始月份"), ("bank_account", "账号"), ("bank_name", "开户行"),
           ("beneficiary_id_number", "保障对象身份证号"), ("subtype", "类别")]
REQUIRED = ("id_number", "program", "monthly_amount", "start_month")
ZH = dict(COLUMNS)
HEADER_TO_KEY = {zh: key for key, zh in COLUMNS} | {key: key for key, _ in COLUMNS} | {
    "银行账号": "bank_account", "项目代码": "program", "月金额": "monthly_amount", "保障金额": "monthly_amount"}
SUBTYPE_INPUT = {"": "", "dispersed": "dispersed", "centralised": "centralised", "分散": "dispersed",
                 "分散供养": "dispersed", "散居": "dispersed", "集中": "centralised", "集中供养": "centralised",
                 "集中养育": "centralised"}
AMOUNT = re.compile(r"^\d{1,10}(\.\d{1,2})?$")
MONTH = re.compile(r"^(\d{4})[-/.年]?(\d{1,2})(?:[-/.月](\d{1,2})日?|月)?$")
ACCOUNT = re.compile(r"^\d{6,32}$")
CHUNK = 5000


@dataclass
class Summary:
    rows: int = 0
    cases_created: int = 0
    entitlements_created: int = 0
    unchanged: int = 0
    rejected_rows: int = 0
    report: str = ""  # the operator's report path (command line)
    report_file: int | None = None  # the encrypted stored report, for the actor
    unknown_columns: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        out = {"rows": self.rows, "cases_created": self.cases_created,
               "entitlements_created": self.entitlements_created, "unchanged": self.unchanged,
               "rejected_rows": self.rejected_rows, "report": self.report}
        if self.report_file:
            out["report_file"] = self.report_file
        return out


@dataclass
class Row:
    row: int
    program: str
    index: str  # blind index of the payee's ID number
    beneficiary_index: str | None
    amount: Decimal
    start: dt.date
    account: str
    bank: str
    subtype: str
    raw_id: str


def parse_month(text: str) -> dt.date | None:
    m = MONTH.match(text.strip())
    if not m or not 1 <= int(m.group(2)) <= 12 or (m.group(3) and int(m.group(3)) != 1):
        return None
    return dt.date(int(m.group(1)), int(m.group(2)), 1)


def validate_row(number: int, cells: dict[str, str], latest: dt.date) -> tuple[Row | None, list[RowError]]:
    """One row, pure (no database): formats and codes. `latest`: the latest start month accepted."""
    errors: list[RowError] = []

    def bad(key: str, reason: str) -> None:
        errors.append(RowError(number, ZH[key], cells.get(key, ""), reason))

    for key in REQUIRED:
        if not cells.get(key):
            bad(key, f"{ZH[key]}不能为空")
    if errors:
        return None, errors
    index = beneficiary = None
    try:
        index = crypto.blind_index(idnumber.parse(cells["id_number"]).number)
    except idnumber.IdNumberError as exc:
        bad("id_number", str(exc))
    if cells.get("beneficiary_id_number"):
        try:
            beneficiary = crypto.blind_index(idnumber.parse(cells["beneficiary_id_number"]).number)
        except idnumber.IdNumberError as exc:
            bad("beneficiary_id_number", str(exc))
    importable = programs.importable()
    program = programs.alias_table().get(cells["program"].strip())
    if program not in importable:
        program = None
    if program is None:
        bad("program", f"项目“{cells['program']}”无效：应为项目代码（{'、'.join(importable)}）或名称（如 低保、特困）")
    amount_text = cells["monthly_amount"].replace(",", "").strip()
    amount = None
    if not AMOUNT.match(amount_text):
        bad("monthly_amount", "月保障金额应为大于 0 的十进制数，最多两位小数（如 650 或 650.50）")
    else:
        amount = Decimal(amount_text)
        if amount <= 0:
            bad("monthly_amount", "月保障金额应大于 0")
    start = parse_month(cells["start_month"])
    if start is None:
        bad("start_month", "起始月份格式不正确，应为 YYYY-MM（如 2024-01）")
    elif start > latest or start.year < 1990:
        bad("start_month", f"起始月份应在 1990-01 至 {latest:%Y-%m} 之间")
    account = re.sub(r"[\s-]", "", cells.get("bank_account", ""))
    if account and not ACCOUNT.match(account):
        bad("bank_account", "银行账号应为 6–32 位数字")
    bank = cells.get("bank_name", "").strip()
    if len(bank) > 100:
        bad("bank_name", "开户行不能超过 100 个字符")
    subtype = SUBTYPE_INPUT.get(cells.get("subtype", "").strip())
    params = programs.PROCEDURES.get(program or "")
    if subtype is None or (subtype and params and subtype not in params.subtypes):
        bad("subtype", "类别应为 分散 或 集中（仅特困、孤儿、事实无人抚养儿童）")
    if params and params.unit == "household" and beneficiary:
        bad("beneficiary_id_number", "该项目以家庭为单位，不填保障对象身份证号")
    if errors:
        return None, errors
    subtype = subtype or (params.subtypes[0] if params.subtypes else "")
    return Row(number, program, index, beneficiary, amount, start, account, bank, subtype, cells["id_number"]), []


def _read(path: Path, summary: Summary) -> list[tuple[int, dict[str, str]]]:
    header, rows = iter_rows(path)
    positions: dict[str, int] = {}
    for i, name in enumerate(header):
        key = HEADER_TO_KEY.get(name.strip())
        if key is None:
            if name.strip():
                summary.unknown_columns.append(name)
        else:
            positions.setdefault(key, i)
    missing = [ZH[k] for k in REQUIRED if k not in positions]
    if missing:
        raise UnreadableFile(f"缺少必需的列：{'、'.join(missing)}（列：{'、'.join(ZH.values())}）")
    out = []
    for i, cells in enumerate(rows, start=2):
        if not any(c.strip() for c in cells):
            continue
        out.append((i, {key: (cells[p] if p < len(cells) else "").strip() for key, p in positions.items()}))
    summary.rows = len(out)
    return out


def import_recipients(path: Path | str, actor=None, report_path: Path | str | None = None) -> Summary:
    """Import a roll of existing recipients as `actor` (None = the operator on the command line: whole instance;
    otherwise a county user, for households in the county)."""
    if actor is not None and (actor.role != roles.COUNTY or not roles.has_perm(actor, "people.change")):
        raise Forbidden("只有县级民政部门可以导入存量救助对象")
    path = Path(path)
    summary = Summary()
    today = clock.today()
    latest = workflow.add_months(workflow.first_of_month(today), 1)
    good: list[Row] = []
    for number, cells in _read(path, summary):
        row, errors = validate_row(number, cells, latest)
        summary.errors += errors
        if row is not None:
            good.append(row)
    for start in range(0, len(good), CHUNK):
        _chunk(good[start:start + CHUNK], actor, today, summary)
    summary.errors.sort(key=lambda e: (e.row, e.column))
    summary.rejected_rows = len({e.row for e in summary.errors})
    _report(summary, path, report_path, actor)
    audit.record(actor or "system", audit.Event("import", "recipient_file", path.name,
                                                actor.region_id if actor else "",
                                                {k: v for k, v in summary.as_dict().items()
                                                 if k not in ("report", "report_file")}))
    return summary


def _in(model_qs, field_name: str, values: list, size: int = 900):
    for i in range(0, len(values), size):
        yield from model_qs.filter(**{f"{field_name}__in": values[i:i + size]})


def _chunk(rows: list[Row], actor, today: dt.date, summary: Summary) -> None:
    indexes = list({r.index for r in rows} | {r.beneficiary_index for r in rows if r.beneficiary_index})
    persons = {p.id_number_index: p for p in _in(Person.objects.only(
        "id", "id_number_index", "region_id", "death_date", "merged_into_id"), "id_number_index", indexes)}
    homes = {m.person_id: m.household for m in _in(Membership.objects.filter(left_on__isnull=True).select_related(
        "household"), "person_id", [p.pk for p in persons.values()])}
    scope = actor.region_prefix if actor is not None else ""
    keys: list[str] = []
    first_of: dict[tuple, Row] = {}
    accepted: list[tuple[Row, Any, Any, Any]] = []
    for r in rows:
        payee = persons.get(r.index)
        person = persons.get(r.beneficiary_index) if r.beneficiary_index else payee
        problem = None
        for who, column in ((payee, "id_number"), (person, "beneficiary_id_number")):
            if who is None:
                problem = (column, "该身份证号的人员不在人员库中，请先导入家庭成员信息")
            elif who.merged_into_id:
                problem = (column, "该人员已被合并到另一条记录，请使用合并后的身份证号")
            elif who.death_date is not None and who.death_date < r.start:
                problem = (column, f"该人员已于 {who.death_date} 死亡")
            elif who.pk not in homes:
                problem = (column, "该人员没有在册家庭，请先登记家庭")
            elif not homes[who.pk].region_id.startswith(scope):
                problem = (column, "该人员的家庭不在您的管辖范围内")
            if problem:
                break
        if problem is None and homes[payee.pk].pk != homes[person.pk].pk:
            problem = ("beneficiary_id_number", "领取人与保障对象不在同一家庭")
        if problem is not None:
            shown = r.raw_id if problem[0] == "id_number" else ""
            summary.errors.append(RowError(r.row, ZH[problem[0]], idnumber.mask(shown) if shown else "", problem[1]))
            continue
        household = homes[person.pk]
        params = programs.PROCEDURES[r.program]
        unit = (r.program, household.pk) if params.unit == "household" else (r.program, person.pk)
        if unit in first_of:
            first = first_of[unit]
            what = "同一家庭的该项目" if params.unit == "household" else "同一保障对象的该项目"
            summary.errors.append(RowError(r.row, ZH["id_number"], idnumber.mask(r.raw_id),
                                           f"与第 {first.row} 行重复（{what}）"))
            continue
        first_of[unit] = r
        key = f"{r.program}:{(payee if params.unit == 'household' else person).pk}:{r.start:%Y-%m}"
        keys.append(key)
        accepted.append((r, payee, person if params.unit == "person" else None, household))
    done = set(_in(Case.objects.values_list("import_key", flat=True), "import_key", keys))
    fresh = []
    for r, payee, person, household in accepted:
        key = f"{r.program}:{(person or payee).pk}:{r.start:%Y-%m}"
        if key in done:
            summary.unchanged += 1
        else:
            fresh.append((key, r, payee, person, household))
    if not fresh:
        return
    held = {}
    for e in _in(Entitlement.objects.exclude(status="stopped").only("id", "program", "household_id", "person_id",
                                                                    "start_month"),
                 "household_id", list({h.pk for *_, h in fresh})):
        held.setdefault((e.program, e.household_id, e.person_id), e)
    writable = []
    for key, r, payee, person, household in fresh:
        other = held.get((r.program, household.pk, person.pk if person else None))
        if other is not None:
            summary.errors.append(RowError(r.row, ZH["program"], r.program,
                                           f"已有有效的{catalogue.PROGRAMS[r.program]}待遇（#{other.pk}，"
                                           f"{other.start_month:%Y-%m} 起），不能重复导入"))
            continue
        writable.append((key, r, payee, person, household))
    with transaction.atomic():
        _write(writable, actor, today, summary)


def _write(items, actor, today: dt.date, summary: Summary) -> None:
    now = clock.now()
    case_ids = iter(bulk.allocate_ids(Case, len(items)))
    ent_ids = iter(bulk.allocate_ids(Entitlement, len(items)))
    cases, events, ents, reviews, audits = [], [], [], [], []
    for key, r, payee, person, household in items:
        cid, eid = next(case_ids), next(ent_ids)
        decided = r.start - dt.timedelta(days=1)
        params = programs.PROCEDURES[r.program]
        interval = params.review_months
        cases.append({"id": cid, "program": r.program, "subtype": r.subtype, "household_id": household.pk,
                      "applicant_id": payee.pk, "beneficiary_id": person.pk if person else None,
                      "region_code": household.region_id, "state": workflow.GRANTED, "channel": "migration",
                      "applied_on": decided, "decided_on": decided, "decision": "approved",
                      "decision_issued_on": decided, "amount": r.amount, "import_key": key,
                      "bank_account_enc": protected.seal(Case, "bank_account_enc", r.account, cid),
                      "bank_name": r.bank, "created_by_id": getattr(actor, "pk", None)})
        events.append({"case_id": cid, "action": "migrate", "state_to": workflow.GRANTED,
                       "actor_id": getattr(actor, "pk", None), "actor_name": getattr(actor, "username", "system"),
                       "actor_role": getattr(actor, "role", ""), "on_date": today, "at": now,
                       "data": {"row": r.row, "monthly_amount": str(r.amount), "start_month": f"{r.start:%Y-%m}"}})
        ents.append({"id": eid, "program": r.program, "household_id": household.pk,
                     "person_id": person.pk if person else None, "payee_id": payee.pk,
                     "region_code": household.region_id, "monthly_amount": r.amount, "start_month": r.start,
                     "status": "active", "source_case_id": cid,
                     "bank_account_enc": protected.seal(Entitlement, "bank_account_enc", r.account, eid),
                     "bank_name": r.bank,
                     "review_months": interval})
        if interval:
            due, month = r.start, workflow.first_of_month(today)
            while due <= month:
                due = workflow.add_months(due, interval)
            reviews.append({"entitlement_id": eid, "region_code": household.region_id, "due_on": due,
                            "reason": "periodic"})
        audits.append(audit.Event("create", "entitlement", eid, household.region_id, {
            "source": [None, "migration"], "case": [None, cid], "program": [None, r.program],
            "household": [None, household.pk], "person": [None, person.pk if person else None],
            "payee": [None, payee.pk], "monthly_amount": [None, r.amount], "start_month": [None, r.start],
            "bank_account": [None, crypto.mask_account(r.account)]}))
    Rows(Case).insert(cases)
    Rows(CaseEvent).insert(events)
    Rows(Entitlement).insert(ents)
    Rows(Review).insert(reviews)
    audit.record_many(actor or "system", audits)
    summary.cases_created += len(cases)
    summary.entitlements_created += len(ents)


def _report(summary: Summary, source: Path, report_path, actor) -> None:
    """To the operator's path when given; otherwise (rejected rows, an actor) encrypted in the store for the actor.
    ID and account numbers in the report are masked (core.error_reports)."""
    unknown = [(1, name, name, "未知列，已忽略") for name in summary.unknown_columns]
    if report_path is not None:
        summary.report = str(error_reports.write(report_path, summary.errors, unknown))
    elif actor is not None and (summary.errors or unknown):
        summary.report_file = error_reports.store(summary.errors, source.stem, actor, unknown).pk


# ---- CLI (`minzheng import recipients`, registered by registry.commands) ---------------------------------------------

def cmd_import_recipients(args) -> int:
    import json

    from minzheng.core.models import User

    actor = None
    if args.user:
        actor = User.objects.filter(username=args.user).select_related("region").first()
        if actor is None:
            print(f"用户 {args.user} 不存在", file=sys.stderr)
            return 2
    try:
        summary = import_recipients(args.file, actor=actor, report_path=args.report)
    except UnreadableFile as exc:
        print(f"无法读取文件：{exc}", file=sys.stderr)
        return 2
    for e in summary.errors[:50]:
        print(f"第 {e.row} 行 [{e.column}] “{e.value}”：{e.reason}", file=sys.stderr)
    if len(summary.errors) > 50:
        print(f"……共 {len(summary.errors)} 条，" + (f"见错误报告 {summary.report}" if summary.report else
                                                   "用 --report 指定错误报告的保存路径"), file=sys.stderr)
    print(json.dumps(summary.as_dict(), ensure_ascii=False))
    return 0


def add_import_parser(imp) -> None:
    s = imp.add_parser("recipients", help="导入存量救助对象（身份证号、项目、月保障金额、起始月份、账号、开户行）")
    s.add_argument("file")
    s.add_argument("--report", help="错误报告输出路径（.xlsx 或 .csv）")
    s.add_argument("--user", help="以该县级用户身份导入（按其管辖范围校验）；缺省为系统操作员")
    s.set_defaults(func=cmd_import_recipients)
