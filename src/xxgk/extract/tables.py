"""Read 表二, 表三 and 表四 out of their regions.

Rows are found by their labels' key phrases, in printed order, on the text between
numbers (so a label wrapped over lines, interrupted by a page header or printed one
character per line still matches). A row's values are the numbers after its label up
to the next row's label — within the same table row when the source has cells.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from ..read.document import Document, describe
from ..record import Finding, fmt
from ..schema import (
    ACTIVE_ITEMS,
    APPLICANT_COLUMNS,
    FORMAT_MARKS,
    OTHER_SPLIT_MARK,
    PROCUREMENT_UNITS,
    REVIEW_COLUMNS,
    REVIEW_GROUPS,
    TABLE_NAMES,
    Column,
    application_rows,
    compile_keys,
    key_text,
    outcome_keys,
    row_name,
)
from .glued import hides_blanks
from .grid import column_map, is_value
from .joint import solve
from .layout import Seg, learn
from .order import arrange, arrange_blocks
from .rows import CERTAIN, Candidate, RowRead, holds, read_row, typed
from .tokens import DASH, EMPTY, NUM, TEXT, Tok, tokenize, tokenize_line

_PAGE = re.compile(
    r"^[\s\-—–~·.]*(?:第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|[-—–~]+\s*\d+\s*[-—–~]+|"
    r"\d+\s*/\s*\d+|page\s*\d+(?:\s*of\s*\d+)?)[\s\-—–~·.]*$",
    re.I,
)
# page furniture printed inside a table: an address, the running head (the report's title),
# page numbers; a run of them is blanked when it holds an address, a head or "第N页" ("- 3 -"
# alone may be a table's own blank, number, blank)
_URL_CHAR = r"[A-Za-z0-9./%?=&#:~+_-]"
# an address; one ending in a page's name stops there when the next row's ordinal is glued
# to it ("…/art_325.html3.其他", a body joined into one line)
_URL = rf"(?:https?://|www\.)(?:{_URL_CHAR}*?\.(?:s?html?|jsp|php|aspx?)(?=\d+[.、]\D)|{_URL_CHAR}*[A-Za-z0-9/])"
_TITLE = r"(?:19|20)\d{2}年度?[^\s\d]*年度报告"  # the head's year and its words
_HEAD = rf"[^\s\d]*{_TITLE}"
_NAMED_HEAD = re.compile(rf"[^\s\d]+{_TITLE}")  # the head with its body's name (no digit in it)
_PAGE_OF = r"第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?"
_RUNNING = re.compile(rf"(?:(?:{_URL}|{_HEAD}|{_PAGE_OF}|[-—–~]\s*\d{{1,4}}\s*[-—–~])\s*)+", re.I)
# … or a "- 3 -" glued to what is around it (a table's blank dash stands apart by spaces)
_GLUED_PAGE = r"(?<=\S)[-—–~]\s*\d{1,4}\s*[-—–~]|[-—–~]\s*\d{1,4}\s*[-—–~](?=\S)"
_SURE = re.compile(rf"{_URL}|{_HEAD}|{_PAGE_OF}|{_GLUED_PAGE}", re.I)
# whether a line holds any of them: _HEAD without its leading [^\s\d]*, which can match
# nothing (a search for it tried every start, the cost of most lines of a table)
_ANY_SURE = re.compile(rf"{_URL}|{_TITLE}|{_PAGE_OF}|{_GLUED_PAGE}", re.I)
_COUNTED = re.compile(r"\d\s*(?:件|条|篇|人次|家|份)")  # "制发规范性文件5件": prose, never a table row
MAX_KEPT = 50  # candidate readings of an undecided row kept in the record
ROW_WINDOW = 3  # how many missing rows the matcher may step over


@dataclass(slots=True)
class TableRead:
    table: str
    cells: dict[str, dict[str, int | float | None]] = field(default_factory=dict)  # as in the record
    where: dict[str, dict] = field(default_factory=dict)  # cell address → where it was read
    unresolved: list[str] = field(default_factory=list)
    candidates: dict[str, list[list]] = field(default_factory=dict)  # "table.row" → readings that all fit
    findings: list[Finding] = field(default_factory=list)
    format: str | None = None
    split_other: bool | None = None
    unit: str | None = None


def region_tokens(doc: Document, lo: int, hi: int) -> list[Tok]:
    """Tokens of a table region, without prose, URLs, page numbers and running heads."""
    out: list[Tok] = []
    for i in range(lo, hi):
        ln = doc.lines[i]
        if ln.cells is None:
            text = ln.text
            if not text or text.isspace():
                continue
            if "。" in text or _PAGE.match(text) or _COUNTED.search(text):
                continue
            if "年度报告" in text and len(text) < 60 and not _row_before_head(text):
                continue  # a running head (with its page number, or digits in its name)
            if _ANY_SURE.search(text):  # blank the page furniture out, keeping the columns of the rest
                text = _blank_furniture(text)
                if not text.strip():
                    continue
            out.extend(tokenize(text, i))
        else:
            out.extend(tokenize_line(doc, i))
    return out


def _row_before_head(text: str) -> bool:
    """A row's label and value, then the running head, in a short piece of text cut from
    a body on one line ("行政许可0深圳市…局2021年…年度报告"): kept, the head blanked."""
    m = _NAMED_HEAD.search(text)
    before = text[: m.start()].rstrip() if m else ""
    return before[-1:].isdigit() and not before.replace(" ", "").isdigit()


def _blank_furniture(text: str) -> str:
    """The sure pieces blanked, and the runs of furniture holding one whole ("- 3 -" beside
    an address); a run merely touching one is a value's ("0 -3— 1 —…": -3, then page 1)."""
    sure = [m.span() for m in _SURE.finditer(text)]
    spans = sure + [
        (a, b) for a, b in (m.span() for m in _RUNNING.finditer(text)) if any(a <= x and y <= b for x, y in sure)
    ]
    chars = list(text)
    for a, b in spans:
        chars[a:b] = " " * (b - a)
    return "".join(chars)


