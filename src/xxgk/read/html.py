"""HTML as CMS sites publish reports: text in document order, tables as grids.

- Encoding: the BOM, else the page's own <meta charset> / http-equiv declaration (GBK
  and GB2312 are read as GB18030, their superset), else detection.
- The article: navigation, share buttons, footers and sidebars are dropped; when the
  page holds the report's tables, only the smallest part of the page that contains
  them and the report's title and headings is read.
- Tables: rowspan/colspan expanded (the text stays in the top-left cell), text of
  <p>/<span>/<br> inside a cell joined; a table that holds other tables is layout, and
  is read through to the tables inside it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from datetime import date
from typing import Any, cast

from lxml import etree

from ..errors import ReadError
from ..schema import normalize
from .document import Document, Line, drop_sliver_columns, number_tables
from .text import decode

_SKIP = {"script", "style", "head", "noscript", "template", "svg", "form", "button", "select", "iframe", "nav"}
_BLOCK = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "caption",
    "blockquote",
    "pre",
    "dt",
    "dd",
    "tr",
    "table",
    "body",
    "aside",
    "figure",
    "center",
}
_BOILERPLATE = re.compile(
    r"nav|menu|footer|foot|header|share|breadcrumb|crumb|sidebar|side-bar|copyright|toolbar|"
    r"related|comment|login|search|topbar|bottom|weixin|wechat|qrcode|print-bar",
    re.I,
)
_REPORT = re.compile(r"本年新收|行政复议|第二十条|年度报告|总体情况")
_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-]+)""", re.I)
_GB = {"gbk", "gb2312", "gb_2312", "gb-2312", "x-gbk", "gb18030", "cp936", "euc-cn"}


def decode_html(data: bytes, name: str) -> tuple[str, str]:
    """The page's text: its declared charset when it has one that decodes, else detection."""
    if not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        m = _META.search(data[:4096])
        if m:
            declared = m.group(1).decode("ascii").lower()
            encoding = "gb18030" if declared in _GB else declared
            try:
                return data.decode(encoding), encoding
            except (LookupError, UnicodeDecodeError):
                pass  # a wrong declaration is common: fall back to detection
    return decode(data, name)


def _text(el) -> str:
    """All the text inside an element (not its tail), concatenated in C."""
    return etree.tostring(el, method="text", encoding=str, with_tail=False)


def _grid(table) -> list[list[str]]:
    """Rows of a table that holds no other table, merged cells expanded: the text stays
    in the top-left cell."""
    rows = list(table.iter("tr"))
    grid: list[list] = [[] for _ in rows]  # (text, (cell id, row within it)), None where nothing lands yet
    cid = 0
    for r, tr in enumerate(rows):
        row, c = grid[r], 0
        for cell in tr.iterchildren("td", "th"):
            while c < len(row) and row[c] is not None:
                c += 1
            text = " ".join((_text(cell) if len(cell) else cell.text or "").split())
            cid += 1
            rs, cs = cell.get("rowspan"), cell.get("colspan")
            if rs is None and cs is None:  # most cells: one grid place
                if c == len(row):
                    row.append((text, (cid, 0)))
                else:
                    row[c] = (text, (cid, 0))
                c += 1
                continue
            rs, cs = (1 if rs is None else _span(rs)), (1 if cs is None else _span(cs))
            for dr in range(min(rs, len(rows) - r)):
                below = grid[r + dr]
                if len(below) < c + cs:
                    below.extend([None] * (c + cs - len(below)))
                below[c : c + cs] = [(text if dr == 0 else "", (cid, dr))] * cs  # a row of its own below
            c += cs
    width = max(map(len, grid), default=0)
    empty = ("", None)
    return drop_sliver_columns(
        [[empty if x is None else x for x in row] + [empty] * (width - len(row)) for row in grid]
    )


def _span(value: str) -> int:
    try:
        return min(max(1, int(value or 1)), 100)
    except ValueError:
        return 1


_MARKS = cast(Callable[[Any], list[Any]], etree.XPath("descendant-or-self::*/@class|descendant-or-self::*/@id"))
_FURNITURE = (*_SKIP, "header", "footer", "aside")


def _strip_boilerplate(root) -> None:
    """Drop scripts and forms, and the page's furniture — unless it holds the report's tables."""
    candidates = list(root.iter(*_FURNITURE))
    # a page that marks none of its parts as furniture needs only its tags looked at; else
    # the elements whose class or id says so (found from the attributes, in C: looking at
    # every element from Python was most of the time spent on a page)
    marks = _MARKS(root)
    if _BOILERPLATE.search(" ".join(marks)) is not None:
        said: dict[str, bool] = {}
        for mark in marks:
            hit = said.get(mark)
            if hit is None:
                hit = said[mark] = _BOILERPLATE.search(mark) is not None
            if hit:
                candidates.append(mark.getparent())
    # ancestors first, as in document order: an element's tables are looked at before
    # anything inside it is dropped (the order of siblings changes nothing)
    candidates.sort(key=lambda el: sum(1 for _ in el.iterancestors()))
    seen: set = set()
    for el in candidates:
        if el in seen or el.getparent() is None:
            continue
        seen.add(el)
        tag = el.tag
        if tag not in _SKIP:
            if tag not in ("header", "footer", "aside") and not _BOILERPLATE.search(
                f"{el.get('class', '')} {el.get('id', '')}".strip()
            ):
                continue
            if any(_REPORT.search(_text(t)) for t in el.iter("table")):
                continue  # never drop the report's own tables
        _drop(el)


