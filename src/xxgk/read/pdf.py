"""PDF with a text layer: characters with positions and ruling lines, through PDFium.

Pages without the tables' words are read as PDFium's text lines. On a table page the
tables are found from their rules: every path that is a line, a thin rectangle or a
cell's rectangle gives ruling segments; segments that touch form a table; the rules'
positions give a grid, and a missing rule between two grid cells means they are one
merged cell. Each cell's text is what PDFium finds in its box (a character belongs to
the box its centre is in) — so a label wrapped inside its cell, a number centred in a
tall row or a header printed one character per line read as the cell they belong to.
Text between tables is read band by band, in order. A table that runs on to the next
page is simply read on. A table page without rules is read as lines whose characters
keep their x position, so that values fall into the columns the layout shows.
"""

from __future__ import annotations

import bisect
import ctypes
import hashlib
import re
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pc
from pypdfium2_raw.bindings import _libs

from ..errors import ReadError
from ..schema import normalize, squash
from .document import Document, Line

MAX_PAGES = 2000
TOL = 2.0  # points: rules closer than this are one rule


@dataclass(slots=True)
class Char:
    ch: str
    x0: float  # the loose box (the glyph's advance), y measured down from the top
    y0: float
    x1: float
    y1: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass(slots=True)
class Table:
    xs: list[float]
    ys: list[float]
    root: dict[tuple[int, int], tuple[int, int]]  # grid cell → top-left cell of its merged cell


# ------------------------------------------------------------------ reading the page
def _fn(name: str, restype, *argtypes):
    """A PDFium function taking and returning plain addresses and numbers: the wrapper's
    own bindings build a pointer object on every call, which costs more than the call
    itself over the hundreds of objects and cells of a table page."""
    f = _libs["pdfium"][name]
    f.restype, f.argtypes = restype, argtypes
    return f


_P, _I, _D = ctypes.c_void_p, ctypes.c_int, ctypes.c_double
_get_object = _fn("FPDFPage_GetObject", _P, _P, _I)
_object_type = _fn("FPDFPageObj_GetType", _I, _P)
_object_bounds = _fn("FPDFPageObj_GetBounds", _I, _P, _P, _P, _P, _P)
_count_segments = _fn("FPDFPath_CountSegments", _I, _P)
_loose_box = _fn("FPDFText_GetLooseCharBox", _I, _P, _I, _P)
_bounded_text = _fn("FPDFText_GetBoundedText", _I, _P, _D, _D, _D, _D, _P, _I)


def _address(handle) -> int:
    return ctypes.cast(handle, _P).value or 0


def _chars(textpage, text: str, height: float) -> list[Char]:
    """Characters with their loose boxes: the advance, not the ink, so that a thin "1"
    or a "、" still fills its place and gaps and lines come out as printed."""
    raw = _address(textpage.raw)
    box = pc.FS_RECTF()
    at = ctypes.addressof(box)
    out = []
    for k, ch in enumerate(text):
        if ch.isspace() or not _loose_box(raw, k, at):
            continue
        out.append(Char(ch, box.left, height - box.top, box.right, height - box.bottom))
    return out


def _segments(page, height: float) -> tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]:
    """Ruling segments: horizontal (y, x0, x1) and vertical (x, y0, y1), top-down y."""
    hs, vs = [], []
    raw = _address(page.raw)
    box = (ctypes.c_float * 4)()
    at = ctypes.addressof(box)
    path = pc.FPDF_PAGEOBJ_PATH
    for k in range(pc.FPDFPage_CountObjects(page.raw)):
        obj = _get_object(raw, k)
        if _object_type(obj) != path or not _object_bounds(obj, at, at + 4, at + 8, at + 12):
            continue
        x0, bottom, x1, top = box
        y0, y1 = height - top, height - bottom
        w, h = x1 - x0, y1 - y0
        if h <= 3 and w > 3:
            hs.append(((y0 + y1) / 2, x0, x1))
        elif w <= 3 and h > 3:
            vs.append(((x0 + x1) / 2, y0, y1))
        elif w > 3 and h > 3 and _count_segments(obj) <= 6:  # a cell drawn as a rectangle
            hs += [(y0, x0, x1), (y1, x0, x1)]
            vs += [(x0, y0, y1), (x1, y0, y1)]
    return _merge(hs), _merge(vs)


class _Boxes:
    """PDFium's text in a box, read into one reusable buffer."""

    SIZE = 1 << 16  # characters: more than a page holds

    def __init__(self, textpage, height: float):
        self.raw, self.height = _address(textpage.raw), height
        self.buf = ctypes.create_string_buffer(2 * self.SIZE)
        self.at = ctypes.addressof(self.buf)

    def text(self, x0: float, y0: float, x1: float, y1: float) -> str:
        """Text in the box (top-down y)."""
        n = _bounded_text(self.raw, x0, self.height - y0, x1, self.height - y1, self.at, self.SIZE)
        return ctypes.string_at(self.at, 2 * n).decode("utf-16-le", errors="replace").rstrip("\x00") if n > 0 else ""


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
    return [(s[0], s[1], s[2]) for s in out]


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


def _by_rule(segs, rules: list[float]) -> list[list[tuple[float, float]]]:
    """The spans of the segments on each rule position."""
    out: list[list[tuple[float, float]]] = [[] for _ in rules]
    for pos, a, b in segs:
        k = bisect.bisect_left(rules, pos)
        k = min((i for i in (k - 1, k) if 0 <= i < len(rules)), key=lambda i: abs(rules[i] - pos))
        if abs(rules[k] - pos) <= TOL:
            out[k].append((a, b))
    return out


