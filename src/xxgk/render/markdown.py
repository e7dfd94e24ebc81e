"""Record → Markdown: headings and pipe tables (merged cells printed once)."""

from __future__ import annotations

from ..record import Record
from ..schema import SECTIONS
from .grid_values import flat_rows
from .layout import report_grids
from .report import DRAFT, PREAMBLE, heading, section_text, signature, title


def _table(rows: list[list[str]]) -> list[str]:
    def line(r: list[str]) -> str:
        return "| " + " | ".join(c.replace("|", "｜").replace("\n", " ") for c in r) + " |"

    return [line(rows[0]), "|" + "---|" * len(rows[0])] + [line(r) for r in rows[1:]]


def render_markdown(rec: Record, draft: bool = False, blank: str = "0") -> str:
    body, head = title(rec)
    out = [f"# {body}", "", f"## {head}", ""]
    if draft:
        out += [f"> **{DRAFT}**", ""]
    out += [PREAMBLE, ""]
    grids = {g.table: g for g in report_grids(rec)}
    for s in SECTIONS:
        out += [f"## {heading(s)}", ""]
        paragraphs, placeholder = section_text(rec, s)
        out += [p for par in paragraphs for p in (par, "")]
        if placeholder:
            out += [f"*{placeholder}*", ""]
        if s.key in grids and rec.table(s.key):
            out += _table(flat_rows(rec, grids[s.key], blank)) + [""]
    body_line, day = signature(rec)
    return "\n".join(out + ["", body_line, day, ""])
