"""After an ingest: 表二 rows one report left undecided, settled where the same body's
neighbouring year admits one reading (extract/continuity.py).

A settled row is written into the report's record and cells, marked as inferred
(`how: continuity`), its ambiguity warning replaced by a note that says which year
settled it. Rows nothing settles keep their candidates for a later ingest.
"""

from __future__ import annotations

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from ..extract.continuity import settle
from ..record import fmt
from ..schema import ACTIVE_ITEMS, TABLE_NAMES
from .models import Cell, Report, ReportFinding


def settle_across_years(s: Session) -> int:
    """Settle what can be settled; the number of rows settled."""
    waiting = {
        rid
        for rid, cells in s.execute(
            select(ReportFinding.report_id, ReportFinding.cells).where(
                ReportFinding.rule == "read.ambiguous", ReportFinding.scope == "report"
            )
        )
        if any(c.startswith("active_disclosure.") for c in cells or [])
    }
    if not waiting:
        return 0
    done = 0
    rows = s.execute(
        select(Report.id, Report.body_id, Report.year, Report.record).where(
            Report.id.in_(waiting), Report.body_id.is_not(None), Report.year.is_not(None)
        )
    ).all()
    for rid, body, year, record in rows:
        undecided = {k: v for k, v in (record.get("candidates") or {}).items() if k.startswith("active_disclosure.")}
        layout = (record.get("formats") or {}).get("active_disclosure") or record.get("format")
        if not undecided or layout != "2019":  # only the 2019 rows carry across years
            continue
        near = {
            y: (src, rec.get("active_disclosure") or {})
            for y, src, rec in s.execute(
                select(Report.year, Report.source, Report.record).where(
                    Report.body_id == body, Report.year.in_((year - 1, year + 1)), Report.id != rid
                )
            )
        }
        if not near:
            continue
        for key, options in undecided.items():
            item = key.split(".", 1)[1]
            columns = [c.key for c in next(i for i in ACTIVE_ITEMS["2019"] if i.key == item).columns]
            before, after = near.get(year - 1), near.get(year + 1)
            reading = settle(columns, options, before and before[1].get(item), after and after[1].get(item))
            if reading is not None:
                record = _apply(
                    s, rid, record, item, columns, reading, [y for y in (year - 1, year + 1) if y in near], len(options)
                )
                done += 1
    s.commit()
    return done


def _apply(
    s: Session, rid: int, record: dict, item: str, columns: list[str], reading: list, years: list[int], options: int
) -> dict:
    cells = [f"active_disclosure.{item}.{c}" for c in columns]
    label = next(i.label for i in ACTIVE_ITEMS["2019"] if i.key == item)
    shown = "/".join(fmt(v) for v in reading)
    note = (
        f"{TABLE_NAMES['active_disclosure']}“{label}”的数字连在一起（可拆分为{options}种），与本机关"
        f"{'、'.join(f'{y}年度' for y in years)}报告的“上一年项目数量”相衔接的只有{shown}，已按此读取（推断，请核对原件）"
    )
    record = dict(record)
    record["active_disclosure"] = dict(record.get("active_disclosure") or {})
    record["active_disclosure"][item] = dict(zip(columns, reading, strict=False))
    record["unresolved"] = [c for c in record.get("unresolved") or [] if c not in cells]
    record["candidates"] = {
        k: v for k, v in (record.get("candidates") or {}).items() if k != f"active_disclosure.{item}"
    }
    record["findings"] = [
        f
        for f in record.get("findings") or []
        if not (f["rule"] == "read.ambiguous" and set(f.get("cells") or []) == set(cells))
    ]
    record["findings"].append({"rule": "read.continuity", "severity": "info", "message": note, "cells": cells})
    where = {"how": "continuity", "confidence": "inferred", "years": years}
    for c, v in zip(columns, reading, strict=False):
        s.execute(
            update(Cell)
            .where(Cell.report_id == rid, Cell.table == "active_disclosure", Cell.row == item, Cell.column == c)
            .values(value=v, blank=False, where=where)
        )
    gone = [
        f.id
        for f in s.scalars(
            select(ReportFinding).where(ReportFinding.report_id == rid, ReportFinding.rule == "read.ambiguous")
        )
        if set(f.cells or []) == set(cells)
    ]
    s.execute(delete(ReportFinding).where(ReportFinding.id.in_(gone)))
    s.execute(
        insert(ReportFinding),
        [
            {
                "report_id": rid,
                "scope": "report",
                "rule": "read.continuity",
                "severity": "info",
                "message": note,
                "cells": cells,
            }
        ],
    )
    s.execute(update(Report).where(Report.id == rid).values(record=record, warnings=Report.warnings - len(gone)))
    return record
