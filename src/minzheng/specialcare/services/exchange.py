"""The register exchanged with 退役军人事务部门 (both ways), as a CSV/XLSX file:

    export_register(actor, suffix)        our active register with ID numbers, kept encrypted in the file store
                                          (core.filestore, category "export"), downloaded by its owner; audited
    compare_register(actor, fh, name)     their file compared with our register: every row checked first (ID
                                          number, category, grade — per-row Chinese reasons, all or nothing), then
                                          matched by the ID number's blind index (one query), and the differences
                                          kept as RegisterDifference rows. The same file twice is compared once.

The file's columns (a header row, Chinese names): 身份证号, 姓名, 优抚类别, 残疾性质, 残疾等级, 证件编号, 状态.
"""

from __future__ import annotations

import hashlib
import io
from typing import IO

from django.db import transaction

from minzheng.core import audit, clock, filestore, idnumber, spreadsheets
from minzheng.core.errors import Forbidden
from minzheng.core.spreadsheets import RowError
from minzheng.specialcare import codes, selectors
from minzheng.specialcare.models import EntitledPerson, RegisterDifference, RegisterExchange

MANAGE = "specialcare.manage"
HEADER = ["身份证号", "姓名", "优抚类别", "残疾性质", "残疾等级", "证件编号", "状态"]
_BY_LABEL = {**{v: k for k, v in codes.CATEGORIES.items()}, **{k: k for k in codes.CATEGORIES}}
_NATURE = {**{v: k for k, v in codes.NATURES.items()}, **{k: k for k in codes.NATURES}, "": ""}
_STATUS = {"在册": "active", "已注销": "ended", "active": "active", "ended": "ended", "": "active"}


def _county(actor) -> None:
    selectors.require(actor, MANAGE, "您的角色不能办理与退役军人事务部门的数据交换")
    if actor.role == "township":
        raise Forbidden("与退役军人事务部门的数据交换由县级部门办理")


def export_register(actor, suffix: str = ".xlsx") -> RegisterExchange:
    """Our register (active and ended) of the actor's region, ID numbers in full for the other department: the file
    is sealed in the file store and downloaded from the exchange page by its owner (never left on disk)."""
    _county(actor)
    rows = list(selectors.entitled_for(actor).order_by("region_code", "category", "id"))
    out = [[r.person.id_number, r.person.name, codes.CATEGORIES[r.category], codes.NATURES.get(r.nature, ""),
            r.grade or "", r.certificate_no, codes.STATUS[r.status]] for r in rows]
    name = f"优抚对象名册-{actor.region_id}-{clock.today():%Y%m%d}{suffix}"
    buf = io.BytesIO()
    spreadsheets.write_table(buf, name, HEADER, out, "优抚对象名册")
    data = buf.getvalue()
    with transaction.atomic():
        stored = filestore.save(data, category="export", name=name, actor=actor, region_code=actor.region_id,
                                content_type=spreadsheets.XLSX_TYPE if suffix == ".xlsx" else "text/csv")
        ex = RegisterExchange.objects.create(direction="export", region_code=actor.region_id, name=name,
                                             digest=hashlib.sha256(data).hexdigest(), rows=len(out),
                                             file_id=stored.pk, recorded_by=actor)
        audit.record(actor, audit.Event("export", "specialcare_exchange", ex.pk, ex.region_code, {
            "rows": [None, len(out)], "file": [None, name]}))
    return ex


def _parse(header, rows) -> tuple[list[dict], list[RowError]]:
    col = {h.strip(): i for i, h in enumerate(header)}
    missing = [h for h in ("身份证号", "姓名", "优抚类别") if h not in col]
    if missing:
        return [], [RowError(1, "表头", "、".join(header), f"缺少列：{'、'.join(missing)}")]
    parsed, errors, seen = [], [], {}

    def cell(cells, name):
        i = col.get(name)
        return cells[i].strip() if i is not None and i < len(cells) and cells[i] else ""

    for number, cells in enumerate(rows, start=2):
        if not any(c.strip() for c in cells):
            continue
        raw_id, name, category = cell(cells, "身份证号"), cell(cells, "姓名"), cell(cells, "优抚类别")
        nature, grade, status = cell(cells, "残疾性质"), cell(cells, "残疾等级"), cell(cells, "状态")
        row_errors = []
        try:
            id_number = idnumber.parse(raw_id).number
        except idnumber.IdNumberError as exc:
            row_errors.append(RowError(number, "身份证号", idnumber.mask(raw_id) if raw_id else "",
                                       f"身份证号不正确：{exc}"))
            id_number = None
        if not name:
            row_errors.append(RowError(number, "姓名", "", "须填写姓名"))
        if category not in _BY_LABEL:
            row_errors.append(RowError(number, "优抚类别", category, "不是可识别的优抚类别（如：残疾军人、烈士遗属）"))
        if nature not in _NATURE:
            row_errors.append(RowError(number, "残疾性质", nature, "应为 因战、因公 或 因病"))
        if grade and not (grade.isdigit() and 1 <= int(grade) <= 10):
            row_errors.append(RowError(number, "残疾等级", grade, "应为 1 至 10 的整数"))
        if status not in _STATUS:
            row_errors.append(RowError(number, "状态", status, "应为 在册 或 已注销"))
        key = (id_number, _BY_LABEL.get(category))
        if id_number and key in seen:
            row_errors.append(RowError(number, "身份证号", idnumber.mask(id_number),
                                       f"与第 {seen[key]} 行重复（同一人同一类别）"))
        if row_errors:
            errors.extend(row_errors)
            continue
        seen[key] = number
        parsed.append({"row": number, "id_number": id_number, "name": name, "category": _BY_LABEL[category],
                       "nature": _NATURE[nature], "grade": int(grade) if grade else None,
                       "status": _STATUS[status]})
    return parsed, errors