@dataclass(slots=True)
class Anchor:
    key: str
    first: int  # token index where the label's text run starts
    last: int  # token index of the label's last text token


def anchor(toks: list[Tok], rows: list[tuple[str, re.Pattern[str]]], window: int) -> list[Anchor]:
    """Match row labels in order on runs of text between numbers."""
    found: list[Anchor] = []
    k = 0
    i = 0
    n = len(toks)
    while i < n and k < len(rows):
        if toks[i].kind != TEXT:
            i += 1
            continue
        j = i
        parts: list[tuple[int, int]] = []  # (offset in run text, token index)
        text = ""
        while j < n and toks[j].kind in (TEXT, EMPTY):
            if toks[j].kind == TEXT:
                parts.append((len(text), j))
                text += toks[j].key
            j += 1
        pos = 0
        while k < len(rows):
            hit = None
            for step, (key, pattern) in enumerate(rows[k : k + window]):
                m = pattern.search(text, pos)
                if m and (hit is None or m.start() < hit[1].start()):
                    hit = (step, m, key)
            if hit is None:
                break
            step, m, key = hit
            last = max(t for off, t in parts if off <= max(m.start(), m.end() - 1))
            # the label goes on until the run ends or the next row's key starts
            found.append(Anchor(key, parts[0][1], last))
            k += step + 1
            pos = m.end()
        if found and found[-1].last < j - 1 and found[-1].first >= i:
            found[-1].last = max(t for _, t in parts)
        i = j
    return found


def segments(
    doc: Document,
    table: str,
    toks: list[Tok],
    anchors: list[Anchor],
    kinds: dict[str, tuple[str, ...]],
    region_end: int,
) -> list[Seg]:
    out = []
    for a, b in zip(anchors, anchors[1:] + [None], strict=False):
        upto = b.first if b is not None else len(toks)
        if b is not None and b.first <= a.last:  # two labels in one run: this one has no values
            upto = a.last + 1
        label = toks[a.last]
        body = toks[a.last + 1 : upto]
        if label.cell >= 0:  # a table row: values stay in the row …
            mine = [t for t in body if t.line == label.line]
            if not any(t.kind in (NUM, DASH) for t in mine):  # … or on the unlabelled row below
                below = [t for t in body if t.line == label.line + 1]
                if any(t.kind in (NUM, DASH) for t in below) and not any(t.kind == TEXT for t in below):
                    mine = below
            body = mine
        stop = toks[b.first].line if b is not None else region_end
        out.append(Seg(table, a.key, kinds[a.key], body, label, stop))
    return out


def _text(toks: list[Tok]) -> str:
    return "".join(t.key for t in toks if t.kind == TEXT)