def _drop(el) -> None:
    """Remove an element, keeping the text that follows it."""
    parent = el.getparent()
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _article(body):
    """The smallest element holding the report's tables, title and headings."""
    anchors = [t for t in body.iter("table") if _REPORT.search(_text(t))]
    if not anchors:
        return body
    for el in body.iter("h1", "h2", "h3", "p", "div", "strong", "span", "td"):
        text = (el.text or "").strip()
        if text and ("年度报告" in text or "总体情况" in text) and len(text) < 60:
            anchors.append(el)
    common = set(anchors[0].iterancestors()) | {anchors[0]}
    for a in anchors[1:]:
        common &= set(a.iterancestors()) | {a}
    return max(common, key=lambda e: len(list(e.iterancestors()))) if common else body


_PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True)
# The page's text handed over as UTF-8: lxml parses bytes a third faster than a str, and
# with the encoding given it leaves the page's own (already applied) declaration alone.
_UTF8_PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True, encoding="utf-8")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


_DATE_META = {
    "pubdate",
    "publishdate",
    "firstpublishedtime",
    "publishtime",
    "publishedtime",
    "publish_date",
    "article:published_time",
    "dc.date",
    "dcterms.issued",
}
_DATE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_DATE_TEXT = re.compile(
    r"(?:发布|发表|公开)(?:时间|日期)\s*[:：]?\s*((?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2})"
)
_META_TAGS = cast(Callable[[Any], list[Any]], etree.XPath("//meta[@content]"))


def _iso(text: str) -> str | None:
    m = _DATE.search(text)
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    except ValueError:
        return None


def posted_on(root) -> str | None:
    """The date the page says it was published: the PubDate meta every government site
    carries (政府网站网页设计规范), else a “发布时间：” in the page's own text."""
    for meta in _META_TAGS(root):
        name = (meta.get("name") or meta.get("property") or "").strip().lower()
        if name in _DATE_META and (day := _iso(meta.get("content", ""))):
            return day
    m = _DATE_TEXT.search(_text(root))
    return _iso(m.group(1)) if m else None


def html_lines(html: str) -> tuple[list[Line], str | None]:
    """The page's lines, and the date it was published where it says."""
    # Plain elements, not lxml.html's: its class lookup runs Python for every element
    # touched, which was most of the time spent on a page.
    html = _XML_DECLARATION.sub("", html, count=1) or "<html/>"
    try:
        root = etree.fromstring(html.encode(), _UTF8_PARSER)
    except UnicodeEncodeError:  # a lone surrogate: the text as it is
        root = etree.fromstring(html, _PARSER)
    if root is None:
        return [], None
    posted = posted_on(root)  # before the furniture holding it is dropped
    body = root.find("body") if root.find("body") is not None else root
    _strip_boilerplate(body)
    body = _article(body)
    out: list[Line] = []
    buf: list[str] = []

    def flush() -> None:
        if not buf:
            return
        text = "".join(buf)
        buf.clear()
        for s in text.split("\n"):
            if s := s.strip():
                out.append(Line(len(out) + 1, s))

    def walk(el) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _SKIP:
            return
        if tag == "table" and not any(t is not el for t in el.iter("table")):
            flush()
            for cells in _grid(el):
                norm = tuple(normalize(c).strip() if c else c for c in cells)
                out.append(Line(len(out) + 1, "\t".join(cells), "\t".join(norm), norm))
            return
        if tag == "br":
            buf.append("\n")
        if tag in _BLOCK or tag in ("td", "th"):  # a layout table is read cell by cell
            flush()
        if el.text and tag:
            buf.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                buf.append(child.tail)
        if tag in _BLOCK or tag in ("td", "th"):
            flush()

    walk(body)
    flush()
    return number_tables([ln for ln in out if ln.raw or ln.cells]), posted


def table_rows(fragment: str) -> list[list[str]]:
    """The rows of an HTML table embedded in other text (converters' Markdown writes merged
    tables so), merged cells expanded as on a page."""
    root = etree.fromstring(f"<html><body>{fragment}</body></html>", _PARSER)
    tables = [] if root is None else [t for t in root.iter("table") if not any(x is not t for x in t.iter("table"))]
    return [row for t in tables for row in _grid(t)]


def read_html(data: bytes, name: str) -> Document:
    text, encoding = decode_html(data, name)
    try:
        lines, posted = html_lines(text)
    except (ValueError, etree.ParserError) as e:
        raise ReadError(f"{name}：网页无法解析（{e}）") from None
    for i, ln in enumerate(lines):
        ln.no = i + 1
    return Document(lines, source=name, encoding=encoding, sha256=hashlib.sha256(data).hexdigest(), posted=posted)
