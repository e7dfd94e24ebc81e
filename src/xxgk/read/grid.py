"""Tables from ruling lines, and a ruled page as lines: shared by the PDF reader (rules
from path objects, text from the text layer) and the OCR reader (rules from the page
image, text recognised).

The rules' positions give a grid, and a missing rule between two grid cells means they
are one merged cell. A page's lines are each table row's cells (the text found in each
cell's box) and the text between the tables, band by band, in order.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Protocol

from ..schema import normalize
from .document import Line

TOL = 2.0  # points: rules closer than this are one rule
Segment = tuple[float, float, float]  # (position, start, end): y, x0, x1 or x, y0, y1; points, y down


class TextIn(Protocol):
    def text(self, x0: float, y0: float, x1: float, y1: float) -> str:
        """The text inside a box (top-down y), its lines separated by newlines."""
        ...


@dataclass(slots=True)
class Table:
    xs: list[float]
    ys: list[float]
    root: dict[tuple[int, int], tuple[int, int]]  # grid cell → top-left cell of its merged cell

    def boxes(self) -> dict[tuple[int, int], tuple[float, float, float, float]]:
        """The box of every cell, a merged cell once, by its top-left grid cell."""
        span: dict[tuple[int, int], tuple[int, int]] = {}  # merged cell → its bottom-right grid cell
        for cell, root in self.root.items():
            span[root] = max(span.get(root, root), cell)
        return {
            (r0, c0): (self.xs[c0], self.ys[r0], self.xs[c1 + 1], self.ys[r1 + 1])
            for (r0, c0), (r1, c1) in span.items()
        }


def merge(segs: list[Segment]) -> list[Segment]:
    """Collinear segments that touch or overlap become one."""
    out: list[list[float]] = []
    for pos, a, b in sorted(segs):
        for s in reversed(out[-8:]):
            if abs(s[0] - pos) <= TOL / 2 and a <= s[2] + TOL and b >= s[1] - TOL:
                s[1], s[2] = min(s[1], a), max(s[2], b)
                break
        else:
            out.append([pos, a, b])
    return [(s[0], s[1], s[2]) for s in out]


def _clusters(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > TOL:
            out.append(v)
    return out


def tables(hs: list[Segment], vs: list[Segment]) -> list[Table]:
    """Groups of rules that touch each other, each made into a grid."""
    parent = list(range(len(hs) + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # each horizontal rule against the vertical ones within its reach (sorted by x)
    order = sorted(range(len(vs)), key=lambda j: vs[j][0])
    xs = [vs[j][0] for j in order]
    for i, (y, hx0, hx1) in enumerate(hs):
        for j in order[bisect.bisect_left(xs, hx0 - TOL) : bisect.bisect_right(xs, hx1 + TOL)]:
            _, vy0, vy1 = vs[j]
            if vy0 - TOL <= y <= vy1 + TOL:
                parent[find(i)] = find(len(hs) + j)
    groups: dict[int, tuple[list, list]] = {}
    for i, s in enumerate(hs):
        groups.setdefault(find(i), ([], []))[0].append(s)
    for j, s in enumerate(vs):
        groups.setdefault(find(len(hs) + j), ([], []))[1].append(s)
    out = []
    for h, v in groups.values():
        if len(h) >= 2 and len(v) >= 2:
            t = _grid(h, v)
            if t is not None:
                out.append(t)
    return out


def _by_rule(segs, rules: list[float]) -> list[list[tuple[float, float]]]:
    """The spans of the segments on each rule position."""
    out: list[list[tuple[float, float]]] = [[] for _ in rules]
    for pos, a, b in segs:
        k = bisect.bisect_left(rules, pos)  # the nearer of the rules either side, the lower on a tie
        if k == len(rules) or k and pos - rules[k - 1] <= rules[k] - pos:
            k -= 1
        if abs(rules[k] - pos) <= TOL:
            out[k].append((a, b))
    return out


def _covers(spans: list[tuple[float, float]], a: float, b: float) -> bool:
    """Some segment runs along most of [a, b]."""
    need = 0.6 * (b - a)
    for s, e in spans:  # noqa: SIM110 - a loop, not any(): asked of every side of every grid cell
        if (e if e < b else b) - (s if s > a else a) >= need:
            return True
    return False


def _grid(hs, vs) -> Table | None:
    xs, ys = _clusters([s[0] for s in vs]), _clusters([s[0] for s in hs])
    # a table cut by the page's edge (or a scan's): its columns' rules run past the
    # last row's rule, and where they end closes the last row
    top, bottom = min(s[1] for s in vs), max(s[2] for s in vs)
    if ys and bottom > ys[-1] + 4 * TOL:
        ys.append(bottom)
    if ys and top < ys[0] - 4 * TOL:
        ys.insert(0, top)
    on_x, on_y = _by_rule(vs, xs), _by_rule(hs, ys)
    if len(xs) < 2 or len(ys) < 2:
        return None
    rows, cols = len(ys) - 1, len(xs) - 1
    parent = list(range(rows * cols))  # grid cell i * cols + j

    def find(c: int) -> int:
        while parent[c] != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)  # the top-left cell stays the root

    # a missing rule between two grid cells makes them one (the root of a merged cell is
    # its top-left cell whatever the order of the unions)
    for i in range(rows):
        for j in range(cols - 1):
            if not _covers(on_x[j + 1], ys[i], ys[i + 1]):
                union(i * cols + j, i * cols + j + 1)
    for i in range(rows - 1):
        for j in range(cols):
            if not _covers(on_y[i + 1], xs[j], xs[j + 1]):
                union(i * cols + j, (i + 1) * cols + j)
    return Table(xs, ys, {divmod(c, cols): divmod(find(c), cols) for c in range(rows * cols)})


def cjk(ch: str) -> bool:
    return "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef"


def joined(text: str) -> str:
    """PDFium's text of a box, its lines joined: no space between Chinese characters."""
    if "\n" not in text:  # one line, as most cells hold
        return " ".join(text.split())
    out = ""
    for part in text.replace("\r\n", "\n").split("\n"):
        part = " ".join(part.split())
        if not part:
            continue
        if out and not (cjk(out[-1]) and cjk(part[0])) and out[-1] not in "（(" and part[0] not in "）)":
            out += " "
        out += part
    return out


