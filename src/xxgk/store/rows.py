"""A report read for storing, and the rows it is stored as.

The reading processes (or Ray workers) run `read_one` and send back the record as plain
data; the one writing process makes it into rows (`Outcome.stored`) and writes them
(store/ingest.py). No database code here: a Ray worker imports this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson

from ..errors import ReadError, ReadTimeout
from ..sandbox import Limits, alarm, too_big, too_slow
from ..schema import APPLICANT_PARTS, FIGURES, REVIEW_GROUPS, TABLES


@dataclass
class Outcome:
    """What reading one file gave (crosses the process boundary: plain data only)."""

    path: str
    sha256: str
    size: int
    status: str
    reason: str | None = None
    # the record read, as orjson's bytes: they cross to the writer at a copy's cost where
    # pickling took a tenth of a reader's time (made into rows by `stored`)
    record: bytes | dict[str, Any] | None = None

    def stored(self) -> dict[str, Any]:
        """The rows to store (of an outcome that has them), made by the writer: it loops
        over the cells as it writes them, a reader would loop over them once more (with
        one reader, that reader sets the pace; the writer waits on it)."""
        assert self.record is not None
        return prepare(orjson.loads(self.record) if isinstance(self.record, bytes) else self.record)


def read_one(job: tuple[str, str, int], data: bytes | None = None) -> Outcome:
    """Read one file (its bytes given, or from its path)."""
    from ..pipeline import parse_bytes, parse_path  # here, not at the top: the writer has no use for the readers

    path, sha, size = job
    try:
        rec = parse_path(path) if data is None else parse_bytes(data, path)
    except ReadError as e:
        return Outcome(path, sha, size, "unreadable", str(e))
    except (MemoryError, ReadTimeout):
        raise  # out of memory or time: the caller's limits say which (sandbox.py)
    except Exception as e:  # noqa: BLE001 - a fault of ours on one odd file must not stop the batch
        return Outcome(path, sha, size, "unreadable", f"{path}：内部错误 {type(e).__name__}: {e}")
    if not any(
        v is not None and not isinstance(v, str)
        for t in TABLES
        for cols in rec.table(t).values()
        for v in cols.values()
    ):
        return Outcome(path, sha, size, "not_report", f"{path}：未找到填有数字的年度报告表格")
    return Outcome(path, sha, size, "defective" if rec.errors else "good", None, _packed(rec.to_json()))


def _packed(rec: dict[str, Any]) -> bytes | dict[str, Any]:
    """The record as orjson's bytes; as it is when orjson refuses it (an integer past 64
    bits in a report's text)."""
    try:
        return orjson.dumps(rec)
    except (orjson.JSONEncodeError, TypeError):
        return rec


def read_timed(job: tuple[str, str, int], limits: Limits) -> Outcome:
    """One file read in a reading process (its memory capped when it started), on an alarm."""
    alarm(limits.seconds)
    try:
        try:
            return read_one(job)
        finally:  # cancelled before anything is said: the alarm rings on until then (sandbox.alarm)
            alarm(0)
    except ReadTimeout:
        return Outcome(*job, "unreadable", too_slow(job[0], limits))
    except MemoryError:
        return Outcome(*job, "unreadable", too_big(job[0], limits))


def prepare(rec: dict[str, Any]) -> dict[str, Any]:
    """A record as the rows it is stored in (its cells by `cell_rows`, once the report has
    its id)."""
    rec = dict(rec)
    provenance = dict(rec.pop("provenance", None) or {})
    where = provenance.pop("cells", None) or {}
    rec["provenance"] = provenance  # file, sha256, encoding: the per-cell part goes with the cells
    return {
        "record": rec,
        "where": where,
        "findings": [
            {
                "scope": "report",
                "rule": x["rule"],
                "severity": x["severity"],
                "message": x["message"],
                "cells": x.get("cells") or [],
            }
            for x in rec["findings"]
        ],
        "sections": [{"section": k, "text": v} for k, v in (rec.get("sections") or {}).items()],
        "figures": figure_values(rec),
        "doubts": doubts(rec),
        "filled": filled(rec),
        "errors": sum(1 for x in rec["findings"] if x["severity"] == "error"),
        "warnings": sum(1 for x in rec["findings"] if x["severity"] == "warning"),
    }


def cell_rows(report_id: int, rec: dict[str, Any], where: dict[str, Any]) -> list[tuple[Any, ...]]:
    """The report's cells as rows of the cells table, each with where it was read."""
    out: list[tuple[Any, ...]] = []
    dumps = orjson.dumps
    for t in TABLES:
        for row, cols in (rec.get(t) or {}).items():
            at = f"{t}.{row}."
            for col, v in cols.items():
                w = where.get(at + col)
                w = None if w is None else dumps(w).decode()
                if isinstance(v, str):
                    out.append((report_id, t, row, col, None, v, False, w))
                else:  # a float, as the column keeps it (an integer past 64 bits fits no driver's integer)
                    out.append((report_id, t, row, col, None if v is None else float(v), None, v is None, w))
    return out


def doubts(rec: dict) -> int:
    """How much of a record went unread or is in doubt: the cells its reading warnings
    name, and a table's worth for a table whose header was found but not its numbers.
    Of two files of one report, the one with fewer doubts counts (store/copies.py)."""
    cells = set(rec.get("unresolved") or [])
    for x in rec.get("findings") or []:
        if x["rule"].startswith("read."):
            cells.update(x.get("cells") or [f"{x['rule']}:{x['message']}"])
    return len(cells) + 100 * len((rec.get("provenance") or {}).get("unread") or [])


def filled(rec: dict) -> int:
    """Cells with a value read."""
    return sum(1 for t in TABLES for cols in (rec.get(t) or {}).values() for v in cols.values() if v is not None)


def figure_values(rec: dict) -> dict[str, Any]:
    """The dashboard's figures of a record: 表三's totals, 本年新收 by applicant, 表四."""
    a, r = rec.get("applications") or {}, rec.get("review_litigation") or {}
    row: dict[str, Any] = dict.fromkeys(FIGURES)
    for key, cols in a.items():
        if f"a_{key}" in row:
            row[f"a_{key}"] = _int(cols.get("total"))
    for part in APPLICANT_PARTS:
        row[f"n_{part}"] = _int((a.get("new_received") or {}).get(part))
    for g, _, _ in REVIEW_GROUPS:
        for col, v in (r.get(g) or {}).items():
            if f"r_{g}_{col}" in row:
                row[f"r_{g}_{col}"] = _int(v)
    return row


def _int(v: Any) -> int | None:
    """A figure as a whole number; none for anything else, and for a number past 64 bits
    (no count a report gives; the database's integers do not hold it)."""
    if isinstance(v, (int, float)) and not isinstance(v, bool) and float(v).is_integer() and abs(v) < 1 << 63:
        return int(v)
    return None
