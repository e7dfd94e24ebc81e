"""Place a row's values in its columns, blanks included, from how the table is laid out.

A row that prints as many values as it has columns is read in order. A row with fewer
values is never shifted: the blank cells are placed where the layout shows a gap that
the table's complete rows do not have — one more space between two numbers where cells
are written "n␣" (plain text from PDFs), one more empty line where each cell sits on its
own line (Word text), an empty cell in a table row. If the gaps do not account for
exactly the missing cells, the row is reported as undetermined instead.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..read.document import Document
from .tokens import DASH, NUM, Tok


@dataclass(slots=True)
class Seg:
    """The tokens of one statutory row after its label."""

    table: str
    key: str
    kinds: tuple[str, ...]  # column kinds
    toks: list[Tok]
    label: Tok | None  # last text token of the label
    stop: int  # line index where the next row's label begins
    # the numbers and dashes among `toks`, and whether the row stands in a grid: asked
    # by every reader of the row, so found once (a segment's tokens never change)
    values: list[Tok] = field(init=False)
    in_grid: bool = field(init=False)

    def __post_init__(self) -> None:
        self.values = [t for t in self.toks if t.kind in (NUM, DASH)]
        self.in_grid = self.label is not None and self.label.cell >= 0 or any(t.cell >= 0 for t in self.toks)

    @property
    def expected(self) -> int:
        return len(self.kinds)


SPACING = ("gap", "lead", "trail", "indent", "empty_inner", "empty_lead", "empty_trail")


@dataclass(slots=True)
class Style:
    """One table's habits, learned from its complete rows."""

    # spacing (the document's where the table shows none: 表四 has one row)
    gap: int | None = None  # usual spaces between two values on a line
    lead: int | None = None  # usual spaces between label and first value
    trail: int | None = None  # usual spaces after the last value
    indent: int | None = None  # usual spaces before values that start their own line
    empty_inner: int | None = None  # usual empty lines between values one per line
    empty_lead: int | None = None
    empty_trail: int | None = None
    # table rows, where every complete row agrees: the first value's cell; its distance
    # from the label's cell, by the label's cell (rows differ in label depth); the cells
    # after the last value, by number of values (padding after them differs)
    first_cell: int | None = None
    after_label: dict[int, int] = field(default_factory=dict)
    from_end: dict[int, int] = field(default_factory=dict)
    # complete rows on one line, by number of values: where columns sit is worked out
    # from them only when a short row needs it
    inline: dict[int, list[list[Tok]]] = field(default_factory=dict)
    _centres: dict[int, tuple[float, list[float]] | None] = field(default_factory=dict)

    def columns(self, doc: Document, n: int) -> tuple[float, list[float]] | None:
        if n not in self._centres:
            self._centres[n] = _columns(doc, self.inline[n]) if n in self.inline else None
        return self._centres[n]


ANCHORS = (0.0, 0.5, 1.0)  # a value's left edge, centre, right edge


def position(doc: Document, t: Tok, anchor: float = 0.5) -> float:
    """Where a value sits across its line — at its left edge, centre or right edge — in
    points when the reader knows where each character is (PDF), else in display columns
    (a Chinese character takes two), as text laid out by position shows it."""
    ln = doc.lines[t.line]
    if ln.xs is not None and t.end <= len(ln.xs):
        a, b = ln.xs[t.start], ln.xs[t.end - 1]
    else:
        a, b = ln.column(t.start), ln.column(t.end)
    return a + (b - a) * anchor


