"""Rows of a grid table (web pages, Word, ruled PDF tables) read by their columns.

Whenever a table has a grid and its header names the statutory columns, a row's
values are the cells standing under those headings — never the numbers counted from
the left — so label cells spanning two or three columns, a 3×3 header corner and
blank cells (`&nbsp;`, `<o:p> </o:p>`) move nothing. A header that does not name every
column (generic "数据1…数据6", or one a converter invented) is not used.
"""

from __future__ import annotations

import functools
import re

from ..read.document import Document
from ..schema import Column, key_text

# a value cell: a number (its unit may stand beside it, in a span of its own), a dash, 无
_NUMERIC = re.compile(r"[+-]?\d[\d,]*(?:\.\d+)?\s*(?:万元|元|件|个|项|条)?|[-—–―/]+|无")
LOOK_UP = 40  # rows above a data row searched for its header


@functools.cache
def _heads(columns: tuple[Column, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(c.heads) for c in columns)


@functools.lru_cache(maxsize=4096)  # cells repeat ("0"): asked of every cell of every grid row
def is_value(cell: str) -> bool:
    return bool(_NUMERIC.fullmatch(cell))


def _matches(cells: tuple[str, ...], heads: tuple[re.Pattern[str], ...]) -> list[tuple[int, int]]:
    """(grid column, statutory column) of each header cell naming a column."""
    out = []
    for c, text in enumerate(cells):
        k = _column_named(text, heads)
        if k is not None:
            out.append((c, k))
    return out


@functools.lru_cache(maxsize=4096)
def _column_named(text: str, heads: tuple[re.Pattern[str], ...]) -> int | None:
    """The statutory column a header cell names (headers repeat: asked once per wording)."""
    key = key_text(text)
    return next((k for k, h in enumerate(heads) if h.search(key)), None) if key else None


def column_map(
    doc: Document, line: int, columns: tuple[Column, ...], groups: int = 1, memo: dict | None = None
) -> list[int] | None:
    """Grid columns of `columns` (repeated `groups` times, as 表四 prints them) for the
    data row at `line`, from the header rows nearest above it in the same table.
    `memo` keeps each row's header words between the rows of one table."""
    ln = doc.lines[line]
    if ln.cells is None or ln.table is None:
        return None
    memo = {} if memo is None else memo
    # the schema's column tuples: hashing their Columns on every row look-up costs more than the look-up
    found = _found_above(doc, line, ln.table, id(columns), _heads(columns), memo)
    if not found:
        return None
    found.sort()
    order = [k for _, k in found]
    if order != list(range(len(columns))) * groups:
        return None
    return [c for c, _ in found]


def _found_above(
    doc: Document, line: int, table: int, kind: int, heads: tuple[re.Pattern[str], ...], memo: dict
) -> list[tuple[int, int]]:
    """The header hits of the rows nearest above `line`: up from it, past data rows and
    page breaks, through the first run of header rows. A data row met before any header
    was asked the same before (rows are read top down): its answer is taken up where it
    left off, so a table's rows are not each walked back to the header."""
    found: list[tuple[int, int]] = []
    started = False
    i, low = line - 1, max(line - LOOK_UP, -1)
    while i > low:
        row = doc.lines[i]
        if row.cells is None and not row.text.strip():
            i -= 1
            continue  # a page break inside the table
        if row.cells is None or row.table != table:
            break
        hits = memo.get((i, kind))
        if hits is None:
            values = any(map(is_value, filter(None, row.cells)))
            hits = memo[(i, kind)] = [] if values else _matches(row.cells, heads)
        if hits:
            found += hits
            started = True
        elif started:
            break
        elif (prior := memo.get(("above", i, kind))) is not None:
            found, started, resume = list(prior[0]), prior[1], prior[2]
            if resume is None:  # its walk ended where this one would
                break
            i = resume
            continue
        i -= 1
    else:  # out of rows to look at (or at the limit): a walk from further down goes on from here
        memo[("above", line, kind)] = (tuple(found), started, i)
        return found
    memo[("above", line, kind)] = (tuple(found), started, None)
    return found


def cells_at(doc: Document, line: int, where: list[int]) -> list[str] | None:
    """The row's cells at the mapped columns, or None when a number stands elsewhere
    to the right of the labels (the header does not fit this row)."""
    cells = doc.lines[line].cells or ()
    if where[-1] >= len(cells):
        return None
    taken = set(where)
    for k in range(where[0], len(cells)):
        c = cells[k]
        if c and k not in taken and c != "无" and is_value(c):
            return None
    return [cells[k] for k in where]
