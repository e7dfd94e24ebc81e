"""DOCX: paragraphs and tables in document order; a merged cell's text appears once.

Minimal for now (what xxgk itself writes and simple documents); nested tables and the
quirks of real files come with the readers of every real form.
"""

from __future__ import annotations

import hashlib
import io

import docx

from ..errors import ReadError
from ..schema import normalize
from .document import Document, Line, drop_sliver_columns
from .limits import check_zip

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _text(el) -> str:
    """A cell's or paragraph's text, paragraphs and breaks as new lines."""
    parts = []
    for node in el.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}p"):
        tag = node.tag[len(W) :]
        if tag == "t":
            parts.append(node.text or "")
        elif tag == "tab":
            parts.append(" ")
        elif parts:
            parts.append("\n")
    return "".join(parts).strip()


def _rows(tbl) -> list[list[str]]:
    """A table as rows of grid cells: a cell spanning columns (gridSpan) gives its text
    once; a cell continuing a vertical merge (vMerge) prints nothing; grid columns
    narrower than half a millimetre (conversion artefacts) are dropped."""
    rows: list[list[tuple[str, int]]] = []
    cid = 0
    for tr in tbl.iterchildren(f"{W}tr"):
        cells: list[tuple[str, int]] = []
        for tc in tr.iterchildren(f"{W}tc"):
            pr = tc.find(f"{W}tcPr")
            span = pr.find(f"{W}gridSpan") if pr is not None else None
            merge = pr.find(f"{W}vMerge") if pr is not None else None
            text = "" if merge is not None and merge.get(f"{W}val") != "restart" else _text(tc)
            cid += 1
            cells += [(text, cid)] * (int(span.get(f"{W}val")) if span is not None else 1)
        rows.append(cells)
    grid = tbl.find(f"{W}tblGrid")
    widths = [int(float(g.get(f"{W}w") or 0)) for g in grid.iterchildren(f"{W}gridCol")] if grid is not None else []
    width = max((len(r) for r in rows), default=0)
    keep = [c >= len(widths) or widths[c] >= 30 for c in range(width)] if widths else None
    return drop_sliver_columns(rows, keep)


def docx_lines(d) -> list[Line]:
    out: list[Line] = []
    table = 0

    def blocks(parent) -> None:
        nonlocal table
        for el in parent.iterchildren():
            tag = el.tag[len(W) :] if el.tag.startswith(W) else ""
            if tag == "p":
                for s in _text(el).split("\n") or [""]:
                    out.append(Line(len(out) + 1, s))
            elif tag == "tbl" and el.find(f".//{W}tc/{W}tbl") is not None:
                for tc in el.iter(f"{W}tc"):  # a table holding tables is layout: read through it
                    if tc.getparent().getparent() is el:
                        blocks(tc)
            elif tag == "tbl":
                table += 1
                for r, row in enumerate(_rows(el), 1):
                    cells = tuple(normalize(c).strip() for c in row)
                    out.append(Line(len(out) + 1, "\t".join(row), "\t".join(cells), cells, table=table, row=r))
            elif tag == "sdt":  # content controls wrap paragraphs and tables
                content = el.find(f"{W}sdtContent")
                if content is not None:
                    blocks(content)

    blocks(d.element.body)
    return out


def read_docx(data: bytes, name: str) -> Document:
    check_zip(data, name)
    try:
        d = docx.Document(io.BytesIO(data))
        lines = docx_lines(d)
    except Exception as e:  # noqa: BLE001 - untrusted bytes: python-docx fails in many ways on a broken package
        raise ReadError(f"{name}：Word 文件已损坏或不是 DOCX（{type(e).__name__}）") from None
    return Document(lines, source=name, encoding="docx", sha256=hashlib.sha256(data).hexdigest())
