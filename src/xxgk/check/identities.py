"""The statutory identities of 表三 and 表四 (spec: T3-A … T3-D, T4-A … T4-C)."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

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
from .common import blank_note, col_label, fmt, known, row_label

Value = int | float | None


@dataclass(frozen=True, slots=True)
class Equation:
    """One statutory identity over some cells: Σ left = Σ right."""

    rule: str  # T3-A …
    cells: list[str]
    left: list[str]
    right: list[str]
    what: str  # where, in words: 表三“自然人”列
    left_name: str
    right_name: str
    # the cells' addresses taken apart once: the table (one per identity), (row, column)
    table: str = field(init=False, repr=False, compare=False)
    left_at: tuple[tuple[str, str], ...] = field(init=False, repr=False, compare=False)
    right_at: tuple[tuple[str, str], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "table", self.cells[0].split(".")[0])
        object.__setattr__(self, "left_at", tuple(tuple(c.split(".")[1:]) for c in self.left))
        object.__setattr__(self, "right_at", tuple(tuple(c.split(".")[1:]) for c in self.right))

    def sides(self, rec: Record) -> tuple[list[Value], list[Value]]:
        """The values of the left and the right side."""
        cells = getattr(rec, self.table)
        return _values(cells, self.left_at), _values(cells, self.right_at)

    def totals(self, rec: Record) -> tuple[int | float, int | float]:
        """Σ left and Σ right, blanks as 0."""
        cells = getattr(rec, self.table)
        return _sum(cells, self.left_at), _sum(cells, self.right_at)

    def holds(self, rec: Record) -> bool:
        a, b = self.totals(rec)
        return a == b


_NONE: dict[str, Value] = {}


def _values(cells: dict[str, dict[str, Value]], at: tuple[tuple[str, str], ...]) -> list[Value]:
    return [cells.get(r, _NONE).get(c) for r, c in at]


def _sum(cells: dict[str, dict[str, Value]], at: tuple[tuple[str, str], ...]) -> int | float:
    """Σ of the cells, blanks as 0 (the check of every identity of every report: kept lean)."""
    s: int | float = 0
    for r, c in at:
        v = cells.get(r, _NONE).get(c)
        if v:
            s += v
    return s


def equations(rec: Record) -> tuple[Equation, ...]:
    """Every identity the record's tables take part in (T3-A, T3-B, T3-C, T4-A/B/C)."""
    groups = tuple(g for g, _, _ in REVIEW_GROUPS if rec.review_litigation.get(g))
    return _equations(tuple(rec.applications), groups)


@functools.lru_cache(maxsize=512)
def _equations(a: tuple[str, ...], groups: tuple[str, ...]) -> tuple[Equation, ...]:
    """The identities over 表三's rows `a` and 表四's `groups` (the same for most reports)."""
    out = []
    balance_rows = ["new_received", "carried_over", "total", "carried_forward"]
    if all(r in a for r in balance_rows):  # T3-A: 一 + 二 = 三（七）总计 + 四, in every column
        for c in APPLICANT_COLUMNS:
            cells = [f"applications.{r}.{c.key}" for r in balance_rows]
            out.append(
                Equation("T3-A", cells, cells[:2], cells[2:], f"表三“{c.label}”列", "第一项+第二项", "第三项+第四项")
            )
    rows = [r for r in outcome_keys(any(k in a for k in OTHER_SPLIT)) if r in a]
    if "total" in a and rows:  # T3-B: （七）总计 = the sum of every outcome row, in every column
        for c in APPLICANT_COLUMNS:
            cells = [f"applications.{r}.{c.key}" for r in ["total"] + rows]
            out.append(
                Equation(
                    "T3-B", cells, cells[1:], cells[:1], f"表三“{c.label}”列", "（一）至（六）各项之和", "（七）总计"
                )
            )
    for row in a:  # T3-C: in every row, 总计 = 自然人 + the five kinds of organisation
        cells = [f"applications.{row}.{c.key}" for c in APPLICANT_COLUMNS]
        parts = [f"applications.{row}.{k}" for k in APPLICANT_PARTS]
        out.append(
            Equation(
                "T3-C",
                cells,
                parts,
                [f"applications.{row}.total"],
                f"表三“{row_label(row)}”行",
                "自然人与法人或其他组织各栏之和",
                "总计",
            )
        )
    for group, label, code in REVIEW_GROUPS:  # T4-A/B/C: 总计 = 维持 + 纠正 + 其他 + 尚未审结
        if group in groups:
            cells = [f"review_litigation.{group}.{k}" for k in ("total",) + REVIEW_PARTS]
            out.append(
                Equation(
                    code, cells, cells[1:], cells[:1], f"表四“{label}”", "结果维持+结果纠正+其他结果+尚未审结", "总计"
                )
            )
    return tuple(out)


def _unequal(rec: Record, e: Equation) -> list[Finding]:
    """One finding when Σ left ≠ Σ right (blanks count as 0 and are said to), unless the
    reader could not determine one of the cells."""
    a, b = e.totals(rec)
    if a == b or not known(rec, e.cells):
        return []
    left, right = e.sides(rec)
    message = (
        f"{e.what}：{e.left_name}={fmt(a)}，{e.right_name}={fmt(b)}，相差{fmt(abs(a - b))}{blank_note(left + right)}"
    )
    if rec.recognised(e.cells):  # a scan's digits: the reading is in doubt before the report is
        return [
            Finding(
                "read.identity",
                "warning",
                f"{message}；其中有文字识别（OCR）读出的数字，识别存疑，可能是识别问题而非报告错误（{e.rule}），请核对原件",
                list(e.cells),  # the equations are shared between records
            )
        ]
    if rec.inferred(e.cells):  # an error accuses the publisher: only over cells read with certainty
        return [
            Finding(
                "read.identity",
                "warning",
                f"{message}；其中有数字的位置是按版式推断的，可能是读取问题而非报告错误（{e.rule}），请核对原件",
                list(e.cells),  # the equations are shared between records
            )
        ]
    return [Finding(e.rule, "error", message, list(e.cells))]


def _rule(*codes: str):
    def check(rec: Record) -> list[Finding]:
        return [f for e in equations(rec) if e.rule in codes for f in _unequal(rec, e)]

    return check


balance = _rule("T3-A")
outcomes = _rule("T3-B")
applicants = _rule("T3-C")
review_totals = _rule("T4-A", "T4-B", "T4-C")


def whole_numbers(rec: Record) -> list[Finding]:
    """T3-D (and the same for 表四): every cell a non-negative whole number."""
    found = []
    for row, cols in rec.applications.items():
        for c, v in cols.items():
            if v is not None and (v < 0 or v != int(v)):
                found.append(
                    ("T3-D", f"表三“{row_label(row)}”行“{col_label(c)}”列为{fmt(v)}", f"applications.{row}.{c}")
                )
    for group, label, _ in REVIEW_GROUPS:
        for c, v in rec.review_litigation.get(group, {}).items():
            if v is not None and (v < 0 or v != int(v)):
                name = next(x.label for x in REVIEW_COLUMNS if x.key == c)
                found.append(("T4-D", f"表四“{label}”的“{name}”为{fmt(v)}", f"review_litigation.{group}.{c}"))
    return [
        Finding(
            "read.ocr", "warning", f"{what}，应为非负整数；该数字由文字识别读出，识别存疑（{rule}），请核对原件", [cell]
        )
        if rec.recognised([cell])
        else Finding(rule, "error", f"{what}，应为非负整数", [cell])
        for rule, what, cell in found
    ]
