"""Tokens of a table region: label text, numbers, printed dashes and empty cells.

Works on normalised text (NFKC). A digit followed by `.` or `、` and then text is a row
ordinal ("2.重复申请"); when such an ordinal is glued to the digits before it
("00000002.其他法律…", as web pages copy), the last digit is split off as the next row's
ordinal. Digits followed by 年/月/日/% are prose, not cells.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ..read.document import Document
from ..schema import squash

TEXT, NUM, DASH, EMPTY = "text", "num", "dash", "empty"

# a number, its sign when one stands before it, and what follows: a row ordinal's
# "." or "、" before text, or 年/月/日/% (prose)
_NUM = re.compile(
    r"(?P<sign>(?:(?<=[\s\d])|^)[+-])?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<next>[.、](?=\s*[^\d\s])|[年月日%％号页])?"
)
_DASH = re.compile(r"(?<!\S)[-—–―/]+(?!\S)")
_HAS_DASH = re.compile(r"[-—–―/]")
_HAS_DIGIT = re.compile(r"\d")
_CELL_BLANK = re.compile(r"[-—–―/]+|无|空|/")


@dataclass(slots=True)
class Tok:
    kind: str
    text: str
    line: int  # index into Document.lines
    start: int = 0  # offsets in the line's text (flow lines)
    end: int = 0
    cell: int = -1  # cell index in a table row, -1 for flow text
    value: int | float | None = None
    key: str = ""  # text tokens: the text without whitespace and quotes (what label keys match)

    @property
    def digits(self) -> str:
        """The printed digits of an unsigned integer token, else ''."""
        return self.text if self.kind == NUM and self.text.isdigit() else ""


def number_value(s: str) -> int | float:
    if s.isdigit():
        return int(s)
    s = s.replace(",", "")
    return float(s) if "." in s else int(s)


def tokenize(text: str, line: int, cell: int = -1) -> list[Tok]:
    """Tokens of one line or cell (tables repeat the same strings, hence the cache)."""
    return [Tok(k, t, line, a, b, cell, v, q) for k, t, a, b, v, q in _scan(text)]


# a token as `_scan` gives it: kind, text, start, end, value, key (see Tok)
Scanned = tuple[str, str, int, int, int | float | None, str]


@functools.lru_cache(maxsize=8192)
def _scan(text: str) -> tuple[Scanned, ...]:
    """Tokens of a string, with offsets into it (the line and cell are filled in by `tokenize`)."""
    out: list[Scanned] = []
    add = _add_dashes if _HAS_DASH.search(text) else _add_text
    if not _HAS_DIGIT.search(text):  # most header and label lines
        add(text, 0, len(text), out)
        return tuple(out)
    pos = 0
    for m in _NUM.finditer(text):
        a, b = m.span()
        sign, s, nxt = m.group("sign", "num", "next")
        if nxt:
            if nxt in ".、":
                if sign or "," in s or "." in s:
                    continue  # "491.28." or "-3、": not an ordinal; leave as text
                # a row ordinal, possibly glued to the values before it ("00000002.其他")
                add(text, pos, a, out)
                if len(s) > 1:
                    out.append((NUM, s[:-1], a, b - 2, number_value(s[:-1]), ""))
                pos = b - 2
                continue
            continue  # a date or a percentage
        if a > 0 and (text[a - 1].isascii() and text[a - 1].isalpha() or text[a - 1] == "(" and text[b : b + 1] == ")"):
            continue  # part of a word, or "(1)"
        add(text, pos, a, out)
        value = number_value(s)
        if sign == "-":
            out.append((NUM, "-" + s, a, b, -value, ""))
        else:
            out.append((NUM, s, a, b, value, ""))
        pos = b
    add(text, pos, len(text), out)
    return tuple(out)


def _add_text(text: str, a: int, b: int, out: list[Scanned]) -> None:
    if a < b and not text[a:b].isspace():
        piece = text[a:b]
        out.append((TEXT, piece, a, b, None, squash(piece)))


def _add_dashes(text: str, a: int, b: int, out: list[Scanned]) -> None:
    pos = a
    for m in _DASH.finditer(text, a, b):
        _add_text(text, pos, m.start(), out)
        out.append((DASH, m.group(), m.start(), m.end(), None, ""))
        pos = m.end()
    _add_text(text, pos, b, out)


def tokenize_line(doc: Document, i: int) -> list[Tok]:
    """The line's tokens, made once (table rows are looked at by several readers; the
    list is shared, never change it)."""
    ln = doc.lines[i]
    if ln._toks is None or ln._toks[0] != i:
        ln._toks = (i, _tokenize_line(ln, i))
    return ln._toks[1]


def _tokenize_line(ln, i: int) -> list[Tok]:
    if ln.cells is None:
        return tokenize(ln.text, i)
    return [Tok(k, t, i, a, b, c, v, q) for c, cell in enumerate(ln.cells) for k, t, a, b, v, q in _scan_cell(cell)]


@functools.lru_cache(maxsize=8192)
def _scan_cell(cell: str) -> tuple[Scanned, ...]:
    """`_scan` for a table cell: an empty one, a dash or 无 as a whole, a heading."""
    if not cell:
        return ((EMPTY, "", 0, 0, None, ""),)
    if _CELL_BLANK.fullmatch(cell):  # "无" only means blank as a whole cell
        return ((DASH, cell, 0, 0, None, ""),)
    if (cell[-1].isdigit() or cell[-1] == "\n") and _word_number(cell):  # "数据1": a heading
        return ((TEXT, cell, 0, len(cell), None, squash(cell)),)
    return _scan(cell)


def _word_number(cell: str) -> bool:
    r"""A Chinese character then one or two digits end the cell (before a last newline):
    the pattern "[\u4e00-\u9fff]\d{1,2}$", whose character range took 3 ms to compile at start-up."""
    s = cell[:-1] if cell[-1:] == "\n" else cell
    k = len(s)
    while k and len(s) - k < 3 and s[k - 1].isdecimal():
        k -= 1
    return 1 <= len(s) - k <= 2 and k > 0 and "\u4e00" <= s[k - 1] <= "\u9fff"
