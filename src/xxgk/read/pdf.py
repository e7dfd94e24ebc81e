"""PDF with a text layer: characters with positions and ruling lines, through PDFium.

Tables are found from their rules: every path on the page that is a line, a thin
rectangle or a cell's rectangle gives ruling segments; segments that touch form a
table; the rules' positions give a grid, and a missing rule between two grid cells
means they are one merged cell. Each character goes to the cell that holds it — so a
label wrapped inside its cell, a number centred in a tall row or a header printed one
character per line all read as the cell they belong to. Text outside tables becomes
lines, ordered by position. A table that runs on to the next page is simply read on.
"""

from __future__ import annotations

import bisect
import ctypes
import hashlib
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pc

from ..schema import normalize
from .document import Document, Line, ReadError

MAX_PAGES = 2000
TOL = 2.0  # points: rules closer than this are one rule


@dataclass(slots=True)
class Char:
    ch: str
    x0: float  # the loose box (the glyph's advance), top-down y: for gaps and lines
    y0: float
    x1: float
    y1: float
    cx: float  # the centre of the ink: which cell the character is in
    cy: float


@dataclass(slots=True)
class Table:
    xs: list[float]
    ys: list[float]
    root: dict[tuple[int, int], tuple[int, int]]  # grid cell → top-left cell of its merged cell
    chars: dict[tuple[int, int], list[Char]] = field(default_factory=dict)

    def holds(self, c: Char) -> bool:
        return self.xs[0] - 1 <= c.cx <= self.xs[-1] + 1 and self.ys[0] - 1 <= c.cy <= self.ys[-1] + 1


# ------------------------------------------------------------------ reading the page
def _chars(textpage, height: float) -> list[Char]:
    """Characters with their loose boxes (the advance, not the ink: a thin "1" or a "、"
    still fills its place, so gaps and lines come out as printed) and ink centres (the
    loose box of vertical text reaches into the next column)."""
    raw = textpage.raw
    n = pc.FPDFText_CountChars(raw)
    text = textpage.get_text_range(0, n) if n else ""
    box = pc.FS_RECTF()
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    out = []
    for k in range(min(n, len(text))):
        ch = text[k]
        if ch.isspace() or not pc.FPDFText_GetLooseCharBox(raw, k, box):
            continue
        pc.FPDFText_GetCharBox(raw, k, left, right, bottom, top)
        out.append(Char(ch, box.left, height - box.top, box.right, height - box.bottom,
                        (left.value + right.value) / 2, height - (bottom.value + top.value) / 2))
    return out


def _segments(page, height: float) -> tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]:
    """Ruling segments: horizontal (y, x0, x1) and vertical (x, y0, y1), top-down y."""
    hs, vs = [], []
    raw = page.raw
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    for k in range(pc.FPDFPage_CountObjects(raw)):
        obj = pc.FPDFPage_GetObject(raw, k)
        if pc.FPDFPageObj_GetType(obj) != pc.FPDF_PAGEOBJ_PATH:
            continue
        if not pc.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            continue
        x0, x1 = left.value, right.value
        y0, y1 = height - top.value, height - bottom.value
        w, h = x1 - x0, y1 - y0
        if h <= 3 and w > 3:
            hs.append(((y0 + y1) / 2, x0, x1))
        elif w <= 3 and h > 3:
            vs.append(((x0 + x1) / 2, y0, y1))
        elif w > 3 and h > 3 and pc.FPDFPath_CountSegments(obj) <= 6:  # a cell drawn as a rectangle
            hs += [(y0, x0, x1), (y1, x0, x1)]
            vs += [(x0, y0, y1), (x1, y0, y1)]
    return _merge(hs), _merge(vs)


