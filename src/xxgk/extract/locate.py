"""Find the six section headings and the region of each table.

Headings are matched by number and key phrase, in order (real reports vary the
wording: "一、年度工作总体情况", "2、 主动公开政府信息情况"). Table rows that look like
headings ("四、结转下年度继续办理") never carry a section's key phrase.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..read.document import Document
from ..schema import SECTIONS, compile_keys

_HEAD = re.compile(r"^#*(?P<num>[一二三四五六]|[1-6])[、.,:](?P<title>.{2,36})$")
_ARABIC = {str(i): n for i, n in enumerate("一二三四五六", 1)}
_NUMERALS = set("一二三四五六123456")
_SECTION_KEYS = [compile_keys(s.keys) for s in SECTIONS]

# Where each table's printed part begins, so prose before it (which may name
# outcomes, "其中予以公开1件") is never read as rows.
TABLE_START = {
    "active_disclosure": re.compile(r"第二十条|信息内容|制作数量|制发件数|规范性文件"),
    "applications": re.compile(r"本列数据|申请人情况|本年新收|本年度新收"),
    "review_litigation": re.compile(r"结果维持|尚未审结|直接起诉|复议后起诉|结果纠正"),
}


# Words only the tables print: a report holding them has the table, read or not.
TABLE_MARKS = {
    "active_disclosure": re.compile(r"第二十条第|制发件数|新制作数量|处理决定数量"),
    "applications": re.compile(r"本年(?:度)?新收.{0,40}上年(?:度)?结转|予以公开.{0,200}部分公开"),
    "review_litigation": re.compile(r"结果维持|尚未审结|复议后起诉"),
}


@dataclass(slots=True)
class Layout:
    headings: dict[str, int]  # section key → line index of its heading
    regions: dict[str, tuple[int, int]]  # table → [start, end) line indices
    printed: set[str]  # tables whose printed header words were found


def headings(doc: Document) -> dict[str, int]:
    # candidates in one pass: short flow lines "N、…" (sentences, with 。, are prose)
    cands: list[tuple[int, str, bool, str]] = []  # line, section number, Arabic?, title
    for i, ln in enumerate(doc.lines):
        if ln.cells is not None or len(ln.text) > 60 or ln.text.lstrip("# \t")[:1] not in _NUMERALS:
            continue
        m = _HEAD.match(ln.key)
        if m and "。" not in ln.key:
            cands.append((i, _ARABIC.get(m["num"], m["num"]), m["num"].isdigit(), m["title"]))
    found: dict[str, int] = {}
    start = 0
    for k, section in enumerate(SECTIONS):
        best = None
        for i, number, arabic, title in cands:
            if i < start or number != section.number or not _SECTION_KEYS[k].search(title):
                continue
            if not arabic:
                best = i
                break
            if best is None:
                best = i  # an Arabic-numbered heading, unless a Chinese-numbered one follows
        if best is not None:
            found[section.key] = best
            start = best + 1
    return found


def locate(doc: Document) -> Layout:
    heads = headings(doc)
    n = len(doc.lines)
    order = [s.key for s in SECTIONS]

    def after(key: str) -> int:
        """The line after `key`'s heading up to the next found heading."""
        later = [heads[k] for k in order[order.index(key) + 1 :] if k in heads]
        return min(later) if later else n

    regions: dict[str, tuple[int, int]] = {}
    printed: set[str] = set()
    cursor = 0
    for table in ("active_disclosure", "applications", "review_litigation"):
        lo = heads[table] + 1 if table in heads else cursor
        hi = after(table) if table in heads else n
        start = _first(doc, TABLE_START[table], lo, hi)
        if start is None and table not in heads:
            continue
        if start is None:
            regions[table] = (lo, hi)
            cursor = hi
            continue
        printed.add(table)
        if table not in heads:  # no heading: the table runs to the next table's start
            nxt = {"active_disclosure": "applications", "applications": "review_litigation"}.get(table)
            stop = _first(doc, TABLE_START[nxt], start + 1, n) if nxt else None
            later = [heads[k] for k in order if k in heads and heads[k] > start]
            hi = min([x for x in (stop, min(later) if later else None) if x is not None], default=n)
        # 表二's item labels may come before its header (a PDF viewer's copy puts them in one
        # run); under its own heading the region is the whole section, prose left out by
        # the tokens' rules
        regions[table] = (lo if table == "active_disclosure" and table in heads else start, hi)
        cursor = hi
    if "review_litigation" in regions and "applications" in regions:
        a0, a1 = regions["applications"]
        r0, r1 = regions["review_litigation"]
        if r0 < a1:  # no 四 heading: 表三 stops where 表四's header begins
            regions["applications"] = (a0, r0)
    return Layout(heads, regions, printed)


def _first(doc: Document, pattern: re.Pattern[str], lo: int, hi: int) -> int | None:
    """The first line where `pattern` starts (a header word may wrap: "结果" / "维持")."""
    for i in range(lo, hi):
        key = doc.lines[i].key
        if pattern.search(key) or (i + 1 < hi and len(key) < 8 and pattern.search(key + doc.lines[i + 1].key[:4])):
            return i
    return None
