"""Questions over the corpus: totals by year, outcome shares, applicant types, how often
reviews and courts correct the agency, reports with problems. The command line, the
exports and the dashboard all ask through here. Each question is one aggregate over the
wide figures table, filtered by region, level, year, body and errors."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from ..schema import APPLICANT_COLUMNS, APPLICATION_ROWS
from .models import Body, Cell, Report, ReportFinding, report_figures
from .regions import child, expand

F = report_figures.c
LEVELS = ("国务院部门", "省", "市", "县", "乡")
PROBLEMS = {"missing": "缺少表格的报告", "late": "逾期发布的报告"}

# 表三's outcome rows gathered as the format groups them under 三、本年度办理结果.
OUTCOME_GROUPS: tuple[tuple[str, str, tuple[str, ...]], ...] = tuple(
    (key, label, tuple(r.key for r in APPLICATION_ROWS if r.key == key or r.group == label))
    for key, label in (("granted", "（一）予以公开"), ("partially_granted", "（二）部分公开"), ("withheld", "（三）不予公开"),
                       ("unavailable", "（四）无法提供"), ("not_handled", "（五）不予处理"), ("other", "（六）其他处理"))
)


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
            out.append(F.body_id.in_(select(Body.id).where(or_(Body.name.contains(self.body),
                                                                  Body.key.contains(self.body)))))
        if self.has_errors:
            out.append(F.errors > 0)
        if self.problem == "missing":
            out.append(F.report_id.in_(select(ReportFinding.report_id).where(ReportFinding.rule == "missing.table")))
        elif self.problem == "late":
            out.append(F.late.is_(True))
        return out

    def describe(self) -> str:
        full = expand(self.region) if self.region else None
        region = self.region if full == self.region else f"{self.region}（{full}）"
        parts = [f"地区 {region}" if region else "", f"层级 {self.level}" if self.level else "",
                 f"{self.year} 年度" if self.year else "", f"机关含“{self.body}”" if self.body else "",
                 "仅有错误的报告" if self.has_errors else "", PROBLEMS.get(self.problem or "", "")]
        return "，".join(p for p in parts if p) or "全部报告"


def _count(cond) -> Any:
    """How many rows meet `cond`."""
    return _sum(case((cond, 1), else_=0))


def _sum(col) -> Any:
    return func.coalesce(func.sum(col), 0)


def totals_by_year(s: Session, f: Filters) -> list[dict]:
    reviews = F.r_review_total
    lawsuits = func.coalesce(F.r_litigation_direct_total, 0) + func.coalesce(F.r_litigation_after_review_total, 0)
    q = (select(F.year, func.count(), _sum(F.a_new_received), _sum(F.a_carried_over), _sum(F.a_total),
                _sum(F.a_carried_forward), _sum(reviews), _sum(lawsuits))
         .where(F.year.is_not(None), *f.where()).group_by(F.year).order_by(F.year))
    keys = ("year", "reports", "new_received", "carried_over", "closed", "carried_forward", "reviews", "lawsuits")
    return [dict(zip(keys, map(int, row))) for row in s.execute(q)]


def outcomes(s: Session, f: Filters) -> list[dict]:
    cols = [_sum(sum((func.coalesce(getattr(F, f"a_{k}"), 0) for k in keys), start=0)) for _, _, keys in OUTCOME_GROUPS]
    row = s.execute(select(*cols).where(*f.where())).one()
    total = sum(row) or 0
    return [{"outcome": key, "label": label, "count": int(n), "share": (n / total) if total else None}
            for (key, label, _), n in zip(OUTCOME_GROUPS, row)]


def applicants(s: Session, f: Filters) -> list[dict]:
    parts = APPLICANT_COLUMNS[:-1]
    row = s.execute(select(*[_sum(getattr(F, f"n_{c.key}")) for c in parts]).where(*f.where())).one()
    total = sum(row) or 0
    return [{"type": c.key, "label": c.label, "count": int(n), "share": (n / total) if total else None}
            for c, n in zip(parts, row)]


def corrections(s: Session, f: Filters, min_count: int = 10) -> list[dict]:
    """Share of decided cases in which the agency was corrected (结果纠正 / 维持+纠正+其他);
    no rate below `min_count` decided cases — a rate of 1 in 2 says nothing."""
    out = []
    for key, label, groups in (("review", "行政复议", ("review",)),
                               ("litigation", "行政诉讼", ("litigation_direct", "litigation_after_review"))):
        corrected = sum((func.coalesce(getattr(F, f"r_{g}_corrected"), 0) for g in groups), start=0)
        decided = sum((func.coalesce(getattr(F, f"r_{g}_{c}"), 0) for g in groups for c in ("upheld", "corrected", "other")),
                      start=0)
        pending = sum((func.coalesce(getattr(F, f"r_{g}_pending"), 0) for g in groups), start=0)
        c, d, p = s.execute(select(_sum(corrected), _sum(decided), _sum(pending)).where(*f.where())).one()
        out.append({"kind": key, "label": label, "corrected": int(c), "decided": int(d), "pending": int(p),
                    "rate": (c / d) if d >= min_count else None, "min_count": min_count})
    return out


def by_region(s: Session, f: Filters, min_count: int = 10) -> dict:
    """The chosen region compared area by area one level down — the country by province, a
    province by city, a city by county — and within a county body by body."""
    parent = expand(f.region) if f.region else ""
    withheld = sum((func.coalesce(getattr(F, f"a_{k}"), 0) for key, _, keys in OUTCOME_GROUPS if key == "withheld"
                    for k in keys), start=0)
    decided = sum((func.coalesce(getattr(F, f"r_review_{c}"), 0) for c in ("upheld", "corrected", "other")), start=0)
    figures = (func.count(), _sum(F.a_new_received), _sum(F.a_total), _sum(withheld), _sum(F.r_review_corrected),
               _sum(decided), _count(F.errors > 0), _count(F.late.is_(True)))
    # Grouped by an expression, not the column: SQLite would walk the region index and fetch
    # every row by its id, three times slower than reading the table through.
    area = func.coalesce(F.region, "")
    rows = s.execute(select(area, *figures).where(*f.where()).group_by(area)).all()
    by_body = bool(parent) and all(child(r[0], parent) == r[0] == parent for r in rows)
    groups: dict[tuple, list] = {}  # (name, region to look into, body id) → figures
    if by_body:  # a county, or any area without areas below it here
        q = (select(Body.id, func.coalesce(Body.name, "（未识别机关）"), *figures).select_from(report_figures)
             .outerjoin(Body, Body.id == F.body_id).where(*f.where()).group_by(Body.id, Body.name))
        groups = {(name, None, body_id): list(v) for body_id, name, *v in s.execute(q)}
    else:
        for region, *v in rows:
            name = child(region, parent) if region else None  # "": no region known
            key = (f"{name}（本级）", None, None) if name == parent else (name or "（未识别地区）", name, None)
            groups[key] = [a + b for a, b in zip(groups[key], v)] if key in groups else list(v)
    if len(groups) == 1 and (only := next(iter(groups))[1]):  # one area only: compare what is inside it
        return by_region(s, replace(f, region=only), min_count)
    out = []
    for (name, region, body_id), (n, new, closed, held, corrected, dec, errors, late) in groups.items():
        out.append({"name": name, "region": region, "body_id": body_id, "reports": int(n), "new_received": int(new),
                    "closed": int(closed), "withheld_share": held / closed if closed else None,
                    "review_rate": corrected / dec if dec >= min_count else None,
                    "with_errors": int(errors), "late": int(late)})
    out.sort(key=lambda r: (-r["new_received"], r["name"]))
    return {"by": "机关" if by_body else "地区", "within": parent, "rows": out, "min_count": min_count}


def quality(s: Session, f: Filters) -> dict:
    missing = select(ReportFinding.report_id).where(ReportFinding.rule == "missing.table")
    row = s.execute(select(func.count(), _count(F.errors > 0), _count(F.report_id.in_(missing)),
                           _count(F.late.is_(True))).where(*f.where())).one()
    return dict(zip(("reports", "with_errors", "missing_tables", "late"), map(int, row)))


def reports(s: Session, f: Filters, *, severity: str | None = "error", limit: int = 50) -> list[dict]:
    """Reports (with findings of `severity`, or all when None), worst first."""
    q = (select(Report.id, Report.year, Report.source, Report.errors, Report.warnings,
                func.coalesce(Body.name, Report.body_name).label("body"))
         .join(report_figures, F.report_id == Report.id).outerjoin(Body, Body.id == Report.body_id)
         .where(*f.where()).order_by(Report.errors.desc(), Report.warnings.desc(), Report.id).limit(limit))
    if severity:
        q = q.where(Report.id.in_(select(ReportFinding.report_id).where(ReportFinding.severity == severity)))
    rows = [dict(r._mapping) for r in s.execute(q)]
    if rows:
        found = s.execute(select(ReportFinding.report_id, ReportFinding.rule, ReportFinding.severity, ReportFinding.message)
                          .where(ReportFinding.report_id.in_([r["id"] for r in rows])).order_by(ReportFinding.id))
        by: dict[int, list[dict]] = {}
        for rid, rule, sev, msg in found:
            by.setdefault(rid, []).append({"rule": rule, "severity": sev, "message": msg})
        for r in rows:
            r["findings"] = by.get(r["id"], [])
    return rows


def cell_rows(s: Session, f: Filters):
    """Every cell of the matching reports: body, year, table, row, column, value."""
    q = (select(func.coalesce(Body.name, Report.body_name).label("body"), Report.year, Report.format, Cell.table,
                Cell.row, Cell.column, Cell.value, Cell.text, Cell.blank, Report.source, Body.region_name,
                Body.region)
         .join(Report, Report.id == Cell.report_id).join(report_figures, F.report_id == Report.id)
         .outerjoin(Body, Body.id == Report.body_id).where(*f.where())
         .order_by(Report.id, Cell.table, Cell.row, Cell.column))
    return s.execute(q)


def finding_rows(s: Session, f: Filters):
    q = (select(func.coalesce(Body.name, Report.body_name).label("body"), Report.year, ReportFinding.scope,
                ReportFinding.rule, ReportFinding.severity, ReportFinding.message, Report.source)
         .join(Report, Report.id == ReportFinding.report_id).join(report_figures, F.report_id == Report.id)
         .outerjoin(Body, Body.id == Report.body_id).where(*f.where()).order_by(Report.id, ReportFinding.id))
    return s.execute(q)


