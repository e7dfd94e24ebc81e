"""The report record (shared/spec/report-json.md) and its JSON.

The record holds numbers exactly as printed: a blank cell is None, a wrong total stays
wrong. Keys of the spec are fixed; this module adds `source`, `sections`, `provenance`
`unresolved` (cells the reader could not determine, which the checker then skips) and
`candidates` (for such a row, the readings that all fit: another year may settle them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .schema import SCHEMA_ID, TABLES

Number = int | float | None
Table = dict[str, dict[str, Any]]


def file_name(path: str | None) -> str:
    """A source as the public sees it: the file's name, never the server's folders."""
    return re.split(r"[\\/]", path or "")[-1]


def fmt(v: int | float | None) -> str:
    """A number as officers write it: no trailing zeros; a blank says so."""
    if v is None:
        return "空白"
    if isinstance(v, float):
        return decimals(v).rstrip("0").rstrip(".")
    return str(v)


def decimals(v: float) -> str:
    """Four decimals (万元 amounts print them), more when the number has more."""
    s = f"{v:.4f}"
    return s if float(s) == v else repr(v)


def json_text(value: Any, indent: bool = False) -> str:
    """JSON of plain data: compact, or indented by two. orjson takes a tenth of the
    standard library's time; it refuses integers past 64 bits, which the text of a report
    may hold: those go through the standard library."""
    import orjson

    try:
        return orjson.dumps(value, option=orjson.OPT_INDENT_2 if indent else 0).decode()
    except (orjson.JSONEncodeError, TypeError):
        import json

        return json.dumps(value, ensure_ascii=False, indent=2 if indent else None)


@dataclass(slots=True)
class Finding:
    rule: str
    severity: str  # error | warning | info
    message: str  # Chinese, for the officer
    cells: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"rule": self.rule, "severity": self.severity, "message": self.message, "cells": self.cells}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Finding:
        return cls(d["rule"], d["severity"], d["message"], list(d.get("cells") or []))


@dataclass(slots=True)
class Record:
    body: str | None = None
    year: int | None = None
    format: str | None = None
    active_disclosure: Table = field(default_factory=dict)
    applications: Table = field(default_factory=dict)
    review_litigation: Table = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    sections: dict[str, str] = field(default_factory=dict)
    narrative: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    provenance: dict[str, Any] = field(default_factory=dict)
    unresolved: list[str] = field(default_factory=list)
    candidates: dict[str, list[list[Any]]] = field(default_factory=dict)  # "table.row" → its possible readings
    source: str | None = None
    region: str | None = None  # 行政区划, where known
    published: str | None = None  # ISO date printed under the signature, where printed in full
    posted: str | None = None  # ISO date a web page gives as its publication (its PubDate), where it does
    formats: dict[str, str] = field(default_factory=dict)  # per table, the format its layout follows (mixed templates)

    def table(self, name: str) -> Table:
        return getattr(self, name)

    def get(self, address: str) -> Number:
        table, row, col = address.split(".")
        return self.table(table).get(row, {}).get(col)

    def cells(self) -> dict[str, Any]:
        """Every cell as {"table.row.column": value}."""
        return {f"{t}.{r}.{c}": v for t in TABLES for r, cols in self.table(t).items() for c, v in cols.items()}

    @property
    def scanned(self) -> bool:
        """Read from a scan by OCR, in whole or in part (provenance)."""
        return bool(self.provenance.get("ocr"))

    def recognised(self, cells: list[str]) -> list[str]:
        """Those of `cells` read from a scan by OCR (provenance)."""
        where = self.provenance.get("cells") or {}
        return [c for c in cells if "ocr" in (where.get(c) or {})]

    def inferred(self, cells: list[str]) -> list[str]:
        """Those of `cells` whose place the reader inferred rather than read (provenance)."""
        where = self.provenance.get("cells") or {}
        return [c for c in cells if (where.get(c) or {}).get("confidence") == "inferred"]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"schema": SCHEMA_ID}
        if self.source is not None:
            out["source"] = self.source
        out |= {"body": self.body, "year": self.year, "format": self.format}
        if self.region:
            out["region"] = self.region
        if self.published:
            out["published"] = self.published
        if self.posted:
            out["posted"] = self.posted
        if self.formats:
            out["formats"] = self.formats
        for t in TABLES:
            out[t] = self.table(t)
        out["findings"] = [f.to_json() for f in self.findings]
        if self.sections:
            out["sections"] = self.sections
        if self.narrative:
            out["narrative"] = self.narrative
        if self.unresolved:
            out["unresolved"] = self.unresolved
        if self.candidates:
            out["candidates"] = self.candidates
        if self.provenance:
            out["provenance"] = self.provenance
        return out

    def dumps(self, indent: int | None = None) -> str:
        """The record as JSON: compact on one line, or indented by two."""
        return json_text(self.to_json(), indent=bool(indent))

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Record:
        if d.get("schema", SCHEMA_ID) != SCHEMA_ID:
            raise ValueError(f"不支持的记录格式：{d.get('schema')}")
        return cls(
            body=d.get("body"),
            year=d.get("year"),
            format=d.get("format"),
            active_disclosure=d.get("active_disclosure") or {},
            applications=d.get("applications") or {},
            review_litigation=d.get("review_litigation") or {},
            findings=[Finding.from_json(f) for f in d.get("findings") or []],
            sections=d.get("sections") or {},
            narrative=d.get("narrative") or {},
            provenance=d.get("provenance") or {},
            unresolved=list(d.get("unresolved") or []),
            candidates=dict(d.get("candidates") or {}),
            source=d.get("source"),
            region=d.get("region"),
            published=d.get("published"),
            posted=d.get("posted"),
            formats=d.get("formats") or {},
        )
