"""Plain tables out to the files offices open: Excel (bold header, frozen, dates as
dates) and CSV (UTF-8 with BOM, so that Excel reads the Chinese right)."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

Rows = Iterable[Sequence[Any]]
# what a spreadsheet takes for a formula at the start of a cell: text from a report or an
# applicant must never run as one (CSV injection)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")


def neutral(v: Any) -> Any:
    """A text a spreadsheet would run as a formula, with an apostrophe before it (CSV)."""
    if isinstance(v, str) and v.startswith(_FORMULA_START) and not _NUMBER.fullmatch(v):
        return "'" + v
    return v


def as_text(cell: Any) -> None:
    """An openpyxl cell holding text that starts like a formula: kept as text (XLSX has types)."""
    if cell.data_type == "f":
        cell.data_type = "s"


def write_xlsx(path: Path, sheets: list[tuple[str, Sequence[str], Rows]]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.worksheets[0])  # the empty sheet a new workbook comes with
    for title, headers, rows in sheets:
        ws = wb.create_sheet(title)
        ws.append(list(headers))
        for r in rows:
            ws.append(list(r))
            for c in ws[ws.max_row]:  # these sheets hold values only: no text runs as a formula
                as_text(c)
        for c in ws[1]:
            c.font = Font(bold=True)
        ws.freeze_panes = "A2"
        for row in ws.iter_rows(min_row=2):
            for c in row:
                if isinstance(c.value, date):
                    c.number_format = "yyyy-mm-dd"
    wb.save(path)


def write_csv(path: Path, headers: Sequence[str], rows: Rows) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(headers)
        w.writerows(
            ["" if v is None else v.isoformat() if isinstance(v, date) else neutral(v) for v in r] for r in rows
        )
