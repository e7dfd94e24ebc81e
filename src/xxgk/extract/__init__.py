"""Document → report record: locate the parts, read the tables, body, year, sections."""

from __future__ import annotations

from ..read.document import Document
from ..record import Record
from ..schema import ACTIVE_ITEMS, APPLICANT_COLUMNS, REVIEW_COLUMNS, REVIEW_GROUPS, SECTIONS, application_rows
from .locate import locate
from .meta import body_and_year
from .narrative import narrative_facts
from .sections import section_texts
from .tables import read_tables


def extract(doc: Document) -> Record:
    layout = locate(doc)
    first_heading = min(layout.headings.values(), default=len(doc.lines))
    first_table = min((lo for lo, _ in layout.regions.values()), default=len(doc.lines))
    body, year = body_and_year(doc, min(first_heading, first_table))
    tables = read_tables(doc, layout.regions, year)
    rec = Record(body=body, year=year, source=doc.source)
    where: dict[str, str] = {}

    app = tables.get("applications")
    if app is not None and app.rows:
        cols = [c for c in application_rows(app.split_other or False)]
        for row in cols:
            if row.key in app.rows:
                rec.applications[row.key] = dict(zip(_applicant_keys(), app.rows[row.key]))
                _where(where, "applications", row.key, _applicant_keys(), app.where.get(row.key))

    act = tables.get("active_disclosure")
    if act is not None and act.rows:
        for item in ACTIVE_ITEMS[act.format or "2019"]:
            if item.key in act.rows:
                keys = [c.key for c in item.columns]
                rec.active_disclosure[item.key] = dict(zip(keys, act.rows[item.key]))
                _where(where, "active_disclosure", item.key, keys, act.where.get(item.key))
        if "procurement" in rec.active_disclosure:
            rec.active_disclosure["procurement"]["amount_unit"] = act.unit

    rev = tables.get("review_litigation")
    if rev is not None and rev.rows:
        values = rev.rows["row"]
        wh = rev.where.get("row") or [""] * len(values)
        width = len(REVIEW_COLUMNS)
        for g, (group, _, _) in enumerate(REVIEW_GROUPS):
            keys = [c.key for c in REVIEW_COLUMNS]
            rec.review_litigation[group] = dict(zip(keys, values[g * width:(g + 1) * width]))
            for c, k in enumerate(keys):
                if wh[g * width + c]:
                    where[f"review_litigation.{group}.{k}"] = wh[g * width + c]

    rec.format = _format(act, app, year)
    for tr in tables.values():
        rec.findings += tr.findings
        rec.unresolved += tr.unresolved
    rec.sections = section_texts(doc, layout.headings, layout.regions)
    rec.narrative = narrative_facts(rec.sections)
    rec.provenance = {"file": doc.source, "sha256": doc.sha256, "encoding": doc.encoding, "cells": where}
    return rec


def _applicant_keys() -> list[str]:
    return APPLICANT_KEYS


APPLICANT_KEYS = [c.key for c in APPLICANT_COLUMNS]


def _where(out: dict[str, str], table: str, row: str, keys: list[str], wh: list[str] | None) -> None:
    for k, w in zip(keys, wh or []):
        if w:
            out[f"{table}.{row}.{k}"] = w


def _format(act, app, year: int | None) -> str | None:
    """Decided from the tables: 表二's columns, else 表三's （六）, else the year."""
    if act is not None and act.rows and act.format:
        return act.format
    if app is not None and app.rows:
        if app.split_other:
            return "2021"
    if year:
        return "2021" if year >= 2021 else "2019"
    return None


__all__ = ["extract", "SECTIONS"]
