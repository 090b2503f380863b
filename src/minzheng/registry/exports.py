"""Household export and the import template.

Export rows use the import columns (so an unmasked export can be re-imported); ID numbers and phones are masked
unless the user holds the unmask right and asks for plaintext — that, like every export, is audited. Reads are
scoped like every read (selectors.roster) and streamed in chunks (one query per chunk, not per row)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from minzheng.core import audit, crypto, idnumber, protected, roles
from minzheng.core.errors import Forbidden
from minzheng.core.spreadsheets import write_rows, write_table
from minzheng.registry import codes, selectors
from minzheng.registry.columns import HOUSEHOLD_COLUMNS
from minzheng.registry.models import Person

HEADER = [zh for _, zh in HOUSEHOLD_COLUMNS]
SEX_EXTRA = ["性别", "出生日期"]


# What the export reads per member (the benchmark's floor reads the same).
ROW_FIELDS = ("household__ref", "household_id", "household__region_id", "household__urban_rural",
              "household__address", "person__name", "person__id_number_enc", "relation", "person__phone_enc",
              "person__id_number_index",
              "person__ethnicity", "person__disability_category", "person__disability_grade",
              "person__labour_capacity", "person__serious_illness", "person__employment", "person__schooling",
              "person__sex", "person__birth_date")


def household_rows(actor, region_code: str = "", unmask: bool = False, chunk: int = 20000) -> Iterator[list]:
    qs = selectors.roster(actor, region_code).values_list(*ROW_FIELDS)
    for (ref, hid, region, urban, address, name, id_enc, relation, phone_enc, id_index, eth, dis_cat, dis_grade, labour,
         ill, emp, school, sex, born) in qs.iterator(chunk_size=chunk):
        number = protected.open_value(Person, "id_number_enc", id_enc, id_index)
        phone = protected.open_value(Person, "phone_enc", phone_enc, id_index) or ""
        yield [ref or f"#{hid}", region, codes.URBAN_RURAL[urban], address, name,
               number if unmask else idnumber.mask(number), relation,
               phone if unmask else crypto.mask_phone(phone), codes.ETHNICITIES.get(eth, ""),
               codes.DISABILITY_CATEGORIES.get(dis_cat, ""), dis_grade or "",
               codes.LABOUR_CAPACITY.get(labour, ""), "是" if ill else "否", codes.EMPLOYMENT.get(emp, ""),
               codes.SCHOOLING.get(school, ""), codes.SEX[sex], born.isoformat()]


def export_households(actor, out, region_code: str = "", unmask: bool = False, name: str | None = None) -> dict:
    """Write the export to `out`: a path the operator chose (owner-only), or a binary file object named `name`
    (the page streams it without keeping a copy). Formula-safe (core.spreadsheets)."""
    if unmask and actor is not None and not roles.may_unmask(actor):
        raise Forbidden("您没有导出明文的权限，请联系安全管理员授权")
    counter = {"rows": 0}

    def counted():
        for row in household_rows(actor, region_code, unmask):
            counter["rows"] += 1
            yield row

    if hasattr(out, "write"):
        name = name or "households.csv"
        write_table(out, name, HEADER + SEX_EXTRA, counted(), "家庭成员")
        path = ""
    else:
        path = str(write_rows(Path(out), HEADER + SEX_EXTRA, counted(), "家庭成员"))
        name = Path(out).name
    audit.record(actor or "system", audit.Event("export", "household", "", region_code or (
        actor.region_id if actor else ""), {"rows": counter["rows"], "unmasked": unmask, "file": name}))
    return {"rows": counter["rows"], "file": path, "unmasked": unmask}


def write_template(out):
    """An .xlsx template (to a path, or a binary file object): headers, one example row, drop-down lists backed by
    a code sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = "家庭成员"
    ws.append(HEADER)
    sample_id = "33090219800101001" + idnumber.check_character("33090219800101001")
    example = ["H0001", "330902001001", "农村", "某某村 1 号", "张三", sample_id, "户主", "13800000000",
               "汉族", "", "", "有劳动能力", "否", "务农", "不在校"]
    ws.append(example)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="FDE2E2")
    for i, _ in enumerate(HEADER, start=1):
        ws.column_dimensions[ws.cell(1, i).column_letter].width = 16
    lists = wb.create_sheet("代码表")
    code_lists = {
        "urban_rural": ["城市", "农村"],
        "relation": list(codes.RELATIONS.values()),
        "ethnicity": list(codes.ETHNICITIES.values()),
        "disability_category": list(codes.DISABILITY_CATEGORIES.values()),
        "disability_grade": ["1", "2", "3", "4"],
        "labour_capacity": list(codes.LABOUR_CAPACITY.values()),
        "serious_illness": ["是", "否"],
        "employment": list(codes.EMPLOYMENT.values()),
        "schooling": list(codes.SCHOOLING.values()),
    }
    keys = [k for k, _ in HOUSEHOLD_COLUMNS]
    for col, (key, values) in enumerate(code_lists.items(), start=1):
        letter = lists.cell(1, col).column_letter
        lists.cell(1, col, dict(HOUSEHOLD_COLUMNS)[key])
        for r, value in enumerate(values, start=2):
            lists.cell(r, col, value)
        target = ws.cell(2, keys.index(key) + 1).column_letter
        dv = DataValidation(type="list", formula1=f"=代码表!${letter}$2:${letter}${len(values) + 1}",
                            allow_blank=True, showErrorMessage=True, errorTitle="输入有误",
                            error="请从下拉列表中选择")
        dv.add(f"{target}2:{target}5000")
        ws.add_data_validation(dv)
    notes = wb.create_sheet("填写说明")
    for line in ("每行一人；同一户的成员填写相同的“户编号”，每户有且只有一名户主。",
                 "区划代码为村(社区)级 12 位统计用区划代码；城乡属性填 城市 或 农村。",
                 "身份证号 18 位（末位可为 X），15 位旧号码将自动转换；与户主关系可填代码（02、10、20…）或名称。",
                 "必填列：户编号、区划代码、城乡属性、姓名、身份证号、与户主关系。"):
        notes.append([line])
    if hasattr(out, "write"):
        wb.save(out)
        return out
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
