"""Elderly capability assessment (老年人能力评估) under GB/T 42195-2022《老年人能力评估规范》, pure.

The rule as implemented (NATIONAL_RULES §2.3; check against the official text before release):

- Form B (能力评估表) has **26 items in four parts**, each item with its own maximum; **higher = more capable**:
  B.1 自理能力 32 (eight items of 4), B.2 基础运动能力 15 (three items of 4, 上下楼梯 3), B.3 精神状态 28 (six items
  of 4, 攻击行为 1, 抑郁症状 1, 意识水平 2), B.4 感知觉与社会参与 15 (视力 2, 听力 2, 执行日常事务 4,
  使用交通工具外出 3, 社会交往能力 4); total **90**. Public code gets this wrong (精神状态 29 → 91;
  "0–100, higher = worse"; the old MZ/T 039-2013 Barthel form): none of that here.
- **Preliminary level from the total**: 0级 能力完好 = 90; 1级 轻度受损 66–89; 2级 中度受损 46–65; 3级 重度受损 30–45;
  4级 完全丧失 0–29.
- **Adjustments**: 昏迷 → straight to 4级 完全丧失; otherwise **one level worse** (at most 4级, once) if any of:
  diagnosed 痴呆 (ICD-10 F00–F03); another mental or behavioural disorder (F04–F99) diagnosed by a psychiatrist;
  **two or more 照护风险事件** (跌倒, 噎食, 自杀/自伤, 走失, 其他) in the last 30 days.
- Raw item scores and the standard's version are stored with every assessment so it can be re-scored (`score` takes
  the version; `SCALES` holds one entry per version).

Worked examples (each is a doctest; `minzheng elderly assess FILE.json` prints the same dictionary):

>>> full = {i.code: i.max for i in items()}
>>> score(Facts(full)).as_dict()
{'total': 90, 'level': 0, 'level_name': '能力完好', 'parts': {'B.1': 32, 'B.2': 15, 'B.3': 28, 'B.4': 15}}

One point less (上下楼梯 2 of 3) is 89: 1级 轻度受损.

>>> score(Facts({**full, "B.2.4": 2})).as_dict()["level"]
1

A total of 66 is still 1级; 65 is 2级 (B.1 loses 24 or 25 points):

>>> [score(Facts(with_total(t))).level for t in (66, 65, 46, 45, 30, 29)]
[1, 2, 2, 3, 3, 4]

Dementia (F03) makes a 1级 total one level worse, and says from which level:

>>> score(Facts(with_total(80), diagnoses=("F03",))).as_dict()
{'total': 80, 'level': 2, 'level_name': '能力中度受损（中度失能）', 'adjusted_from': 1, 'parts': \
{'B.1': 22, 'B.2': 15, 'B.3': 28, 'B.4': 15}}

Two falls in 30 days do the same; a level cannot go beyond 4级:

>>> score(Facts(with_total(50), risk_events_30d=2)).level, score(Facts(with_total(20), risk_events_30d=5)).level
(3, 4)

One event is not enough; a physical diagnosis (I63 cerebral infarction) changes nothing:

>>> score(Facts(with_total(50), risk_events_30d=1, diagnoses=("I63.9",))).level
2

Coma: 完全丧失 whatever the total.

>>> outcome = score(Facts(full, coma=True))
>>> outcome.level, outcome.adjusted_from, outcome.reasons[0]
(4, 0, '昏迷：直接评定为能力完全丧失（GB/T 42195-2022）')
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

STANDARD = "GB/T 42195-2022"
R = "GB/T 42195-2022《老年人能力评估规范》"
RISK_EVENTS_LIMIT = 1000  # a count in 30 days beyond this is a typing error, not a fact
DIAGNOSES_LIMIT = 50


@dataclass(frozen=True)
class AssessmentItem:
    code: str  # the item's number on form B (B.1.1 …), the key of the stored raw scores
    name: str
    part: str  # B.1 … B.4
    max: int


@dataclass(frozen=True)
class Part:
    code: str
    name: str
    items: tuple[AssessmentItem, ...]

    @property
    def max(self) -> int:
        return sum(i.max for i in self.items)


def _part(code: str, name: str, entries: Iterable[tuple[str, int]]) -> Part:
    return Part(code, name, tuple(AssessmentItem(f"{code}.{n}", label, code, top)
                                  for n, (label, top) in enumerate(entries, start=1)))


@dataclass(frozen=True)
class Scale:
    """One version of the assessment form: its parts and items, the level bands and names."""

    version: str
    parts: tuple[Part, ...]
    bands: tuple[tuple[int, int], ...]  # (lowest total, level), best level first
    level_names: Mapping[int, str]
    worst: int = 4

    @property
    def items(self) -> tuple[AssessmentItem, ...]:
        return tuple(i for p in self.parts for i in p.items)

    @property
    def max(self) -> int:
        return sum(p.max for p in self.parts)

    def level_for_total(self, total: int) -> int:
        for lowest, level in self.bands:
            if total >= lowest:
                return level
        return self.worst


GB_T_42195_2022 = Scale(
    STANDARD,
    (_part("B.1", "自理能力", [("进食", 4), ("修饰", 4), ("洗澡", 4), ("穿/脱上衣", 4), ("穿/脱裤子和鞋袜", 4),
                             ("小便控制", 4), ("大便控制", 4), ("如厕", 4)]),
     _part("B.2", "基础运动能力", [("床上体位转移", 4), ("床椅转移", 4), ("平地行走", 4), ("上下楼梯", 3)]),
     _part("B.3", "精神状态", [("时间定向", 4), ("空间定向", 4), ("人物定向", 4), ("记忆", 4), ("理解能力", 4),
                              ("表达能力", 4), ("攻击行为", 1), ("抑郁症状", 1), ("意识水平", 2)]),
     _part("B.4", "感知觉与社会参与", [("视力", 2), ("听力", 2), ("执行日常事务", 4), ("使用交通工具外出", 3),
                                     ("社会交往能力", 4)])),
    bands=((90, 0), (66, 1), (46, 2), (30, 3), (0, 4)),
    level_names={0: "能力完好", 1: "能力轻度受损（轻度失能）", 2: "能力中度受损（中度失能）",
                 3: "能力重度受损（重度失能）", 4: "能力完全丧失（完全失能）"},
)
SCALES: dict[str, Scale] = {STANDARD: GB_T_42195_2022}
LEVEL_NAMES = GB_T_42195_2022.level_names
REASONS_TEXT = {"coma": f"昏迷：直接评定为能力完全丧失（{STANDARD}）",
                "dementia": f"确诊为痴呆（ICD-10 F00–F03）：在原等级上提高一个等级（{STANDARD}）",
                "mental": f"确诊为精神科专科医生诊断的其他精神和行为障碍疾病（ICD-10 F04–F99）：在原等级上提高一个等级"
                          f"（{STANDARD}）",
                "risk_events": f"近30天内发生过2次及以上照护风险事件：在原等级上提高一个等级（{STANDARD}）"}


def scale(version: str = STANDARD) -> Scale:
    found = SCALES.get(version)
    if found is None:
        raise InvalidAssessment([("standard", f"不支持的评估标准版本“{version}”（可用：{'、'.join(SCALES)}）")])
    return found


def items(version: str = STANDARD) -> tuple[AssessmentItem, ...]:
    return scale(version).items


def items_table(version: str = STANDARD) -> list[dict]:
    """`minzheng elderly assess --items`: [{"code", "name", "part", "max"}, …] in form order."""
    return [{"code": i.code, "name": i.name, "part": i.part, "max": i.max} for i in items(version)]


# ---- input and output ---------------------------------------------------------------------------------------------


class InvalidAssessment(ValueError):
    """Scores or facts that cannot be scored: every problem as (field, Chinese message)."""

    def __init__(self, errors: list[tuple[str, str]]):
        super().__init__("；".join(f"{f}: {m}" for f, m in errors))
        self.errors = errors


@dataclass(frozen=True)
class Facts:
    items: Mapping[str, int]  # item code -> raw score (all 26)
    coma: bool = False  # 昏迷
    diagnoses: tuple[str, ...] = ()  # ICD-10 codes
    risk_events_30d: int = 0  # 照护风险事件 in the last 30 days (跌倒, 噎食, 自杀/自伤, 走失, 其他)
    standard: str = STANDARD


@dataclass(frozen=True)
class Outcome:
    total: int
    parts: dict[str, int]
    preliminary: int  # the level from the total alone
    level: int  # after the adjustments
    reasons: tuple[str, ...] = ()  # why the level differs from the preliminary one (empty: it does not)
    standard: str = STANDARD
    level_names: Mapping[int, str] = field(default_factory=lambda: LEVEL_NAMES, repr=False)

    @property
    def level_name(self) -> str:
        return self.level_names[self.level]

    @property
    def adjusted_from(self) -> int | None:
        return self.preliminary if self.level != self.preliminary else None

    def as_dict(self) -> dict:
        """The interface's shape: total, level, level_name, adjusted_from (only when adjusted), parts."""
        out: dict = {"total": self.total, "level": self.level, "level_name": self.level_name}
        if self.adjusted_from is not None:
            out["adjusted_from"] = self.adjusted_from
        out["parts"] = dict(self.parts)
        return out


