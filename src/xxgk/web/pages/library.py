"""数据看板 and the library of reports: the dashboard, the list, the CSV export, adding
reports, a report's page and a body's page."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, StreamingResponse
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...record import Record
from ...register import service
from ...store import queries
from ...store.figures import Frame
from ...store.figures import load as load_frame
from ...store.models import Body, Report, ReportFinding, report_figures
from ...store.models import File as StoredFile
from .. import views
from ..auth import check_form_csrf, require
from ..params import Id, MinCount, year_or_none
from .common import MAX_UPLOAD, Upload, download, page, render, today, uploaded

router = APIRouter(include_in_schema=False)


# ------------------------------------------------------------------ 数据看板
class Answers:
    """Answers to questions over the corpus, each computed once per state of the corpus,
    and the corpus's figures in memory (store/figures.py), loaded once per state.

    The corpus changes only by ingesting, which adds files and rebuilds the cross-report
    findings: the newest file and finding ids tell whether an answer is still current
    (two lookups of a primary key). Kept per application (one database), the last 256.
    """

    def __init__(self, size: int = 256):
        self.size, self.items, self.lock = size, OrderedDict(), threading.Lock()
        self.frame: tuple[tuple, Frame] | None = None

    def version(self, s: Session) -> tuple:
        return tuple(
            s.execute(
                select(
                    select(func.max(StoredFile.id)).scalar_subquery(),
                    select(func.max(ReportFinding.id)).scalar_subquery(),
                )
            ).one()
        )

    def figures(self, s: Session, version: tuple) -> Frame:
        with self.lock:
            if self.frame is None or self.frame[0] != version:
                self.frame = (version, load_frame(s))
            return self.frame[1]

    def get(self, s: Session, key: tuple, compute: Callable[[Callable[[], Frame]], Any]) -> Any:
        """The answer to `key`; `compute` is given the way to the figures, loaded only if it asks."""
        version = self.version(s)
        k = (key, version)
        with self.lock:
            if k in self.items:
                self.items.move_to_end(k)
                return self.items[k]
        answer = compute(lambda: self.figures(s, version))
        with self.lock:
            self.items[k] = answer
            while len(self.items) > self.size:
                self.items.popitem(last=False)
        return answer


def _filters(region: str, level: str, year: str, body: str, errors: str, problem: str = "") -> queries.Filters:
    return queries.Filters(
        region=region.strip() or None,
        level=level or None,
        year=year_or_none(year),
        body=body.strip() or None,
        has_errors=errors == "1",
        problem=problem if problem in queries.PROBLEMS else None,
    )


@router.get("/dashboard", response_class=HTMLResponse)
def dashboard(
    request: Request,
    region: str = "",
    level: str = "",
    year: str = "",
    body: str = "",
    errors: str = "",
    min_count: MinCount = 10,
    ctx=Depends(page),
):
    s, w = ctx
    f = _filters(region, level, year, body, errors)

    def answers(figures: Callable[[], Frame]) -> dict[str, Any]:
        frame = figures()
        fig = frame.where(f)
        totals, outcomes, applicants = fig.totals_by_year(), fig.outcomes(), fig.applicants()
        corrections = fig.corrections(min_count)
        return dict(
            years=frame.years,
            totals=totals,
            outcomes=outcomes,
            applicants=applicants,
            corrections=corrections,
            quality=fig.quality(),
            problems=queries.report_rows(s, fig.worst(20)),
            regions=fig.by_region(min_count),
            charts=views.charts(totals, outcomes, applicants, corrections),
        )

    gap = ""
    if w.role == "admin":  # until next year's holidays are entered, no due date can be computed
        stuck = service.queue(s, today(), no_due=True, limit=1000)
        gap = f"有 {len(stuck)} 件办理中的申请期限无法计算：{service.calendar_gap(s, stuck)}" if stuck else ""
    return render(
        request,
        w,
        "dashboard.html",
        f=f,
        min_count=min_count,
        calendar_gap=gap,
        form={"region": region, "level": level, "year": year, "body": body, "errors": errors},
        **request.app.state.answers.get(s, ("dashboard", f, min_count), answers),
    )


@router.get("/reports", response_class=HTMLResponse)
def report_list(
    request: Request,
    region: str = "",
    level: str = "",
    year: str = "",
    body: str = "",
    errors: str = "",
    problem: str = "",
    ctx=Depends(page),
):
    s, w = ctx
    f = _filters(region, level, year, body, errors, problem)
    rows = request.app.state.answers.get(s, ("reports", f), lambda _: queries.reports(s, f, severity=None, limit=200))
    return render(
        request,
        w,
        "reports.html",
        rows=rows,
        f=f,
        form={
            "region": region,
            "level": level,
            "year": year,
            "body": body,
            "errors": errors,
            "problem": f.problem or "",
        },
    )


@router.get("/reports/export.csv")
def report_export(
    request: Request,
    region: str = "",
    level: str = "",
    year: str = "",
    body: str = "",
    errors: str = "",
    problem: str = "",
):
    """Every cell of the reports the filters select, one row each (CSV with a BOM: Excel
    opens it in Chinese). Written to a file that spills to disk, then sent: a national corpus has millions of cells."""
    import csv
    import io
    import tempfile

    from ...store import export
    from ...tabular import neutral

    f = _filters(region, level, year, body, errors, problem)

    # Written whole in this thread into a file that spills to disk past 1 MB, then sent: a
    # response streamed from the database would hold a connection between the chunks,
    # each sent from another worker thread (api.Route says why that must not be).
    out = tempfile.SpooledTemporaryFile(1 << 20, mode="w+b")  # noqa: SIM115 - closed by the response when sent
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")
    writer = csv.writer(text)
    writer.writerow(export.CELL_HEADERS)
    with request.app.state.sessions() as s:
        for row in export.cells(s, f, public=True):
            writer.writerow(["" if v is None else neutral(v) for v in row])
    text.flush()
    text.detach()
    out.seek(0)

    def chunks():
        with out:
            while chunk := out.read(1 << 16):
                yield chunk

    return StreamingResponse(
        chunks(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote('年报单元格.csv')}"},
    )


@router.post("/reports/upload", response_class=HTMLResponse)
def reports_upload(
    request: Request, files: list[UploadFile] = File(default=[]), csrf: str = Form(""), ctx=Depends(page)
):
    """A supervising office adds the reports it has collected to the library."""
    s, w = ctx
    require(w, "supervisor", "admin")
    check_form_csrf(w, request, csrf)
    items = uploaded(files)
    if not items:
        raise HTTPException(400, "请选择要加入年报库的文件")
    result = _add_to_library(s, request.app.state.uploads, items)
    return render(request, w, "reports_added.html", **result)


def _add_to_library(s: Session, folder: Path, items: list[Upload]) -> dict[str, Any]:
    import hashlib
    from dataclasses import replace

    from ...sandbox import UPLOAD
    from ...store.ingest import SUFFIXES, ingest, local_engine

    refused, saved = [], {}
    day = folder / date.today().isoformat()
    for item in items:
        name = Path(item.name.replace("\\", "/")).name or "未命名"
        if Path(name).suffix.lower() not in SUFFIXES:
            refused.append(f"{name}：不是能读取的年报文件类型（PDF、Word、网页、Excel、文本）")
        elif len(data := item.read()) > MAX_UPLOAD:
            refused.append(f"{name}：文件超过 {MAX_UPLOAD >> 20} MB")
        else:
            day.mkdir(parents=True, exist_ok=True)
            path = day / f"{hashlib.sha256(data).hexdigest()[:12]}-{name}"  # the same name twice is two files
            path.write_bytes(data)
            saved[str(path)] = name
    # Read first, each file in a child process, while no database connection is held;
    # then stored as an ingest stores them.
    read = local_engine(0, UPLOAD)
    outcomes = {o.path: o for o in read([(path, "", 0) for path in saved])}
    tally = (
        ingest(s, list(saved), lambda jobs: (replace(outcomes[p], sha256=sha, size=n) for p, sha, n in jobs))
        if saved
        else None
    )
    failures = [reason.replace(path, saved.get(path, path)) for path, reason in (tally.failures if tally else [])]
    return {"tally": tally, "refused": refused + failures}


def _stored_report(s: Session, report_id: int) -> Report:
    r = s.get(Report, report_id)
    if r is None:
        raise HTTPException(404, f"没有编号为 {report_id} 的年报")
    return r


@router.get("/reports/{report_id}", response_class=HTMLResponse)
def report_page(request: Request, report_id: Id, ctx=Depends(page)):
    s, w = ctx
    r = _stored_report(s, report_id)
    rec = Record.from_json(r.record)
    corpus = list(
        s.execute(
            select(ReportFinding.rule, ReportFinding.severity, ReportFinding.message).where(
                ReportFinding.report_id == r.id, ReportFinding.scope == "corpus"
            )
        )
    )
    f = s.get(StoredFile, r.file_id)
    F = report_figures.c
    copy_of = s.scalar(select(F.copy_of).where(F.report_id == r.id))
    copies = list(
        s.execute(
            select(Report.id, Report.source)
            .join(report_figures, F.report_id == Report.id)
            .where(F.copy_of == r.id)
            .order_by(Report.id)
        )
    )
    return render(
        request,
        w,
        "report.html",
        r=r,
        rec=rec,
        summary=views.summary(rec),
        file=f,
        tables=views.marked_tables(rec),
        findings=views.findings_view(rec),
        corpus=corpus,
        copy_of=copy_of,
        copies=copies,
    )


@router.get("/reports/{report_id}/download/{to}")
def report_download(request: Request, report_id: Id, to: str, ctx=Depends(page)):
    r = _stored_report(ctx.s, report_id)
    return download(Record.from_json(r.record), f"{r.body_name or '年报'}-{r.year or ''}", to)


@router.get("/bodies/{body_id}", response_class=HTMLResponse)
def body_page(request: Request, body_id: Id, ctx=Depends(page)):
    s, w = ctx
    b = s.get(Body, body_id)
    if b is None:
        raise HTTPException(404, f"没有编号为 {body_id} 的机关")
    F = report_figures.c  # the figures table holds the totals: no record to read
    reports = list(
        s.execute(
            select(
                Report.id,
                Report.year,
                Report.format,
                Report.errors,
                Report.warnings,
                Report.published_on,
                F.a_carried_over,
                F.a_new_received,
                F.a_carried_forward,
                F.copy_of,
            )
            .join(report_figures, F.report_id == Report.id)
            .where(Report.body_id == body_id)
            .order_by(Report.year, Report.id)
        )
    )
    found = {}
    for rid, rule, sev, msg in s.execute(
        select(ReportFinding.report_id, ReportFinding.rule, ReportFinding.severity, ReportFinding.message).where(
            ReportFinding.report_id.in_([r.id for r in reports]), ReportFinding.scope == "corpus"
        )
    ):
        found.setdefault(rid, []).append({"rule": rule, "severity": sev, "message": msg})
    rows = [
        {
            "id": r.id,
            "year": r.year,
            "format": r.format,
            "errors": r.errors,
            "warnings": r.warnings,
            "published_on": r.published_on,
            "carried_over": r.a_carried_over,
            "new_received": r.a_new_received,
            "carried_forward": r.a_carried_forward,
            "copy_of": r.copy_of,
            "corpus": found.get(r.id, []),
        }
        for r in reports
    ]
    return render(request, w, "body.html", b=b, rows=rows)