def _covers(spans: list[tuple[float, float]], a: float, b: float) -> bool:
    """Some segment runs along most of [a, b]."""
    need = 0.6 * (b - a)
    return any((e if e < b else b) - (s if s > a else a) >= need for s, e in spans)


def _grid(hs, vs) -> Table | None:
    xs, ys = _clusters([s[0] for s in vs]), _clusters([s[0] for s in hs])
    on_x, on_y = _by_rule(vs, xs), _by_rule(hs, ys)
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
            if j + 1 < cols and not _covers(on_x[j + 1], ys[i], ys[i + 1]):
                union((i, j), (i, j + 1))
            if i + 1 < rows and not _covers(on_y[i + 1], xs[j], xs[j + 1]):
                union((i, j), (i + 1, j))
    return Table(xs, ys, {c: find(c) for c in parent})


# ------------------------------------------------------------------ text
def _cjk(ch: str) -> bool:
    return "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef"


def _lines(chars: list[Char]) -> list[list[Char]]:
    """Characters grouped into lines, left to right: a character joins the recent line
    it overlaps most, by at least half the smaller height, measured against the line's
    typical box (the median top and bottom of its characters: boxes differ in height —
    a "." is a third of a "本" — and a table's vertical side label puts a character of
    another row at the start of a line)."""
    out: list[tuple[list[Char], list[float], list[float]]] = []
    for c in sorted(chars, key=lambda c: (c.cy, c.x0)):
        best, share = None, 0.5
        for line in out[-3:]:
            tops, bottoms = line[1], line[2]
            top, bottom = sorted(tops)[len(tops) // 2], sorted(bottoms)[len(bottoms) // 2]
            overlap = (min(c.y1, bottom) - max(c.y0, top)) / max(min(c.y1 - c.y0, bottom - top), 0.1)
            if overlap >= share:
                best, share = line, overlap
        if best is None:
            out.append(([c], [c.y0], [c.y1]))
        else:
            best[0].append(c)
            best[1].append(c.y0)
            best[2].append(c.y1)
    return [sorted(line, key=lambda c: c.x0) for line, _, _ in out]


def _text(line: list[Char]) -> tuple[str, list[float]]:
    """A line's text and the x of each of its characters; a gap wider than a third of a
    character becomes spaces, one for each half character of gap."""
    out, xs = [line[0].ch], [line[0].cx]
    for a, b in zip(line, line[1:], strict=False):
        size = max(a.y1 - a.y0, 1.0)
        gap = b.x0 - a.x1
        if gap > size / 3:
            n = max(1, round(gap / (size / 2)))
            out.append(" " * n)
            xs += [a.x1 + gap * (k + 0.5) / n for k in range(n)]
        out.append(b.ch)
        xs.append(b.cx)
    return "".join(out), xs


def _joined(text: str) -> str:
    """PDFium's text of a box, its lines joined: no space between Chinese characters."""
    out = ""
    for part in text.replace("\r\n", "\n").split("\n"):
        part = " ".join(part.split())
        if not part:
            continue
        if out and not (_cjk(out[-1]) and _cjk(part[0])) and out[-1] not in "（(" and part[0] not in "）)":
            out += " "
        out += part
    return out


def _ruled_page(textpage, height: float, width: float, tables: list[Table], page: int, start: int) -> list[Line]:
    """A page with ruled tables: each cell's text, and the text between the tables, as
    PDFium gives what lies in a box (a character belongs to the box its centre is in)."""
    items: list[tuple[float, Line]] = []
    inside = _Boxes(textpage, height)
    for t in tables:
        span: dict = {}  # merged cell → its bottom-right grid cell
        for cell, root in t.root.items():
            span[root] = max(span.get(root, root), cell)
        for i in range(len(t.ys) - 1):
            cells, boxes = [], []
            for j in range(len(t.xs) - 1):
                root = t.root[(i, j)]
                (r0, c0), (r1, c1) = root, span[root]
                box = (t.xs[c0], t.ys[r0], t.xs[c1 + 1], t.ys[r1 + 1])
                boxes.append(box)
                text = _joined(inside.text(*box)) if root == (i, j) else ""
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


def _page_lines(chars: list[Char], page: int, start: int) -> list[Line]:
    """A page with table words but no rules: lines of characters, gaps kept as spaces and
    each character's x kept, so that values fall into the columns the table shows."""
    out: list = []
    for line in _lines(chars):
        box = (min(c.x0 for c in line), min(c.y0 for c in line), max(c.x1 for c in line), max(c.y1 for c in line))
        text, xs = _text(line)
        ln = Line(start + len(out), text, page=page, boxes=(box,))
        ln.xs = tuple(xs) if len(ln.text) == len(text) else None  # NFKC kept the length: positions hold
        out.append(ln)
    return out


# Words that only the pages holding the report's tables print.
_TABLE_WORDS = re.compile(r"信息内容|申请人情况|本年新收|行政复议|第二十条|结果维持|处理决定|勾稽关系")


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
        printed = False
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            printed = printed or not text.isspace() and text != ""
            if not _TABLE_WORDS.search(squash(text)):  # prose: PDFium's own lines will do
                for s in text.replace("\r\n", "\n").split("\n"):
                    lines.append(Line(len(lines) + 1, s, page=i + 1))
                continue
            height = page.get_height()
            tables = _tables(*_segments(page, height))
            if tables:
                lines += _ruled_page(textpage, height, page.get_width(), tables, i + 1, len(lines) + 1)
            else:
                lines += _page_lines(_chars(textpage, text, height), i + 1, len(lines) + 1)
    finally:
        pdf.close()
    if not printed:
        raise ReadError(f"{name}：扫描件，无文字层（PDF 中只有图像，需先做文字识别）")
    return Document(lines, source=name, encoding="pdf", sha256=hashlib.sha256(data).hexdigest())
