"""The statutory identities of 表三 and 表四 (spec: T3-A … T3-D, T4-A … T4-C)."""

from __future__ import annotations

from ..record import Finding, Record
from ..schema import (
    APPLICANT_COLUMNS,
    APPLICANT_PARTS,
    OTHER_SPLIT,
    REVIEW_COLUMNS,
    REVIEW_GROUPS,
    REVIEW_PARTS,
    outcome_keys,
)
from .common import blank_note, col_label, fmt, known, row_label, total

Value = int | float | None


def _unequal(
    rec: Record,
    rule: str,
    cells: list[str],
    left: list[Value],
    right: list[Value],
    what: str,
    left_name: str,
    right_name: str,
) -> list[Finding]:
    """One finding when Σ left ≠ Σ right (blanks count as 0 and are said to), unless the
    reader could not determine one of the cells."""
    a, b = total(left), total(right)
    if a == b or not known(rec, cells):
        return []
    message = f"{what}：{left_name}={fmt(a)}，{right_name}={fmt(b)}，相差{fmt(abs(a - b))}{blank_note(left + right)}"
    if rec.inferred(cells):  # an error accuses the publisher: only over cells read with certainty
        return [
            Finding(
                "read.identity",
                "warning",
                f"{message}；其中有数字的位置是按版式推断的，可能是读取问题而非报告错误（{rule}），请核对原件",
                cells,
            )
        ]
    return [Finding(rule, "error", message, cells)]


def balance(rec: Record) -> list[Finding]:
    """T3-A: 一 + 二 = 三（七）总计 + 四, in every column."""
    a = rec.applications
    rows = ["new_received", "carried_over", "total", "carried_forward"]
    if not all(r in a for r in rows):
        return []
    out = []
    for c in APPLICANT_COLUMNS:
        v = [a[r][c.key] for r in rows]
        out += _unequal(
            rec,
            "T3-A",
            [f"applications.{r}.{c.key}" for r in rows],
            v[:2],
            v[2:],
            f"表三“{c.label}”列",
            "第一项+第二项",
            "第三项+第四项",
        )
    return out


def outcomes(rec: Record) -> list[Finding]:
    """T3-B: （七）总计 = the sum of every outcome row, in every column."""
    a = rec.applications
    rows = [r for r in outcome_keys(any(k in a for k in OTHER_SPLIT)) if r in a]
    if "total" not in a or not rows:
        return []
    out = []
    for c in APPLICANT_COLUMNS:
        out += _unequal(
            rec,
            "T3-B",
            [f"applications.{r}.{c.key}" for r in ["total"] + rows],
            [a[r][c.key] for r in rows],
            [a["total"][c.key]],
            f"表三“{c.label}”列",
            "（一）至（六）各项之和",
            "（七）总计",
        )
    return out


def applicants(rec: Record) -> list[Finding]:
    """T3-C: in every row, 总计 = 自然人 + the five kinds of organisation."""
    out = []
    for row, cols in rec.applications.items():
        out += _unequal(
            rec,
            "T3-C",
            [f"applications.{row}.{c.key}" for c in APPLICANT_COLUMNS],
            [cols.get(k) for k in APPLICANT_PARTS],
            [cols.get("total")],
            f"表三“{row_label(row)}”行",
            "自然人与法人或其他组织各栏之和",
            "总计",
        )
    return out


def review_totals(rec: Record) -> list[Finding]:
    """T4-A/B/C: in each group, 总计 = 维持 + 纠正 + 其他 + 尚未审结."""
    out = []
    for group, label, code in REVIEW_GROUPS:
        cols = rec.review_litigation.get(group)
        if cols:
            out += _unequal(
                rec,
                code,
                [f"review_litigation.{group}.{k}" for k in ("total",) + REVIEW_PARTS],
                [cols.get(k) for k in REVIEW_PARTS],
                [cols.get("total")],
                f"表四“{label}”",
                "结果维持+结果纠正+其他结果+尚未审结",
                "总计",
            )
    return out


def whole_numbers(rec: Record) -> list[Finding]:
    """T3-D (and the same for 表四): every cell a non-negative whole number."""
    out = []
    for row, cols in rec.applications.items():
        for c, v in cols.items():
            if v is not None and (v < 0 or v != int(v)):
                out.append(
                    Finding(
                        "T3-D",
                        "error",
                        f"表三“{row_label(row)}”行“{col_label(c)}”列为{fmt(v)}，应为非负整数",
                        [f"applications.{row}.{c}"],
                    )
                )
    for group, label, _ in REVIEW_GROUPS:
        for c, v in rec.review_litigation.get(group, {}).items():
            if v is not None and (v < 0 or v != int(v)):
                name = next(x.label for x in REVIEW_COLUMNS if x.key == c)
                out.append(
                    Finding(
                        "T4-D",
                        "error",
                        f"表四“{label}”的“{name}”为{fmt(v)}，应为非负整数",
                        [f"review_litigation.{group}.{c}"],
                    )
                )
    return out
