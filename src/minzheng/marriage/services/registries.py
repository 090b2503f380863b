"""Registries (婚姻登记机关) and their slot capacities, loaded from CSV (policy as data; a bundled 示例 set with the
520 and 七夕 peaks in data/示例_号源.csv). Loading replaces a registry's capacity rows in one transaction."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from django.db import transaction

from minzheng.core import audit, regioncodes
from minzheng.core.errors import FieldError, ValidationFailed
from minzheng.marriage import codes
from minzheng.marriage.models import Registry, SlotCapacity

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "示例_号源.csv"
COLUMNS = ("registry", "slot", "capacity", "day", "weekday", "effective_from", "note")


def ensure_registry(actor, code: str, name: str, region_code: str, address: str = "") -> Registry:
    with transaction.atomic():
        row, created = Registry.objects.get_or_create(code=code, defaults={
            "name": name, "region_code": regioncodes.normalize(region_code), "address": address})
        if created:
            audit.record(actor, audit.Event("create", "marriage_registry", row.pk, row.region_code,
                                            {"code": [None, code], "name": [None, name]}))
    return row


def designate_foreign(actor, code: str, handles: bool = True) -> Registry:
    """Mark a registry as designated by the province for marriages with a party from Hong Kong, Macau, Taiwan or
    abroad (《婚姻登记条例》第二条), or withdraw the designation; audited."""
    with transaction.atomic():
        row = Registry.objects.select_for_update().filter(code=code).first()
        if row is None:
            raise ValidationFailed.one("registry", f"婚姻登记机关“{code}”不存在")
        if row.handles_foreign != handles:
            row.handles_foreign = handles
            row.save(update_fields=["handles_foreign"])
            audit.record(actor, audit.Event("update", "marriage_registry", row.pk, row.region_code, {
                "handles_foreign": ["是" if not handles else "否", "是" if handles else "否"]}))
    return row


def _rows(text: str) -> tuple[list[dict], list[FieldError]]:
    out, errors = [], []
    reader = csv.DictReader(io.StringIO(text))
    for n, raw in enumerate(reader, start=2):
        where = f"第{n}行"
        try:
            slot = (raw.get("slot") or "").strip()
            if slot not in codes.SLOTS:
                raise ValueError(f"时段“{slot}”无效，应为 {'、'.join(codes.SLOTS)}")
            cap = int((raw.get("capacity") or "").strip())
            if not 0 <= cap <= 10000:
                raise ValueError("可预约数应在 0–10000")
            day = (raw.get("day") or "").strip()
            weekday = (raw.get("weekday") or "").strip()
            out.append({"registry": (raw.get("registry") or "").strip(), "slot": slot, "capacity": cap,
                        "day": dt.date.fromisoformat(day) if day else None,
                        "weekday": int(weekday) if weekday else None,
                        "effective_from": dt.date.fromisoformat((raw.get("effective_from") or "2000-01-01").strip()),
                        "note": (raw.get("note") or "").strip()[:100]})
            if out[-1]["weekday"] is not None and not 0 <= out[-1]["weekday"] <= 6:
                raise ValueError("星期应为 0（周一）–6（周日）")
        except ValueError as exc:
            errors.append(FieldError(where, str(exc)))
    return out, errors


def load_capacities(actor, text: str) -> dict[str, int]:
    """Replace the capacity rules of every registry named in the CSV (columns: COLUMNS). Every bad row reported,
    nothing written when any is bad."""
    rows, errors = _rows(text)
    registries = {r.code: r for r in Registry.objects.filter(code__in={r["registry"] for r in rows})}
    errors += [FieldError("registry", f"婚姻登记机关“{c}”不存在") for c in sorted({r["registry"] for r in rows}
                                                                          - set(registries))]
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        SlotCapacity.objects.filter(registry__in=registries.values()).delete()
        SlotCapacity.objects.bulk_create([
            SlotCapacity(registry=registries[r["registry"]], region_code=registries[r["registry"]].region_code,
                         **{k: v for k, v in r.items() if k != "registry"}) for r in rows])
        for reg in registries.values():
            audit.record(actor, audit.Event("rules_load", "marriage_registry", reg.pk, reg.region_code,
                                            {"capacity_rules": [None, sum(1 for r in rows
                                                                          if r["registry"] == reg.code)]}))
    return {"rules": len(rows), "registries": len(registries)}


def sample_text(registry_code: str) -> str:
    """The bundled 示例 capacities for one registry (the sample file names the registry «REGISTRY»)."""
    return SAMPLE.read_text(encoding="utf-8").replace("«REGISTRY»", registry_code)
