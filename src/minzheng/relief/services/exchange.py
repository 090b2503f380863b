"""Disaster events and damage reports exchanged with 应急管理部门 as a CSV/XLSX file (one row per damage report; an
event without reports is one row with the report columns empty).

    export_rows(actor) / export_file(actor, suffix)   the events the actor sees and their reports; audited
    import_file(actor, fh, name)                      every row checked (columns, values, the reporting rules of
                                                      record_report: 初报 first, 核报 once and after the end date …)
                                                      in one transaction — all or nothing, each rejected row with its
                                                      Chinese reason. Idempotent: the same file again is a no-op
                                                      (digest), a report already held with the same figures is
                                                      unchanged, an event is matched by its 事件编号 (their number,
                                                      or ours "MZ<id>" from our own export).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from decimal import Decimal, InvalidOperation
from typing import IO

from django.db import transaction

from minzheng.core import audit, clock, roles, spreadsheets
from minzheng.core.errors import Forbidden, ServiceError, ValidationFailed
from minzheng.core.spreadsheets import RowError
from minzheng.relief import codes, selectors
from minzheng.relief.models import DamageReport, DisasterEvent, Exchange

MANAGE, REPORT = "relief.manage", "relief.report"
EVENT_COLUMNS = [("事件编号", "key"), ("灾害名称", "name"), ("灾害种类", "kind"), ("受灾区划代码", "event_region"),
                 ("受灾区域", "area"), ("发生日期", "started_on"), ("灾情稳定日期", "ended_on")]
REPORT_COLUMNS = [("村（社区）代码", "region_code"), ("报送阶段", "stage"), ("报送日期", "reported_on"),
                  ("受灾人口", "affected_persons"), ("紧急转移安置人口", "relocated_persons"),
                  ("需紧急生活救助人口", "needing_help"), ("死亡失踪人口", "deaths"),
                  ("倒塌房屋", "houses_collapsed"), ("严重损坏房屋", "houses_severe"),
                  ("一般损坏房屋", "houses_general"), ("农作物受灾面积（公顷）", "crop_affected"),
                  ("农作物绝收面积（公顷）", "crop_failed"), ("直接经济损失（万元）", "direct_loss"),
                  ("灾害信息员", "reporter")]
HEADER = [h for h, _ in EVENT_COLUMNS + REPORT_COLUMNS]
LABEL = {f: h for h, f in EVENT_COLUMNS + REPORT_COLUMNS} | {"event_id": "事件编号", "officer_id": "灾害信息员",
                                                              "note": "说明", "description": "灾情概述"}
FIGURES = [f for _, f in REPORT_COLUMNS[3:13]]
_KIND = {**{v: k for k, v in codes.DISASTER_KINDS.items()}, **{k: k for k in codes.DISASTER_KINDS}}
_STAGE = {**{v: k for k, v in codes.STAGES.items()}, **{k: k for k in codes.STAGES}}
RANK = {"initial": 0, "update": 1, "final": 2}


def key_of(event: DisasterEvent) -> str:
    return event.source_ref or f"MZ{event.pk}"


def export_rows(actor) -> list[list]:
    events = list(selectors.events_for_export(actor))
    reports: dict[int, list[DamageReport]] = {}
    for r in selectors.reports_for(actor).filter(event__in=events).order_by("event_id", "region_code",
                                                                            "reported_on", "id"):
        reports.setdefault(r.event_id, []).append(r)
    out = []
    for e in events:
        head = [key_of(e), e.name, codes.DISASTER_KINDS[e.kind], e.region_code, e.area, e.started_on.isoformat(),
                e.ended_on.isoformat() if e.ended_on else ""]
        rows = reports.get(e.pk) or [None]
        for r in rows:
            if r is None:
                out.append(head + [""] * len(REPORT_COLUMNS))
                continue
            figures = [getattr(r, f) for f in FIGURES]
            out.append([*head, r.region_code, codes.STAGES[r.stage], r.reported_on.isoformat(), *figures, r.reporter])
    return out


def export_file(actor, suffix: str = ".xlsx") -> tuple[str, bytes]:
    """The exchange file (in memory, never on disk) and its name; the export is audited and recorded."""
    selectors.require(actor, MANAGE, "与应急管理部门的数据交换由县级以上部门办理")
    rows = export_rows(actor)
    name = f"灾情数据-{actor.region_id}-{clock.today():%Y%m%d}{suffix}"
    buf = io.BytesIO()
    spreadsheets.write_table(buf, name, HEADER, rows, "灾情数据")
    data = buf.getvalue()
    with transaction.atomic():
        ex = Exchange.objects.create(direction="export", region_code=actor.region_id, name=name,
                                     digest=hashlib.sha256(data).hexdigest(), rows=len(rows), recorded_by=actor)
        audit.record(actor, audit.Event("export", "relief_exchange", ex.pk, ex.region_code,
                                        {"rows": [None, len(rows)], "file": [None, name]}))
    return name, data


def _day(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text.replace("/", "-")) if text else None


def _parse(header: list[str], rows) -> tuple[list[dict], list[RowError]]:
    col = {h.strip(): i for i, h in enumerate(header)}
    missing = [h for h, f in EVENT_COLUMNS if h not in col and f not in ("area", "ended_on")]
    if missing:
        return [], [RowError(1, "表头", "", f"缺少列：{'、'.join(missing)}")]
    out, errors = [], []
    for number, cells in enumerate(rows, start=2):
        if not any(c.strip() for c in cells):
            continue
        rec = {f: (cells[col[h]].strip() if h in col and col[h] < len(cells) else "")
               for h, f in EVENT_COLUMNS + REPORT_COLUMNS}
        bad = []
        if not rec["key"]:
            bad.append(("key", "须填写事件编号"))
        if rec["kind"] not in _KIND:
            bad.append(("kind", "不是可识别的灾害种类（如：台风灾害、洪涝灾害）"))
        for f in ("started_on", "ended_on", "reported_on"):
            try:
                rec[f] = _day(rec[f])
            except ValueError:
                bad.append((f, "日期格式不正确，应为 YYYY-MM-DD"))
        if rec["region_code"]:
            if rec["stage"] not in _STAGE:
                bad.append(("stage", "应为 初报、续报 或 核报"))
            for f in FIGURES:
                try:
                    value = Decimal(rec[f] or "0")
                except InvalidOperation:
                    bad.append((f, "应为数字"))
                    continue
                rec[f] = str(value) if f in ("crop_affected", "crop_failed", "direct_loss") else (
                    int(value) if value == value.to_integral_value() else rec[f])
        errors.extend(RowError(number, LABEL[f], str(rec.get(f) or ""), why) for f, why in bad)
        if not bad:
            rec["row"] = number
            rec["kind"] = _KIND[rec["kind"]]
            rec["stage"] = _STAGE.get(rec["stage"], "")
            out.append(rec)
    return out, errors


def _row_errors(number: int, exc: ServiceError) -> list[RowError]:
    if isinstance(exc, ValidationFailed):
        return [RowError(number, LABEL.get(e.field.split(".")[0], e.field), "", e.message) for e in exc.errors]
    return [RowError(number, "整行", "", exc.message)]


def _event(actor, rec: dict, by_key: dict, errors: list[RowError], counts: dict) -> DisasterEvent | None:
    from minzheng.relief.services import disasters

    key = rec["key"]
    if key in by_key:
        event = by_key[key]
        if event is not None and (event.name, event.kind, event.started_on) != (rec["name"], rec["kind"],
                                                                               rec["started_on"]):
            errors.append(RowError(rec["row"], "事件编号", key, "同一事件编号的灾害名称、种类或发生日期不一致"))
        return event
    found = DisasterEvent.objects.filter(source_ref=key).first()
    if found is None and key.startswith("MZ") and key[2:].isdigit():
        found = DisasterEvent.objects.filter(pk=int(key[2:]), source_ref__isnull=True).first()
    event = None
    try:
        if found is not None:
            event = selectors.get_event(actor, found.pk)
            if rec["ended_on"] and event.ended_on is None:
                event = disasters.end_event(actor, event.pk, {"ended_on": rec["ended_on"].isoformat()})
                counts["updated"] += 1
            elif rec["ended_on"] and event.ended_on != rec["ended_on"]:
                errors.append(RowError(rec["row"], "灾情稳定日期", str(rec["ended_on"]),
                                       f"与本系统已登记的 {event.ended_on} 不一致"))
        else:
            with transaction.atomic():
                event = disasters.create_event(actor, {
                    "name": rec["name"], "kind": rec["kind"], "region_code": rec["event_region"],
                    "area": rec["area"], "started_on": rec["started_on"] and rec["started_on"].isoformat(),
                    "ended_on": rec["ended_on"].isoformat() if rec["ended_on"] else None})
                DisasterEvent.objects.filter(pk=event.pk).update(source_ref=key[:40])
            counts["events"] += 1
    except ServiceError as exc:
        errors.extend(_row_errors(rec["row"], exc))
        event = None
    by_key[key] = event
    return event


def _report(actor, rec: dict, event: DisasterEvent, errors: list[RowError], counts: dict) -> None:
    from minzheng.relief.services import disasters

    held = DamageReport.objects.filter(event=event, region_code=rec["region_code"], stage=rec["stage"],
                                       reported_on=rec["reported_on"]).first() if rec["reported_on"] else None
    if held is not None:
        same = all(str(getattr(held, f)) == str(Decimal(str(rec[f])).quantize(Decimal("0.01"))
                                                 if f in ("crop_affected", "crop_failed", "direct_loss")
                                                 else rec[f]) for f in FIGURES)
        if same:
            counts["unchanged"] += 1
        else:
            errors.append(RowError(rec["row"], "报送阶段", codes.STAGES[rec["stage"]],
                                   "本系统已有同日同阶段的报告，数据不一致：请核对后以续报报送"))
        return
    body = {"event_id": event.pk, "region_code": rec["region_code"], "stage": rec["stage"],
            "reported_on": rec["reported_on"].isoformat() if rec["reported_on"] else None,
            "reporter": rec["reporter"], **{f: rec[f] for f in FIGURES}}
    try:
        with transaction.atomic():
            disasters.record_report(actor, body)
        counts["reports"] += 1
    except ServiceError as exc:
        errors.extend(_row_errors(rec["row"], exc))


def import_file(actor, fh: IO[bytes], name: str) -> dict:
    """See the module docstring. {"exchange", "errors", "repeated", counts…}; nothing is written on any error."""
    selectors.require(actor, MANAGE, "与应急管理部门的数据交换由县级以上部门办理")
    if not roles.has_perm(actor, REPORT):
        raise Forbidden("导入灾情报告须由县级部门办理")
    data = fh.read()
    digest = hashlib.sha256(data).hexdigest()
    earlier = Exchange.objects.filter(direction="import", region_code=actor.region_id, digest=digest).first()
    if earlier is not None:
        return {"exchange": earlier, "errors": [], "repeated": True}
    header, rows = spreadsheets.iter_rows(io.BytesIO(data), name)
    parsed, errors = _parse(header, rows)
    counts = {"events": 0, "updated": 0, "reports": 0, "unchanged": 0}
    if errors:
        return {"exchange": None, "errors": errors, "repeated": False, **counts}
    ends: dict[str, set] = {}
    for rec in parsed:  # an event's end date may be on any of its rows (a later 续报 carries it)
        if rec["ended_on"]:
            ends.setdefault(rec["key"], set()).add(rec["ended_on"])
    for rec in parsed:
        found = ends.get(rec["key"], set())
        if len(found) > 1:
            errors.append(RowError(rec["row"], "灾情稳定日期", str(rec["ended_on"] or ""),
                                   "同一事件编号的灾情稳定日期不一致"))
        rec["ended_on"] = next(iter(found)) if len(found) == 1 else rec["ended_on"]
    if errors:
        return {"exchange": None, "errors": errors, "repeated": False, **counts}
    # Reports in the order they were made, so 初报 comes before 续报 and 核报 whatever the file's order.
    parsed.sort(key=lambda r: (r["key"], r["region_code"], r["reported_on"] or dt.date.min,
                               RANK.get(r["stage"], 0), r["row"]))
    with transaction.atomic():
        by_key: dict[str, DisasterEvent | None] = {}
        for rec in parsed:
            event = _event(actor, rec, by_key, errors, counts)
            if event is not None and rec["region_code"]:
                _report(actor, rec, event, errors, counts)
        if errors:
            transaction.set_rollback(True)
            errors.sort(key=lambda e: e.row)
            return {"exchange": None, "errors": errors, "repeated": False,
                    **dict.fromkeys(counts, 0)}
        ex = Exchange.objects.create(direction="import", region_code=actor.region_id, name=name[:200],
                                     digest=digest, rows=len(parsed), created=counts["events"] + counts["reports"],
                                     unchanged=counts["unchanged"], recorded_by=actor)
        audit.record(actor, audit.Event("import", "relief_exchange", ex.pk, ex.region_code, {
            "file": [None, ex.name], **{k: [None, v] for k, v in counts.items()}}))
    return {"exchange": ex, "errors": [], "repeated": False, **counts}


__all__ = ["export_file", "export_rows", "import_file", "key_of"]
