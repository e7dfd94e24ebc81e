"""A record read from some form against the expected record of the same report.

Every expected cell is right, honestly unread (null and named by a reading warning),
or wrong — a number that differs from the printed one with nothing said (on a scan, a
number the reader kept but said it doubts is flagged, not wrong). An error
finding that no published defect accounts for is a false error. Wrong cells and false
errors must be zero on every form; unread cells are the price of honesty.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..record import Record
from ..schema import TABLES


@dataclass
class Score:
    right: int = 0
    unread: int = 0
    flagged: int = 0  # scans: a value that differs, in a cell a reading warning names (识别存疑)
    wrong: list[str] = field(default_factory=list)
    false_errors: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.right + self.unread + self.flagged + len(self.wrong)

    def __iadd__(self, other: Score) -> Score:
        self.right += other.right
        self.unread += other.unread
        self.flagged += other.flagged
        self.wrong += other.wrong
        self.false_errors += other.false_errors
        return self


def expected_cells(expected: dict) -> dict[str, object]:
    return {
        f"{t}.{row}.{col}": v
        for t in TABLES
        for row, cols in (expected.get(t) or {}).items()
        for col, v in cols.items()
        if col != "amount_unit"
    }


def compare(expected: dict, got: Record, doubted: bool = False) -> Score:
    """`doubted`: a value read by OCR that a reading warning names counts as flagged, not
    wrong — the reader said it was in doubt."""
    warned = set(got.unresolved) | {c for f in got.findings if f.rule.startswith("read.") for c in f.cells}
    unread = tuple(f"{t}." for t in got.provenance.get("unread") or ())  # tables said to be unread
    have = got.cells()
    out = Score()
    for k, v in expected_cells(expected).items():
        if k in have and have[k] == v and not (v is None and k in got.unresolved):
            out.right += 1
        elif (k in warned or k.startswith(unread)) and have.get(k) is None:
            out.unread += 1
        elif doubted and k in warned:
            out.flagged += 1
        else:
            out.wrong.append(f"{k}: {v} → {have.get(k, '缺')}")
    defects = [set(d.get("cells") or []) for d in expected.get("known_defects") or []]
    for f in got.errors:
        if not any(set(f.cells) & d for d in defects):
            out.false_errors.append(f"{f.rule}: {f.message}")
    return out


__all__ = ["Score", "compare", "expected_cells"]
