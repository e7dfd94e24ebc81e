"""The annual report record of a body and year, built from the register.

表三: applications received in the year (一、本年新收), those received earlier and still
open on 1 January (二、上年结转), those closed in the year by outcome (三), and those still
open on 31 December (四、结转下年度继续办理) — so 一+二 = （七）总计+四 holds by
construction, and one year's 四 is the next year's 二. A withdrawn request counts under
（六）3.其他 (（六）其他处理 in the 2019 format). 表四: reviews and lawsuits filed in the
year, by their result as known on 31 December (尚未审结 when not decided by then).
表二 and the narrative are what the office entered for the year.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ..check import check
from ..errors import InputError
from ..record import Record
from ..schema import (
    ACTIVE_ITEMS,
    APPLICANT_PARTS,
    OTHER_SPLIT,
    REVIEW_GROUPS,
    REVIEW_PARTS,
    application_rows,
    outcome_keys,
)
from ..store.models import ActiveFigure, Application, Body, ReportText, Review


def report_format(year: int) -> str:
    if year < 2019:
        raise InputError(f"{year} 年：现行年度报告格式自 2019 年度起适用")
    return "2019" if year < 2021 else "2021"


def _by_type(s: Session, *where) -> dict[str, int]:
    q = select(Application.applicant_type, func.count()).where(*where).group_by(Application.applicant_type)
    return dict(s.execute(q).all())


def _row(counts: dict[str, int]) -> dict[str, int]:
    row = {c: int(counts.get(c, 0)) for c in APPLICANT_PARTS}
    row["total"] = sum(row.values())
    return row


def _open_after(day: date):
    """Still open at the end of `day`."""
    return or_(Application.closed_on.is_(None), Application.closed_on > day)


def applications_table(s: Session, body_id: int, year: int, fmt: str) -> dict[str, dict[str, int]]:
    start, end = date(year, 1, 1), date(year, 12, 31)
    mine = Application.body_id == body_id
    out: dict[str, dict[str, int]] = {}
    out["new_received"] = _row(_by_type(s, mine, Application.received_on.between(start, end)))
    out["carried_over"] = _row(
        _by_type(s, mine, Application.received_on < start, _open_after(start - timedelta(days=1)))
    )
    closed: dict[str, dict[str, int]] = defaultdict(dict)
    q = (
        select(Application.outcome, Application.applicant_type, func.count())
        .where(mine, Application.closed_on.between(start, end), Application.outcome.is_not(None))
        .group_by(Application.outcome, Application.applicant_type)
    )
    for outcome, kind, n in s.execute(q):
        printed = "other" if fmt == "2019" and outcome in OTHER_SPLIT else str(outcome)  # 2019: （六） is one row
        closed[printed][kind] = closed[printed].get(kind, 0) + n
    split = fmt == "2021"
    keys = outcome_keys(split)
    for row in application_rows(split):
        if row.key in keys and row.key != "total":
            out[row.key] = _row(closed.get(row.key, {}))
    total = {c: sum(out[k][c] for k in keys if k != "total") for c in (*APPLICANT_PARTS, "total")}
    out["total"] = total
    out["carried_forward"] = _row(_by_type(s, mine, Application.received_on <= end, _open_after(end)))
    order = [r.key for r in application_rows(split)]
    return {k: out[k] for k in order}


def review_table(s: Session, body_id: int, year: int) -> dict[str, dict[str, int]]:
    start, end = date(year, 1, 1), date(year, 12, 31)
    q = select(Review.kind, Review.result, Review.decided_on).where(
        Review.body_id == body_id, Review.filed_on.between(start, end)
    )
    out = {g: dict.fromkeys((*REVIEW_PARTS, "total"), 0) for g, _, _ in REVIEW_GROUPS}
    for kind, result, decided_on in s.execute(q):
        part = result if result and decided_on and decided_on <= end else "pending"
        out[kind][part] += 1
        out[kind]["total"] += 1
    return out


def active_table(s: Session, body_id: int, year: int, fmt: str) -> dict[str, dict]:
    rows = s.execute(select(ActiveFigure).where(ActiveFigure.body_id == body_id, ActiveFigure.year == year)).scalars()
    entered: dict[str, dict] = defaultdict(dict)
    for f in rows:
        v = f.text if f.value is None else (int(f.value) if float(f.value).is_integer() else f.value)
        entered[f.item][f.column] = v
    out = {}
    for item in ACTIVE_ITEMS[fmt]:
        if item.key in entered:
            out[item.key] = {c.key: entered[item.key].get(c.key) for c in item.columns}
            if item.key == "procurement":
                out[item.key]["amount_unit"] = entered[item.key].get("amount_unit")
    return out


def build(s: Session, body: Body, year: int) -> Record:
    """The report record, checked."""
    fmt = report_format(year)
    rec = Record(body=body.name, year=year, format=fmt, region=body.region)
    rec.active_disclosure = active_table(s, body.id, year, fmt)
    rec.applications = applications_table(s, body.id, year, fmt)
    rec.review_litigation = review_table(s, body.id, year)
    rec.sections = {
        t.section: t.text
        for t in s.scalars(select(ReportText).where(ReportText.body_id == body.id, ReportText.year == year))
    }
    rec.findings = check(rec)
    return rec
