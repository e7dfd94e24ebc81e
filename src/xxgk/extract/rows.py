"""One statutory row's values, from the tokens after its label.

In order of trust: under the grid header's columns (grid.py); a complete row as printed;
a run of glued digits cut by the row's identity (glued.py); blanks placed by the
table's layout (layout.py). Each read says how it was made (`how`): an identity that
fails over inferred cells is then the reader's doubt, not the publisher's error.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..read.document import Document
from ..schema import Column
from .glued import splits
from .grid import cells_at, column_map, is_value
from .layout import Seg, Style, place
from .tokens import DASH, EMPTY, NUM, Tok, tokenize_line

# how a row's values were read: as printed in order, under a grid header, by a
# unique decoding of glued digits, by measured positions — or inferred ("placed":
# blanks from spacing; "order": values over several lines of flow text)
CERTAIN = ("printed", "grid", "split", "measured")

Candidate = tuple[int | float | None, ...]


@dataclass(slots=True)
class RowRead:
    seg: Seg
    candidates: list[Candidate]
    toks: Sequence[Tok | None]  # source token per cell (for provenance), when determined
    problem: str = ""
    how: str = "printed"  # see CERTAIN
    sources: Mapping[Candidate, Sequence[Tok | None]] | None = None  # each candidate's tokens, when they differ
    glued: bool = False  # read from a run of glued digits (or meant to be, and no split fitted)
    run: str = ""  # those digits


def read_row(
    doc: Document,
    seg: Seg,
    style: Style,
    groups: tuple[int, ...],
    columns: tuple[Column, ...] = (),
    memo: dict | None = None,
) -> RowRead:
    vals = seg.values
    if columns and seg.in_grid:
        by_grid = _by_header(doc, seg, columns, max(1, len(groups)), memo)
        if by_grid is not None:
            return by_grid
    if len(vals) == seg.expected and all(t.kind == NUM for t in vals):  # the common, complete row
        row = tuple(typed(t) for t in vals)
        longer = _before_ordinal(doc, vals[-1])
        if longer is not None:  # "…0 0 16、行政机关…": 16, or 1 then the ordinal "6、"?
            options: list[Candidate] = [c for c in (row, row[:-1] + (longer,)) if holds(c, groups)]
            return RowRead(seg, options, vals, "最后一个数字与其后的序号连在一起", "split")
        return RowRead(seg, [row], vals, how=_order(doc, vals))
    run = _glued_run(doc, seg, vals)
    if run is not None:
        found = splits(run, seg.kinds, groups)
        if found:
            return RowRead(seg, list[Candidate](found), [vals[0]] * seg.expected, how="split", glued=True, run=run)
    if run is None and len(vals) == 1 and _lost_blanks(doc, seg, vals[0]):
        problem = f"数字“{vals[0].text}”粘连在一起，且位数少于{seg.expected}栏（粘连时漏掉了空白单元格），无法确定各栏"
        return RowRead(seg, [], [], problem, glued=True)
    placements = place(doc, seg, style)
    if isinstance(placements, str):
        if run is not None:
            return RowRead(
                seg, [], [], f"数字“{run}”粘连在一起，无法拆分：没有一种拆分能满足本行的勾稽关系", glued=True
            )
        return RowRead(seg, [], [], placements)
    page = _page_number(doc, vals)
    if page and not any(holds(tuple(_value(t) for t in p), groups) for p in placements):
        # the identity speaks against reading it as blank, number, blank
        return RowRead(seg, [], [], f"“{page}”可能是页码，也可能是空白、数字、空白，本行数字无法确定")
    if len(vals) == seg.expected:
        placed = placements[0]
        return RowRead(seg, [tuple(_value(t) for t in placed)], placed, how=_order(doc, vals))
    measured = bool(vals) and all(doc.lines[t.line].xs is not None for t in vals)
    how = "measured" if measured else "placed"
    longer = _before_ordinal(doc, vals[-1]) if vals else None
    ways: dict[Candidate, Sequence[Tok | None]] = {}
    for placed in placements:
        values = tuple(_value(t) for t in placed)
        ways.setdefault(values, placed)
        if longer is not None:  # as for a complete row: "…0 16、行政机关…" is 16, or 1 and "6、"
            ways.setdefault(tuple(longer if t is vals[-1] else v for t, v in zip(placed, values, strict=True)), placed)
    if len(ways) == 1:
        return RowRead(seg, list(ways), placements[0], how=how)
    # several readings: those the row's identity allows; the table's may settle them
    fit = {c: t for c, t in ways.items() if holds(c, groups)}
    problem = "最后一个数字与其后的序号连在一起" if longer is not None else "无法从排版确定空白单元格的位置"
    first = next(iter(fit.values()), placements[0])
    return RowRead(seg, list(fit), first, problem, how, fit if len(fit) > 1 else None)


def _value(t: Tok | None) -> int | float | None:
    return None if t is None or t.kind == DASH else typed(t)


def _page_number(doc: Document, vals: list[Tok]) -> str:
    """A "— 4 —" among a row's values on a line of text: a page number printed inside
    the row reads as a blank, a number and a blank."""
    for a, b, c in zip(vals, vals[1:], vals[2:], strict=False):
        if a.kind == DASH == c.kind and b.kind == NUM and a.cell < 0 and a.line == b.line == c.line:
            return doc.lines[a.line].text[a.start : c.end]
    return ""


def _before_ordinal(doc: Document, t: Tok) -> int | None:
    """The number `t` would be with the digit after it, when the tokenizer took that
    digit for the ordinal of the next label ("16、行政机关…" read as 1, then "6、")."""
    if t.cell >= 0 or not t.text.isdigit():
        return None
    text = doc.lines[t.line].text
    if t.end + 1 < len(text) and text[t.end].isdigit() and text[t.end + 1] in ".、":
        return int(t.text + text[t.end])
    return None


def holds(row: Candidate, groups: tuple[int, ...]) -> bool:
    """Each group's last value is the sum of the others (no groups: anything holds)."""
    start = 0
    for size in groups:
        if sum(v or 0 for v in row[start : start + size - 1]) != (row[start + size - 1] or 0):
            return False
        start += size
    return True


