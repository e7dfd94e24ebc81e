"""The text of the six sections, without the tables, with PDF line wraps undone."""

from __future__ import annotations

import re

from ..read.document import Document
from ..schema import SECTIONS

_ENDS_PARAGRAPH = tuple("。！？；：:;!?」』”）)")
_STARTS_ITEM = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、|\d+[.、．]|[一二三四五六七八九十]是)"
)


def unwrap(lines: list[str]) -> str:
    """Join lines a PDF wrapped mid-sentence; keep real paragraph breaks."""
    out: list[str] = []
    for s in (x.strip() for x in lines):
        if not s:
            if out and out[-1]:
                out.append("")
            continue
        if out and out[-1] and not out[-1].endswith(_ENDS_PARAGRAPH) and not _STARTS_ITEM.match(s):
            out[-1] += s
        else:
            out.append(s)
    return "\n".join(x for x in out if x)


def section_texts(doc: Document, headings: dict[str, int], regions: dict[str, tuple[int, int]]) -> dict[str, str]:
    order = sorted((i, k) for k, i in headings.items())
    inside: set[int] = set()
    for lo, hi in regions.values():
        inside.update(range(lo, hi))
    out: dict[str, str] = {}
    for n, (i, key) in enumerate(order):
        end = order[n + 1][0] if n + 1 < len(order) else len(doc.lines)
        if key == SECTIONS[-1].key:
            end = min(end, _signature_start(doc, i, end))
        keep = [doc.lines[j].raw for j in range(i + 1, end) if j not in inside and doc.lines[j].cells is None]
        out[key] = unwrap(keep)
    return out


def _signature_start(doc: Document, lo: int, hi: int) -> int:
    """Section 六 ends where the closing signature (name, then date) begins."""
    for j in range(hi - 1, lo, -1):
        if re.fullmatch(r"\s*(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*(?:\d{1,2}\s*日)?\s*", doc.lines[j].raw):
            k = j - 1
            while k > lo and not doc.lines[k].raw.strip():
                k -= 1
            return k
    return hi
