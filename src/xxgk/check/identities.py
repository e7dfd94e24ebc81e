"""The statutory identities of 表三 and 表四 (spec: T3-A … T3-D, T4-A … T4-C)."""

from __future__ import annotations

from ..record import Finding, Record
from ..schema import (APPLICANT_COLUMNS, APPLICANT_PARTS, OTHER_SPLIT, REVIEW_COLUMNS, REVIEW_GROUPS, REVIEW_PARTS,
                      outcome_keys)
from .common import blank_note, col_label, fmt, known, row_label, total


def _cells(rows: list[str], col: str) -> list[str]:
    return [f"applications.{r}.{col}" for r in rows]


def balance(rec: Record) -> list[Finding]:
    """T3-A: 一 + 二 = 三（七）总计 + 四, in every column."""
    a = rec.applications
    rows = ["new_received", "carried_over", "total", "carried_forward"]
    if not all(r in a for r in rows):
        return []
    out = []
    for c in APPLICANT_COLUMNS:
        v = [a[r][c.key] for r in rows]
        cells = _cells(rows, c.key)
        left, right = total(v[:2]), total(v[2:])
        if known(rec, cells) and left != right:
            out.append(Finding("T3-A", "error",
                               f"表三“{c.label}”列：第一项+第二项={fmt(left)}，第三项+第四项={fmt(right)}，"
                               f"相差{fmt(abs(left - right))}{blank_note(v)}", cells))
    return out


def outcomes(rec: Record) -> list[Finding]:
    """T3-B: （七）总计 = the sum of every outcome row, in every column."""
    a = rec.applications
    split = any(k in a for k in OTHER_SPLIT)
    rows = [r for r in outcome_keys(split) if r in a]
    if "total" not in a or not rows:
        return []
    out = []
    for c in APPLICANT_COLUMNS:
        parts = [a[r][c.key] for r in rows]
        cells = _cells(["total"] + rows, c.key)
        s, t = total(parts), a["total"][c.key] or 0
        if known(rec, cells) and s != t:
            out.append(Finding("T3-B", "error",
                               f"表三“{c.label}”列：（一）至（六）各项之和={fmt(s)}，（七）总计={fmt(t)}，"
                               f"相差{fmt(abs(s - t))}{blank_note(parts + [a['total'][c.key]])}", cells))
    return out


def applicants(rec: Record) -> list[Finding]:
    """T3-C: in every row, 总计 = 自然人 + the five kinds of organisation."""
    out = []
    for row, cols in rec.applications.items():
        parts = [cols.get(k) for k in APPLICANT_PARTS]
        cells = [f"applications.{row}.{c.key}" for c in APPLICANT_COLUMNS]
        s, t = total(parts), cols.get("total") or 0
        if known(rec, cells) and s != t:
            out.append(Finding("T3-C", "error",
                               f"表三“{row_label(row)}”行：自然人与法人或其他组织各栏之和={fmt(s)}，"
                               f"总计={fmt(t)}，相差{fmt(abs(s - t))}{blank_note(parts + [cols.get('total')])}", cells))
    return out


def whole_numbers(rec: Record) -> list[Finding]:
    """T3-D (and the same for 表四): every cell a non-negative whole number."""
    out = []
    for row, cols in rec.applications.items():
        for c, v in cols.items():
            if v is not None and (v < 0 or v != int(v)):
                out.append(Finding("T3-D", "error", f"表三“{row_label(row)}”行“{col_label(c)}”列为{fmt(v)}，"
                                   "应为非负整数", [f"applications.{row}.{c}"]))
    for group, label, _ in REVIEW_GROUPS:
        for c, v in rec.review_litigation.get(group, {}).items():
            if v is not None and (v < 0 or v != int(v)):
                name = next(x.label for x in REVIEW_COLUMNS if x.key == c)
                out.append(Finding("T4-D", "error", f"表四“{label}”的“{name}”为{fmt(v)}，应为非负整数",
                                   [f"review_litigation.{group}.{c}"]))
    return out


def review_totals(rec: Record) -> list[Finding]:
    """T4-A/B/C: in each group, 总计 = 维持 + 纠正 + 其他 + 尚未审结."""
    out = []
    for group, label, code in REVIEW_GROUPS:
        cols = rec.review_litigation.get(group)
        if not cols:
            continue
        parts = [cols.get(k) for k in REVIEW_PARTS]
        cells = [f"review_litigation.{group}.{k}" for k in ("total",) + REVIEW_PARTS]
        s, t = total(parts), cols.get("total") or 0
        if known(rec, cells) and s != t:
            out.append(Finding(code, "error",
                               f"表四“{label}”：结果维持+结果纠正+其他结果+尚未审结={fmt(s)}，总计={fmt(t)}，"
                               f"相差{fmt(abs(s - t))}{blank_note(parts + [cols.get('total')])}", cells))
    return out
