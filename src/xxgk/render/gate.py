"""The one gate a report passes before it goes out final, for the command line, the web
pages and the API alike.

A final report says the body, the year, every number and every required section: the
checker's errors stop it, and so do a cell left blank (the format asks for 0), a cell
the reader could not determine and a section not written. A draft goes out anyway,
marked 草稿 on every page, its blanks printed as blanks.
"""

from __future__ import annotations

from ..check import check
from ..errors import Refused
from ..record import Finding, Record
from ..schema import SECTIONS
from . import render
from .report import EXPECTED

REQUIRED = [s for s in SECTIONS if s.key in EXPECTED]  # the parts no table stands for


def blockers(rec: Record, checked: list[Finding] | None = None) -> list[Finding]:
    """Why `rec` cannot go out as a final report (empty: it can); `checked`: the
    checker's findings on it, when they are at hand."""
    checked = check(rec) if checked is None else checked
    found = [f for f in checked if f.severity == "error" or f.rule in ("blank", "missing.body", "missing.year")]
    out = [
        Finding(f.rule, "error", f.message + ("；最终版须填写数字，无数据填0" if f.rule == "blank" else ""), f.cells)
        for f in found
    ]
    if rec.unresolved:
        out.insert(
            0,
            Finding(
                "unresolved",
                "error",
                f"有 {len(rec.unresolved)} 个单元格的数字未能确定，请核对后填写",
                list(rec.unresolved),
            ),
        )
    for s in REQUIRED:
        if not (rec.sections or {}).get(s.key, "").strip():
            out.append(Finding("missing.section", "error", f"正文“{s.number}、{s.title}”尚未填写"))
    return out


def blank_for(draft: bool) -> str:
    """How a blank cell prints: as 0 in a final report (none is left), as a blank in a draft."""
    return "" if draft else "0"


def release(rec: Record, to: str, draft: bool | None = False, checked: list[Finding] | None = None) -> bytes:
    """The report in format `to`, through the gate. Final when nothing stops it; a draft
    when one is asked for (`draft` True) or, with `draft` None, whenever something stops
    it (a checked upload's own download); refused with every reason (Refused) when a
    final report is asked for and something stops it."""
    stop = blockers(rec, checked)
    if draft is None:
        draft = bool(stop)
    if stop and not draft:
        raise Refused(
            f"{rec.body or '（未写机关）'} {rec.year or '（未写年度）'} 年度报告未通过核验或尚未填完"
            f"（{len(stop)} 个问题），未生成："
            + "；".join(f.message for f in stop[:3])
            + ("……" if len(stop) > 3 else ""),
            stop,
        )
    return render(rec, to, draft, blank_for(draft))


__all__ = ["REQUIRED", "blank_for", "blockers", "release"]