def compare_register(actor, fh: IO[bytes], name: str) -> dict:
    """Their register against ours; see the module docstring. Returns the summary and the row errors (nothing is
    written when a row is wrong)."""
    from minzheng.registry import selectors as registry

    _county(actor)
    data = fh.read()
    digest = hashlib.sha256(data).hexdigest()
    earlier = RegisterExchange.objects.filter(direction="import", region_code=actor.region_id,
                                              digest=digest).first()
    if earlier is not None:
        return {"exchange": earlier, "errors": [], "repeated": True}
    header, rows = spreadsheets.iter_rows(io.BytesIO(data), name)
    parsed, errors = _parse(header, rows)
    if errors:
        return {"exchange": None, "errors": errors, "repeated": False, "rows": len(parsed) + len(errors)}
    people = registry.persons_by_id_numbers(actor, [r["id_number"] for r in parsed])  # blind index, one query
    ours = list(EntitledPerson.objects.visible_to(actor).select_related("person").order_by("id"))
    by_key = {(e.person_id, e.category): e for e in ours if e.status == "active"}
    by_key.update({(e.person_id, e.category): e for e in ours if e.status != "active"
                   and (e.person_id, e.category) not in by_key})
    seen: set[int] = set()
    found: list[RegisterDifference] = []
    matched = 0

    def diff(kind, row, entitled=None, ours_text="", theirs_text=""):
        person = people.get(row["id_number"]) if row else None
        found.append(RegisterDifference(
            kind=kind, entitled=entitled, row=row["row"] if row else None,
            region_code=(entitled.region_code if entitled else person.region_id if person else actor.region_id),
            name=(row["name"] if row else entitled.person.name),
            id_masked=idnumber.mask(row["id_number"]) if row else entitled.person.id_number_masked,
            ours=ours_text, theirs=theirs_text))

    for r in parsed:
        person = people.get(r["id_number"])
        theirs = codes.CATEGORIES[r["category"]]
        if person is None:
            diff("unknown_person", r, theirs_text=theirs)
            continue
        e = by_key.get((person.pk, r["category"]))
        if e is None:
            others = [o for o in ours if o.person_id == person.pk and o.status == "active"]
            if others:
                seen.update(o.pk for o in others)
                diff("category", r, others[0], codes.CATEGORIES[others[0].category], theirs)
            else:
                diff("only_theirs", r, theirs_text=theirs)
            continue
        seen.add(e.pk)
        if e.status != r["status"]:
            diff("status", r, e, codes.STATUS[e.status], codes.STATUS[r["status"]])
        elif e.category == "disabled_veteran" and (e.grade, e.nature) != (r["grade"], r["nature"] or e.nature):
            diff("grade", r, e, f"{codes.NATURES.get(e.nature, '')}{codes.GRADES.get(str(e.grade), '')}",
                 f"{codes.NATURES.get(r['nature'], '')}{codes.GRADES.get(str(r['grade']), '')}")
        else:
            matched += 1
    for e in ours:
        if e.status == "active" and e.pk not in seen:
            diff("only_ours", None, e, codes.CATEGORIES[e.category])
    with transaction.atomic():
        ex = RegisterExchange.objects.create(direction="import", region_code=actor.region_id, name=name[:200],
                                             digest=digest, rows=len(parsed), matched=matched,
                                             differences=len(found), recorded_by=actor)
        for d in found:
            d.exchange = ex
        RegisterDifference.objects.bulk_create(found)
        audit.record(actor, audit.Event("import", "specialcare_exchange", ex.pk, ex.region_code, {
            "file": [None, ex.name], "rows": [None, len(parsed)], "matched": [None, matched],
            "differences": [None, len(found)]}))
    return {"exchange": ex, "errors": [], "repeated": False}