@functools.cache
def _patterns(keys: tuple[tuple[str, tuple[str, ...]], ...]) -> list[tuple[str, re.Pattern[str]]]:
    return [(k, compile_keys(ks)) for k, ks in keys]


# ------------------------------------------------------------------ per table
def _header_rows(doc: Document, toks: list[Tok]) -> set[int]:
    """Grid rows of headings only (three or more cells of words, no value): their words
    name columns — or, in a header a converter invented, rows — never a row here."""
    out = set()
    for line in {t.line for t in toks if t.cell >= 0}:
        cells = [c for c in doc.lines[line].cells or () if c]
        if len(cells) >= 3 and not any(is_value(c) for c in cells):
            out.add(line)
    return out


def _invented_headers(doc: Document, heads: set[int], split_other: bool) -> list[Finding]:
    """A header over 表三's columns naming its rows ("本年新收件数 | 予以公开 | …", as an OCR
    tool invents one): the national column order is trusted over it, and said to be."""
    out = []
    for line in sorted(heads):
        cells = [c for c in doc.lines[line].cells or () if c]
        named = [c for c in cells if _names_a_row(c, split_other)]
        if len(named) >= 2:
            out.append(
                Finding(
                    "read.header",
                    "info",
                    f"表三{describe(doc.where(line))}的表头（{'、'.join(cells)}）与国家格式的栏目不符，"
                    "已按国家格式的栏目顺序（自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他、总计）读取",
                )
            )
    return out


@functools.lru_cache(maxsize=4096)
def _names_a_row(cell: str, split_other: bool) -> bool:
    """Whether a cell's words name a row of 表三 (headers repeat: asked once per wording)."""
    patterns = _patterns(tuple((r.key, r.keys) for r in application_rows(split_other)))
    return any(p.search(key_text(cell)) for _, p in patterns)


def applications_segments(doc: Document, toks: list[Tok], end: int, heads: set[int]) -> tuple[list[Seg], bool]:
    """表三's rows; header rows (`heads`) never anchor one."""
    split_other = bool(OTHER_SPLIT_MARK.search(_text(toks)))
    if heads:
        toks = [t for t in toks if t.line not in heads]
    rows = application_rows(split_other)
    kinds = {r.key: ("count",) * len(APPLICANT_COLUMNS) for r in rows}
    anchors = anchor(toks, _patterns(tuple((r.key, r.keys) for r in rows)), ROW_WINDOW)
    return segments(doc, "applications", toks, anchors, kinds, end), split_other


def active_format(toks: list[Tok]) -> str | None:
    text = _text(toks)
    score = {f: sum(text.count(m) for m in marks) for f, marks in FORMAT_MARKS.items()}
    if score["2021"] == score["2019"]:
        return None
    return max(score, key=score.__getitem__)


def active_segments(doc: Document, toks: list[Tok], fmt: str, end: int) -> list[Seg]:
    items = ACTIVE_ITEMS[fmt]
    kinds = {it.key: tuple(c.kind for c in it.columns) for it in items}
    anchors = anchor(toks, _patterns(tuple((it.key, it.keys) for it in items)), len(items))
    segs = segments(doc, "active_disclosure", toks, anchors, kinds, end)
    # 其他对外管理服务事项 printed as a heading over 行政检查/行政确认 is not an item
    keys = [s.key for s in segs]
    return [
        s
        for s in segs
        if not (s.key == "other_services" and not s.values and ("inspection" in keys or "confirmation" in keys))
    ]


def procurement_unit(toks: list[Tok]) -> str | None:
    """The amount's unit: in the header ("采购总金额（万元）"), else printed after the amount."""
    text = _text(toks)
    m = re.search(r"(?:采购总?金额|总金额)\((?:单位[:：])?(万元|元)", text)
    if m and m.group(1) in PROCUREMENT_UNITS:
        return m.group(1)
    if "集中采购" not in text:
        return None
    for t, nxt in zip(toks, toks[1:], strict=False):  # "75394432.52元", the unit maybe in a span of its own
        if t.kind == NUM and "." in t.text and nxt.kind == TEXT and nxt.line == t.line and nxt.cell == t.cell:
            unit = next((u for u in PROCUREMENT_UNITS if nxt.key.startswith(u)), None)
            if unit:
                return unit
    return None


