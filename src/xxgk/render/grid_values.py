"""Fill a layout grid from a record: the text of every cell as it will be printed."""

from __future__ import annotations

from ..record import Record
from .layout import Cell, Grid
from .report import value_text


def cell_text(rec: Record, cell: Cell, blank: str = "0") -> str:
    if cell.kind != "value" or cell.address is None:
        return cell.text
    unit = (rec.active_disclosure.get("procurement") or {}).get("amount_unit")
    return value_text(rec.get(cell.address), cell.kind_of_value, unit, blank)


def flat_rows(rec: Record, grid: Grid, blank: str = "0") -> list[list[str]]:
    """The grid as rows of strings, a merged cell's text in its top-left position only."""
    rows = [[""] * grid.ncols for _ in range(grid.nrows)]
    for c in grid.cells:
        rows[c.row][c.col] = cell_text(rec, c, blank)
    return rows
