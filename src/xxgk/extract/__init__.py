"""Document → report record: locate the parts, read the tables, body, year, sections."""

from __future__ import annotations

from ..read.document import Document
from ..record import Finding, Record
from ..schema import TABLE_NAMES, TABLES
from .locate import TABLE_MARKS, locate
from .meta import body_and_year, posted_date, published_date
from .narrative import narrative_facts
from .sections import section_texts
from .stream import reflow
from .tables import TableRead, read_tables


def extract(doc: Document) -> Record:
    doc = reflow(doc)
    layout = locate(doc)
    first_part = min([*layout.headings.values(), *(lo for lo, _ in layout.regions.values())], default=len(doc.lines))
    body, year = body_and_year(doc, first_part)
    tables = read_tables(doc, layout.regions, year)
    rec = Record(body=body, year=year, source=doc.source)
    published = published_date(doc)
    rec.published = published.isoformat() if published else None
    posted = posted_date(doc)
    rec.posted = doc.posted or (posted.isoformat() if posted else None)
    for name, tr in tables.items():
        setattr(rec, name, tr.cells)
        rec.findings += tr.findings
        rec.unresolved += tr.unresolved
        rec.candidates |= tr.candidates
    if "procurement" in rec.active_disclosure:
        rec.active_disclosure["procurement"]["amount_unit"] = tables["active_disclosure"].unit
    rec.format = _format(tables.get("active_disclosure"), tables.get("applications"), year)
    # a 2022 report on the 2019 表二, a 2023 one with the single-row （六）: each table's own
    if rec.active_disclosure:
        rec.formats["active_disclosure"] = tables["active_disclosure"].format or rec.format or ""
    if rec.applications:
        rec.formats["applications"] = "2021" if tables["applications"].split_other else "2019"
    rec.sections = section_texts(doc, layout.headings, layout.regions)
    rec.narrative = narrative_facts(rec.sections)
    rec.provenance = {
        "file": doc.source,
        "sha256": doc.sha256,
        "encoding": doc.encoding,
        "cells": {k: v for tr in tables.values() for k, v in tr.where.items()},
    }
    if doc.scanned:
        rec.provenance["ocr"] = {"pages": list(doc.scanned), "engine": "RapidOCR (PP-OCRv4)"}
    missing = [t for t in TABLES if not rec.table(t)]
    text = "".join(ln.key for ln in doc.lines) if missing else ""
    unread = [t for t in missing if t in layout.printed or TABLE_MARKS[t].search(text)]
    if unread:  # its header is printed: the table is there, the reader failed
        rec.provenance["unread"] = unread
        rec.findings += [
            Finding("read.table", "warning", f"找到了{TABLE_NAMES[t]}的表头，但未能读出表中的数字，请核对原件")
            for t in unread
        ]
    return rec


def _format(active: TableRead | None, applications: TableRead | None, year: int | None) -> str | None:
    """Decided from the tables: 表二's columns, else 表三's （六）, else the year."""
    if active is not None and active.cells and active.format:
        return active.format
    if applications is not None and applications.cells and applications.split_other:
        return "2021"
    if year:
        return "2021" if year >= 2021 else "2019"
    return None


__all__ = ["extract"]