_GROUP_NAMES = (("litigation_after_review", "复议后"), ("litigation_direct", "直接起诉|未经复议"), ("review", "复议"))


def review_segment(doc: Document, toks: list[Tok], end: int) -> Seg | None:
    first = next((i for i, t in enumerate(toks) if t.kind in (NUM, DASH)), None)
    if first is None:
        return None
    body = toks[first:]
    if toks[first].cell >= 0:
        body = _review_rows(doc, toks) or [t for t in body if t.line == toks[first].line]
    label = next((t for t in reversed(toks[:first]) if t.kind == TEXT), None)
    kinds = ("count",) * (len(REVIEW_GROUPS) * len(REVIEW_COLUMNS))
    return Seg("review_litigation", "row", kinds, body, label, end)


def _review_rows(doc: Document, toks: list[Tok]) -> list[Tok] | None:
    """表四 printed as three small tables, one per group (OCR and converters do this):
    the value rows in the national order, each group told by the words before it."""
    rows: dict[int, list[Tok]] = {}
    names: dict[int, str] = {}
    text = ""
    for t in toks:
        if t.kind == TEXT:
            text += t.key
        elif t.cell >= 0 and t.kind in (NUM, DASH, EMPTY):
            if t.line not in rows:
                if column_map(doc, t.line, REVIEW_COLUMNS) is None:
                    return None
                names[t.line] = next((g for g, p in _GROUP_NAMES if re.search(p, text)), "")
                text = ""
            rows.setdefault(t.line, []).append(t)
    if len(rows) != 3:
        return None
    order = list(rows)
    if sorted(names.values()) == sorted(g for g, _, _ in REVIEW_GROUPS):  # else the national order
        rank = [g for g, _, _ in REVIEW_GROUPS]
        order.sort(key=lambda line: rank.index(names[line]))
    return [t for line in order for t in rows[line]]


def resolve(reads: dict[str, RowRead], constraints: list[tuple[list[str], list[str], int]]) -> None:
    """Choose among glued rows' splits with the table's identities (see joint.py): a row
    settled by every solution is read; the others stay ambiguous and are reported, with
    the values the solutions give them — or, when no combination holds, with all their
    splits and a note that none fits."""
    open_rows = {k: r.candidates for k, r in reads.items() if len(r.candidates) > 1}
    if not open_rows:
        return
    usable = [
        c
        for c in constraints
        if all(k in reads and reads[k].candidates for k in c[0] + c[1]) and any(k in open_rows for k in c[0] + c[1])
    ]
    fixed = {k: r.candidates[0] for k, r in reads.items() if len(r.candidates) == 1}
    found = solve(open_rows, fixed, usable)
    if found is None:
        return
    for k, options in found.items():
        if len(options) == 1:
            reads[k].candidates = options
            sources = reads[k].sources
            if sources:
                reads[k].toks = sources[options[0]]
            else:
                reads[k].how = "split"
        elif options:
            reads[k].candidates = options
        else:
            reads[k].problem = "none"


def read_tables(doc: Document, regions: dict[str, tuple[int, int]], year: int | None) -> dict[str, TableRead]:
    """All three tables; spacing habits are learned across them."""
    toks = {t: region_tokens(doc, *regions[t]) for t in regions}
    segs: dict[str, list[Seg]] = {}
    out: dict[str, TableRead] = {}
    split_other = False
    if "applications" in toks:
        heads = _header_rows(doc, toks["applications"])
        segs["applications"], split_other = applications_segments(
            doc, toks["applications"], regions["applications"][1], heads
        )
        out["applications"] = TableRead(
            "applications", split_other=split_other, findings=_invented_headers(doc, heads, split_other)
        )
    if "active_disclosure" in toks:
        # the 表二 header decides; without one, the 表三 layout, then the year
        fmt = active_format(toks["active_disclosure"]) or ("2021" if split_other or (year or 0) >= 2021 else "2019")
        out["active_disclosure"] = TableRead(
            "active_disclosure", format=fmt, unit=procurement_unit(toks["active_disclosure"])
        )
        segs["active_disclosure"] = active_segments(
            doc, toks["active_disclosure"], fmt, regions["active_disclosure"][1]
        )
    if "review_litigation" in toks:
        seg = review_segment(doc, toks["review_litigation"], regions["review_litigation"][1])
        segs["review_litigation"] = [seg] if seg else []
        out["review_litigation"] = TableRead("review_litigation")
    styles = learn(doc, segs)
    reads = {}
    for table, ss in segs.items():
        memo: dict = {}
        reads[table] = {
            s.key: read_row(doc, s, styles[table], _GROUPS[table], _columns(table, out[table].format, s.key), memo)
            for s in ss
        }
    # a glued run no split fits means the text lost blank cells: a run that splits one
    # way elsewhere in the report may owe that to a lost blank too
    lost = any(r.glued and not r.candidates for rs in reads.values() for r in rs.values())
    for table, ss in segs.items():
        _fill(doc, out[table], ss, reads[table], toks[table], lost)
    return out


