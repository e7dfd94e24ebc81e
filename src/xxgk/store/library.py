"""The library as its pages show it: counts for the home page, the corpus's version (what
an answer cached over it depends on), one stored report with its file and copies, and
one body's reports year by year."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..errors import NotFound
from .models import Body, File, Report, ReportFinding, report_figures

F = report_figures.c


def counts(s: Session) -> dict[str, int]:
    """Reports (one per body and year: copies are not counted) and the bodies they are of."""
    return {
        "reports": s.scalar(select(func.count()).where(F.copy_of.is_(None))) or 0,
        "bodies": s.scalar(select(func.count(func.distinct(F.body_id)))) or 0,
    }


def version(s: Session) -> tuple:
    """Changes whenever the corpus does: ingesting adds files and rebuilds the cross-report
    findings, so the newest of each tells (two lookups of a primary key)."""
    return tuple(
        s.execute(
            select(
                select(func.max(File.id)).scalar_subquery(),
                select(func.max(ReportFinding.id)).scalar_subquery(),
            )
        ).one()
    )


def report(s: Session, report_id: int) -> Report:
    r = s.get(Report, report_id)
    if r is None:
        raise NotFound(f"没有编号为 {report_id} 的年报")
    return r


def _corpus_findings(s: Session, ids: list[int]) -> dict[int, list[dict[str, str]]]:
    """The findings across reports (year against year, copies) of each of `ids`."""
    out: dict[int, list[dict[str, str]]] = {}
    for rid, rule, sev, msg in s.execute(
        select(ReportFinding.report_id, ReportFinding.rule, ReportFinding.severity, ReportFinding.message)
        .where(ReportFinding.report_id.in_(ids), ReportFinding.scope == "corpus")
        .order_by(ReportFinding.id)
    ):
        out.setdefault(rid, []).append({"rule": rule, "severity": sev, "message": msg})
    return out


@dataclass(frozen=True, slots=True)
class Stored:
    """A stored report with what its page shows beside the record."""

    report: Report
    file: File | None
    corpus: list[dict[str, str]]  # findings across reports
    copy_of: int | None  # the report this one is a copy of
    copies: list[Any]  # (id, source) of its copies


def stored(s: Session, report_id: int) -> Stored:
    r = report(s, report_id)
    copies = list(
        s.execute(
            select(Report.id, Report.source)
            .join(report_figures, F.report_id == Report.id)
            .where(F.copy_of == r.id)
            .order_by(Report.id)
        )
    )
    return Stored(
        report=r,
        file=s.get(File, r.file_id),
        corpus=_corpus_findings(s, [r.id]).get(r.id, []),
        copy_of=s.scalar(select(F.copy_of).where(F.report_id == r.id)),
        copies=copies,
    )


def body_reports(s: Session, body_id: int) -> tuple[Body, list[dict[str, Any]]]:
    """A body and its reports by year, with their totals (from the figures table: no
    record is read) and their findings across reports."""
    b = s.get(Body, body_id)
    if b is None:
        raise NotFound(f"没有编号为 {body_id} 的机关")
    reports = list(
        s.execute(
            select(
                Report.id,
                Report.year,
                Report.format,
                Report.errors,
                Report.warnings,
                Report.published_on,
                F.a_carried_over.label("carried_over"),
                F.a_new_received.label("new_received"),
                F.a_carried_forward.label("carried_forward"),
                F.copy_of,
            )
            .join(report_figures, F.report_id == Report.id)
            .where(Report.body_id == body_id)
            .order_by(Report.year, Report.id)
        )
    )
    found = _corpus_findings(s, [r.id for r in reports])
    return b, [dict(r._mapping) | {"corpus": found.get(r.id, [])} for r in reports]