def ruled_lines(inside: TextIn, height: float, width: float, tables: list[Table], page: int, start: int) -> list[Line]:
    """A page with ruled tables: each cell's text, and the text between the tables, as
    PDFium gives what lies in a box (a character belongs to the box its centre is in)."""
    items: list[tuple[float, Line]] = []
    for t in tables:
        merged = t.boxes()
        for i in range(len(t.ys) - 1):
            cells, boxes = [], []
            for j in range(len(t.xs) - 1):
                root = t.root[(i, j)]
                box = merged[root]
                boxes.append(box)
                text = joined(inside.text(*box)) if root == (i, j) else ""
                cells.append(text)
            if not any(cells):
                continue
            if (
                sum(1 for c in cells if c) == 1
                and cells[0]
                and all(t.root[(i, j)] == (i, 0) for j in range(len(t.xs) - 1))
            ):
                items.append((t.ys[i], Line(0, cells[0], page=page, boxes=(boxes[0],))))  # a one-cell row: text
                continue
            norm = tuple(normalize(c) for c in cells)
            items.append((t.ys[i], Line(0, "\t".join(cells), "\t".join(norm), norm, page=page, boxes=tuple(boxes))))
    edges = sorted((t.ys[0], t.ys[-1]) for t in tables)
    top = 0.0
    for y0, y1 in edges + [(height, height)]:  # the bands of text above, between and below the tables
        if y0 - top > 1:
            text = inside.text(0, top + 0.5, width, y0 - 0.5)
            for k, s in enumerate(text.replace("\r\n", "\n").split("\n")):
                items.append((top + 0.01 * (k + 1), Line(0, s, page=page, boxes=((0, top, width, y0),))))
        top = max(top, y1)
    items.sort(key=lambda x: x[0])
    lines = [ln for _, ln in items]
    for k, ln in enumerate(lines):
        ln.no = start + k
    return lines
