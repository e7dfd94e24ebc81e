"""Helpers shared by the rules: reading cells and writing numbers the way officers do."""

from __future__ import annotations

from ..record import Record
from ..schema import APPLICANT_COLUMNS, APPLICATION_ROW


def fmt(v: int | float | None) -> str:
    if v is None:
        return "空白"
    if isinstance(v, float):
        return f"{v:.4f}".rstrip("0").rstrip(".")
    return str(v)


def col_label(col: str) -> str:
    return next(c.label for c in APPLICANT_COLUMNS if c.key == col)


def row_label(row: str) -> str:
    return APPLICATION_ROW[row].short


def blank_note(values: list[int | float | None]) -> str:
    return "（含空白单元格，按0计）" if any(v is None for v in values) else ""


def known(rec: Record, cells: list[str]) -> bool:
    """False when the reader could not determine one of the cells: the identity is
    not checked then (the reader has already reported the cells)."""
    return not set(cells).intersection(rec.unresolved)


def total(values: list[int | float | None]) -> int | float:
    return sum(v or 0 for v in values)
