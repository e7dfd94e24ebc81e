"""Plain tables out to the files offices open: Excel (bold header, frozen, dates as
dates) and CSV (UTF-8 with BOM, so that Excel reads the Chinese right)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

Rows = Iterable[Sequence[Any]]


def write_xlsx(path: Path, sheets: list[tuple[str, Sequence[str], Rows]]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    for title, headers, rows in sheets:
        ws = wb.create_sheet(title)
        ws.append(list(headers))
        for r in rows:
            ws.append(list(r))
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
        w.writerows(["" if v is None else v.isoformat() if isinstance(v, date) else v for v in r] for r in rows)
