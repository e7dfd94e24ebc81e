"""What every reader produces: the document as lines of text, some of them table rows.

A `Line` is either flow text (as printed, spacing kept: the extractor reads blank cells
from it) or a table row with explicit cells. Readers of any form (text, HTML, DOCX, PDF,
XLSX) produce this, with the location of each line and cell in the source.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from ..schema import normalize, squash


@dataclass(frozen=True, slots=True)
class Recognised:
    """How a scanned box was read by OCR."""

    score: float  # the least certain character's probability
    alternatives: tuple[str, ...] = ()  # a number's runner-up readings, most likely first


@dataclass(slots=True)
class Line:
    no: int  # 1-based line in the source (first line of a multi-line table row)
    raw: str  # as in the source
    text: str = None  # type: ignore[assignment]  # normalised (NFKC); from `raw` when not given (__post_init__)
    cells: tuple[str, ...] | None = None  # normalised cells when the line is a table row
    cell_lines: tuple[int, ...] | None = None  # source line of each cell
    page: int | None = None  # PDF: the page the line is on
    table: int | None = None  # table rows: which table of the document (from 1) …
    row: int | None = None  # … and which row of it (from 1)
    sheet: str | None = None  # XLSX: the worksheet (`row` is then the sheet's row number)
    boxes: tuple[tuple[float, float, float, float], ...] | None = None  # PDF: box of the line, or of each cell
    xs: tuple[float, ...] | None = None  # PDF text lines: x of each character of `text`, in points
    ocr: tuple[Recognised | None, ...] | None = None  # scans: how each box was recognised
    offset: int = 0  # a piece of a longer source line: where in that line it starts
    cut: bool = False  # a piece ending where a heading starts, not where the source line ends
    _key: str | None = None
    _columns: list[int] | None = None
    # the extractor's tokens of the line at an index, made once (extract/tokens.py)
    _toks: tuple[int, list] | None = None

    def __post_init__(self) -> None:
        if self.text is None:
            self.text = normalize(self.raw)

    def column(self, offset: int) -> int:
        """Display column of a character offset: Chinese characters take two columns."""
        if self._columns is None:
            cols, c = [0], 0
            for ch in self.text:
                c += 2 if ch >= "\u1100" and unicodedata.east_asian_width(ch) in "WF" else 1
                cols.append(c)
            self._columns = cols
        return self._columns[offset]

    @property
    def key(self) -> str:
        """The text without whitespace and quotes, for matching labels (computed once)."""
        if self._key is None:
            self._key = squash(self.text)
        return self._key


@dataclass(slots=True)
class Document:
    lines: list[Line]
    source: str = "-"
    encoding: str = "utf-8"
    sha256: str = ""
    posted: str | None = None  # web pages: the ISO date the page says it was published
    scanned: tuple[int, ...] = ()  # pages (from 1) read by OCR

    def where(self, line: int, cell: int = -1) -> dict:
        """Where a line (index into `lines`), or a cell of it, was read in the source."""
        ln = self.lines[line]
        if ln.page is not None:
            out: dict = {"page": ln.page}
            if ln.boxes:
                box = ln.boxes[cell] if 0 <= cell < len(ln.boxes) else ln.boxes[0]
                out["bbox"] = [round(v, 1) for v in box]
            seen = ln.ocr[cell if 0 <= cell < len(ln.ocr) else 0] if ln.ocr else None
            if seen is not None:
                out["ocr"] = round(seen.score, 3)
                if seen.alternatives:
                    out["alternatives"] = list(seen.alternatives)
            return out
        if ln.sheet is not None:
            return {"sheet": ln.sheet, "row": ln.row, "column": cell + 1}
        if ln.table is not None and cell >= 0:
            out = {"table": ln.table, "row": ln.row, "column": cell + 1}
            if ln.cell_lines:
                out["line"] = ln.cell_lines[cell]
            return out
        return {"line": ln.no, "offset": ln.offset} if ln.offset else {"line": ln.no}


def drop_sliver_columns(
    rows: Sequence[Sequence[tuple[str, object]]], keep: list[bool] | None = None
) -> list[list[str]]:
    """Rows of (text, cell id or None) per grid column → rows of text without sliver columns.

    Word and HTML tables often carry a sliver column that is no column of the printed
    table: one narrower than any text (`keep`, from the widths), or where no cell ever
    starts. A cell's text goes to the first column it still covers.
    """
    width = max(map(len, rows), default=0)
    if keep is None:
        starts = set()
        for r in rows:
            before = None
            for c, (_, cid) in enumerate(r):
                if cid is not None and cid != before:
                    starts.add(c)
                before = cid
        keep = [c in starts for c in range(width)]
    columns = [c for c in range(width) if keep[c]]
    pad: list[tuple[str, object]] = [("", None)]
    out = []
    for r in rows:
        if len(r) < width:
            r = [*r, *pad * (width - len(r))]
        row, before = [], None
        for c in columns:  # a cell covers adjacent columns: only the first of them keeps its text
            text, cid = r[c]
            row.append(text if cid is None or cid != before else "")
            before = cid
        out.append(row)
    return out


def number_tables(lines: list[Line]) -> list[Line]:
    """Give each run of table rows a table number and each row its place in it."""
    table = row = 0
    previous = None
    for ln in lines:
        if ln.cells is None:
            if ln.text.strip():
                previous = None
            continue
        if previous is None:
            table, row = table + 1, 0
        row += 1
        ln.table, ln.row = ln.table or table, ln.row or row
        previous = ln
    return lines


def describe(where: dict) -> str:
    """A location in words: 第3页（x 342–370，y 423–479）, 第2个表格第5行第4列, 第12行."""
    if "page" in where:
        box = where.get("bbox")
        return f"第{where['page']}页" + (f"（x {box[0]:g}–{box[2]:g}，y {box[1]:g}–{box[3]:g}）" if box else "")
    if "sheet" in where:
        from openpyxl.utils import get_column_letter

        return f"工作表“{where['sheet']}”{get_column_letter(where['column'])}{where['row']}"
    if "table" in where:
        return f"第{where['table']}个表格第{where['row']}行第{where['column']}列" + (
            f"（第{where['line']}行）" if "line" in where else ""
        )
    return f"第{where['line']}行" + (f"第{where['offset'] + 1}字起" if where.get("offset") else "")