def _columns(doc: Document, rows: list[list[Tok]]) -> tuple[float, list[float]] | None:
    """Column centres where every complete row puts its k-th value at the same place
    (within a third of the narrowest gap between columns), else None.

    Positions in points (PDF) are trusted from one row. Positions in text only when the
    rows prove the layout is aligned: two or more rows, padded (values two or more
    spaces apart) and, in some column, values of different widths still lined up — in
    text written "n␣" single digits line up by accident, and a blank moves the rest by
    one character, not by one column.
    """
    measured = all(doc.lines[row[0].line].xs is not None for row in rows)
    if len(rows) < (1 if measured else 2) or len(rows[0]) < 2:
        return None
    if not measured:
        padded = all(b.start - a.end >= 2 for row in rows for a, b in zip(row, row[1:], strict=False))
        widths_vary = any(len({t.end - t.start for t in col}) > 1 for col in zip(*rows, strict=False))
        if not (padded and widths_vary):
            return None
    best: tuple[float, float, list[float]] | None = None
    for anchor in ANCHORS:  # the alignment the rows agree on best (numbers align left, right or centre)
        spots = [[position(doc, t, anchor) for t in row] for row in rows]
        centres = [sorted(col)[len(col) // 2] for col in zip(*spots, strict=False)]
        spread = max(abs(x - c) for row in spots for x, c in zip(row, centres, strict=False))
        if best is None or spread < best[0]:
            best = (spread, anchor, centres)
    if best is None:
        return None
    spread, anchor, centres = best
    gaps = [b - a for a, b in zip(centres, centres[1:], strict=False)]
    if not gaps or min(gaps) <= 0 or spread > min(gaps) / 3:
        return None
    return anchor, centres


def _habit(xs: list[int]) -> int | None:
    """A spacing the rows keep (nine in ten of them), else none: a body joined into one
    line keeps the spaces of some rows' ends and not of others'."""
    m = _mode(xs)
    return m if m is not None and xs.count(m) * 10 >= len(xs) * 9 else None


def _mode(xs: list[int]) -> int | None:
    return Counter(xs).most_common(1)[0][0] if xs else None


def _text_end(doc: Document, t: Tok) -> int:
    return t.start + len(doc.lines[t.line].text[t.start : t.end].rstrip())


def _empty_lines(doc: Document, a: int, b: int) -> int:
    n = 0
    for ln in doc.lines[a + 1 : b]:  # a loop: asked between every two values of every row
        if ln.cells is None and not ln.text.strip():
            n += 1
    return n


class _Habits:
    """What complete rows show: spacing on a line, empty lines, cell anchors."""

    def __init__(self) -> None:
        self.gaps: list[int] = []
        self.leads: list[int] = []
        self.trails: list[int] = []
        self.indents: list[int] = []
        self.e_in: list[int] = []
        self.e_lead: list[int] = []
        self.e_trail: list[int] = []
        self.firsts: list[int] = []
        self.offsets: dict[int, list[int]] = {}
        self.ends: dict[int, list[int]] = {}
        self.inline: dict[int, list[list[Tok]]] = {}

    def add(self, doc: Document, s: Seg, vals: list[Tok]) -> None:
        if s.in_grid:
            self.firsts.append(vals[0].cell)
            if s.label is not None and s.label.line == vals[0].line:
                self.offsets.setdefault(s.label.cell, []).append(vals[0].cell - s.label.cell)
            self.ends.setdefault(len(vals), []).append(len(doc.lines[vals[0].line].cells or ()) - 1 - vals[-1].cell)
            return
        lines = {t.line for t in vals}
        if len(lines) == 1:
            self.inline.setdefault(len(vals), []).append(vals)
            self.gaps += [b.start - a.end for a, b in zip(vals, vals[1:], strict=False)]
            if s.label is not None and s.label.line == vals[0].line:
                self.leads.append(vals[0].start - _text_end(doc, s.label))
            elif not doc.lines[vals[0].line].text[: vals[0].start].strip():
                self.indents.append(vals[0].start)
            if _end_shows_blanks(doc, vals[-1]):
                self.trails.append(len(doc.lines[vals[-1].line].text) - vals[-1].end)
        elif len(lines) == len(vals):
            self.e_in += [_empty_lines(doc, a.line, b.line) for a, b in zip(vals, vals[1:], strict=False)]
            if s.label is not None:
                self.e_lead.append(_empty_lines(doc, s.label.line, vals[0].line))
            self.e_trail.append(_empty_lines(doc, vals[-1].line, s.stop))

    def spacing(self, label_indents: list[int]) -> dict[str, int | None]:
        return {
            "gap": _mode(self.gaps),
            "lead": _habit(self.leads),
            "trail": _habit(self.trails),
            "indent": _mode(self.indents or label_indents),
            "empty_inner": _mode(self.e_in),
            "empty_lead": _mode(self.e_lead),
            "empty_trail": _mode(self.e_trail),
        }


def learn(doc: Document, segs: dict[str, list[Seg]]) -> dict[str, Style]:
    """Each table's habits from its complete rows; spacing the table does not show is the
    document's (spacing differs from table to table only in text laid out by position)."""
    tables = {t: _Habits() for t in segs}
    whole = _Habits()
    for table, ss in segs.items():
        for s in ss:
            vals = s.values
            if vals and len(vals) == s.expected:
                tables[table].add(doc, s, vals)
    for h in tables.values():
        for name in ("gaps", "leads", "trails", "indents", "e_in", "e_lead", "e_trail"):
            getattr(whole, name).extend(getattr(h, name))
    indents = [
        len(doc.lines[s.label.line].text) - len(doc.lines[s.label.line].text.lstrip())
        for ss in segs.values()
        for s in ss
        if s.label is not None and not s.in_grid
    ]
    document = whole.spacing(indents)
    out = {}
    for table, h in tables.items():
        mine = h.spacing(indents)
        spacing: dict[str, Any] = {k: document[k] if mine[k] is None else mine[k] for k in SPACING}
        out[table] = Style(
            **spacing,
            first_cell=_unanimous(h.firsts),
            after_label={c: v for c, xs in h.offsets.items() if (v := _unanimous(xs)) is not None},
            from_end={n: v for n, xs in h.ends.items() if (v := _unanimous(xs)) is not None},
            inline=h.inline,
        )
    return out


def _unanimous(xs: list[int]) -> int | None:
    """The value every complete row shows, if they all agree."""
    return xs[0] if xs and len(set(xs)) == 1 else None


def _blanks_in_gap(width: int, usual: int) -> int:
    """Empty cells hidden in a gap of `width` spaces where `usual` is normal."""
    extra = width - usual
    if extra <= 0:
        return 0
    return extra if usual <= 1 else round(extra / (usual + 1))


Placed = list[Tok | None]


def place(doc: Document, seg: Seg, style: Style) -> list[Placed] | str:
    """Values of a row in column order (None = blank) — each way the layout allows, mostly
    one — or the reason it cannot be done."""
    vals = seg.values
    n = seg.expected
    if len(vals) == n:
        return [list(vals)]
    if len(vals) > n:
        kept = _drop_page_numbers(doc, seg, vals)
        return [kept] if kept else f"该行印有{len(vals)}个数字，多于{n}栏"
    if seg.in_grid:
        in_grid = _place_in_grid(doc, seg, vals, style)
        return in_grid if isinstance(in_grid, str) else [in_grid]
    if not vals:
        return [[None] * n]
    if any(a.line == b.line and a.end == b.start for a, b in zip(vals, vals[1:], strict=False)):
        return f"该行只有{len(vals)}个数字（应有{n}个），且数字相互粘连，无法确定各栏"
    lines = sorted({t.line for t in vals})
    text = doc.lines[vals[0].line].text
    alone = len(vals) == 1 and not (text[: vals[0].start] + text[vals[0].end :]).strip()
    if len(lines) == 1:
        columns = style.columns(doc, n) or _header_columns(doc, vals[0].line, n)
        by_columns = _by_columns(doc, vals, *columns) if columns else None
        if by_columns is not None:
            return [by_columns]
    if len(lines) == 1 and doc.lines[vals[0].line].xs is not None:
        return f"该行只有{len(vals)}个数字（应有{n}个），无法从各栏位置确定空白单元格"  # gaps mean nothing here
    inline = len(lines) == 1 and not (alone and style.empty_inner is not None)
    if inline:
        slots = _inline_slots(doc, seg, vals, style)
    elif len(lines) == len(vals):
        slots = _column_slots(doc, seg, vals, style)
    else:
        return f"该行只有{len(vals)}个数字（应有{n}个），且分散在多行，无法确定空白位置"
    if slots is None or sum(slots) != n - len(vals):
        return f"该行只有{len(vals)}个数字（应有{n}个），无法从排版确定空白单元格的位置"
    ways = [slots]
    if inline and slots[0] and not _end_shows_blanks(doc, vals[-1], style):
        # a gap before the first value may be the label's depth ("（二）…" indented one
        # cell more than "1．…"), the blanks then after the last value, where nothing shows
        ways += [[slots[0] - k, *slots[1:-1], slots[-1] + k] for k in range(1, slots[0] + 1)]
    out: list[Placed] = []
    for way in ways:
        placed: Placed = []
        for k, t in enumerate(vals):
            placed += [None] * way[k]
            placed.append(t)
        out.append(placed + [None] * way[-1])
    return out


def _end_shows_blanks(doc: Document, last: Tok, style: Style | None = None) -> bool:
    """Whether blanks after a row's last value would show: spaces before its line's end
    (text after it, or a body on one line cut at a heading, tells nothing), where the
    table's complete rows show their habit."""
    ln = doc.lines[last.line]
    return not ln.cut and not ln.text[last.end :].strip() and (style is None or bool(style.trail))


def _header_columns(doc: Document, line: int, n: int) -> tuple[float, list[float]] | None:
    """Column centres from the header above a row (measured positions only): the words
    of its header lines — those with several words, not the titles over groups of
    columns — gathered by where they sit; usable when they sit in exactly n places (or
    n + 1, the first heading the labels)."""
    spots: list[tuple[float, float]] = []  # (centre, half width)
    for i in range(line - 1, max(line - 7, -1), -1):
        ln = doc.lines[i]
        if ln.cells is not None or ln.xs is None:
            break
        if any(ch.isdigit() for ch in ln.text):
            continue  # a row of values, not of headings
        words = [(m.start(), m.end()) for m in re.finditer(r"\S+", ln.text)]
        if len(words) >= 3:
            spots += [((ln.xs[a] + ln.xs[b - 1]) / 2, (ln.xs[b - 1] - ln.xs[a]) / 2 + 1) for a, b in words]
    centres: list[list[float]] = []
    for x, half in sorted(spots):
        if centres and x - centres[-1][-1] <= half:
            centres[-1].append(x)
        else:
            centres.append([x])
    found = [sum(c) / len(c) for c in centres]
    if len(found) == n + 1:
        found = found[1:]
    return (0.5, found) if len(found) == n else None


def _by_columns(doc: Document, vals: list[Tok], anchor: float, centres: list[float]) -> Placed | None:
    """Each value in the column it sits under, when that is unambiguous: every value
    within a third of a column gap of one column's place, one value per column."""
    tolerance = min(b - a for a, b in zip(centres, centres[1:], strict=False)) / 3
    out: Placed = [None] * len(centres)
    for t in vals:
        x = position(doc, t, anchor)
        k = min(range(len(centres)), key=lambda i: abs(centres[i] - x))
        if abs(centres[k] - x) > tolerance or out[k] is not None:
            return None
        out[k] = t
    return out


def _inline_slots(doc: Document, seg: Seg, vals: list[Tok], style: Style) -> list[int] | None:
    """Blanks before each value and after the last, from spacing on one line."""
    slots = [0] * (len(vals) + 1)
    first = vals[0]
    if seg.label is not None and seg.label.line == first.line:
        if style.lead is not None:
            slots[0] = _blanks_in_gap(first.start - _text_end(doc, seg.label), style.lead)
    elif style.indent is not None and not doc.lines[first.line].text[: first.start].strip():
        slots[0] = _blanks_in_gap(first.start - style.indent + (style.gap or 1), style.gap or 1)
    for k, (a, b) in enumerate(zip(vals, vals[1:], strict=False), 1):
        if doc.lines[a.line].text[a.end : b.start].strip():
            return None
        slots[k] = _blanks_in_gap(b.start - a.end, style.gap or 1)
    if _end_shows_blanks(doc, vals[-1], style):
        slots[-1] = _blanks_in_gap(len(doc.lines[vals[-1].line].text) - vals[-1].end, style.trail or 1)
    return slots


def _column_slots(doc: Document, seg: Seg, vals: list[Tok], style: Style) -> list[int] | None:
    """Blanks from empty lines where each value sits on its own line."""
    if style.empty_inner is None:
        return None
    slots = [0] * (len(vals) + 1)
    if seg.label is not None and style.empty_lead is not None:
        slots[0] = max(0, _empty_lines(doc, seg.label.line, vals[0].line) - style.empty_lead)
    for k, (a, b) in enumerate(zip(vals, vals[1:], strict=False), 1):
        slots[k] = max(0, _empty_lines(doc, a.line, b.line) - style.empty_inner)
    if style.empty_trail is not None:
        slots[-1] = max(0, _empty_lines(doc, vals[-1].line, seg.stop) - style.empty_trail)
    return slots


def _place_in_grid(doc: Document, seg: Seg, vals: list[Tok], style: Style) -> Placed | str:
    n = seg.expected
    line = vals[0].line if vals else (seg.label.line if seg.label else -1)
    cells = doc.lines[line].cells if line >= 0 else None
    if cells is None:
        return [None] * n
    by_cell = {t.cell: t for t in seg.toks if t.line == line and t.kind in (NUM, DASH)}
    label_cell = seg.label.cell if seg.label is not None and seg.label.line == line else -1
    # where the values start, by each anchor the table's complete rows agree on; a table
    # broken over pages can change its grid, so an anchor counts only where it fits
    starts = [label_cell + 1] if len(cells) - label_cell - 1 == n else []
    if style.first_cell is not None:
        starts.append(style.first_cell)
    if label_cell in style.after_label:
        starts.append(label_cell + style.after_label[label_cell])
    if n in style.from_end:
        starts.append(len(cells) - style.from_end[n] - n)
    fits = {lo for lo in starts if lo > label_cell and lo + n <= len(cells) and all(lo <= c < lo + n for c in by_cell)}
    if len(fits) != 1:
        return f"该行只有{len(vals)}个数字（应有{n}个），无法确定空白单元格的位置"
    lo = fits.pop()
    return [by_cell.get(c) for c in range(lo, lo + n)]


def _drop_page_numbers(doc: Document, seg: Seg, vals: list[Tok]) -> Placed | None:
    """A page number printed inside a table sits alone on its line; the row's own
    values share a line. Drop exactly the lone ones if that makes the count right."""
    per_line = Counter(t.line for t in vals)
    lone = [
        t
        for t in vals
        if per_line[t.line] == 1
        and t.kind == NUM
        and t.cell < 0
        and all(x.kind == NUM for x in seg.toks if x.line == t.line)
    ]
    kept = [t for t in vals if t not in lone]
    if len(kept) == seg.expected and len({t.line for t in kept}) < len(kept):
        return list(kept)
    return None
