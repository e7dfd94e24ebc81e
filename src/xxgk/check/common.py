"""Helpers shared by the rules: reading cells and naming them the way officers do."""

from __future__ import annotations

from ..record import Record, fmt
from ..schema import column_name, row_name


def col_label(col: str) -> str:
    return column_name("applications", "", col)


def row_label(row: str) -> str:
    return row_name("applications", row)


def blank_note(values: list[int | float | None]) -> str:
    return "（含空白单元格，按0计）" if any(v is None for v in values) else ""


def known(rec: Record, cells: list[str]) -> bool:
    """False when the reader could not determine one of the cells: the identity is
    not checked then (the reader has already reported the cells)."""
    return not rec.unresolved or not set(cells).intersection(rec.unresolved)


__all__ = ["fmt", "col_label", "row_label", "blank_note", "known"]
