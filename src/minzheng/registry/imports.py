"""Household import (户籍/家庭花名册导入): one row per person, rows sharing 户编号 form a household.

Guarantees (issue #3):
- every row is validated and each rejected row is reported with its row number, column, value and a Chinese reason;
- a household is imported whole or not at all, and good households are not held back by bad ones;
- re-importing the same file creates nothing (upsert by ID number and 户编号); a corrected file updates what changed,
  with audit entries;
- set-based: the file is read once, existing records are fetched in chunks with IN (…) queries, writes are bulk
  inserts/updates per chunk of households — never one query per row.

Audit granularity: one entry per household created (listing its members with masked ID numbers), one per household
or person updated (the changed fields), one per membership added, and one summary entry for the import
(docs/decisions/0006-bulk-import.md).
"""

from __future__ import annotations

import datetime as dt
import functools
import multiprocessing
import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_noop

from minzheng.core import audit, bulk, clock, crypto, error_reports, idnumber, jobs, protected, regioncodes, roles
from minzheng.core.errors import Forbidden
from minzheng.core.filestore import uploaded_file
from minzheng.core.models import Region
from minzheng.core.spreadsheets import RowError, UnreadableFile, iter_rows
from minzheng.registry import codes, names
from minzheng.registry.columns import HOUSEHOLD_COLUMNS, REQUIRED
from minzheng.registry.models import Household, Membership, Person

# Optional columns accepted besides the template's: declared birth date and sex are cross-checked with the ID.
OPTIONAL_COLUMNS = [("birth_date", "出生日期"), ("sex", "性别")]
ALL_COLUMNS = HOUSEHOLD_COLUMNS + OPTIONAL_COLUMNS
HEADER_TO_KEY = {zh: key for key, zh in ALL_COLUMNS} | {key: key for key, _ in ALL_COLUMNS}
KEYS = [key for key, _ in ALL_COLUMNS]
ZH = dict(ALL_COLUMNS)
SEP = "\x1f"  # rows are kept as one joined string each: ~4x less memory than a list of strings
# Households per transaction. The pool validates one chunk ahead of the writer, so the first chunk's validation and
# the last one's write each run alone; smaller chunks shorten both. At 1,000,000 persons on PostgreSQL 5,000, 10,000
# and 20,000 measured within the machine's noise of each other (119–130 s, docs/benchmarks.md).
CHUNK_HOUSEHOLDS = 10000
PARALLEL_FROM_ROWS = 20000  # below this, forking workers costs more than it saves
# Person fields an import may set, compared on re-import to find what changed.
PERSON_IMPORT_FIELDS = ("name", "phone_index", "region_id", "ethnicity", "disability_category", "disability_grade",
                        "labour_capacity", "serious_illness", "employment", "schooling")

URBAN_RURAL_INPUT = {"城市": "urban", "城镇": "urban", "urban": "urban", "农村": "rural", "乡村": "rural",
                     "rural": "rural"}
YES = {"是", "有", "1", "true", "True", "Y", "y", "yes"}
NO = {"否", "无", "0", "false", "False", "N", "n", "no", ""}


@dataclass
class ImportSummary:
    rows: int = 0
    households_created: int = 0
    households_updated: int = 0
    persons_created: int = 0
    persons_updated: int = 0
    rejected_rows: int = 0
    report: str = ""  # the operator's report path (command line)
    report_file: int | None = None  # the encrypted stored report (upload page), for the job's owner
    unknown_columns: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        out = {"rows": self.rows, "households_created": self.households_created,
               "households_updated": self.households_updated, "persons_created": self.persons_created,
               "persons_updated": self.persons_updated, "rejected_rows": self.rejected_rows, "report": self.report}
        if self.report_file:
            out["report_file"] = self.report_file
        return out


@dataclass
class PersonRow:
    row: int
    values: dict[str, Any]  # model field values (sensitive ones still plaintext until written)
    relation: str
    index: str  # blind index of the ID number


