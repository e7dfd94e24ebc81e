"""数据看板 and the library of reports: the dashboard, the list, the CSV export, adding
reports, a report's page and a body's page."""

from __future__ import annotations

import csv
import hashlib
import io
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, StreamingResponse
from sqlalchemy.orm import Session

from ... import sandbox
from ...errors import InputError
from ...record import Record
from ...register import service
from ...store import export, library, queries
from ...store.figures import Frame
from ...store.ingest import SUFFIXES, ingest, local_engine
from ...tabular import neutral
from .. import views
from ..auth import check_form_csrf, require
from ..params import Id, MinCount, year_or_none
from .common import MAX_UPLOAD, Upload, attachment, download, page, render, today, uploaded

router = APIRouter(include_in_schema=False)


# ------------------------------------------------------------------ 数据看板
@dataclass(frozen=True)
class Chosen:
    """What a library page was asked to show (region, level, year, body, errors, problem),
    as filters and as the form that shows the choice again."""

    filters: queries.Filters
    form: dict[str, str]

    def overall(self) -> Chosen:
        """Without the problem filter: the dashboard counts every report."""
        return Chosen(replace(self.filters, problem=None), self.form | {"problem": ""})


def chosen(
    region: str = "", level: str = "", year: str = "", body: str = "", errors: str = "", problem: str = ""
) -> Chosen:
    f = queries.Filters(
        region=region.strip() or None,
        level=level or None,
        year=year_or_none(year),
        body=body.strip() or None,
        has_errors=errors == "1",
        problem=problem if problem in queries.PROBLEMS else None,
    )
    form = {"region": region, "level": level, "year": year, "body": body, "errors": errors, "problem": f.problem or ""}
    return Chosen(f, form)


@router.get("/dashboard", response_class=HTMLResponse)
def dashboard(request: Request, min_count: MinCount = 10, asked: Chosen = Depends(chosen), ctx=Depends(page)):
    s, w = ctx
    asked = asked.overall()
    f = asked.filters

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
        form=asked.form,
        **request.app.state.answers.get(s, ("dashboard", f, min_count), answers),
    )


@router.get("/reports", response_class=HTMLResponse)
def report_list(request: Request, asked: Chosen = Depends(chosen), ctx=Depends(page)):
    s, w = ctx
    f = asked.filters
    rows = request.app.state.answers.get(s, ("reports", f), lambda _: queries.reports(s, f, severity=None, limit=200))
    return render(
        request,
        w,
        "reports.html",
        rows=rows,
        f=f,
        form=asked.form,
    )


@router.get("/reports/export.csv")
def report_export(request: Request, asked: Chosen = Depends(chosen)):
    """Every cell of the reports the filters select, one row each (CSV with a BOM: Excel
    opens it in Chinese). Written to a file that spills to disk, then sent: a national corpus has millions of cells."""
    f = asked.filters

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
        headers=attachment("年报单元格.csv"),
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
        raise InputError("请选择要加入年报库的文件")
    result = _add_to_library(s, request.app.state.uploads, items)
    return render(request, w, "reports_added.html", **result)


def _add_to_library(s: Session, folder: Path, items: list[Upload]) -> dict[str, Any]:
    refused, saved = [], {}
    day = folder / date.today().isoformat()
    for item in items:
        name = Path(item.name.replace("\\", "/")).name or "未命名"
        if Path(name).suffix.lower() not in SUFFIXES:
            refused.append(f"{name}：不是能读取的年报文件类型（PDF、Word、网页、Excel、文本、扫描图片）")
        elif len(data := item.read()) > MAX_UPLOAD:
            refused.append(f"{name}：文件超过 {MAX_UPLOAD >> 20} MB")
        else:
            day.mkdir(parents=True, exist_ok=True)
            path = day / f"{hashlib.sha256(data).hexdigest()[:12]}-{name}"  # the same name twice is two files
            path.write_bytes(data)
            saved[str(path)] = name
    # Read first, each file in a child process, while no database connection is held;
    # then stored as an ingest stores them.
    read = local_engine(0, sandbox.UPLOAD)
    outcomes = {o.path: o for o in read([(path, "", 0) for path in saved])}
    tally = (
        ingest(s, list(saved), lambda jobs: (replace(outcomes[p], sha256=sha, size=n) for p, sha, n in jobs))
        if saved
        else None
    )
    failures = [reason.replace(path, saved.get(path, path)) for path, reason in (tally.failures if tally else [])]
    return {"tally": tally, "refused": refused + failures}


@router.get("/reports/{report_id}", response_class=HTMLResponse)
def report_page(request: Request, report_id: Id, ctx=Depends(page)):
    s, w = ctx
    got = library.stored(s, report_id)
    rec = Record.from_json(got.report.record)
    return render(
        request,
        w,
        "report.html",
        r=got.report,
        rec=rec,
        summary=views.summary(rec),
        file=got.file,
        tables=views.marked_tables(rec),
        findings=views.findings_view(rec),
        corpus=got.corpus,
        copy_of=got.copy_of,
        copies=got.copies,
    )


@router.get("/reports/{report_id}/download/{to}")
def report_download(request: Request, report_id: Id, to: str, ctx=Depends(page)):
    r = library.report(ctx.s, report_id)
    return download(Record.from_json(r.record), f"{r.body_name or '年报'}-{r.year or ''}", to)


@router.get("/bodies/{body_id}", response_class=HTMLResponse)
def body_page(request: Request, body_id: Id, ctx=Depends(page)):
    s, w = ctx
    b, rows = library.body_reports(s, body_id)
    return render(request, w, "body.html", b=b, rows=rows)
