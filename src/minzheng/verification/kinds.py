"""The department data feeds: one documented schema per kind (docs/verification.md is the readable form).

Each column has a key (English, the Parquet column), a Chinese header (accepted in files as well as the key) and a
type that decides how a cell is validated and stored. The `id_number` column is replaced at ingestion by
`id_index` = crypto.blind_index(normalised number): no plaintext ID number ever reaches the data lake.

Mode: `events` kinds (deaths, moves, monthly contributions …) accumulate — every snapshot up to a date counts;
`state` kinds (vehicles, properties, deposits …) are full extracts — the latest snapshot up to a date replaces the
earlier ones."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from minzheng.core import crypto, idnumber, regioncodes

MONEY = re.compile(r"^\d{1,12}(\.\d{1,2})?$")
NUMBER = re.compile(r"^\d{1,10}(\.\d{1,2})?$")
MONTH = re.compile(r"^(\d{4})[-/年](\d{1,2})月?$")


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    type: str  # id | text | date | month | money | number | int | region | choice
    required: bool = True
    choices: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (stored code, accepted inputs)
    aliases: tuple[str, ...] = ()  # other accepted headers (the short names: date, start, end)


SQL_TYPES = {"id": "VARCHAR", "text": "VARCHAR", "date": "DATE", "month": "DATE", "money": "DECIMAL(14,2)",
             "number": "DECIMAL(14,2)", "int": "INTEGER", "region": "VARCHAR", "choice": "VARCHAR"}


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    department: str
    mode: str  # events | state
    columns: tuple[Column, ...]

    @property
    def stored_columns(self) -> list[tuple[str, str]]:
        """(Parquet column, SQL type) in order; id_number becomes id_index."""
        return [("id_index" if c.type == "id" else c.key, SQL_TYPES[c.type]) for c in self.columns]


ID = Column("id_number", "身份证号", "id")
USAGE = (("residential", ("residential", "住宅", "住房")), ("commercial", ("commercial", "商业", "商服")),
         ("industrial", ("industrial", "工业", "厂房")), ("other", ("other", "其他")))
BUSINESS_ROLE = (("legal_rep", ("legal_rep", "法定代表人")), ("shareholder", ("shareholder", "股东", "投资人")),
                 ("operator", ("operator", "经营者", "个体工商户经营者")))
BUSINESS_STATUS = (("active", ("active", "存续", "在业", "开业")), ("cancelled", ("cancelled", "注销")),
                   ("revoked", ("revoked", "吊销")))
MOVE_EVENT = (("out", ("out", "迁出")), ("in", ("in", "迁入")))
SCHOOL_LEVEL = (("primary", ("primary", "小学")), ("junior", ("junior", "初中")), ("senior", ("senior", "高中")),
                ("vocational", ("vocational", "中职", "职高")), ("college", ("college", "大专", "高职")),
                ("university", ("university", "本科", "大学")), ("graduate", ("graduate", "研究生")))
DISABILITY_CATEGORY = tuple((str(i), (str(i), name)) for i, name in
                            enumerate(("视力", "听力", "言语", "肢体", "智力", "精神", "多重"), start=1))
DISASTER_TYPE = (("flood", ("flood", "洪涝")), ("drought", ("drought", "干旱")), ("typhoon", ("typhoon", "台风")),
                 ("earthquake", ("earthquake", "地震")), ("geological", ("geological", "地质灾害")),
                 ("fire", ("fire", "火灾")), ("other", ("other", "其他")))
POVERTY_RETURN_TYPE = (("unstable", ("unstable", "脱贫不稳定户")), ("edge", ("edge", "边缘易致贫户")),
                       ("sudden", ("sudden", "突发严重困难户")))
GRADE = tuple((str(i), (str(i), f"{c}级")) for i, c in enumerate("一二三四", start=1))

KINDS: dict[str, Kind] = {k.code: k for k in [
    Kind("death", "死亡", "公安/殡葬", "events", (ID, Column("death_date", "死亡日期", "date"))),
    Kind("hukou_move", "户籍迁移", "公安", "events", (
        ID, Column("event", "迁移类型", "choice", choices=MOVE_EVENT),
        Column("move_date", "迁移日期", "date", aliases=("date",)),
        Column("to_region", "迁入地区划", "region", required=False))),
    Kind("social_insurance", "社保缴费", "人社", "events", (
        ID, Column("month", "缴费月份", "month"), Column("employer", "缴费单位", "text", required=False),
        Column("contribution_base", "缴费基数", "money"))),
    Kind("pension", "养老金", "人社", "events", (
        ID, Column("month", "发放月份", "month"), Column("amount", "月养老金", "money"))),
    Kind("unemployment", "失业保险金", "人社", "events", (
        ID, Column("start_date", "开始日期", "date", aliases=("start",)),
        Column("end_date", "结束日期", "date", required=False, aliases=("end",)),
        Column("amount", "月失业保险金", "money"))),
    Kind("medical", "医疗费用", "医保", "events", (
        ID, Column("settle_date", "结算日期", "date", aliases=("date",)), Column("total", "医疗总费用", "money"),
        Column("out_of_pocket", "个人自付", "money"))),
    Kind("real_estate", "不动产", "住建/自然资源", "state", (
        ID, Column("property_id", "不动产单元号", "text"), Column("usage", "用途", "choice", choices=USAGE),
        Column("area", "面积（平方米）", "number"), Column("region", "坐落区划", "region", required=False))),
    Kind("vehicle", "车辆", "公安交管", "state", (
        ID, Column("plate", "号牌号码", "text"), Column("vehicle_type", "车辆类型", "text"),
        Column("register_date", "登记日期", "date"), Column("value", "车辆价值", "money"))),
    Kind("business", "市场主体", "市场监管", "state", (
        ID, Column("entity_name", "主体名称", "text"), Column("role", "身份", "choice", choices=BUSINESS_ROLE),
        Column("registered_capital", "注册资本", "money"),
        Column("status", "登记状态", "choice", choices=BUSINESS_STATUS))),
    Kind("housing_fund", "公积金", "公积金中心", "events", (
        ID, Column("month", "缴存月份", "month"), Column("base", "缴存基数", "money"))),
    Kind("tax", "个人所得", "税务", "events", (
        ID, Column("year", "年度", "int"), Column("income", "年收入", "money"))),
    Kind("deposit", "存款/证券", "银行/证券", "state", (
        ID, Column("balance", "余额", "money"), Column("as_of", "余额日期", "date"))),
    Kind("public_employee", "财政供养", "财政/编办", "state", (
        ID, Column("employer", "供职单位", "text"))),
    Kind("disability", "残疾人证", "残联", "state", (
        ID, Column("category", "残疾类别", "choice", choices=DISABILITY_CATEGORY),
        Column("grade", "残疾等级", "choice", choices=GRADE), Column("valid_until", "有效期至", "date"))),
    Kind("schooling", "在校", "教育", "state", (
        ID, Column("school", "学校", "text"), Column("level", "学段", "choice", choices=SCHOOL_LEVEL),
        Column("start_date", "入学日期", "date", aliases=("start",)),
        Column("end_date", "毕（肄）业日期", "date", required=False, aliases=("end",)))),
    # Read by the monitoring app (低收入人口动态监测): disaster losses and 防止返贫监测对象.
    Kind("disaster", "灾害损失", "应急管理", "events", (
        ID, Column("event_date", "受灾日期", "date", aliases=("date",)),
        Column("disaster_type", "灾害类型", "choice", choices=DISASTER_TYPE),
        Column("loss", "直接经济损失", "money"))),
    Kind("poverty_return", "防止返贫监测对象", "乡村振兴", "state", (
        ID, Column("monitor_type", "监测类型", "choice", choices=POVERTY_RETURN_TYPE),
        Column("identified_on", "纳入监测日期", "date"),
        Column("removed_on", "风险消除日期", "date", required=False))),
]}


class CellError(ValueError):
    pass


def _date(text: str) -> dt.date:
    m = re.match(r"^(\d{4})[-/年](\d{1,2})[-/月](\d{1,2})日?$", text) or re.match(r"^(\d{4})(\d{2})(\d{2})$", text)
    if not m:
        raise CellError("日期格式不正确，应为 YYYY-MM-DD")
    try:
        day = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise CellError("日期不存在") from None
    if not dt.date(1900, 1, 1) <= day <= dt.date(2100, 12, 31):
        raise CellError("日期超出合理范围（1900–2100）")
    return day


def parse_cell(col: Column, text: str):
    """The stored value of one cell, or CellError with a Chinese reason."""
    if text == "":
        if col.required:
            raise CellError("必填项不能为空")
        return None
    if col.type == "id":
        try:
            return crypto.blind_index(idnumber.parse(text).number)
        except idnumber.IdNumberError as exc:
            raise CellError(str(exc)) from None
    if col.type == "text":
        if len(text) > 200:
            raise CellError("内容过长（最多 200 字）")
        return text
    if col.type == "date":
        return _date(text)
    if col.type == "month":
        m = MONTH.match(text) or re.match(r"^(\d{4})-(\d{1,2})-01$", text) or re.match(r"^(\d{4})(\d{2})$", text)
        if not m or not 1 <= int(m.group(2)) <= 12:
            raise CellError("月份格式不正确，应为 YYYY-MM")
        return dt.date(int(m.group(1)), int(m.group(2)), 1)
    if col.type in ("money", "number"):
        if not (MONEY if col.type == "money" else NUMBER).match(text.replace(",", "")):
            raise CellError("金额应为不小于 0 的数，最多两位小数" if col.type == "money"
                            else "应为不小于 0 的数，最多两位小数")
        try:
            return Decimal(text.replace(",", ""))
        except InvalidOperation:  # pragma: no cover - the pattern already guarantees a decimal
            raise CellError("数值格式不正确") from None
    if col.type == "int":
        if not re.match(r"^\d{4}$", text) or not 1900 <= int(text) <= 2100:
            raise CellError("年度应为四位数字")
        return int(text)
    if col.type == "region":
        try:
            return regioncodes.normalize(text)
        except regioncodes.RegionCodeError as exc:
            raise CellError(str(exc)) from None
    if col.type == "choice":
        for code, accepted in col.choices:
            if text in accepted:
                return code
        raise CellError("取值无效，应为：" + "、".join(a[1] if len(a) > 1 else a[0] for _, a in col.choices))
    raise AssertionError(col.type)  # pragma: no cover


def row_checks(kind: Kind, values: dict) -> list[tuple[str, str]]:
    """Cross-field rules: [(column key, reason)]."""
    out = []
    if kind.code == "hukou_move" and values.get("event") == "out" and not values.get("to_region"):
        out.append(("to_region", "迁出须填写迁入地区划"))
    if kind.code in ("unemployment", "schooling") and values.get("end_date") and values.get("start_date") \
            and values["end_date"] < values["start_date"]:
        out.append(("end_date", "结束日期不能早于开始日期"))
    if kind.code == "medical" and values.get("out_of_pocket") is not None and values.get("total") is not None \
            and values["out_of_pocket"] > values["total"]:
        out.append(("out_of_pocket", "个人自付不能大于医疗总费用"))
    if kind.code == "poverty_return" and values.get("removed_on") and values.get("identified_on") \
            and values["removed_on"] < values["identified_on"]:
        out.append(("removed_on", "风险消除日期不能早于纳入监测日期"))
    return out
