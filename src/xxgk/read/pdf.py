"""PDF with a text layer: characters with positions and ruling lines, through PDFium.

Pages without the tables' words are read as PDFium's text lines. On a table page the
tables are found from their rules (grid.py): every path that is a line, a thin
rectangle or a cell's rectangle gives ruling segments; segments that touch form a table. Each cell's text is what PDFium finds in its box (a character belongs to
the box its centre is in) — so a label wrapped inside its cell, a number centred in a
tall row or a header printed one character per line read as the cell they belong to.
Text between tables is read band by band, in order. A table that runs on to the next
page is simply read on. A table page without rules is read as lines whose characters
keep their x position, so that values fall into the columns the layout shows.
"""

from __future__ import annotations

import ctypes
import hashlib
import re
from dataclasses import dataclass

from ..errors import ReadError
from ..schema import squash
from . import pdfium
from .document import Document, Line, number_tables
from .grid import merge, ruled_lines, tables
from .limits import MAX_PAGES


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


# ------------------------------------------------------------------ reading the page
def _chars(page: pdfium.Page, text: str) -> list[Char]:
    """Characters with their loose boxes: the advance, not the ink, so that a thin "1"
    or a "、" still fills its place and gaps and lines come out as printed."""
    raw, height = page.textpage, page.height
    box = pdfium.Rect()
    at = ctypes.addressof(box)
    out = []
    for k, ch in enumerate(text):
        if ch.isspace() or not pdfium.loose_box(raw, k, at):
            continue
        out.append(Char(ch, box.left, height - box.top, box.right, height - box.bottom))
    return out


def _segments(page: pdfium.Page) -> tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]:
    """Ruling segments: horizontal (y, x0, x1) and vertical (x, y0, y1), top-down y."""
    hs, vs = [], []
    height = page.height
    box = (ctypes.c_float * 4)()
    at = ctypes.addressof(box)
    for k in range(pdfium.count_objects(page.raw)):
        obj = pdfium.get_object(page.raw, k)
        if pdfium.object_type(obj) != pdfium.PATH or not pdfium.object_bounds(obj, at, at + 4, at + 8, at + 12):
            continue
        x0, bottom, x1, top = box
        y0, y1 = height - top, height - bottom
        w, h = x1 - x0, y1 - y0
        if h <= 3 and w > 3:
            hs.append(((y0 + y1) / 2, x0, x1))
        elif w <= 3 and h > 3:
            vs.append(((x0 + x1) / 2, y0, y1))
        elif w > 3 and h > 3 and pdfium.count_segments(obj) <= 6:  # a cell drawn as a rectangle
            hs += [(y0, x0, x1), (y1, x0, x1)]
            vs += [(x0, y0, y1), (x1, y0, y1)]
    return merge(hs), merge(vs)


class _Boxes:
    """PDFium's text in a box, read into one reusable buffer."""

    SIZE = 1 << 16  # characters: more than a page holds

    def __init__(self, page: pdfium.Page):
        self.raw, self.height = page.textpage, page.height
        self.buf = ctypes.create_string_buffer(2 * self.SIZE)
        self.at, self.view = ctypes.addressof(self.buf), memoryview(self.buf).cast("B")

    def text(self, x0: float, y0: float, x1: float, y1: float) -> str:
        """Text in the box (top-down y)."""
        n = pdfium.bounded_text(self.raw, x0, self.height - y0, x1, self.height - y1, self.at, self.SIZE)
        return str(self.view[: 2 * n], "utf-16-le", "replace").rstrip("\x00") if n > 0 else ""


# ------------------------------------------------------------------ text
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


def read_pdf(data: bytes, name: str, max_pages: int = MAX_PAGES, ocr: bool = True, progress=None) -> Document:
    """A PDF's lines. A page with no text but an image is a scan: read by OCR (ocr.py)
    unless `ocr` is off; `progress(done, of)` hears of each scanned page read."""
    pdf = pdfium.Pdf(data, name)
    opened: list[pdfium.Page] = []
    rendered = None  # scanned pages are rendered through pypdfium2
    try:
        if len(pdf) > max_pages:
            raise ReadError(f"{name}：PDF 共 {len(pdf)} 页，超过上限 {max_pages} 页，不像是一份年度报告")
        texts, scans, ruled = [], [], {}  # ruled: the table pages, kept open for their second look
        for i in range(len(pdf)):
            page = pdf.page(i)
            opened.append(page)
            texts.append(page.text())
            if not texts[i].strip() and _has_image(page):
                scans.append(i)
            elif _TABLE_WORDS.search(squash(texts[i])):
                ruled[i] = page
                continue
            page.close()
        if scans and not ocr and len(scans) == len(pdf):
            raise ReadError(f"{name}：扫描件，无文字层（PDF 中只有图像；已关闭文字识别，去掉 --no-ocr 即可识别）")
        lines: list[Line] = []
        for i, text in enumerate(texts):
            if i in scans and ocr:
                import pypdfium2

                from .ocr import read_scanned_page

                rendered = rendered or pypdfium2.PdfDocument(data)
                lines += read_scanned_page(rendered[i], i + 1, len(lines) + 1)
                if progress is not None:
                    progress(scans.index(i) + 1, len(scans))
            elif i not in ruled:  # prose: PDFium's own lines will do
                lines += [
                    Line(len(lines) + k + 1, s, page=i + 1)
                    for k, s in enumerate(text.replace("\r\n", "\n").split("\n"))
                ]
            else:  # a table page: its rules, and its text box by box
                page = ruled[i]
                found = tables(*_segments(page))
                if found:
                    lines += ruled_lines(_Boxes(page), page.height, page.width, found, i + 1, len(lines) + 1)
                else:
                    lines += _page_lines(_chars(page, text), i + 1, len(lines) + 1)
    finally:
        for page in opened:
            page.close()
        pdf.close()
        if rendered is not None:
            rendered.close()
    if not any(ln.text.strip() for ln in lines):
        raise ReadError(f"{name}：PDF 中没有可读的文字（既无文字层，文字识别也未读出文字）")
    scanned = tuple(i + 1 for i in scans) if ocr else ()
    number_tables(lines)  # a grid row is then read under its header's columns (extract/grid.py)
    return Document(lines, source=name, encoding="pdf", sha256=hashlib.sha256(data).hexdigest(), scanned=scanned)


def _has_image(page: pdfium.Page) -> bool:
    return any(pdfium.object_type(obj) == pdfium.IMAGE for obj in page.objects(depth=2))