# ---- ICD-10 -------------------------------------------------------------------------------------------------------

_ICD10 = re.compile(r"^([A-Z])(\d{2})(\.[0-9A-Z]{1,8})?$")  # F03, F03.9, 国家临床版 F03.x00 → F03.X00


def normalise_diagnosis(code: str) -> str | None:
    """The ICD-10 code upper-cased without blanks, or None when it is not one."""
    text = str(code).strip().upper().replace(" ", "")
    return text if _ICD10.match(text) else None


def diagnosis_kind(code: str) -> str | None:
    """'dementia' (F00–F03), 'mental' (F04–F99) or None (any other chapter) for a normalised ICD-10 code.

    >>> [diagnosis_kind(c) for c in ("F00.0", "F03", "F04", "F32.9", "F99", "G30.9", "I63")]
    ['dementia', 'dementia', 'mental', 'mental', 'mental', None, None]
    """
    match = _ICD10.match(code)
    if match is None or match.group(1) != "F":
        return None
    return "dementia" if int(match.group(2)) <= 3 else "mental"


# ---- checking and scoring -----------------------------------------------------------------------------------------


def check(facts: Facts) -> list[tuple[str, str]]:
    """Every problem with the facts (empty when they can be scored): unknown or missing items, scores that are not
    whole numbers within the item's range, diagnoses that are not ICD-10 codes, a negative event count."""
    try:
        sc = scale(facts.standard)
    except InvalidAssessment as exc:
        return exc.errors
    errors: list[tuple[str, str]] = []
    known = {i.code: i for i in sc.items}
    if not isinstance(facts.items, Mapping):
        return [("items", "应为“评估项目编号: 得分”的对象")]
    errors.extend((f"items.{code}", f"不是{sc.version}的评估项目（项目编号如 B.1.1，共{len(known)}项）")
                  for code in facts.items if code not in known)
    for code, spec in known.items():
        value = facts.items.get(code)
        where = f"items.{code}"
        if value is None:
            errors.append((where, f"须填写“{spec.name}”的得分（0–{spec.max}）"))
        elif isinstance(value, bool) or not isinstance(value, int):
            errors.append((where, f"“{spec.name}”的得分应为 0–{spec.max} 的整数"))
        elif not 0 <= value <= spec.max:
            errors.append((where, f"“{spec.name}”的得分应为 0–{spec.max}，不能为 {value}"))
    if isinstance(facts.risk_events_30d, bool) or not isinstance(facts.risk_events_30d, int) or not (
            0 <= facts.risk_events_30d <= RISK_EVENTS_LIMIT):
        errors.append(("risk_events_30d", f"近30天照护风险事件次数应为 0–{RISK_EVENTS_LIMIT} 的整数"))
    if len(facts.diagnoses) > DIAGNOSES_LIMIT:
        errors.append(("diagnoses", f"疾病诊断最多 {DIAGNOSES_LIMIT} 项"))
    for n, code in enumerate(facts.diagnoses):
        if not isinstance(code, str) or normalise_diagnosis(code) is None:
            errors.append((f"diagnoses.{n}", f"“{code}”不是 ICD-10 疾病编码（如 F03、F32.9、I63.9）"))
    if not isinstance(facts.coma, bool):
        errors.append(("coma", "昏迷应为 true 或 false"))
    return errors


