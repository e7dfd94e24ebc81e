"""HTML: text in document order, tables as rows of cells with rowspan/colspan expanded.

Minimal for now (what xxgk itself writes and simple pages); finding the article inside a
full CMS page and charset from <meta> come with the readers of every real form.
"""

from __future__ import annotations

import hashlib

import lxml.html

from ..schema import normalize
from .document import Document, Line, ReadError, number_tables
from .text import decode

_SKIP = {"script", "style", "head", "noscript", "template", "svg"}
_BLOCK = {"p", "div", "section", "article", "main", "header", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "li",
          "ul", "ol", "caption", "blockquote", "pre", "dt", "dd", "tr", "table", "body", "nav", "aside", "figure"}


def _grid(table) -> list[list[str]]:
    """Rows of a table with merged cells expanded: the text stays in the top-left cell."""
    grid: dict[tuple[int, int], str] = {}
    rows = [tr for tr in table.iter("tr") if tr.getparent() is not None and _owner(tr) is table]
    for r, tr in enumerate(rows):
        c = 0
        for cell in tr:
            if cell.tag not in ("td", "th"):
                continue
            while (r, c) in grid:
                c += 1
            text = " ".join("".join(cell.itertext()).split())
            rs, cs = (max(1, int(cell.get(a, "1") or 1)) for a in ("rowspan", "colspan"))
            for dr in range(rs):
                for dc in range(cs):
                    grid[(r + dr, c + dc)] = text if dr == dc == 0 else ""
            c += cs
    width = max((c for _, c in grid), default=-1) + 1
    return [[grid.get((r, c), "") for c in range(width)] for r in range(len(rows))]


def _owner(tr):
    el = tr.getparent()
    while el is not None and el.tag != "table":
        el = el.getparent()
    return el


def html_lines(html: str) -> list[Line]:
    root = lxml.html.fromstring(html)
    body = root.find("body") if root.find("body") is not None else root
    out: list[Line] = []
    buf: list[str] = []

    def flush() -> None:
        text = "".join(buf)
        buf.clear()
        for s in text.split("\n"):
            out.append(Line(len(out) + 1, s.strip()))

    def walk(el) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _SKIP:
            return
        if tag == "table":
            flush()
            for cells in _grid(el):
                norm = tuple(normalize(c).strip() for c in cells)
                out.append(Line(len(out) + 1, "\t".join(cells), "\t".join(norm), norm))
            return
        if tag == "br":
            buf.append("\n")
        if tag in _BLOCK:
            flush()
        if el.text and tag:
            buf.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                buf.append(child.tail)
        if tag in _BLOCK:
            flush()

    walk(body)
    flush()
    return number_tables([ln for ln in out if ln.raw or ln.cells])


def read_html(data: bytes, name: str) -> Document:
    text, encoding = decode(data, name)
    try:
        lines = html_lines(text)
    except (ValueError, lxml.etree.ParserError) as e:
        raise ReadError(f"{name}：网页无法解析（{e}）") from None
    for i, ln in enumerate(lines):
        ln.no = i + 1
    return Document(lines, source=name, encoding=encoding, sha256=hashlib.sha256(data).hexdigest())

