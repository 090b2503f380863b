"""Rules of 社会组织 as data: report deadlines by organisation kind, the score bands of the grades, the appeal
window — rows by region and effective date, loaded from CSV (columns key, kind, region_code, effective_from, value
(JSON), source). The bundled `data/rules_sample.csv` is a 示例 set (marked `sample`), loaded by the migration and by
`minzheng socialorgs rules --sample`; a province loads its own over it."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

from django.db import transaction

from minzheng.core import audit, regioncodes
from minzheng.core.errors import ValidationFailed
from minzheng.socialorgs import codes

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "rules_sample.csv"


def parse(text: str) -> list[dict]:
    rows, errors = [], []
    for n, raw in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        try:
            key = raw["key"].strip()
            if key not in codes.RULE_KEYS:
                raise ValueError(f"规则 {key} 未知")
            kind = (raw.get("kind") or "").strip()
            if kind and kind not in codes.KINDS:
                raise ValueError(f"组织类型 {kind} 未知")
            region = (raw.get("region_code") or "").strip()
            if region:
                region = regioncodes.normalize(region)
            value = json.loads(raw["value"])
            if not isinstance(value, dict):
                raise ValueError("取值应为 JSON 对象")
            rows.append({"key": key, "kind": kind, "region_code": region,
                         "effective_from": dt.date.fromisoformat(raw["effective_from"].strip()), "value": value,
                         "source": (raw.get("source") or "").strip()[:200]})
        except (KeyError, ValueError, TypeError) as exc:
            errors.append(f"第 {n} 行：{exc}")
    if errors:
        raise ValidationFailed.one("file", "；".join(errors))
    return rows


def load(actor, text: str, sample: bool = False, model=None) -> int:
    """Insert or replace the rows of a rules CSV; returns how many."""
    from minzheng.socialorgs.models import Rule

    model = model or Rule
    rows = parse(text)
    with transaction.atomic():
        for r in rows:
            model.objects.update_or_create(key=r["key"], kind=r["kind"], region_code=r["region_code"],
                                           effective_from=r["effective_from"],
                                           defaults={"value": r["value"], "source": r["source"], "sample": sample})
        if actor is not None:
            audit.record(actor, audit.Event("rules_load_socialorgs", "socialorg_rule", "", "", {
                "rows": [None, len(rows)],
                                                                                      "sample": [None, sample]}))
    return len(rows)


def load_sample(actor=None, model=None) -> int:
    return load(actor, SAMPLE.read_text(encoding="utf-8"), sample=True, model=model)
