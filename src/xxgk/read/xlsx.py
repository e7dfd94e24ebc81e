"""XLSX: every sheet's rows, merged cells printed once, formulas computed.

A workbook saved by Excel or WPS keeps each formula's last value; one written by a
program (openpyxl, xxgk itself) does not, so the simple formulas tables use —
SUM of cells and ranges, +, −, & — are evaluated here. Minimal for now; the quirks of
real files come with the readers of every real form.
"""

from __future__ import annotations

import hashlib
import io
import re

from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..errors import FormulaError, ReadError
from ..schema import normalize
from .document import Document, Line
from .limits import check_zip

_TOKEN = re.compile(
    r"\s*(?:(?P<range>\$?[A-Z]{1,3}\$?\d+:\$?[A-Z]{1,3}\$?\d+)|(?P<ref>\$?[A-Z]{1,3}\$?\d+)"
    r'|(?P<num>\d+(?:\.\d+)?)|(?P<str>"[^"]*")|(?P<fn>SUM)\(|(?P<op>[-+&(),]))'
)


def _cells(ref: str) -> list[str]:
    a, b = ref.replace("$", "").split(":")
    ma, mb = re.fullmatch(r"([A-Z]+)(\d+)", a), re.fullmatch(r"([A-Z]+)(\d+)", b)
    if ma is None or mb is None:
        raise FormulaError(ref)
    c1, c2 = sorted((column_index_from_string(ma[1]), column_index_from_string(mb[1])))
    r1, r2 = sorted((int(ma[2]), int(mb[2])))
    return [f"{get_column_letter(c)}{r}" for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]


def evaluate(ws: Worksheet, formula: str, seen: frozenset[str] = frozenset()):
    """The value of a simple formula ("=SUM(D5:I5)", "=B3&B5&\"年…\"") on a sheet."""
    src = formula.lstrip("=")
    tokens, end = [], 0
    for m in _TOKEN.finditer(src):
        if m.start() != end:  # something the grammar does not know: not evaluated
            raise FormulaError(formula)
        kind = m.lastgroup or ""  # every alternative of the grammar is a named group
        tokens.append((kind, m.group(kind)))
        end = m.end()
    if src[end:].strip():
        raise FormulaError(formula)
    pos = 0

    def value_of(coord: str):
        coord = coord.replace("$", "")
        if coord in seen:
            raise FormulaError(f"循环引用 {coord}")
        v = ws[coord].value
        if isinstance(v, str) and v.startswith("="):
            return evaluate(ws, v, seen | {coord})
        return v

    def term():
        nonlocal pos
        kind, text = tokens[pos]
        pos += 1
        if kind == "num":
            return float(text) if "." in text else int(text)
        if kind == "str":
            return text[1:-1]
        if kind == "ref":
            return value_of(text)
        if kind == "fn":
            total = 0
            while True:
                k, t = tokens[pos]
                if k == "range":
                    pos += 1
                    total += sum(_num(value_of(c)) for c in _cells(t))
                else:
                    total += _num(expr())
                k, t = tokens[pos]
                pos += 1
                if t == ")":
                    return total
                if t != ",":
                    raise FormulaError(formula)
        if text == "(":
            v = expr()
            pos += 1
            return v
        if text == "-":
            return -_num(term())
        raise FormulaError(formula)

    def expr():
        nonlocal pos
        v = term()
        while pos < len(tokens) and tokens[pos][1] in "+-&":
            op = tokens[pos][1]
            pos += 1
            w = term()
            v = f"{_text(v)}{_text(w)}" if op == "&" else _num(v) + _num(w) if op == "+" else _num(v) - _num(w)
        return v

    try:
        result = expr()
    except IndexError:
        raise FormulaError(formula) from None
    if pos != len(tokens):
        raise FormulaError(formula)
    return result


def _num(v) -> int | float:
    if v is None or v == "":
        return 0
    if isinstance(v, (int, float)):
        return v
    raise FormulaError(f"“{v}”不是数字")


def _text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def cell_value(ws: Worksheet, cached: Worksheet | None, coord: str):
    """A cell's value: the saved value of a formula when there is one, else computed."""
    v = ws[coord].value
    if isinstance(v, str) and v.startswith("="):
        saved = cached[coord].value if cached is not None else None
        return saved if saved is not None else evaluate(ws, v)
    return v


def open_workbook(data: bytes, name: str):
    """(formulas, saved values) of a workbook, or a clear error."""
    check_zip(data, name)
    try:
        return (load_workbook(io.BytesIO(data), data_only=False), load_workbook(io.BytesIO(data), data_only=True))
    except Exception as e:  # noqa: BLE001 - untrusted bytes: openpyxl fails in many ways on a broken package
        raise ReadError(f"{name}：Excel 文件已损坏或不是 XLSX（{type(e).__name__}）") from None


def sheet_lines(ws: Worksheet, cached: Worksheet | None, start: int) -> list[Line]:
    """A sheet as lines: a row with one cell in its first column is text, others table rows."""
    out: list[Line] = []
    covered = {c for r in ws.merged_cells.ranges for c in list(_cells(r.coord))[1:]}
    for row in ws.iter_rows():
        texts = []
        for cell in row:
            if cell.coordinate in covered:
                texts.append("")
                continue
            try:
                v = cell_value(ws, cached, cell.coordinate)
            except FormulaError:
                v = ""
            texts.append(_text(v).strip())
        while texts and not texts[-1]:
            texts.pop()
        r = row[0].row
        if not texts:
            out.append(Line(start + len(out), "", sheet=ws.title, row=r))
        elif len(texts) == 1:
            out.append(Line(start + len(out), texts[0], sheet=ws.title, row=r))
        else:
            norm = tuple(normalize(t).strip() for t in texts)
            out.append(Line(start + len(out), "\t".join(texts), "\t".join(norm), norm, sheet=ws.title, row=r))
    return out


def read_xlsx(data: bytes, name: str) -> Document:
    wb, cached = open_workbook(data, name)
    lines: list[Line] = []
    try:
        for ws in wb.worksheets:
            if ws.sheet_state != "visible":
                continue
            lines += sheet_lines(ws, cached[ws.title], len(lines) + 1)
    except FormulaError:
        raise
    except (KeyError, ValueError, TypeError, AttributeError) as e:  # a workbook broken inside
        raise ReadError(f"{name}：Excel 文件内容已损坏（{type(e).__name__}）") from None
    return Document(lines, source=name, encoding="xlsx", sha256=hashlib.sha256(data).hexdigest())