def score(facts: Facts) -> Outcome:
    """Totals by part, the preliminary level from the total and the level after the adjustments. Raises
    InvalidAssessment with every problem when the facts cannot be scored."""
    errors = check(facts)
    if errors:
        raise InvalidAssessment(errors)
    sc = scale(facts.standard)
    parts = {p.code: sum(facts.items[i.code] for i in p.items) for p in sc.parts}
    total = sum(parts.values())
    preliminary = sc.level_for_total(total)
    if facts.coma:
        return Outcome(total, parts, preliminary, sc.worst, (REASONS_TEXT["coma"],), sc.version, sc.level_names)
    kinds = {diagnosis_kind(normalise_diagnosis(c) or "") for c in facts.diagnoses}
    reasons = tuple(REASONS_TEXT[k] for k in ("dementia", "mental") if k in kinds)
    if facts.risk_events_30d >= 2:
        reasons += (REASONS_TEXT["risk_events"],)
    level = min(preliminary + 1, sc.worst) if reasons else preliminary
    return Outcome(total, parts, preliminary, level, reasons if level != preliminary else (), sc.version,
                   sc.level_names)


def facts_from_json(data) -> Facts:
    """The CLI's and the API's plain input {"items": {code: score}, "coma", "diagnoses", "risk_events_30d"
    [, "standard"]} → Facts (checked by `score`)."""
    if not isinstance(data, Mapping):
        shape = '{"items": {项目编号: 得分}, "coma", "diagnoses", "risk_events_30d"}'
        raise InvalidAssessment([("", f"应为 JSON 对象：{shape}")])
    diagnoses = data.get("diagnoses") or []
    if not isinstance(diagnoses, list):
        raise InvalidAssessment([("diagnoses", "应为 ICD-10 编码的列表")])
    return Facts(items=data.get("items") if data.get("items") is not None else {}, coma=data.get("coma", False),
                 diagnoses=tuple(diagnoses), risk_events_30d=data.get("risk_events_30d", 0),
                 standard=data.get("standard", STANDARD))


def with_total(total: int, version: str = STANDARD) -> dict[str, int]:
    """Item scores reaching `total`: full marks, points taken from the items in form order (worked examples,
    tests, demo data)."""
    sc = scale(version)
    if not 0 <= total <= sc.max:
        raise ValueError(f"total must be 0–{sc.max}")
    out, missing = {}, sc.max - total
    for i in sc.items:
        taken = min(i.max, missing)
        out[i.code], missing = i.max - taken, missing - taken
    return out
