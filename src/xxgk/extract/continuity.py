"""表二 rows undecided in one report, settled by the same body's neighbouring year.

No identity links 表二's columns, so a glued run there ("3960181") often splits several
ways. The 2019 format's project rows carry one across years: this year's 上一年项目数量
plus 本年增/减 is next year's 上一年项目数量 (and last year's previous plus change is this
year's previous). A candidate reading is kept when it agrees with every neighbour the
corpus holds; one left is the reading — inferred, and said to be.
"""

from __future__ import annotations

from typing import Any

Item = dict[str, Any]  # a 表二 row of a record: column → value
CARRIED = ("previous", "change")  # the columns that carry across years (format 2019)


def _carries(c: Item, before: Item | None, after: Item | None) -> bool:
    def num(row: Item | None, k: str) -> float | None:
        v = None if row is None else row.get(k)
        return v if isinstance(v, (int, float)) and not isinstance(v, bool) else None

    prev, change = num(c, "previous"), num(c, "change")
    if prev is None or change is None:
        return False
    if before is not None:
        b_prev, b_change = num(before, "previous"), num(before, "change")
        if b_prev is None or b_change is None or b_prev + b_change != prev:
            return False
    if after is not None:
        a_prev = num(after, "previous")
        if a_prev is None or prev + change != a_prev:
            return False
    return before is not None or after is not None


def settle(
    columns: list[str], candidates: list[list[Any]], before: Item | None, after: Item | None
) -> list[Any] | None:
    """The one candidate reading of a 表二 row (values in `columns` order) that carries on
    from last year's row and into next year's, or None."""
    if not set(CARRIED) <= set(columns):
        return None
    fits = [c for c in candidates if _carries(dict(zip(columns, c, strict=False)), before, after)]
    return fits[0] if len(fits) == 1 else None