@dataclass
class HouseholdGroup:
    ref: str
    rows: list[int]
    region_id: str = ""
    urban_rural: str = ""
    address: str = ""
    members: list[PersonRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


# ---- row validation (pure: no database) --------------------------------------------------------------------

def _lookup(table: dict, value: str, column: str, label: str, errors: list, row: int) -> str:
    code = codes.lookup(table, value)
    if code is None:
        allowed = "、".join(map(str, table.values()))
        errors.append(RowError(row, ZH[column], value, f"{label}“{value}”无效，可选：{allowed}"))
        return ""
    return code


def validate_row(row: int, cells: dict[str, str], villages: dict[str, bool]) -> tuple[PersonRow | None, dict, list]:
    """Validate one row; returns (person row, household fields, errors). villages: code → in actor's scope."""
    errors = [RowError(row, ZH[key], "", f"{ZH[key]}不能为空") for key in REQUIRED if not cells.get(key)]
    if errors:
        return None, {}, errors
    values: dict[str, Any] = {"name": cells["name"], "name_pinyin": names.pinyin_key(cells["name"])}
    if len(cells["name"]) > 50:
        errors.append(RowError(row, ZH["name"], cells["name"], "姓名不能超过 50 个字符"))
    parsed = None
    try:
        parsed = idnumber.parse(cells["id_number"])
    except idnumber.IdNumberError as exc:
        errors.append(RowError(row, ZH["id_number"], cells["id_number"], str(exc)))
    if parsed is not None:
        values.update(id_number=parsed.number, birth_date=parsed.birth_date, sex=parsed.sex)
        declared = cells.get("birth_date", "")
        if declared:
            try:
                if dt.date.fromisoformat(declared.replace("/", "-")[:10]) != parsed.birth_date:
                    errors.append(RowError(row, ZH["birth_date"], declared,
                                           f"出生日期与身份证号中的 {parsed.birth_date} 不一致"))
            except ValueError:
                errors.append(RowError(row, ZH["birth_date"], declared, "出生日期格式不正确，应为 YYYY-MM-DD"))
        sex = codes.lookup(codes.SEX, cells.get("sex", ""))
        if sex is None:
            errors.append(RowError(row, ZH["sex"], cells.get("sex", ""), "性别应为 男 或 女"))
        elif sex and sex != parsed.sex:
            errors.append(RowError(row, ZH["sex"], cells["sex"],
                                   f"性别与身份证号不一致（身份证号显示为{codes.SEX[parsed.sex]}）"))
    region_raw = cells["region_code"]
    household: dict[str, Any] = {}
    try:
        code = regioncodes.normalize(region_raw)
    except regioncodes.RegionCodeError as exc:
        errors.append(RowError(row, ZH["region_code"], region_raw, str(exc)))
    else:
        if code not in villages:
            if regioncodes.level_of(code) != "village":
                errors.append(RowError(row, ZH["region_code"], region_raw, "应为村(社区)级 12 位区划代码"))
            else:
                errors.append(RowError(row, ZH["region_code"], region_raw, "区划代码不存在"))
        elif not villages[code]:
            errors.append(RowError(row, ZH["region_code"], region_raw, "区划不在您的管辖范围内"))
        else:
            household["region_id"] = code
            values["region_id"] = code
    urban = URBAN_RURAL_INPUT.get(cells["urban_rural"])
    if urban is None:
        errors.append(RowError(row, ZH["urban_rural"], cells["urban_rural"], "城乡属性应为 城市 或 农村"))
    household["urban_rural"] = urban
    household["address"] = cells.get("address", "")[:200]
    relation = codes.relation_code(cells["relation"])
    if relation is None:
        errors.append(RowError(row, ZH["relation"], cells["relation"],
                               "与户主关系无效：应为 GB/T 4761 代码（如 02、10、20）或名称（如 户主、配偶、子）"))
    if "phone" in cells:
        try:
            phone = crypto.normalize_phone(cells["phone"])
        except crypto.PhoneError as exc:
            errors.append(RowError(row, ZH["phone"], cells["phone"], str(exc)))
        else:
            values["phone"] = phone
    if "ethnicity" in cells:
        eth = codes.ethnicity_code(cells["ethnicity"])
        if eth is None:
            errors.append(RowError(row, ZH["ethnicity"], cells["ethnicity"], f"民族“{cells['ethnicity']}”无效"))
        values["ethnicity"] = eth or ""
    if "disability_category" in cells:
        text = cells["disability_category"].replace("残疾", "")
        table = {k: v.replace("残疾", "") for k, v in codes.DISABILITY_CATEGORIES.items()}
        values["disability_category"] = _lookup(table, text, "disability_category", "残疾类别", errors, row)
    if "disability_grade" in cells:
        grade = cells["disability_grade"].replace("级", "")
        grade = {"一": "1", "二": "2", "三": "3", "四": "4"}.get(grade, grade)
        if grade == "":
            values["disability_grade"] = None
        elif grade in ("1", "2", "3", "4"):
            values["disability_grade"] = int(grade)
        else:
            errors.append(RowError(row, ZH["disability_grade"], cells["disability_grade"], "残疾等级应为 1–4"))
    if (bool(values.get("disability_category")) != bool(values.get("disability_grade"))
            and ("disability_category" in cells or "disability_grade" in cells)
            and not any(e.column in (ZH["disability_category"], ZH["disability_grade"]) for e in errors)):
        errors.append(RowError(row, ZH["disability_grade"], cells.get("disability_grade", ""),
                               "残疾类别与残疾等级须同时填写或同时为空"))
    for key, label, table in (("labour_capacity", "劳动能力", codes.LABOUR_CAPACITY),
                              ("employment", "就业状况", codes.EMPLOYMENT),
                              ("schooling", "在校情况", codes.SCHOOLING)):
        if key in cells:
            values[key] = _lookup(table, cells[key], key, label, errors, row)
    if "serious_illness" in cells:
        flag = cells["serious_illness"]
        if flag in YES:
            values["serious_illness"] = True
        elif flag in NO:
            values["serious_illness"] = False
        else:
            errors.append(RowError(row, ZH["serious_illness"], flag, "重病应为 是 或 否"))
    if errors or parsed is None:
        return None, household, errors
    return PersonRow(row, values, relation, crypto.blind_index(parsed.number)), household, []


# ---- the import --------------------------------------------------------------------------------------------

def _scope_villages(actor) -> dict[str, bool]:
    """Every village code, flagged with whether it lies inside the actor's scope (None actor = everything)."""
    prefix = actor.region_prefix if actor is not None else ""
    return {code: code.startswith(prefix) for code in
            Region.objects.filter(level="village").values_list("code", flat=True).iterator(chunk_size=20000)}


def _read(source, file_name: str | None, summary: ImportSummary) -> tuple[list[str], dict[str, list[int]], list[int]]:
    header, rows = iter_rows(source, file_name)
    positions: dict[str, int] = {}
    for i, name in enumerate(header):
        key = HEADER_TO_KEY.get(name)
        if key is None:
            if name:
                summary.unknown_columns.append(name)
        elif key not in positions:
            positions[key] = i
    missing = [ZH[k] for k in REQUIRED if k not in positions]
    if missing:
        raise UnreadableFile(f"缺少必需的列：{'、'.join(missing)}（请使用导入模板）")
    order = [(key, positions[key]) for key in KEYS if key in positions]
    lines: list[str] = []  # index i holds data row i+2
    groups: dict[str, list[int]] = defaultdict(list)
    blank: list[int] = []
    width = max(positions.values()) + 1
    for i, cells in enumerate(rows):
        if len(cells) < width:
            cells = cells + [""] * (width - len(cells))
        if not any(cells):
            blank.append(i + 2)
            lines.append("")
            continue
        lines.append(SEP.join(cells[p] for _, p in order))
        groups[cells[positions["household_ref"]]].append(i + 2)
    summary.rows = len(lines) - len(blank)
    return [key for key, _ in order], groups, lines


_WORK: dict[str, Any] = {}  # inherited by forked workers: the file's rows and the region scope


def _validate_groups(items: list[tuple[str, list[int]]]) -> list[HouseholdGroup]:
    keys, lines, villages = _WORK["keys"], _WORK["lines"], _WORK["villages"]
    known = _WORK.get("known", frozenset())
    out = []
    for ref, row_numbers in items:
        group = HouseholdGroup(ref=ref, rows=row_numbers)
        for number in row_numbers:
            cells = dict(zip(keys, lines[number - 2].split(SEP), strict=False))
            person, hh, errors = validate_row(number, cells, villages)
            group.errors.extend(errors)
            if person is None:
                continue
            if not group.members:
                group.region_id, group.urban_rural, group.address = (hh.get("region_id", ""), hh["urban_rural"],
                                                                       hh["address"])
            elif hh.get("region_id") != group.region_id or hh["urban_rural"] != group.urban_rural:
                group.errors.append(RowError(number, ZH["region_code"], cells["region_code"],
                                             "同一户的区划代码或城乡属性与本户第一行不一致"))
                continue
            # Encrypt here, in the parallel stage — but not the people already registered when the import started
            # (`known`): a re-import is mostly such rows, and their ciphertexts are kept unless a value changed
            # (_write seals what it needs then). Sealed to the person's ID-number index (core.protected), known here
            # before ids are allocated.
            v = person.values
            if person.index not in known:
                v["id_number_enc"] = protected.seal(Person, "id_number_enc", v["id_number"], person.index)
            if v.get("phone"):
                if person.index not in known:
                    v["phone_enc"] = protected.seal(Person, "phone_enc", v["phone"], person.index)
                v["phone_index"] = crypto.blind_index(v["phone"])
            group.members.append(person)
        out.append(group)
    return out


def _validated_chunks(keys, items: list[tuple[str, list[int]]], lines: list[str], villages, chunk: int,
                      known: frozenset[str] = frozenset()):
    """Yield lists of validated households, `chunk` households at a time, in file order. Large files are validated
    by a pool of worker processes one chunk ahead of the writer (double buffering): memory holds at most two chunks
    of validated rows, and validation overlaps the database writes."""
    _WORK.update(keys=keys, lines=lines, villages=villages, known=known)
    try:
        parts = [items[i:i + chunk] for i in range(0, len(items), chunk)]
        if len(lines) < PARALLEL_FROM_ROWS or (os.cpu_count() or 1) < 2:
            for part in parts:
                yield _validate_groups(part)
            return
        from django.db import connections

        connections.close_all()  # never share a database connection with forked children
        size = 1000

        def submit(part):
            return pool.map_async(_validate_groups, [part[i:i + size] for i in range(0, len(part), size)])

        with multiprocessing.get_context("fork").Pool(min(os.cpu_count() or 2, 4)) as pool:
            pending = submit(parts[0]) if parts else None
            for index in range(len(parts)):
                result = pending.get()
                pending = submit(parts[index + 1]) if index + 1 < len(parts) else None
                yield [g for batch in result for g in batch]
    finally:
        _WORK.clear()


def _known_indexes(numbers, first_load: bool) -> frozenset[str]:
    """Blind indexes of those of the file's ID numbers that are registered already (nothing to look up in an empty
    registry: a first load). Their rows are validated but not encrypted again."""
    if first_load:
        return frozenset()
    indexes = [crypto.blind_index(n) for n in numbers]
    known: set[str] = set()
    for part in _chunks(indexes):
        known.update(Person.objects.filter(id_number_index__in=part).values_list("id_number_index", flat=True))
    return frozenset(known)


def _repeated_ids(keys: list[str], lines: list[str], numbers: list[str] | None = None) -> dict[int, int]:
    """Rows whose ID number occurs more than once in the file → another row with it (first pass, plaintext numbers
    only in memory). 15-digit numbers are converted first so both forms of one number collide. `numbers`, when
    given, receives each distinct number once (in normal form; single 18-character ones unchecked)."""
    col = keys.index("id_number")
    first: dict[str, int] = {}
    repeats: dict[int, int] = {}
    repeated_rows: dict[int, str] = {}
    for i, line in enumerate(lines):
        if not line:
            continue
        raw = line.split(SEP, col + 1)[col]
        # An 18-character number is compared in its normal form without being checked (this pass is on the import's
        # serial path); only numbers found twice are checked, below. A 15-digit one becomes its 18-character form.
        number = raw.strip().upper().replace(" ", "")
        if len(number) != 18:
            try:
                number = idnumber.parse(raw).number
            except idnumber.IdNumberError:
                continue  # reported by row validation
        row = i + 2
        seen = first.setdefault(number, row)
        if seen != row:
            repeated_rows[seen] = repeated_rows[row] = number
            repeats.setdefault(seen, row)
            repeats[row] = seen
    invalid = {n for n in set(repeated_rows.values()) if not _valid_id(n)}
    if invalid:  # not numbers: row validation reports each such row, as it would a single one
        repeats = {row: other for row, other in repeats.items() if repeated_rows[row] not in invalid}
    if numbers is not None:  # an unchecked one that is no number is blind-indexed in vain: no one has it
        numbers.extend(n for n in first if n not in invalid)
    return repeats


def _valid_id(number: str) -> bool:
    try:
        idnumber.parse(number)
    except idnumber.IdNumberError:
        return False
    return True


def _hold_back(chunk: list[HouseholdGroup], repeats: dict[int, int]) -> None:
    """A member whose ID number the file repeats is held back with the reason; a household is then checked for
    exactly one head."""
    for group in chunk:
        kept = []
        for m in group.members:
            if m.row in repeats:
                other = repeats[m.row]
                word, same = ("与第", "相同") if other < m.row else ("另见第", "")
                group.errors.append(RowError(m.row, ZH["id_number"], m.values["id_number"],
                                             f"文件中身份证号重复（{word} {other} 行{same}）"))
            else:
                kept.append(m)
        group.members = kept
        if group.members and not group.errors:
            heads = [m for m in group.members if m.relation == codes.HEAD]
            if len(heads) != 1:
                group.errors.append(RowError(group.rows[0], ZH["relation"], group.ref,
                                             f"户编号 {group.ref} 须有且只有一名户主（现有 {len(heads)} 名）"))


def import_households(path, actor=None, report_path: Path | str | None = None, progress=None,
                      chunk_households: int = CHUNK_HOUSEHOLDS, name: str | None = None) -> ImportSummary:
    """Import a household file as `actor` (None = the operator on the command line: whole instance). `path`: a
    path, or a binary file object with its original `name` (the upload page's decrypted upload). The error report
    goes to `report_path` when given, else (rejected rows, an actor) into the encrypted store for the actor."""
    if actor is not None and not roles.has_perm(actor, "people.change"):
        raise Forbidden("您的角色无权导入人员数据")
    source = path if hasattr(path, "read") else Path(path)
    name = name or getattr(source, "name", "") or "import.xlsx"
    summary = ImportSummary()
    keys, groups, lines = _read(source, name, summary)
    villages = _scope_villages(actor)
    total_rows = summary.rows
    numbers: list[str] = []
    repeats = _repeated_ids(keys, lines, numbers)
    first_load = not Person.objects.exists()
    known = _known_indexes(numbers, first_load)
    del numbers
    rejected: list[HouseholdGroup] = []
    done_rows = 0
    # Validate (pure, parallel) and write (database) chunk by chunk; only rejected households are kept for the report.
    # A job's progress has resumable steps (core.jobs.Progress.checkpoint): each chunk commits with its record, and a
    # resumed import (the worker was killed) skips the chunks already written instead of reading them back.
    checkpoint = getattr(progress, "checkpoint", None)
    # The cyclic collector is paused while the chunks are written: the file's rows and households live until the end,
    # each chunk adds tens of thousands of objects, and its passes rescanned them (4.1 of 21.9 s of the parent at
    # 200,000 persons). The import makes no cycles of its own; reference counting frees what it drops.
    with bulk.gc_paused(collect_after=True):
        for number, chunk in enumerate(_validated_chunks(keys, list(groups.items()), lines, villages,
                                                         chunk_households, known)):
            _hold_back(chunk, repeats)
            if checkpoint is None:
                _apply_chunk(chunk, actor, summary, first_load)
            else:
                _restore(chunk, summary, checkpoint(f"chunk {number}",
                                                    functools.partial(_apply_step, chunk, actor, first_load)))
            rejected += [g for g in chunk if g.errors]
            done_rows += sum(len(g.rows) for g in chunk)
            if progress:
                progress(done_rows, total_rows, f"已处理 {done_rows}/{total_rows} 行")
    del lines
    # Report: every row of a rejected household is listed; rows that were fine say why they were held back.
    for group in rejected:
        bad_rows = {e.row for e in group.errors}
        summary.errors.extend(group.errors)
        for number in group.rows:
            if number not in bad_rows:
                summary.errors.append(RowError(number, "", group.ref,
                                               f"同户（户编号 {group.ref}）其他行有错误，整户未导入"))
    summary.errors.sort(key=lambda e: (e.row, e.column))
    summary.rejected_rows = len({e.row for e in summary.errors})
    _write_report(summary, name, report_path, actor)
    audit.record(actor or "system", audit.Event("import", "household_file", Path(name).name[:64],
                                                actor.region_id if actor else "",
                                                {k: v for k, v in summary.as_dict().items()
                                                 if k not in ("report", "report_file")}))
    return summary


def _chunks(values: list, size: int = 900):
    for i in range(0, len(values), size):
        yield values[i:i + size]


COUNTS = ("households_created", "households_updated", "persons_created", "persons_updated")


def _apply_step(chunk: list[HouseholdGroup], actor, first_load: bool = False) -> dict:
    """One chunk as a resumable step: what it wrote and the households it held back while writing (their errors), so
    that a resumed job that skips the chunk still counts and reports them."""
    part = ImportSummary()
    before = [len(g.errors) for g in chunk]
    _apply_chunk(chunk, actor, part, first_load)
    held = [[i, e.row, e.column, e.value, e.reason] for i, g in enumerate(chunk) for e in g.errors[before[i]:]]
    return {"counts": {key: getattr(part, key) for key in COUNTS}, "held": held}


def _restore(chunk: list[HouseholdGroup], summary: ImportSummary, step: dict) -> None:
    for key in COUNTS:
        setattr(summary, key, getattr(summary, key) + step["counts"][key])
    for i, row, column, value, reason in step["held"]:
        error = RowError(row, column, value, reason)
        if error not in chunk[i].errors:  # present when the step ran in this attempt, absent when it was skipped
            chunk[i].errors.append(error)


def _apply_chunk(chunk: list[HouseholdGroup], actor, summary: ImportSummary, first_load: bool = False) -> None:
    """`first_load`: the registry held no one when the import started. Then no person or household of the file can
    exist but one registered meanwhile by someone else, which the unique ID-number index and 户编号 refuse at write
    time (the household is reported as a conflict, to import again): nothing is looked up (5.5 of the writer's 35
    profiled seconds at 200,000 persons)."""
    candidates = [g for g in chunk if not g.errors and g.members]
    if not candidates:
        return
    # What is registered already is read as plain rows ({column: value}), not model instances: a re-import reads a
    # county's every person, household and membership, and building 2.4 million instances was 60 % of its profile.
    # _write builds instances only for the rows it changes.
    indexes = [] if first_load else [m.index for g in candidates for m in g.members]
    existing: dict[str, dict] = {}
    for part in _chunks(indexes):
        for p in Person.objects.filter(id_number_index__in=part).values(*PERSON_LOOKUP):
            existing[p["id_number_index"]] = p
    refs = [g.ref for g in candidates]
    households_by_ref: dict[str, dict] = {}
    for part in _chunks([] if first_load else refs):
        for h in Household.objects.filter(ref__in=part).values(*HOUSEHOLD_LOOKUP):
            households_by_ref[h["ref"]] = h
    # "#123" is how an export names a household that has no 户编号 of its own: it means household 123.
    by_id = {int(r[1:]): r for r in refs if r.startswith("#") and r[1:].isdigit()}
    for part in _chunks(list(by_id)):
        for h in Household.objects.filter(pk__in=part, ref__isnull=True).values(*HOUSEHOLD_LOOKUP):
            households_by_ref[by_id[h["id"]]] = h
    person_ids = [p["id"] for p in existing.values()]
    active: dict[int, dict] = {}
    for part in _chunks(person_ids):
        for m in Membership.objects.filter(person_id__in=part, left_on__isnull=True).values(
                "id", "person_id", "household_id", "relation", "household__ref"):
            active[m["person_id"]] = m
    scope = actor.region_prefix if actor is not None else ""
    good: list[HouseholdGroup] = []
    for g in candidates:
        hh = households_by_ref.get(g.ref)
        if hh is None and g.ref.startswith("#"):
            g.errors.append(RowError(g.rows[0], ZH["household_ref"], g.ref,
                                     "户编号以 # 开头表示系统内已有家庭，但该家庭不存在"))
            continue
        if hh is not None and not hh["region_id"].startswith(scope):
            g.errors.append(RowError(g.rows[0], ZH["household_ref"], g.ref, "该户编号属于您管辖范围以外的家庭"))
            continue
        for m in g.members:
            person = existing.get(m.index)
            if person is None:
                continue
            if person["merged_into_id"]:
                g.errors.append(RowError(m.row, ZH["id_number"], "",
                                         "该人员已被合并到另一条记录，请使用合并后的身份证号"))
            elif not person["region_id"].startswith(scope):
                g.errors.append(RowError(m.row, ZH["id_number"], "", "该人员已登记在您管辖范围以外的地区"))
            else:
                member = active.get(person["id"])
                if member is not None and (hh is None or member["household_id"] != hh["id"]):
                    other = member["household__ref"] or f"#{member['household_id']}"
                    g.errors.append(RowError(m.row, ZH["id_number"], "",
                                             f"{m.values['name']} 已是另一家庭（户编号 {other}）的在册成员"))
        if not g.errors:
            good.append(g)
    if not good:
        return
    try:
        with transaction.atomic():
            _write(good, existing, households_by_ref, active, actor, summary)
    except IntegrityError:
        # A concurrent change collided with this chunk: retry household by household so only the culprit fails.
        for g in good:
            try:
                with transaction.atomic():
                    _write([g], existing, households_by_ref, active, actor, summary)
            except IntegrityError as exc:
                g.errors.append(RowError(g.rows[0], "", g.ref, f"写入时与其他操作冲突，请重新导入：{exc}"))


def _person_snapshot(values: dict[str, Any]) -> dict[str, Any]:
    return {k: values.get(k) for k in PERSON_IMPORT_FIELDS if k != "phone_index"}


PERSON_COLUMNS = ("id", "name", "name_pinyin", "id_number_enc", "id_number_index", "phone_enc", "phone_index",
                  "birth_date", "sex", "ethnicity", "region_id", "hukou_region_id", "disability_category",
                  "disability_grade", "disability_cert_enc", "serious_illness", "illness_kind", "labour_capacity",
                  "schooling", "employment", "marital_status", "death_date", "merged_into_id", "created_at",
                  "updated_at")
PERSON_LOOKUP = ("id", "id_number_index", "merged_into_id", *PERSON_IMPORT_FIELDS, "phone_enc", "id_number_enc")
HOUSEHOLD_LOOKUP = ("id", "ref", "region_id", "urban_rural", "address", "head_id")
HOUSEHOLD_COLUMNS_DB = ("id", "region_id", "urban_rural", "address", "head_id", "ref", "created_at", "updated_at")
MEMBERSHIP_COLUMNS = ("household_id", "person_id", "relation", "joined_on", "join_reason", "left_on",
                      "leave_reason")


def _write(groups, existing, households_by_ref, active, actor, summary: ImportSummary) -> None:
    """Write validated households: new rows with executemany (core.bulk), changed rows with bulk_update."""
    today = bulk.adapt(clock.today())
    now = bulk.adapt(clock.now())
    events: list[audit.Event] = []
    person_id: dict[str, int] = {idx: p["id"] for idx, p in existing.items()}
    new_rows: list[PersonRow] = [m for g in groups for m in g.members if m.index not in existing]
    ids = iter(bulk.allocate_ids(Person, len(new_rows)))
    person_tuples = []
    for m in new_rows:
        v = m.values
        pid = next(ids)
        person_id[m.index] = pid
        if "id_number_enc" not in v:  # registered when the import started, gone since: seal now
            v["id_number_enc"] = protected.seal(Person, "id_number_enc", v["id_number"], m.index)
            if v.get("phone"):
                v["phone_enc"] = protected.seal(Person, "phone_enc", v["phone"], m.index)
        person_tuples.append((
            pid, v["name"], v["name_pinyin"], v["id_number_enc"], m.index, v.get("phone_enc"),
            v.get("phone_index"), bulk.adapt(v["birth_date"]), v["sex"], v.get("ethnicity", ""),
            v["region_id"], None, v.get("disability_category", ""), v.get("disability_grade"), None,
            v.get("serious_illness", False), "", v.get("labour_capacity", ""), v.get("schooling", ""),
            v.get("employment", ""), "", None, None, now, now))
    bulk.insert(Person, PERSON_COLUMNS, person_tuples)
    summary.persons_created += len(person_tuples)

    updated_people: list[Person] = []
    update_fields: set[str] = set()
    stamp = clock.now()
    for g in groups:
        for m in g.members:
            row = existing.get(m.index)
            if row is None:
                continue
            v = m.values
            changes, after = {}, {}
            incoming = {"name": v["name"], "region_id": g.region_id}
            for key in ("ethnicity", "disability_category", "disability_grade", "labour_capacity",
                        "serious_illness", "employment", "schooling"):
                if key in v:
                    incoming[key] = v[key]
            for key, value in incoming.items():
                if row[key] != value:
                    changes[key] = [row[key], value]
                    after[key] = value
            if "phone" in v and v.get("phone_index") != row["phone_index"]:
                changes["phone"] = [Person(**row).phone_masked, crypto.mask_phone(v["phone"])]
                after["phone_enc"] = v.get("phone_enc") or protected.seal(Person, "phone_enc", v["phone"], m.index)
                after["phone_index"] = v.get("phone_index")
            if "name" in changes:
                after["name_pinyin"] = v["name_pinyin"]
            if changes:
                updated_people.append(Person(**{**row, **after, "updated_at": stamp}))
                update_fields.update(after)
                events.append(audit.Event("update", "person", row["id"], g.region_id, changes))
    if updated_people:
        Person.objects.bulk_update(updated_people, sorted(update_fields | {"updated_at"}), batch_size=1000)
    summary.persons_updated += len(updated_people)

    new_groups = [g for g in groups if g.ref not in households_by_ref]
    household_ids = iter(bulk.allocate_ids(Household, len(new_groups)))
    household_tuples, memberships = [], []
    for g in new_groups:
        hid = next(household_ids)
        head = next(person_id[m.index] for m in g.members if m.relation == codes.HEAD)
        household_tuples.append((hid, g.region_id, g.urban_rural, g.address, head, g.ref, now, now))
        memberships += [(hid, person_id[m.index], m.relation, today, "导入", None, "") for m in g.members]
        events.append(audit.Event("create", "household", hid, g.region_id, {
            "ref": [None, g.ref], "urban_rural": [None, g.urban_rural], "address": [None, g.address],
            "members": [None, [{"person": person_id[m.index], "name": m.values["name"],
                                "id_number": idnumber.mask(m.values["id_number"]), "relation": m.relation}
                               for m in g.members]]}, plain=True))
    bulk.insert(Household, HOUSEHOLD_COLUMNS_DB, household_tuples)
    summary.households_created += len(household_tuples)

    updated_households: list[Household] = []
    relation_updates: list[Membership] = []
    for g in groups:
        hh = households_by_ref.get(g.ref)
        if hh is None:
            continue
        head = next(person_id[m.index] for m in g.members if m.relation == codes.HEAD)
        hid = hh["id"]
        before = {"region": hh["region_id"], "urban_rural": hh["urban_rural"], "address": hh["address"],
                  "head": hh["head_id"]}
        after = {"region": g.region_id, "urban_rural": g.urban_rural, "address": g.address or hh["address"],
                 "head": head}
        changes = audit.diff(before, after)
        if changes:
            updated_households.append(Household(
                id=hid, ref=hh["ref"], region_id=after["region"], urban_rural=after["urban_rural"],
                address=after["address"], head_id=head, updated_at=stamp))
            events.append(audit.Event("update", "household", hid, g.region_id, changes))
        for m in g.members:
            pid = person_id[m.index]
            current = active.get(pid)
            if current is None:
                memberships.append((hid, pid, m.relation, today, "导入", None, ""))
                events.append(audit.Event("member_add", "household", hid, g.region_id,
                                          {"person": [None, pid], "relation": [None, m.relation]}))
            elif current["relation"] != m.relation:
                events.append(audit.Event("update", "membership", current["id"], g.region_id,
                                          {"relation": [current["relation"], m.relation]}))
                relation_updates.append(Membership(id=current["id"], relation=m.relation))
    if updated_households:
        Household.objects.bulk_update(updated_households, ["region_id", "urban_rural", "address", "head_id",
                                                           "updated_at"], batch_size=1000)
    summary.households_updated += len(updated_households)
    if relation_updates:
        Membership.objects.bulk_update(relation_updates, ["relation"], batch_size=1000)
    bulk.insert(Membership, MEMBERSHIP_COLUMNS, memberships)
    audit.record_many(actor or "system", events)


def _write_report(summary: ImportSummary, name: str, report_path, actor) -> None:
    unknown = [(1, col, col, "未知列，已忽略") for col in summary.unknown_columns]
    if report_path is not None:
        summary.report = str(error_reports.write(report_path, summary.errors, unknown))
    elif actor is not None and (summary.errors or unknown):
        summary.report_file = error_reports.store(summary.errors, Path(name).stem, actor, unknown).pk


SUMMARY_LABELS = [("rows", gettext_noop("总行数")), ("households_created", gettext_noop("新建家庭")),
                  ("households_updated", gettext_noop("更新家庭")), ("persons_created", gettext_noop("新建人员")),
                  ("persons_updated", gettext_noop("更新人员")), ("rejected_rows", gettext_noop("未导入行数"))]


@jobs.job("import_households", restartable=True)  # chunks are checkpoints; a rerun writes nothing twice
def import_job(job, progress) -> dict:
    """Background import started from the upload page, as the user who uploaded the file."""
    with uploaded_file(job) as (fh, name):
        summary = import_households(fh, actor=job.created_by, progress=progress, name=name)
    data = summary.as_dict()
    data["display"] = [[label, data[key]] for key, label in SUMMARY_LABELS]
    return data
