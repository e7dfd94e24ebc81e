"""Reports printed as one stream: section headings cut out of long lines.

Site-archive crawlers and some CMS exports save a report's whole body on one line
("…联系。一、总体情况2019年，…二、主动公开政府信息情况第二十条第（一）项…"). The parts
are found by their headings in the character stream — a number, then a title holding
the section's key phrase and ending like a title ends — and each heading is cut out
onto a line of its own, so the steps after this one see the usual layout. A piece
keeps its source line; `offset` says where in that line it starts.

Enumerations are not headings: "包括一、总体情况，二、…" (a title followed by "、", "，"
or "；") stays prose.
"""

from __future__ import annotations

import re

from ..read.document import Document, Line
from ..schema import SECTIONS, compile_keys, normalize

# a title: no spaces, digits, brackets or sentence punctuation, ending in a title word
_HEAD = re.compile(
    r"(?<![(一二三四五六七八九十])(?P<num>[一二三四五六])[、.](?P<title>[^\s\d。;,:()!?]{1,30}?"
    r"(?:情况|事项|措施|概述|概况))"
)
_AFTER = re.compile(r"[、,;等和及与]|[一二三四五六]、")  # what follows a title in an enumeration
_NUMBER = {s.number: k for k, s in enumerate(SECTIONS)}
_KEYS = [compile_keys(s.keys) for s in SECTIONS]
MIN_LENGTH = 40  # shorter lines are headings or rows already


# where a table's printed part begins inline: cut there too, away from prose before it
_TABLE_START = re.compile(r"第二十条第\(|\(本列数据|行政复议行政诉讼")


def headings_in(text: str) -> list[tuple[int, int]]:
    """(start, end) of each section heading standing inline in a line of text, and the
    points where a table begins."""
    out = [(m.start(), m.start()) for m in _TABLE_START.finditer(text)]
    for m in _HEAD.finditer(text):
        k = _NUMBER[m["num"]]
        if not _KEYS[k].search(m["title"]) or _AFTER.match(text, m.end()):
            continue
        out.append(m.span())
    return sorted(out)


def reflow(doc: Document) -> Document:
    """The document with every long line that holds inline headings cut at them."""
    if not any(ln.cells is None and len(ln.text) > MIN_LENGTH for ln in doc.lines):
        return doc
    lines: list[Line] = []
    changed = False
    for ln in doc.lines:
        spans = headings_in(ln.text) if ln.cells is None and len(ln.text) > MIN_LENGTH else None
        cuts = sorted({p for a, b in spans for p in (a, b)} - {0, len(ln.text)}) if spans else None
        if not cuts:
            lines.append(ln)
            continue
        changed = True
        raw_at = _raw_offsets(ln.raw, ln.text)
        for a, b in zip([0, *cuts], [*cuts, len(ln.text)], strict=False):
            if ln.text[a:b].strip():
                raw = ln.raw[raw_at[a] : raw_at[b]] if raw_at else ln.text[a:b]
                lines.append(Line(ln.no, raw, ln.text[a:b], offset=ln.offset + a, cut=b < len(ln.text) or ln.cut))
    if not changed:
        return doc
    doc.lines = lines
    return doc


def _raw_offsets(raw: str, text: str) -> list[int] | None:
    """For each offset in the normalised text, the offset in the raw line (None when the
    normalisation does not map character by character)."""
    out = [0]
    for i, ch in enumerate(raw):
        out += [i + 1] * len(normalize(ch))
    return out if len(out) == len(text) + 1 else None
