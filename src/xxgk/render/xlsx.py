"""Record → XLSX: the officer's workbook, filled (render/workbook.py)."""

from __future__ import annotations

from ..record import Record
from .workbook import write_workbook


def render_xlsx(rec: Record, draft: bool = False, blank: str = "") -> bytes:
    """Blank cells stay blank: the workbook is where they are filled in."""
    return write_workbook(rec, draft=draft)
