"""What every reader produces: the document as lines of text, some of them table rows.

A `Line` is either flow text (as printed, spacing kept: the extractor reads blank cells
from it) or a table row with explicit cells. Readers of any form (text, HTML, DOCX, PDF,
XLSX) produce this, with the location of each line and cell in the source.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..schema import normalize, squash


class ReadError(Exception):
    """A file that cannot be read; the message is Chinese and names the problem."""


@dataclass(slots=True)
class Line:
    no: int  # 1-based line in the source (first line of a multi-line table row)
    raw: str  # as in the source
    text: str | None = None  # normalised (NFKC); computed from `raw` when not given
    cells: tuple[str, ...] | None = None  # normalised cells when the line is a table row
    cell_lines: tuple[int, ...] | None = None  # source line of each cell
    page: int | None = None  # PDF: the page the line is on
    _key: str | None = None

    def __post_init__(self) -> None:
        if self.text is None:
            self.text = normalize(self.raw)

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
    notes: list[str] = field(default_factory=list)

    def where(self, line: int, cell: int = -1) -> str:
        """Human location of a line (index into `lines`) and cell, e.g. "第12行"."""
        ln = self.lines[line]
        if ln.page is not None:
            return f"第{ln.page}页" + (f"表格第{cell + 1}栏" if cell >= 0 else "")
        if cell >= 0 and ln.cell_lines:
            return f"第{ln.cell_lines[cell]}行"
        if cell >= 0:
            return f"第{ln.no}行第{cell + 1}格"
        return f"第{ln.no}行"
