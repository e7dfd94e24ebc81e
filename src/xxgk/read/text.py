"""Plain text and Markdown, as copied out of PDFs, Word and web pages, in any encoding.

Three table forms are recognised here and turned into rows with explicit cells:
Markdown pipe tables, tab-separated rows (one row per line), and Word's "one cell per
line" export (each cell on a line that starts with a tab, rows separated by empty
lines). Everything else stays flow text; the extractor reads tables out of it.
"""

from __future__ import annotations

import codecs
import hashlib
import re

from ..errors import ReadError
from ..schema import normalize
from .document import Document, Line, number_tables

MAX_BYTES = 20 * 1024 * 1024  # a report's text is tens of KB; this leaves ample room
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\ufffd]")
_PIPE_SEP = re.compile(r"^\s*:?-{2,}:?\s*$")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes, name: str = "-") -> tuple[str, str]:
    """Bytes to text: BOM, then strict UTF-8, then GB18030, then detection."""
    if not data.strip():
        raise ReadError(f"{name}：文件为空")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return _plausible(data.decode(enc, errors="replace"), name), enc.replace("-sig", "")
    if b"\x00" in data[:4096]:
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            raise ReadError(f"{name}：不是文本文件（含二进制数据）")
        return _plausible(data.decode(utf16, errors="replace"), name), utf16
    for enc in ("utf-8", "gb18030"):
        try:
            return _plausible(data.decode(enc), name), enc
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes  # loaded only for bytes that are not UTF-8

    best = from_bytes(data[:200_000]).best()
    if best is None:
        raise ReadError(f"{name}：无法识别文件编码，可能不是文本文件")
    return _plausible(data.decode(best.encoding, errors="replace"), name), best.encoding


def _utf16_without_bom(data: bytes) -> str | None:
    head = data[:4096]
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if odd > len(head) // 8 and even == 0:
        return "utf-16-le"
    if even > len(head) // 8 and odd == 0:
        return "utf-16-be"
    return None


def _plausible(text: str, name: str) -> str:
    """Reject decoded binary: control characters or replacement marks in quantity."""
    sample = text[:100_000]
    bad = len(_CONTROL.findall(sample))
    if bad > max(8, len(sample) // 100):
        raise ReadError(f"{name}：内容无法识别为文字（可能是二进制文件或编码损坏）")
    return text


def read_text(data: bytes, name: str = "-", max_bytes: int = MAX_BYTES) -> Document:
    if len(data) > max_bytes:
        raise ReadError(f"{name}：文件过大（{len(data) / 1048576:.1f} MB），超过上限 {max_bytes // 1048576} MB")
    text, encoding = decode(data, name)
    return Document(
        number_tables(lines_of(text)), source=name, encoding=encoding, sha256=hashlib.sha256(data).hexdigest()
    )


def _is_cell_line(s: str) -> bool:
    return s.startswith("\t") and "\t" not in s[1:]


def _is_number(s: str) -> bool:
    return bool(re.fullmatch(r"\s*[+-]?\d[\d,]*(?:\.\d+)?\s*", s))


MAX_TABLES = 200  # HTML tables in a text file: a report has a handful
_HTML_TABLE = re.compile(r"<table\b.*?</table\s*>", re.I | re.S)
_BR = re.compile(r"<br\s*/?>", re.I)


def lines_of(text: str) -> list[Line]:
    text = text.replace("\ufeff", "").replace("\u200b", "")
    lower = text.lower() if "<" in text else ""
    if "</table" in lower and lower.count("<table") <= MAX_TABLES:  # bounded: a search per table
        return _with_html_tables(text)
    return _plain_lines(text)


def _with_html_tables(text: str) -> list[Line]:
    """Text with HTML tables inside (PDF-to-Markdown converters write merged tables so):
    the tables as rows of cells, the rest as text, line numbers as in the file."""
    from .html import table_rows

    out: list[Line] = []
    pos = line = 0
    for m in _HTML_TABLE.finditer(text):
        before = text[pos : m.start()]
        out += _shifted(_plain_lines(before), line)
        line += before.count("\n")
        for cells in table_rows(m.group()):
            norm = tuple(normalize(c).strip() for c in cells)
            out.append(Line(line + 1, "\t".join(cells), "\t".join(norm), norm))
        line += m.group().count("\n")
        pos = m.end()
    return out + _shifted(_plain_lines(text[pos:]), line)


def _shifted(lines: list[Line], by: int) -> list[Line]:
    for ln in lines:
        ln.no += by
        if ln.cell_lines:
            ln.cell_lines = tuple(n + by for n in ln.cell_lines)
    return lines


def _plain_lines(text: str) -> list[Line]:
    raw = text.splitlines()
    norm = [normalize(s) for s in raw]  # line by line: most are NFKC already, or seen before
    out: list[Line] = []
    i, n = 0, len(raw)
    while i < n:
        s = raw[i]
        if "\t" in s:
            if _is_cell_line(s):
                i = _cell_per_line_block(raw, norm, i, out)
                continue
            if "\t" in s.strip("\t ") or s.count("\t") >= 2:
                out.append(_row(i + 1, s, norm[i].split("\t")))
            else:  # a stray tab at the end of a line of text
                out.append(Line(i + 1, s, norm[i]))
        elif "|" in s and (stripped := norm[i].strip()).startswith("|") and stripped.count("|") >= 2:
            cells = [_BR.sub("", c).strip() for c in stripped.strip("|").split("|")]
            if not all(_PIPE_SEP.match(c) for c in cells):
                out.append(_row(i + 1, s, cells))
        else:
            out.append(Line(i + 1, s, norm[i]))
        i += 1
    return out


def _row(no: int, raw: str, cells: list[str], cell_lines: list[int] | None = None) -> Line:
    """A table row from cells that are already normalised."""
    stripped = tuple(c.strip() for c in cells)
    return Line(no, raw, "\t".join(stripped), stripped, tuple(cell_lines) if cell_lines else None)


def _cell_per_line_block(raw: list[str], norm: list[str], i: int, out: list[Line]) -> int:
    """Word's export: a cell per tab-led line, continuation lines without the tab,
    rows separated by empty lines. Returns the index after the block."""
    n = len(raw)
    cells: list[str] = []
    lines: list[int] = []

    def flush() -> None:
        if cells:
            out.append(_row(lines[0], "\n".join(raw[lines[0] - 1 : lines[-1]]), cells, lines))
            cells.clear()
            lines.clear()

    while i < n:
        s = raw[i]
        if _is_cell_line(s):
            cells.append(norm[i][1:])
            lines.append(i + 1)
            i += 1
        elif not s.strip():
            flush()
            k = i
            while k < n and not raw[k].strip() and not raw[k].startswith("\t"):
                k += 1
            if k < n and _is_cell_line(raw[k]):
                i = k
                continue
            return i
        elif cells and cells[-1].strip() and not _is_number(cells[-1]) and len(s.strip()) <= 30:
            cells[-1] += norm[i].strip()  # a label wrapped inside its cell
            i += 1
        else:
            break
    flush()
    return i
