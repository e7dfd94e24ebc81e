"""Record → XLSX: the officer's workbook, filled (see xxgk.workbook)."""

from __future__ import annotations

from ..record import Record
from ..workbook import write_workbook


def render_xlsx(rec: Record, draft: bool = False) -> bytes:
    return write_workbook(rec, draft=draft)