_GROUPS = {
    "applications": (len(APPLICANT_COLUMNS),),
    "review_litigation": (len(REVIEW_COLUMNS),) * 3,
    "active_disclosure": (),
}


def _fill(
    doc: Document, tr: TableRead, segs: list[Seg], reads: dict[str, RowRead], region: list[Tok], lost_blanks: bool
) -> None:
    if lost_blanks:  # a split stands only if no blank lost from this row could fit as well
        for r in reads.values():
            if r.glued and r.candidates and hides_blanks(r.run, r.seg.kinds, _GROUPS[tr.table]):
                r.problem = (
                    "数字粘连在一起；本报告另有粘连的数字无法拆分（粘连时可能漏掉了空白单元格），本行的拆分也不能确定"
                )
                r.candidates = []
    if tr.table == "applications":
        resolve(reads, _application_identities(tr.split_other or False))
    # numbers piled under one label while other labels have none: the text is not in
    # the table's order (a PDF viewer's copy), so an empty row is not known to be blank
    piled = any(len(r.seg.values) > r.seg.expected and not r.candidates for r in reads.values())
    if piled and not any(s.in_grid for s in segs):
        arranged = _in_stream_order(tr, segs, region)
        if arranged is not None:
            reads, piled = arranged, False
    for key, r in reads.items():
        if piled and r.candidates and not r.seg.values and not r.seg.in_grid:
            r.candidates, r.problem = [], "本行未读到数字，而表中另有数字堆在一处（文字顺序与表格不一致）"
        cells = _cells(tr.table, tr.format, key)  # (row, column, address) of each value
        ok = len(r.candidates) == 1
        values: Candidate = r.candidates[0] if ok else (None,) * len(cells)
        for (row, col, _), v in zip(cells, values, strict=False):
            row_cells = tr.cells.get(row)
            if row_cells is None:
                row_cells = tr.cells[row] = {}
            row_cells[col] = v
        if ok:
            how, label = r.how, r.seg.label
            sure = how in CERTAIN
            for (_, _, address), t in zip(cells, r.toks or [None] * len(cells), strict=False):
                if t is not None:
                    where = doc.where(t.line, t.cell)
                    where["printed"] = t.text
                else:  # a blank: where its row is
                    where = doc.where(label.line, label.cell) if label else {}
                where["how"] = how
                if not sure:
                    where["confidence"] = "inferred"
                tr.where[address] = where
        else:
            tr.unresolved += [address for _, _, address in cells]
            if 1 < len(r.candidates) <= MAX_KEPT:  # for a later reader: another year may settle them
                tr.candidates[f"{tr.table}.{key}"] = [list(c) for c in r.candidates]
            tr.findings.append(_unread(doc, tr, key, r))


def _in_stream_order(tr: TableRead, segs: list[Seg], region: list[Tok]) -> dict[str, RowRead] | None:
    """The table's numbers in stream order laid into its rows block by block (order.py):
    every 表三 row, or 表二's printed items sub-table by sub-table."""
    stream = [t for t in region if t.kind in (NUM, DASH)]
    values = [None if t.kind == DASH else typed(t) for t in stream]
    found = {s.key: s for s in segs}
    if tr.table == "applications":
        keys = [r.key for r in application_rows(tr.split_other or False)]
        width = len(APPLICANT_COLUMNS)
        options = arrange(values, len(keys), width, lambda r: holds(r, (width,)))
    elif tr.table == "active_disclosure":
        items = [it for it in ACTIVE_ITEMS[tr.format or "2019"] if it.key in found]
        keys = [it.key for it in items]
        blocks: list[tuple[int, int]] = []
        for k, it in enumerate(items):
            if k and items[k - 1].article == it.article and len(items[k - 1].columns) == len(it.columns):
                blocks[-1] = (blocks[-1][0] + 1, blocks[-1][1])
            else:
                blocks.append((1, len(it.columns)))
        options = arrange_blocks(values, blocks)
    else:
        return None
    if options is None:
        return None
    out = {}
    for key, opts in zip(keys, options, strict=False):
        seg = found.get(key) or Seg(tr.table, key, ("count",) * len(_cells(tr.table, tr.format, key)), [], None, 0)
        sources = {reading: [stream[p] for p in at] for reading, at in opts.items()}
        first = next(iter(sources.values()))
        out[key] = RowRead(
            seg,
            sorted(sources, key=lambda c: tuple(v or 0 for v in c)),
            first,
            "文字顺序与表格不一致",
            "order",
            sources if len(sources) > 1 else None,
        )
    if tr.table == "applications":  # the identities across rows settle more of them
        resolve(out, _application_identities(tr.split_other or False))
    return out


