"""Questions over the corpus: totals by year, outcome shares, applicant types, how often
reviews and courts correct the agency, reports with problems. The command line, the
exports and the dashboard all ask through here, filtered by region, level, year, body,
errors and problems (`Filters`): the figures' answers are computed in memory
(store/figures.py), the lists of reports and cells by SQL with the same filters."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from .figures import figures
from .models import Body, Cell, Report, ReportFinding, report_figures
from .regions import expand

F = report_figures.c
LEVELS = ("国务院部门", "省", "市", "县", "乡")
PROBLEMS = {"missing": "缺少表格的报告", "late": "逾期发布的报告"}


@dataclass(frozen=True)
class Filters:
    region: str | None = None  # a region's name or code: 北京市, 淮安市洪泽区, 320813…
    level: str | None = None
    year: int | None = None
    body: str | None = None  # part of the body's name
    has_errors: bool = False
    problem: str | None = None  # "missing": a table missing; "late": published after the statutory date

    def where(self) -> list[Any]:
        out: list[Any] = [F.copy_of.is_(None)]  # one report per body and year: copies never count (store/copies.py)
        if self.region:
            out.append(F.region.like(f"{expand(self.region)}%"))
        if self.level:
            out.append(F.level == self.level)
        if self.year:
            out.append(F.year == self.year)
        if self.body:
            out.append(
                F.body_id.in_(select(Body.id).where(or_(Body.name.contains(self.body), Body.key.contains(self.body))))
            )
        if self.has_errors:
            out.append(F.errors > 0)
        if self.problem == "missing":
            out.append(F.missing.is_(True))
        elif self.problem == "late":
            out.append(F.late.is_(True))
        return out

    def describe(self) -> str:
        full = expand(self.region) if self.region else None
        region = self.region if full == self.region else f"{self.region}（{full}）"
        parts = [
            f"地区 {region}" if region else "",
            f"层级 {self.level}" if self.level else "",
            f"{self.year} 年度" if self.year else "",
            f"机关含“{self.body}”" if self.body else "",
            "仅有错误的报告" if self.has_errors else "",
            PROBLEMS.get(self.problem or "", ""),
        ]
        return "，".join(p for p in parts if p) or "全部报告"


# The answers over the figures: store/figures.py computes them (in memory, for the
# dashboard's many filters); these are the command line's and the tests' way in.
def totals_by_year(s: Session, f: Filters) -> list[dict]:
    return figures(s, f).totals_by_year()


def outcomes(s: Session, f: Filters) -> list[dict]:
    return figures(s, f).outcomes()


def applicants(s: Session, f: Filters) -> list[dict]:
    return figures(s, f).applicants()


def corrections(s: Session, f: Filters, min_count: int = 10) -> list[dict]:
    return figures(s, f).corrections(min_count)


def by_region(s: Session, f: Filters, min_count: int = 10) -> dict:
    return figures(s, f).by_region(min_count)


def quality(s: Session, f: Filters) -> dict:
    return figures(s, f).quality()


def reports(s: Session, f: Filters, *, severity: str | None = "error", limit: int = 50) -> list[dict]:
    """Reports (with findings of `severity`, or all when None), worst first."""
    q = (
        select(Report.id)
        .join(report_figures, F.report_id == Report.id)
        .where(*f.where())
        .order_by(Report.errors.desc(), Report.warnings.desc(), Report.id)
        .limit(limit)
    )
    if severity:
        q = q.where(Report.id.in_(select(ReportFinding.report_id).where(ReportFinding.severity == severity)))
    return report_rows(s, list(s.scalars(q)))


def report_rows(s: Session, ids: list[int]) -> list[dict]:
    """The reports of `ids`, in that order, each with its findings."""
    if not ids:
        return []
    q = (
        select(
            Report.id,
            Report.year,
            Report.source,
            Report.errors,
            Report.warnings,
            func.coalesce(Body.name, Report.body_name).label("body"),
        )
        .outerjoin(Body, Body.id == Report.body_id)
        .where(Report.id.in_(ids))
    )
    rows = {r.id: dict(r._mapping) for r in s.execute(q)}
    by: dict[int, list[dict]] = {}
    for rid, rule, sev, msg in s.execute(
        select(ReportFinding.report_id, ReportFinding.rule, ReportFinding.severity, ReportFinding.message)
        .where(ReportFinding.report_id.in_(ids))
        .order_by(ReportFinding.id)
    ):
        by.setdefault(rid, []).append({"rule": rule, "severity": sev, "message": msg})
    return [rows[i] | {"findings": by.get(i, [])} for i in ids if i in rows]


def cell_rows(s: Session, f: Filters):
    """Every cell of the matching reports: body, year, table, row, column, value."""
    q = (
        select(
            func.coalesce(Body.name, Report.body_name).label("body"),
            Report.year,
            Report.format,
            Cell.table,
            Cell.row,
            Cell.column,
            Cell.value,
            Cell.text,
            Cell.blank,
            Report.source,
            Body.region_name,
            Body.region,
        )
        .join(Report, Report.id == Cell.report_id)
        .join(report_figures, F.report_id == Report.id)
        .outerjoin(Body, Body.id == Report.body_id)
        .where(*f.where())
        .order_by(Report.id, Cell.table, Cell.row, Cell.column)
    )
    return s.execute(q)


def finding_rows(s: Session, f: Filters):
    q = (
        select(
            func.coalesce(Body.name, Report.body_name).label("body"),
            Report.year,
            ReportFinding.scope,
            ReportFinding.rule,
            ReportFinding.severity,
            ReportFinding.message,
            Report.source,
        )
        .join(Report, Report.id == ReportFinding.report_id)
        .join(report_figures, F.report_id == Report.id)
        .outerjoin(Body, Body.id == Report.body_id)
        .where(*f.where())
        .order_by(Report.id, ReportFinding.id)
    )
    return s.execute(q)
