"""One report per body and year: when a report was collected in several forms (its PDF,
a crawler's text, a transcription), the best-read file counts and the others are linked
to it as copies (report_figures.copy_of), left out of every count and list.

Best read: fewest cells unread or in doubt, then most cells read, then fewest errors
(two files of one report differ in errors only by how they were read), then the first
stored. Whether a copy's figures differ from the counted file's is check/corpus.py's
business (X-DUP).
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from .models import Report, report_figures
from .rows import doubts, filled


def rank(r: dict) -> tuple:
    return (r["doubts"] or 0, -(r["filled"] or 0), r["errors"] or 0, r["report_id"])


def choose(rows: list[dict]) -> dict[int, int | None]:
    """Report id → the id of the report it is a copy of (None: it counts)."""
    groups: dict[tuple, list[dict]] = defaultdict(list)
    out: dict[int, int | None] = {}
    for r in rows:
        if r["body_id"] and r["year"]:
            groups[(r["body_id"], r["year"])].append(r)
        else:  # without a body or a year nothing says what it is a copy of
            out[r["report_id"]] = None
    for rs in groups.values():
        best = min(rs, key=rank)["report_id"]
        out |= {r["report_id"]: None if r["report_id"] == best else best for r in rs}
    return out


def link_copies(s: Session, rows: list[dict]) -> None:
    """Fill in how well reports stored before migration 0007 were read, choose the file
    that counts for each body and year, and store the links that changed (rows too)."""
    unknown = [r for r in rows if r["doubts"] is None]
    if unknown:
        q = select(Report.id, Report.record).where(Report.id.in_([r["report_id"] for r in unknown]))
        records = {rid: record for rid, record in s.execute(q)}
        for r in unknown:
            r["doubts"], r["filled"] = doubts(records[r["report_id"]]), filled(records[r["report_id"]])
    links = choose(rows)
    filled_in = {r["report_id"] for r in unknown}
    changed = [r for r in rows if r["report_id"] in filled_in or r["copy_of"] != links[r["report_id"]]]
    for r in rows:
        r["copy_of"] = links[r["report_id"]]
    if changed:
        F = report_figures.c
        s.execute(
            update(report_figures)
            .where(F.report_id == bindparam("rid"))
            .values(copy_of=bindparam("c"), doubts=bindparam("d"), filled=bindparam("n")),
            [{"rid": r["report_id"], "c": r["copy_of"], "d": r["doubts"], "n": r["filled"]} for r in changed],
        )