def _columns(table: str, fmt: str | None, key: str) -> tuple[Column, ...]:
    if table == "applications":
        return APPLICANT_COLUMNS
    if table == "review_litigation":
        return REVIEW_COLUMNS
    return next(i for i in ACTIVE_ITEMS[fmt or "2019"] if i.key == key).columns


@functools.cache
def _cells(table: str, fmt: str | None, key: str) -> tuple[tuple[str, str, str], ...]:
    return tuple((*_row_column(a), f"{table}.{a}") for a in _addresses(table, fmt, key))


def _row_column(address: str) -> tuple[str, str]:
    row, column = address.split(".")
    return row, column


def _unread(doc: Document, tr: TableRead, key: str, r: RowRead) -> Finding:
    """Why a row's numbers were not taken: several splits fit, or the layout does not tell."""
    cells = [address for _, _, address in _cells(tr.table, tr.format, key)]
    where = f"（{describe(doc.where(r.seg.label.line, r.seg.label.cell))}）" if r.seg.label else ""
    label = "行政复议、行政诉讼" if tr.table == "review_litigation" else row_name(tr.table, key, tr.format)
    head = f"{TABLE_NAMES[tr.table]}“{label}”{where}："
    if not r.candidates:
        return Finding("read.undetermined", "warning", f"{head}{r.problem}，本行数字未采用，请核对原件", cells)
    shown = "、".join("/".join(fmt(v) for v in c) for c in r.candidates[:3])
    more = f"等{len(r.candidates)}种" if len(r.candidates) > 3 else ""
    if r.how == "order":
        return Finding(
            "read.ambiguous",
            "warning",
            f"{head}文字顺序与表格不一致（如从PDF阅读器复制），本行可读作{shown}{more}，无法确定，请核对原件",
            cells,
        )
    why = "均符合表内勾稽关系" if _GROUPS[tr.table] else "本表没有可用于判断的勾稽关系"
    if r.problem == "none":
        why = "但没有一种组合能同时满足表内勾稽关系（报告本身的数字可能有误）"
    if r.how in ("placed", "measured"):  # blanks that could sit in more than one place
        what = f"{r.problem}，本行可读作" if r.problem != "none" else "空白单元格的位置无法确定，本行可读作"
    else:
        what = "数字连在一起，可拆分为"
    return Finding("read.ambiguous", "warning", f"{head}{what}{shown}{more}，{why}，无法确定，请核对原件", cells)


def _addresses(table: str, fmt: str | None, key: str) -> list[str]:
    """ "row.column" of each value of a row, in printed order."""
    if table == "applications":
        return [f"{key}.{c.key}" for c in APPLICANT_COLUMNS]
    if table == "review_litigation":
        return [f"{g}.{c.key}" for g, _, _ in REVIEW_GROUPS for c in REVIEW_COLUMNS]
    item = next(i for i in ACTIVE_ITEMS[fmt or "2019"] if i.key == key)
    return [f"{key}.{c.key}" for c in item.columns]


@functools.cache
def _application_identities(split_other: bool) -> list[tuple[list[str], list[str], int]]:
    out = []
    outcomes = list(outcome_keys(split_other))
    for c in range(len(APPLICANT_COLUMNS)):
        out.append((["new_received", "carried_over"], ["total", "carried_forward"], c))
        out.append((outcomes, ["total"], c))
    return out


__all__ = ["TableRead", "read_tables"]
