"""Split a run of glued digits into cells ("211000022" → 21 1 0 0 0 0 22).

Web pages copied without separators print a row's numbers as one run. A split is valid
when every part is a number as a person would print it (no leading zeros) and the
row's own identities hold: in each group the last part is the sum of the others
(表三: 总计 = the six applicant columns; 表四: 总计 = 维持+纠正+其他+尚未审结). Because a
total is determined by its parts, only the free parts are enumerated.
"""

from __future__ import annotations

import re

_COUNT = re.compile(r"0|[1-9]\d{0,8}")
_AMOUNT = re.compile(r"(?:0|[1-9]\d{0,11})(?:\.\d{1,6})?")
MAX_SPLITS = 5000


def splits(run: str, kinds: tuple[str, ...], groups: tuple[int, ...] = ()) -> list[tuple[int | float, ...]]:
    """Every way to cut `run` into len(kinds) numbers.

    `kinds[i]` is "count" or "amount"; `groups` lists group sizes whose last member is
    the sum of the rest (empty: no identity). At most MAX_SPLITS results are returned.
    """
    n = len(kinds)
    total_at: dict[int, int] = {}  # index of a group's total → index of its first part
    i = 0
    for size in groups:
        total_at[i + size - 1] = i
        i += size
    out: list[tuple[int | float, ...]] = []
    parts: list[int | float] = []

    def walk(pos: int, k: int) -> None:
        if len(out) >= MAX_SPLITS:
            return
        if k == n:
            if pos == len(run):
                out.append(tuple(parts))
            return
        left = n - k - 1  # parts still to place after this one
        if k in total_at:
            want = str(sum(parts[total_at[k]:k]))
            if run.startswith(want, pos) and len(run) - pos - len(want) >= left:
                parts.append(int(want))
                walk(pos + len(want), k + 1)
                parts.pop()
            return
        pattern = _AMOUNT if kinds[k] == "amount" else _COUNT
        for end in range(pos + 1, len(run) - left + 1):
            piece = run[pos:end]
            if not pattern.fullmatch(piece):
                if piece[0] == "0" and kinds[k] != "amount":
                    break  # a leading zero only ever stands alone
                continue
            parts.append(float(piece) if "." in piece else int(piece))
            walk(end, k + 1)
            parts.pop()

    walk(0, 0)
    return out