def _order(doc: Document, vals: list[Tok]) -> str:
    """A complete row is read as printed when its values share a line or stand in a
    grid; spread over lines of flow text, their order is the extractor's, which for
    text copied from a PDF viewer is not the table's."""
    if all(t.cell >= 0 for t in vals) or len({t.line for t in vals}) == 1:
        return "printed"
    return "order"


def _by_header(
    doc: Document, seg: Seg, columns: tuple[Column, ...], groups: int, memo: dict | None = None
) -> RowRead | None:
    """A grid row read under its header's columns (see grid.py)."""
    lines = list(dict.fromkeys(t.line for t in seg.toks if t.cell >= 0 and t.kind in (NUM, DASH, EMPTY)))
    if not lines and seg.label is not None and seg.label.cell >= 0:
        lines = [seg.label.line]
    if len(lines) != 1 and not (groups > 1 and len(lines) == groups):
        return None
    values: list[int | float | None] = []
    toks: list[Tok | None] = []
    for line in lines:
        where = column_map(doc, line, columns, groups // len(lines), memo)
        if where is None:
            return None
        cells = cells_at(doc, line, where)
        if cells is None:  # rows of text exports are no true grid (a merged cell appears once)
            return None
        by_cell = {t.cell: t for t in tokenize_line(doc, line) if t.kind in (NUM, DASH)}
        for c, text in zip(where, cells, strict=False):
            tok = by_cell.get(c)
            if text and (tok is None or not is_value(text)):
                return None  # words where a number belongs: not this header's row
            toks.append(tok)
            values.append(None if tok is None or tok.kind == DASH else typed(tok))
    return RowRead(seg, [tuple(values)], toks, how="grid")


def _glued_run(doc: Document, seg: Seg, vals: list[Tok]) -> str | None:
    """A row's numbers printed as runs of digits with cells glued together: one run
    (see `_glued`), or runs on one line apart by single spaces, fewer than the
    columns, one of them impossible as a single number ("000023": crawler text)."""
    if len(vals) == 1:
        return vals[0].text if _glued(doc, seg, vals[0]) else None
    if not vals or len(vals) >= seg.expected or any(t.cell >= 0 or t.kind != NUM for t in vals):
        return None
    line = vals[0].line
    text = doc.lines[line].text
    if any(t.line != line or not t.text.lstrip("+-").isdigit() for t in vals) or not vals[0].text.isdigit():
        return None
    pairs = list(zip(vals, vals[1:], strict=False))
    # apart by one space, or touching where a sign starts the next ("276-11824577": only
    # 本年增/减 carries a sign, so a column starts there)
    if any(text[a.end : b.start] != " " and not (a.end == b.start and b.text[0] in "+-") for a, b in pairs):
        return None
    if not any(len(t.text) > 1 and t.text[0] == "0" for t in vals) and not any(a.end == b.start for a, b in pairs):
        return None
    return " ".join(t.text for t in vals)


def _glued(doc: Document, seg: Seg, t: Tok) -> bool:
    """A row's numbers printed as one run of digits, with nothing between the cells."""
    if t.kind != NUM or seg.expected < 2 or not re.fullmatch(r"\d+(\.\d+)?", t.text):
        return False
    if len(t.text.replace(".", "")) < seg.expected:
        return False
    if t.cell >= 0:  # a table row: glued when fewer cells than columns follow the label
        cells = doc.lines[t.line].cells or ()
        label = seg.label.cell if seg.label is not None and seg.label.line == t.line else -1
        return len(cells) - label - 1 < seg.expected
    if _glued_marks(doc, t):
        return True
    # apart from its label: a run as long as the row (no count of 2,000,002 requests is
    # printed beside six blanks), decoded only where the row's identity holds (表三, 表四)
    return seg.table != "active_disclosure" and t.text.isdigit() and len(t.text) >= seg.expected


def _lost_blanks(doc: Document, seg: Seg, t: Tok) -> bool:
    """Fewer digits than the row has cells, glued to its label or as no number is printed
    ("0099"), in text that does not say where characters sit: cells glued together, and
    blank ones lost with the spaces."""
    if t.kind != NUM or t.cell >= 0 or not t.text.isdigit() or len(t.text) >= seg.expected:
        return False
    if doc.lines[t.line].xs is not None:  # a PDF line: positions place the value (layout.py)
        return False
    return _glued_marks(doc, t)


def _glued_marks(doc: Document, t: Tok) -> bool:
    """Digits glued to what stands before them, or printed as no number is ("000")."""
    return (t.start > 0 and not doc.lines[t.line].text[t.start - 1].isspace()) or (t.text[0] == "0" and len(t.text) > 1)


def typed(t: Tok) -> int | float | None:
    """The printed number; "0.0000" is 0 (whole amounts print with decimals in 万元)."""
    v = t.value
    return int(v) if isinstance(v, float) and v.is_integer() else v
