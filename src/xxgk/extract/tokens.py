"""Tokens of a table region: label text, numbers, printed dashes and empty cells.

Works on normalised text (NFKC). A digit followed by `.` or `、` and then text is a row
ordinal ("2.重复申请"); when such an ordinal is glued to the digits before it
("00000002.其他法律…", as web pages copy), the last digit is split off as the next row's
ordinal. Digits followed by 年/月/日/% are prose, not cells.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..read.document import Document

TEXT, NUM, DASH, EMPTY = "text", "num", "dash", "empty"

_NUM = re.compile(r"(?:(?<=[\s\d])|^)[+-](?=\d)|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_DASH = re.compile(r"(?<!\S)[-—–―/]+(?!\S)")
_CELL_BLANK = re.compile(r"[-—–―/]+|无|空|/")
_PROSE_AFTER = set("年月日%％号页")
_ORDINAL_AFTER = ".、"


@dataclass(slots=True)
class Tok:
    kind: str
    text: str
    line: int  # index into Document.lines
    start: int = 0  # offsets in the line's text (flow lines)
    end: int = 0
    cell: int = -1  # cell index in a table row, -1 for flow text
    value: int | float | None = None

    @property
    def digits(self) -> str:
        """The printed digits of an unsigned integer token, else ''."""
        return self.text if self.kind == NUM and self.text.isdigit() else ""


def number_value(s: str) -> int | float:
    s = s.replace(",", "")
    if "." in s:
        return float(s)
    return int(s)


def tokenize(text: str, line: int, cell: int = -1, base: int = 0) -> list[Tok]:
    out: list[Tok] = []
    pos = 0
    n = len(text)
    sign = ""
    sign_at = -1

    def add_text(a: int, b: int) -> None:
        if a < b and text[a:b].strip():
            out.append(Tok(TEXT, text[a:b], line, base + a, base + b, cell))

    for m in _NUM.finditer(text):
        a, b = m.span()
        s = m.group()
        if s in "+-":
            sign, sign_at = s, a
            continue
        if sign and sign_at == a - 1:
            a -= 1
        else:
            sign = ""
        nxt = text[b] if b < n else ""
        prev = text[a - 1] if a > 0 else ""
        after = text[b + 1: b + 2].strip() or text[b + 1: b + 3].strip()[:1]
        if nxt in _ORDINAL_AFTER and after and not after.isdigit() and not sign and "," not in s and "." not in s:
            # row ordinal, possibly glued to the values before it
            add_text(pos, a)
            if len(s) > 1:
                out.append(Tok(NUM, s[:-1], line, base + a, base + b - 1, cell, number_value(s[:-1])))
            pos = b - 1
            continue
        if nxt in _PROSE_AFTER or (prev == "(" and nxt == ")") or prev.isascii() and prev.isalpha():
            continue  # a date, a percentage, "(1)", or part of a word: prose
        _add_dashes(text, pos, a, line, cell, base, out)
        value = number_value(sign + s)
        out.append(Tok(NUM, sign + s if sign != "+" else s, line, base + a, base + b, cell, value))
        sign = ""
        pos = b
    _add_dashes(text, pos, n, line, cell, base, out)
    return out


def _add_dashes(text: str, a: int, b: int, line: int, cell: int, base: int, out: list[Tok]) -> None:
    pos = a
    for m in _DASH.finditer(text, a, b):
        if pos < m.start() and text[pos:m.start()].strip():
            out.append(Tok(TEXT, text[pos:m.start()], line, base + pos, base + m.start(), cell))
        out.append(Tok(DASH, m.group(), line, base + m.start(), base + m.end(), cell))
        pos = m.end()
    if pos < b and text[pos:b].strip():
        out.append(Tok(TEXT, text[pos:b], line, base + pos, base + b, cell))


def tokenize_line(doc: Document, i: int) -> list[Tok]:
    ln = doc.lines[i]
    if ln.cells is None:
        return tokenize(ln.text, i)
    out: list[Tok] = []
    for c, cell in enumerate(ln.cells):
        if not cell:
            out.append(Tok(EMPTY, "", i, cell=c))
            continue
        if _CELL_BLANK.fullmatch(cell):  # "无" only means blank as a whole cell
            out.append(Tok(DASH, cell, i, cell=c))
            continue
        out.extend(tokenize(cell, i, c))
    return out
