"""Scanned reports: the statutory identities as the OCR's checksum.

A misread digit almost always breaks an identity. When some fail, each OCR'd cell in
them is tried with the readings the recogniser ranked next (read/ocr.py); a correction is
taken only when it makes every identity the cell is in hold and no other correction
mends the same identities. Anything else stays as read and is said to be in doubt
(识别存疑, a reading warning): a scan never makes a publisher's error by itself.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..record import Finding, Record
from ..schema import TABLE_NAMES, cell_name
from .common import fmt, known
from .identities import Equation, equations

SURE = 0.9  # a recognised cell less sure than this is in doubt unless an identity confirms it


def _number(text: str) -> int | float:
    return float(text) if "." in text else int(text)


def _name(rec: Record, address: str) -> str:
    return cell_name(address, rec.formats.get(address.split(".")[0]) or rec.format) + "栏"


def _set(rec: Record, address: str, value) -> None:
    table, row, column = address.split(".")
    rec.table(table)[row][column] = value


def correct(rec: Record) -> list[Finding]:
    """Mend misread cells the identities single out (changes `rec`); a note for each."""
    if not rec.scanned:
        return []
    where = rec.provenance.get("cells") or {}
    eqs = [e for e in equations(rec) if known(rec, e.cells)]
    failing = [e for e in eqs if not e.holds(rec)]
    suspects = sorted({c for e in failing for c in rec.recognised(e.cells) if where[c].get("alternatives")})
    options: list[tuple[str, int | float, int, frozenset[int]]] = []  # cell, value, rank, identities mended
    for cell in suspects:
        mine = [e for e in eqs if cell in e.cells]
        was = rec.get(cell)
        for rank, text in enumerate(where[cell]["alternatives"]):
            _set(rec, cell, _number(text))
            if all(e.holds(rec) for e in mine):
                options.append((cell, _number(text), rank, frozenset(id(e) for e in failing if cell in e.cells)))
        _set(rec, cell, was)
    out = []
    for cell, value, rank, mended in options:
        if any(o[3] & mended for o in options if o[:2] != (cell, value)):
            continue  # another reading mends the same: the identities do not choose
        rules = "、".join(sorted({e.rule for e in failing if id(e) in mended}))
        read = where[cell].get("printed", fmt(rec.get(cell) or 0))
        _set(rec, cell, value)
        where[cell] |= {"printed": fmt(value), "ocr_read": read, "corrected_by": rules}
        out.append(
            Finding(
                "read.ocr_corrected",
                "info",
                f"{_name(rec, cell)}文字识别读作“{read}”，与勾稽关系（{rules}）不符；识别器的第{rank + 2}候选“{fmt(value)}”"
                f"使其全部成立且唯一，已按此读取，请核对原件",
                [cell],
            )
        )
    return out


def _confirmed(rec: Record, eqs: Sequence[Equation], cell: str) -> bool:
    """The cell is in an identity, and every identity it is in holds."""
    mine = [e for e in eqs if cell in e.cells]
    return bool(mine) and all(e.holds(rec) and known(rec, e.cells) for e in mine)


def doubts(rec: Record) -> list[Finding]:
    """Cells recognised without certainty that no identity confirms: 识别存疑, per table."""
    if not rec.scanned:
        return []
    where = rec.provenance.get("cells") or {}
    eqs = equations(rec)
    unsure: dict[str, list[str]] = {}
    for cell, w in where.items():
        if "printed" in w and w.get("ocr", 1.0) < SURE and "corrected_by" not in w and not _confirmed(rec, eqs, cell):
            unsure.setdefault(cell.split(".")[0], []).append(cell)
    return [
        Finding(
            "read.ocr",
            "warning",
            f"{TABLE_NAMES[table]}有{len(cells)}个数字文字识别把握不足、无勾稽关系可资印证（识别存疑）："
            + "；".join(
                f"{_name(rec, c)}读作“{where[c].get('printed', '')}”（把握{where[c]['ocr']:.0%}）" for c in cells[:8]
            )
            + ("等" if len(cells) > 8 else "")
            + "，请核对原件",
            cells,
        )
        for table, cells in unsure.items()
    ]
