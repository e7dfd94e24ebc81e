"""The checker: record → findings. Every rule is listed here, in the order reported."""

from __future__ import annotations

from collections.abc import Callable

from ..record import Finding, Record
from .identities import applicants, balance, outcomes, review_totals, whole_numbers
from .narrative import narrative_vs_tables
from .ocr import correct, doubts
from .presence import blanks, meta_present, rows_present, tables_present

Rule = Callable[[Record], list[Finding]]

RULES: tuple[Rule, ...] = (
    tables_present,  # missing.table
    rows_present,  # missing.row
    balance,  # T3-A
    outcomes,  # T3-B
    applicants,  # T3-C
    whole_numbers,  # T3-D, T4-D
    review_totals,  # T4-A, T4-B, T4-C
    blanks,  # blank
    narrative_vs_tables,  # narrative
    doubts,  # read.ocr: recognised cells in doubt
    meta_present,  # missing.body, missing.year
)


def check(rec: Record) -> list[Finding]:
    """Findings of every rule (the reader's own findings stay in the record)."""
    return [f for rule in RULES for f in rule(rec)]


__all__ = ["RULES", "check", "correct"]