def _merge(segs: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """Collinear segments that touch or overlap become one."""
    out: list[list[float]] = []
    for pos, a, b in sorted(segs):
        for s in reversed(out[-8:]):
            if abs(s[0] - pos) <= TOL / 2 and a <= s[2] + TOL and b >= s[1] - TOL:
                s[1], s[2] = min(s[1], a), max(s[2], b)
                break
        else:
            out.append([pos, a, b])
    return [tuple(s) for s in out]


def _clusters(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > TOL:
            out.append(v)
    return out


def _tables(hs, vs) -> list[Table]:
    """Groups of rules that touch each other, each made into a grid."""
    parent = list(range(len(hs) + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (y, hx0, hx1) in enumerate(hs):
        for j, (x, vy0, vy1) in enumerate(vs):
            if hx0 - TOL <= x <= hx1 + TOL and vy0 - TOL <= y <= vy1 + TOL:
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


def _covers(segs, pos: float, a: float, b: float) -> bool:
    """Some segment at `pos` runs along most of [a, b]."""
    return any(abs(s[0] - pos) <= TOL and min(s[2], b) - max(s[1], a) >= 0.6 * (b - a) for s in segs)


def _grid(hs, vs) -> Table | None:
    xs, ys = _clusters([s[0] for s in vs]), _clusters([s[0] for s in hs])
    if len(xs) < 2 or len(ys) < 2:
        return None
    rows, cols = len(ys) - 1, len(xs) - 1
    parent = {(i, j): (i, j) for i in range(rows) for j in range(cols)}

    def find(c):
        while parent[c] != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    def union(a, b):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)  # the top-left cell stays the root

    for i in range(rows):
        for j in range(cols):
            if j + 1 < cols and not _covers(vs, xs[j + 1], ys[i], ys[i + 1]):
                union((i, j), (i, j + 1))
            if i + 1 < rows and not _covers(hs, ys[i + 1], xs[j], xs[j + 1]):
                union((i, j), (i + 1, j))
    return Table(xs, ys, {c: find(c) for c in parent})


# ------------------------------------------------------------------ text
def _cjk(ch: str) -> bool:
    return "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef"


def _lines(chars: list[Char]) -> list[list[Char]]:
    """Characters grouped into lines: those whose centres sit within half a character's
    height of the line's, left to right."""
    out: list[list[Char]] = []
    for c in sorted(chars, key=lambda c: (c.cy, c.x0)):
        line = out[-1] if out else None
        if line is not None and abs(c.cy - line[0].cy) <= 0.5 * max(c.y1 - c.y0, line[0].y1 - line[0].y0):
            line.append(c)
        else:
            out.append([c])
    return [sorted(line, key=lambda c: c.x0) for line in out]


def _text(line: list[Char]) -> str:
    """A line's text; a gap wider than a third of a character becomes spaces, one for
    each half character of gap (columns stay apart, blank cells show as wider gaps)."""
    out = [line[0].ch]
    for a, b in zip(line, line[1:]):
        size = max(a.y1 - a.y0, 1.0)
        gap = b.x0 - a.x1
        if gap > size / 3:
            out.append(" " * max(1, round(gap / (size / 2))))
        out.append(b.ch)
    return "".join(out)


def _cell_text(chars: list[Char]) -> str:
    """A cell's text: its lines joined, without a space between Chinese characters."""
    out = ""
    for line in _lines(chars):
        text = " ".join(_text(line).split())
        if out and not (_cjk(out[-1]) and _cjk(text[0])) and not out[-1] in "（(" and text[0] not in "）)":
            out += " "
        out += text
    return out


def _page_lines(chars: list[Char], tables: list[Table], page: int, start: int) -> list[Line]:
    """The page's lines in reading order: text lines and table rows by their top."""
    items: list[tuple[float, Line]] = []
    free = []
    for c in chars:
        t = next((t for t in tables if t.holds(c)), None)
        if t is None:
            free.append(c)
            continue
        i = min(max(bisect.bisect_right(t.ys, c.cy) - 1, 0), len(t.ys) - 2)
        j = min(max(bisect.bisect_right(t.xs, c.cx) - 1, 0), len(t.xs) - 2)
        t.chars.setdefault(t.root[(i, j)], []).append(c)
    for line in _lines(free):
        box = (min(c.x0 for c in line), min(c.y0 for c in line), max(c.x1 for c in line), max(c.y1 for c in line))
        items.append((line[0].cy, Line(0, _text(line), page=page, boxes=(box,))))
    for t in tables:
        span = {}  # merged cell → its bottom-right grid cell
        for cell, root in t.root.items():
            span[root] = max(span.get(root, root), cell)
        for i in range(len(t.ys) - 1):
            cells, boxes = [], []
            for j in range(len(t.xs) - 1):
                root = t.root[(i, j)]
                cells.append(_cell_text(t.chars.get(root, [])) if root == (i, j) else "")
                (r0, c0), (r1, c1) = root, span[root]
                boxes.append((t.xs[c0], t.ys[r0], t.xs[c1 + 1], t.ys[r1 + 1]))
            if not any(cells):
                continue
            filled = [c for c in cells if c]
            if len(filled) == 1 and cells[0] and all(t.root[(i, j)] == (i, 0) for j in range(len(t.xs) - 1)):
                items.append((t.ys[i], Line(0, cells[0], page=page, boxes=(boxes[0],))))  # a one-cell row: text
                continue
            norm = tuple(normalize(c) for c in cells)
            items.append((t.ys[i], Line(0, "\t".join(cells), "\t".join(norm), norm, page=page,
                                        boxes=tuple(boxes))))
    items.sort(key=lambda x: x[0])
    lines = [ln for _, ln in items]
    for k, ln in enumerate(lines):
        ln.no = start + k
    return lines


def read_pdf(data: bytes, name: str, max_pages: int = MAX_PAGES) -> Document:
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        if "password" in str(e).lower():
            raise ReadError(f"{name}：PDF 已加密（需要密码），无法读取") from None
        raise ReadError(f"{name}：PDF 文件已损坏或不完整（{e}）") from None
    try:
        if len(pdf) > max_pages:
            raise ReadError(f"{name}：PDF 共 {len(pdf)} 页，超过上限 {max_pages} 页，不像是一份年度报告")
        lines: list[Line] = []
        text_chars = 0
        for i in range(len(pdf)):
            page = pdf[i]
            height = page.get_height()
            chars = _chars(page.get_textpage(), height)
            text_chars += len(chars)
            tables = _tables(*_segments(page, height)) if chars else []
            lines += _page_lines(chars, tables, i + 1, len(lines) + 1)
    finally:
        pdf.close()
    if text_chars == 0:
        raise ReadError(f"{name}：扫描件，无文字层（PDF 中只有图像，需先做文字识别）")
    return Document(lines, source=name, encoding="pdf", sha256=hashlib.sha256(data).hexdigest())
