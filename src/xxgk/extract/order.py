"""Tables whose text came out in content-stream order (copied from a PDF viewer).

A viewer copies a table in the order its producer wrote the text: labels in one run,
numbers in another, and the numbers of a block of rows often column by column (a page's
share of 表三: every 自然人 cell, then every 商业企业 cell …). What stays true is that the
numbers, taken in stream order, fill the statutory rows in their printed order, block
by block, each block written row by row or column by column.

`arrange` tries every such decomposition that the table's row identity admits (表三:
总计 = the six applicant columns in every row) and keeps, for each row, the values
some valid decomposition gives it: a row read the same way by all of them is settled,
the others are not guessed at. Blocks of 表二 are its sub-tables (one per 第二十条 item);
with no identity there, a block is settled only where its rows read the same either
way.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence

Value = int | float | None
Reading = tuple[Value, ...]
# for each row: each reading some decomposition gives it → the stream positions it reads
Options = list[dict[Reading, tuple[int, ...]]]


def arrange(values: Sequence[Value], nrows: int, width: int, row_ok: Callable[[Reading], bool]) -> Options | None:
    """For each of `nrows` rows of `width` cells, the readings that some decomposition of
    `values` into blocks of consecutive rows (each by rows or by columns) gives it, every
    row passing `row_ok`; None when the count is not the table's or nothing fits."""
    if len(values) != nrows * width:
        return None
    # block (i, k): rows i … i+k-1, its columns in runs each written row by row (all runs
    # one column wide: column by column; one run: row by row, k = 1: a row as printed)
    ok: dict[tuple[int, int], list[list[tuple[int, ...]]]] = {}
    for i in range(nrows):
        for k in range(1, nrows - i + 1):
            for runs in _runs(width) if k > 1 else [(width,)]:
                rows = by_runs(i * width, k, runs)
                if all(row_ok(tuple(values[p] for p in r)) for r in rows):
                    ok.setdefault((i, k), []).append(rows)
    reach = [False] * (nrows + 1)  # rows before i can be read
    reach[0] = True
    for i in range(nrows):
        if reach[i]:
            for k in range(1, nrows - i + 1):
                if (i, k) in ok:
                    reach[i + k] = True
    back = [False] * (nrows + 1)  # rows from i on can be read
    back[nrows] = True
    for i in range(nrows - 1, -1, -1):
        back[i] = any((i, k) in ok and back[i + k] for k in range(1, nrows - i + 1))
    if not reach[nrows]:
        return None
    out: Options = [{} for _ in range(nrows)]
    for (i, k), ways in sorted(ok.items()):
        if reach[i] and back[i + k]:
            for rows in ways:
                for j, r in enumerate(rows):
                    out[i + j].setdefault(tuple(values[p] for p in r), r)
    return out


@functools.cache
def _runs(width: int) -> tuple[tuple[int, ...], ...]:
    """Every way to cut `width` columns into runs of neighbours (2^(width-1) of them)."""
    if width == 1:
        return ((1,),)
    out: list[tuple[int, ...]] = []
    for first in range(1, width + 1):
        if first == width:
            out.append((width,))
        else:
            out += [(first, *rest) for rest in _runs(width - first)]
    return tuple(out)


def by_runs(at: int, nrows: int, runs: tuple[int, ...]) -> list[tuple[int, ...]]:
    """Stream positions of a block whose column runs are each written row by row."""
    cells: list[list[int]] = [[] for _ in range(nrows)]
    for w in runs:
        for r in range(nrows):
            cells[r] += range(at + r * w, at + (r + 1) * w)
        at += nrows * w
    return [tuple(c) for c in cells]


def arrange_blocks(values: Sequence[Value], blocks: list[tuple[int, int]]) -> Options | None:
    """Fixed blocks of (rows, width), each written by rows or by columns."""
    if len(values) != sum(n * w for n, w in blocks):
        return None
    out: Options = []
    at = 0
    for n, w in blocks:
        # by rows: one run as wide as the block; by columns: runs one column wide
        for a, b in zip(by_runs(at, n, (w,)), by_runs(at, n, (1,) * w), strict=False):
            found: dict[Reading, tuple[int, ...]] = {}
            for r in (a, b):
                found.setdefault(tuple(values[p] for p in r), r)
            out.append(found)
        at += n * w
    return out
