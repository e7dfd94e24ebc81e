"""Helpers shared by the rules: reading cells and writing numbers the way officers do."""

from __future__ import annotations

from ..record import Record
from ..schema import ACTIVE_ITEMS, APPLICANT_COLUMNS, APPLICATION_ROW, REVIEW_COLUMNS, REVIEW_GROUPS


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


def _item(rec: Record, key: str):
    items = ACTIVE_ITEMS.get(rec.format or "", ()) + ACTIVE_ITEMS["2019"] + ACTIVE_ITEMS["2021"]
    return next(i for i in items if i.key == key)


def row_name(rec: Record, table: str, row: str) -> str:
    """How an officer names a row: 表三's printed label, 表四's group, 表二's item."""
    if table == "applications":
        return row_label(row)
    if table == "review_litigation":
        return next(label for g, label, _ in REVIEW_GROUPS if g == row)
    return _item(rec, row).label


def cell_label(rec: Record, address: str) -> str:
    """The printed heading of a cell's column."""
    table, row, col = address.split(".")
    if table == "applications":
        return col_label(col)
    if table == "review_litigation":
        return next(c.label for c in REVIEW_COLUMNS if c.key == col)
    return next(c.label for c in _item(rec, row).columns if c.key == col)


def blank_note(values: list[int | float | None]) -> str:
    return "（含空白单元格，按0计）" if any(v is None for v in values) else ""


def known(rec: Record, cells: list[str]) -> bool:
    """False when the reader could not determine one of the cells: the identity is
    not checked then (the reader has already reported the cells)."""
    return not set(cells).intersection(rec.unresolved)


def total(values: list[int | float | None]) -> int | float:
    return sum(v or 0 for v in values)
