"""The web pages: 年报体检 (check a report), 数据看板 (the corpus), 依申请台账 (the register),
管理 (users and calendar), and logging in and out.

Pages are server-rendered (Jinja2) and work without scripts; the dashboard's charts are
ECharts, served from our own static files. Every form that changes something carries
the CSRF token of its page. Endpoints are plain functions: FastAPI runs them in its
thread pool, so reading an uploaded PDF or waiting for a lock holds up no other request.
A form's fields are read on the event loop (`posted`), where the body arrives; what is
done with them runs in the endpoint's one thread (the rule is api.Route's).
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response, StreamingResponse
from jinja2 import Environment, PackageLoader, select_autoescape
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from ..record import Record, file_name
from ..register import service
from ..register.events import APPLICANT_TYPES, CHANNELS, KINDS, OUTCOMES, PARTIES, STATUSES, possible
from ..render.gate import REQUIRED, blank_for, blockers
from ..store import queries
from ..store.accounts import (ROLES, SESSION_DAYS, AccountError, LoginLocked, add_user, authenticate, change_password,
                              close_session, open_session, set_active)
from ..store.figures import Frame
from ..store.figures import load as load_frame
from ..store.models import Application, Body, CheckResult, Report, ReportFinding, User, report_figures
from ..store.models import File as StoredFile
from . import views
from .api import db, reader
from .auth import COOKIE, LOGIN_CSRF, SAFE, Forbidden, LoginRequired, Who, check_form_csrf, new_login_csrf, require, who
from .limits import TOO_MANY, client_address
from .params import Id, MinCount, QueryId, QueryYear, Year, year_or_none

EVENT_FORMS = ("correction_requested", "correction_received", "consultation_started", "consultation_ended",
               "extension_approved", "fee_notice", "fee_paid", "answered", "withdrawn")
EVENT_HINTS = {  # what the statute says of each step, under its form
    "correction_requested": "收到申请之日起 7 个工作日内一次性告知需要补正的事项（第三十条）；收到补正后答复期限重新计算。",
    "correction_received": "答复期限自收到补正之日起重新计算（第三十条）；无正当理由逾期不补正的，按“逾期不补正”办结。",
    "consultation_started": "征求第三方（第三十二条）或其他机关（第三十四条）意见，所需时间不计算在答复期限内；对方 15 个工作日内答复。",
    "consultation_ended": "记录收到意见或期满之日，答复期限从次日起继续计算。",
    "extension_approved": "需经政府信息公开工作机构负责人同意并告知申请人，延长不超过 20 个工作日（第三十三条）。",
    "fee_notice": "按国办函〔2020〕109号计收信息处理费，申请人应在 20 个工作日内缴纳；等待缴费的时间默认不计入答复期限。",
    "fee_paid": "逾期未缴纳的，按“逾期未缴纳费用”办结。",
    "answered": "办理结果按表三的分类登记，年度报告由此统计。",
    "withdrawn": "申请人撤回申请即办结，表三计入“（六）其他处理”。",
}

router = APIRouter(include_in_schema=False)
_env = Environment(loader=PackageLoader("xxgk.web", "templates"), autoescape=select_autoescape(["html"]))
_env.filters["file_name"] = file_name  # pages show a source's file name, never the server's folders
_env.globals |= {"STATUSES": STATUSES, "KINDS": KINDS, "OUTCOMES": OUTCOMES, "APPLICANT_TYPES": APPLICANT_TYPES,
                 "CHANNELS": CHANNELS, "PARTIES": PARTIES, "ROLES": ROLES, "number": views.number,
                 "LEVELS": queries.LEVELS, "EVENT_HINTS": EVENT_HINTS}
REGISTER = ("officer", "supervisor", "admin")  # the roles that work on a register
MAX_UPLOAD = 50 << 20
CHECK_DAYS = 1


class Page:
    """A page's session and caller, as `s, w = ctx`. The caller is looked up when the
    endpoint unpacks it, in the endpoint's own worker thread: a request hands itself to a
    thread once, not twice (under load every handing waits for the interpreter's lock)."""

    def __init__(self, request: Request, s: Session):
        self.request, self.s = request, s

    def __iter__(self):
        return iter((self.s, who(self.s, self.request)))


async def page(request: Request, s: Session = Depends(db), r: Session = Depends(reader)) -> Page:
    """A page that only shows reads without a transaction around it (api.reader); a form's
    answer changes things in one."""
    return Page(request, r if request.method in SAFE else s)


def render(request: Request, w: Who, template: str, status: int = 200, **ctx: Any) -> HTMLResponse:
    csrf = w.login.csrf if w.login else None
    html = _env.get_template(template).render(request=request, who=w, csrf=csrf, path=request.url.path, **ctx)
    return HTMLResponse(html, status_code=status)


def _today() -> date:
    return date.today()


def _redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


MAX_FILES = 20  # files in one upload: a supervisor's batch, not a crawl


class Upload:
    """A file chosen in a form, read when its turn comes: twenty files of 50 MB are never
    in memory together (the form parser has put each in a temporary file)."""

    def __init__(self, name: str, file: UploadFile | None = None, data: bytes = b""):
        self.name, self.file, self._data = name, file, data

    def read(self) -> bytes:
        """Its bytes; one byte past MAX_UPLOAD tells a file too large."""
        return self.file.file.read(MAX_UPLOAD + 1) if self.file is not None else self._data


def _uploaded(files: list[UploadFile]) -> list[Upload]:
    """The files chosen; more than MAX_FILES are refused before any is read."""
    chosen = [f for f in files if f.filename]
    if len(chosen) > MAX_FILES:
        raise HTTPException(413, f"一次最多上传 {MAX_FILES} 个文件（本次 {len(chosen)} 个），请分批上传")
    return [Upload(f.filename or "", f) for f in chosen]


async def posted(request: Request) -> dict[str, Any]:
    """A form's fields, read on the event loop where the body arrives."""
    return dict(await request.form())


def _checked_form(request: Request, w: Who, form: dict[str, Any], *roles: str) -> dict[str, Any]:
    """A changing form's fields, once its sender may send it and its CSRF token is right."""
    require(w, *roles)
    check_form_csrf(w, request, form.get("csrf"))
    return form


# ------------------------------------------------------------------ home, login
@router.get("/", response_class=HTMLResponse)
def home(request: Request, ctx=Depends(page)):
    s, w = ctx
    F = report_figures.c  # one report per body and year: copies are not counted
    counts = {"reports": s.scalar(select(func.count()).where(F.copy_of.is_(None))) or 0,
              "bodies": s.scalar(select(func.count(func.distinct(F.body_id)))) or 0}
    return render(request, w, "home.html", counts=counts)


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/", ctx=Depends(page)):
    s, w = ctx
    token = request.cookies.get(LOGIN_CSRF) or new_login_csrf()
    resp = render(request, w, "login.html", login_csrf=token, next=_local(next))
    resp.set_cookie(LOGIN_CSRF, token, httponly=True, samesite="lax")
    return resp


def _local(url: str) -> str:
    """Only a path of this site to go on to after login (no open redirect)."""
    return url if url.startswith("/") and url[1:2] not in ("/", "\\") else "/"  # a browser reads a backslash there as a slash


@router.post("/login")
def login(request: Request, username: str = Form(""), password: str = Form(""), csrf: str = Form(""),
          next: str = Form("/"), ctx=Depends(page)):
    s, w = ctx
    check_form_csrf(Who(None, set()), request, csrf)
    limits, address = request.app.state.failed_logins, client_address(request)
    if not limits.allowed(address):
        return render(request, w, "login.html", status=429, login_csrf=request.cookies.get(LOGIN_CSRF),
                      next=_local(next), error=TOO_MANY, username=username)
    try:
        user = authenticate(s, username, password)
    except LoginLocked as e:
        return render(request, w, "login.html", status=429, login_csrf=request.cookies.get(LOGIN_CSRF),
                      next=_local(next), error=str(e), username=username)
    if user is None:
        limits.failed(address)
        return render(request, w, "login.html", status=401, login_csrf=request.cookies.get(LOGIN_CSRF),
                      next=_local(next), error="用户名或密码不正确", username=username)
    resp = _redirect(_local(next))
    _log_in(request, resp, s, user)
    resp.delete_cookie(LOGIN_CSRF)
    return resp


def _log_in(request: Request, resp: Response, s: Session, user: User) -> None:
    resp.set_cookie(COOKIE, open_session(s, user), httponly=True, samesite="lax", max_age=SESSION_DAYS * 86400,
                    secure=request.url.scheme == "https")  # offices' intranets often serve plain HTTP


@router.get("/account", response_class=HTMLResponse)
def account_page(request: Request, ctx=Depends(page)):
    s, w = ctx
    require(w)
    return render(request, w, "account.html")


@router.post("/account/password")
def account_password(request: Request, ctx=Depends(page), fields=Depends(posted)):
    s, w = ctx
    form = _checked_form(request, w, fields)
    user = s.get(User, w.user.id)
    try:
        change_password(s, user, form.get("current", ""), form.get("new", ""), form.get("again", ""))
    except AccountError as e:
        return render(request, w, "account.html", status=422, error=str(e))
    resp = _redirect("/account?changed=1")
    _log_in(request, resp, s, user)  # every login ended with the old password; this one goes on
    return resp


@router.post("/logout")
def logout(request: Request, csrf: str = Form(""), ctx=Depends(page)):
    s, w = ctx
    if w.login:
        check_form_csrf(w, request, csrf)
        close_session(s, request.cookies.get(COOKIE, ""))
    resp = _redirect("/")
    resp.delete_cookie(COOKIE)
    return resp


# ------------------------------------------------------------------ 年报体检
@router.get("/check", response_class=HTMLResponse)
def check_page(request: Request, ctx=Depends(page)):
    s, w = ctx
    require(w)
    return render(request, w, "check.html")


@router.post("/check", response_class=HTMLResponse)
def check_upload(request: Request, files: list[UploadFile] = File(default=[]), text: str = Form(""),
                 csrf: str = Form(""), ctx=Depends(page)):
    s, w = ctx
    require(w)
    check_form_csrf(w, request, csrf)
    items = _uploaded(files)
    if text.strip():
        items.append(Upload("粘贴的文本.txt", data=text.encode("utf-8")))
    if not items:
        return render(request, w, "check.html", status=400, error="请选择文件或粘贴年报文本")
    results = _check_all(s, items)
    if len(results) == 1 and results[0]["id"]:
        return _redirect(f"/check/{results[0]['id']}")
    return render(request, w, "check_list.html", results=results)


def _check_all(s: Session, items: list[Upload]) -> list[dict[str, Any]]:
    from ..read import ReadError
    from ..sandbox import UPLOAD, parse_limited

    now = datetime.now(timezone.utc).replace(tzinfo=None)
    out = []
    for item in items:  # read before the database is touched: no connection is held meanwhile
        name, data = item.name, item.read()
        if len(data) > MAX_UPLOAD:
            out.append({"id": None, "name": name, "problem": f"{name}：文件超过 {MAX_UPLOAD >> 20} MB"})
            continue
        try:
            rec = parse_limited(data, name, UPLOAD)  # a child process, bounded in memory and time
        except ReadError as e:
            out.append({"id": None, "name": name, "problem": str(e)})
            continue
        key = secrets.token_urlsafe(16)
        s.add(CheckResult(id=key, name=name[:300], record=rec.to_json(), created_at=now))
        out.append({"id": key, "name": name, "problem": None, **views.summary(rec)})
    s.execute(delete(CheckResult).where(CheckResult.created_at < now - timedelta(days=CHECK_DAYS)))
    s.commit()
    return out


def _checked(s: Session, key: str) -> tuple[str, Record]:
    row = s.get(CheckResult, key)
    if row is None:
        raise HTTPException(404, "体检结果不存在或已过期（保留一天），请重新上传")
    return row.name, Record.from_json(row.record)


@router.get("/check/{key}", response_class=HTMLResponse)
def check_result(request: Request, key: str, ctx=Depends(page)):
    s, w = ctx
    require(w)
    name, rec = _checked(s, key)
    return render(request, w, "check_result.html", key=key, name=name, rec=rec, summary=views.summary(rec),
                  tables=views.marked_tables(rec), findings=views.findings_view(rec))


_MEDIA = {"json": "application/json",
          "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
          "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


@router.get("/check/{key}/download/{to}")
def check_download(request: Request, key: str, to: str, ctx=Depends(page)):
    s, w = ctx
    require(w)
    name, rec = _checked(s, key)
    return _download(rec, Path(name).stem, to)


def _download(rec: Record, stem: str, to: str) -> Response:
    if to == "json":
        rec.source = file_name(rec.source)
        if rec.provenance.get("file"):
            rec.provenance["file"] = file_name(rec.provenance["file"])
        data = rec.dumps(indent=2).encode()
    elif to == "xlsx":
        from ..workbook import write_workbook

        data = write_workbook(rec, draft=bool(blockers(rec)))
    elif to == "docx":
        from ..render import render as render_report

        draft = bool(blockers(rec))  # marked 草稿 while it does not balance or is not filled
        data = render_report(rec, "docx", draft=draft, blank=blank_for(draft))
    else:
        raise HTTPException(404, "可下载的格式：json、xlsx、docx")
    filename = quote(f"{stem}.{to}")
    return Response(data, media_type=_MEDIA[to],
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{filename}"})


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
        return tuple(s.execute(select(select(func.max(StoredFile.id)).scalar_subquery(),
                                      select(func.max(ReportFinding.id)).scalar_subquery())).one())

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
    return queries.Filters(region=region.strip() or None, level=level or None,
                           year=year_or_none(year), body=body.strip() or None,
                           has_errors=errors == "1", problem=problem if problem in queries.PROBLEMS else None)


@router.get("/dashboard", response_class=HTMLResponse)
def dashboard(request: Request, region: str = "", level: str = "", year: str = "", body: str = "", errors: str = "",
              min_count: MinCount = 10, ctx=Depends(page)):
    s, w = ctx
    f = _filters(region, level, year, body, errors)

    def answers(figures: Callable[[], Frame]) -> dict[str, Any]:
        frame = figures()
        fig = frame.where(f)
        totals, outcomes, applicants = fig.totals_by_year(), fig.outcomes(), fig.applicants()
        corrections = fig.corrections(min_count)
        return dict(years=frame.years, totals=totals, outcomes=outcomes, applicants=applicants,
                    corrections=corrections, quality=fig.quality(), problems=queries.report_rows(s, fig.worst(20)),
                    regions=fig.by_region(min_count), charts=views.charts(totals, outcomes, applicants, corrections))

    gap = ""
    if w.role == "admin":  # until next year's holidays are entered, no due date can be computed
        stuck = service.queue(s, _today(), no_due=True, limit=1000)
        gap = f"有 {len(stuck)} 件办理中的申请期限无法计算：{service.calendar_gap(s, stuck)}" if stuck else ""
    return render(request, w, "dashboard.html", f=f, min_count=min_count, calendar_gap=gap,
                  form={"region": region, "level": level, "year": year, "body": body, "errors": errors},
                  **request.app.state.answers.get(s, ("dashboard", f, min_count), answers))


@router.get("/reports", response_class=HTMLResponse)
def report_list(request: Request, region: str = "", level: str = "", year: str = "", body: str = "",
                errors: str = "", problem: str = "", ctx=Depends(page)):
    s, w = ctx
    f = _filters(region, level, year, body, errors, problem)
    rows = request.app.state.answers.get(s, ("reports", f), lambda _: queries.reports(s, f, severity=None, limit=200))
    return render(request, w, "reports.html", rows=rows, f=f,
                  form={"region": region, "level": level, "year": year, "body": body, "errors": errors,
                        "problem": f.problem or ""})


@router.get("/reports/export.csv")
def report_export(request: Request, region: str = "", level: str = "", year: str = "", body: str = "",
                  errors: str = "", problem: str = ""):
    """Every cell of the reports the filters select, one row each (CSV with a BOM: Excel
    opens it in Chinese). Written to a file that spills to disk, then sent: a national corpus has millions of cells."""
    import csv
    import io
    import tempfile

    from ..store import export
    from ..tabular import neutral

    f = _filters(region, level, year, body, errors, problem)

    # Written whole in this thread into a file that spills to disk past 1 MB, then sent: a
    # response streamed from the database would hold a connection between the chunks,
    # each sent from another worker thread (api.Route says why that must not be).
    out = tempfile.SpooledTemporaryFile(1 << 20, mode="w+b")
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

    return StreamingResponse(chunks(), media_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote('年报单元格.csv')}"})


@router.post("/reports/upload", response_class=HTMLResponse)
def reports_upload(request: Request, files: list[UploadFile] = File(default=[]), csrf: str = Form(""),
                   ctx=Depends(page)):
    """A supervising office adds the reports it has collected to the library."""
    s, w = ctx
    require(w, "supervisor", "admin")
    check_form_csrf(w, request, csrf)
    items = _uploaded(files)
    if not items:
        raise HTTPException(400, "请选择要加入年报库的文件")
    result = _add_to_library(s, request.app.state.uploads, items)
    return render(request, w, "reports_added.html", **result)


def _add_to_library(s: Session, folder: Path, items: list[Upload]) -> dict[str, Any]:
    import hashlib
    from dataclasses import replace

    from ..sandbox import UPLOAD
    from ..store.ingest import SUFFIXES, ingest, local_engine

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
    tally = ingest(s, list(saved), lambda jobs: (replace(outcomes[p], sha256=sha, size=n) for p, sha, n in jobs)) \
        if saved else None
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
    corpus = list(s.execute(select(ReportFinding.rule, ReportFinding.severity, ReportFinding.message)
                            .where(ReportFinding.report_id == r.id, ReportFinding.scope == "corpus")))
    f = s.get(StoredFile, r.file_id)
    F = report_figures.c
    copy_of = s.scalar(select(F.copy_of).where(F.report_id == r.id))
    copies = list(s.execute(select(Report.id, Report.source).join(report_figures, F.report_id == Report.id)
                            .where(F.copy_of == r.id).order_by(Report.id)))
    return render(request, w, "report.html", r=r, rec=rec, summary=views.summary(rec), file=f,
                  tables=views.marked_tables(rec), findings=views.findings_view(rec), corpus=corpus,
                  copy_of=copy_of, copies=copies)


@router.get("/reports/{report_id}/download/{to}")
def report_download(request: Request, report_id: Id, to: str, ctx=Depends(page)):
    r = _stored_report(ctx.s, report_id)
    return _download(Record.from_json(r.record), f"{r.body_name or '年报'}-{r.year or ''}", to)


@router.get("/bodies/{body_id}", response_class=HTMLResponse)
def body_page(request: Request, body_id: Id, ctx=Depends(page)):
    s, w = ctx
    b = s.get(Body, body_id)
    if b is None:
        raise HTTPException(404, f"没有编号为 {body_id} 的机关")
    F = report_figures.c  # the figures table holds the totals: no record to read
    reports = list(s.execute(select(Report.id, Report.year, Report.format, Report.errors, Report.warnings,
                                    Report.published_on, F.a_carried_over, F.a_new_received, F.a_carried_forward,
                                    F.copy_of)
                             .join(report_figures, F.report_id == Report.id)
                             .where(Report.body_id == body_id).order_by(Report.year, Report.id)))
    found = {}
    for rid, rule, sev, msg in s.execute(select(ReportFinding.report_id, ReportFinding.rule, ReportFinding.severity,
                                                ReportFinding.message)
                                         .where(ReportFinding.report_id.in_([r.id for r in reports]),
                                                ReportFinding.scope == "corpus")):
        found.setdefault(rid, []).append({"rule": rule, "severity": sev, "message": msg})
    rows = [{"id": r.id, "year": r.year, "format": r.format, "errors": r.errors, "warnings": r.warnings,
             "published_on": r.published_on, "carried_over": r.a_carried_over, "new_received": r.a_new_received,
             "carried_forward": r.a_carried_forward, "copy_of": r.copy_of, "corpus": found.get(r.id, [])}
            for r in reports]
    return render(request, w, "body.html", b=b, rows=rows)


# ------------------------------------------------------------------ 依申请台账
def _bodies(s: Session, w: Who) -> list[Body]:
    q = select(Body).order_by(Body.name)
    if w.scope is not None:
        q = q.where(Body.id.in_(w.scope or {-1}))
    return list(s.scalars(q))


@router.get("/register", response_class=HTMLResponse)
def register_home(request: Request, body_id: str = "", number: str = "", ctx=Depends(page)):
    s, w = ctx
    require(w, *REGISTER)
    today = _today()
    bodies = {b.id: b.name for b in _bodies(s, w)}
    scope = w.scope
    if body_id.isdigit() and int(body_id) in bodies:
        scope = {int(body_id)}
    problem = None
    if number.strip():  # straight to the application of that number
        q = select(Application.id).where(Application.number == number.strip())
        if scope is not None:
            q = q.where(Application.body_id.in_(scope or {-1}))
        found = list(s.scalars(q.limit(2)))
        if len(found) == 1:
            return _redirect(f"/register/{found[0]}")
        problem = (f"编号“{number.strip()}”在多个机关都有，请先选择机关" if found
                   else f"没有找到编号为“{number.strip()}”的申请")
    overdue = service.queue(s, today, body_ids=scope, overdue=True, limit=200)
    soon = service.queue(s, today, body_ids=scope, due_within=5, limit=200)
    open_all = service.queue(s, today, body_ids=scope, limit=200)
    no_due = service.queue(s, today, body_ids=scope, no_due=True, limit=200)
    return render(request, w, "register.html", today=today, bodies=bodies, overdue=overdue, soon=soon,
                  open_all=open_all, no_due=no_due, gap=service.calendar_gap(s, no_due),
                  body_id=body_id, number=number, error=problem if number.strip() else None)


@router.get("/register/new", response_class=HTMLResponse)
def register_new_page(request: Request, ctx=Depends(page)):
    s, w = ctx
    require(w, *REGISTER)
    return render(request, w, "register_new.html", bodies=_bodies(s, w), today=_today())


@router.post("/register/new")
def register_new(request: Request, ctx=Depends(page), fields=Depends(posted)):
    s, w = ctx
    form = _checked_form(request, w, fields, *REGISTER)
    try:
        body_id = int(form.get("body_id") or 0)
        if not w.can_see(body_id) or s.get(Body, body_id) is None:
            raise Forbidden()
        received = date.fromisoformat(form.get("received") or "")
        app = service.receive(s, s.get(Body, body_id), received, form.get("applicant_type") or "natural_person",
                              w.name, channel=form.get("channel") or "online",
                              applicant_name=form.get("applicant_name", ""),
                              applicant_contact=form.get("applicant_contact", ""), content=form.get("content", ""))
    except ValueError as e:
        return render(request, w, "register_new.html", status=422, bodies=_bodies(s, w), today=_today(),
                      error=str(e) or "日期格式应为 YYYY-MM-DD", form=form)
    return _redirect(f"/register/{app.id}")


@router.get("/register/{app_id}", response_class=HTMLResponse)
def register_detail(request: Request, app_id: Id, ctx=Depends(page)):
    s, w = ctx
    require(w, *REGISTER)
    v = service.view(s, app_id, w.scope)  # NotFound outside the user's bodies: 404, as for no such id
    return render(request, w, "register_detail.html", v=v, today=_today(), event_forms=possible(v.case, EVENT_FORMS))


@router.post("/register/{app_id}/events")
def register_event(request: Request, app_id: Id, ctx=Depends(page), fields=Depends(posted)):
    s, w = ctx
    form = _checked_form(request, w, fields, *REGISTER)
    service.view(s, app_id, w.scope)
    kind = form.get("kind", "")
    data: dict[str, Any] = {}
    try:
        on = date.fromisoformat(form.get("on") or "")
        if kind == "answered":
            data["outcome"] = form.get("outcome", "")
        elif kind == "extension_approved":
            data["approver"] = form.get("approver", "")
        elif kind == "consultation_started":
            data["party"] = form.get("party", "third_party")
        elif kind == "fee_notice":
            pages = form.get("pages")
            data = service.fee_notice(s, app_id, form.get("method", "per_page"), int(pages) if pages else None)
        elif kind == "voided":
            seq = form.get("seq", "")
            data = {"seq": int(seq) if seq.isdigit() else 0, "reason": form.get("reason", "")}
        version = int(form["version"]) if form.get("version") else None
        service.append(s, app_id, kind, on, w.name, data, version)
    except service.Conflict as e:
        return _detail_error(request, s, w, app_id, f"{e}（请刷新后重试）")
    except ValueError as e:
        return _detail_error(request, s, w, app_id, str(e) or "日期格式应为 YYYY-MM-DD")
    return _redirect(f"/register/{app_id}")


def _detail_error(request: Request, s: Session, w: Who, app_id: int, message: str) -> HTMLResponse:
    s.rollback()
    v = service.view(s, app_id, w.scope)
    return render(request, w, "register_detail.html", status=422, v=v, today=_today(), event_forms=possible(v.case, EVENT_FORMS),
                  error=message)


@router.get("/register-report", response_class=HTMLResponse)
def register_report(request: Request, body_id: QueryId = None, year: QueryYear = None, ctx=Depends(page)):
    s, w = ctx
    require(w, *REGISTER)
    bodies = _bodies(s, w)
    if body_id is None or year is None:
        return render(request, w, "register_report.html", bodies=bodies, year=_today().year - 1)
    if not w.can_see(body_id):
        raise HTTPException(404, f"没有编号为 {body_id} 的机关")
    from ..register.report import build

    rec = build(s, s.get(Body, body_id), year)
    return render(request, w, "register_report.html", bodies=bodies, year=year, body_id=body_id, rec=rec,
                  tables=views.marked_tables(rec), findings=views.findings_view(rec), blockers=blockers(rec),
                  parts=[(x.key, f"{x.number}、{x.title}", rec.sections.get(x.key, "")) for x in REQUIRED])


@router.post("/register-report/{body_id}/{year}/text")
def register_report_text(request: Request, body_id: Id, year: Year, ctx=Depends(page), fields=Depends(posted)):
    """The written parts of the register's report (the tables come from the register)."""
    s, w = ctx
    form = _checked_form(request, w, fields, *REGISTER)
    if not w.can_see(body_id) or s.get(Body, body_id) is None:
        raise HTTPException(404, f"没有编号为 {body_id} 的机关")
    for x in REQUIRED:
        if x.key in form:
            service.set_text(s, s.get(Body, body_id), year, x.key, str(form[x.key])[:50_000].strip())
    return _redirect(f"/register-report?body_id={body_id}&year={year}")


@router.get("/register-report/{body_id}/{year}.{to}")
def register_report_file(request: Request, body_id: Id, year: Year, to: str, ctx=Depends(page)):
    s, w = ctx
    require(w, *REGISTER)
    if not w.can_see(body_id) or s.get(Body, body_id) is None:
        raise HTTPException(404, f"没有编号为 {body_id} 的机关")
    from ..register.report import build

    rec = build(s, s.get(Body, body_id), year)
    stop = blockers(rec)
    if stop:
        raise HTTPException(409, "年度报告未通过核验或尚未填完，未生成：" + "；".join(f.message for f in stop[:5]))
    return _download(rec, f"{rec.body}-{year}年政府信息公开工作年度报告", to)


# ------------------------------------------------------------------ 管理
@router.get("/admin", response_class=HTMLResponse)
def admin_page(request: Request, ctx=Depends(page)):
    s, w = ctx
    require(w, "admin")
    return _admin(request, s, w)


def _admin(request: Request, s: Session, w: Who, status: int = 200, **extra: Any) -> HTMLResponse:
    users = list(s.execute(select(User, Body.name).outerjoin(Body, Body.id == User.body_id).order_by(User.id)))
    r = service.rules(s)
    days = sorted(r.calendar.days.items())[-30:]
    return render(request, w, "admin.html", status=status, users=users, bodies=list(s.scalars(select(Body)
                  .order_by(Body.name))), days=days, years=sorted(r.calendar.years), **extra)


@router.post("/admin/users")
def admin_add_user(request: Request, ctx=Depends(page), fields=Depends(posted)):
    s, w = ctx
    form = _checked_form(request, w, fields, "admin")
    body = s.get(Body, int(form["body_id"])) if (form.get("body_id") or "").isdigit() else None
    try:
        add_user(s, form.get("username", ""), form.get("password", ""), form.get("role", ""),
                 name=form.get("name", ""), body=body, region=form.get("region") or None)
    except AccountError as e:
        return _admin(request, s, w, status=422, error=str(e))
    return _redirect("/admin")


@router.post("/admin/users/{user_id}/active")
def admin_user_active(request: Request, user_id: Id, ctx=Depends(page), fields=Depends(posted)):
    s, w = ctx
    form = _checked_form(request, w, fields, "admin")
    u = s.get(User, user_id)
    if u is None:
        raise HTTPException(404, f"没有编号为 {user_id} 的用户")
    if u.id == w.user.id:
        return _admin(request, s, w, status=422, error="不能停用自己的账号")
    set_active(s, u, form.get("active") == "1")
    return _redirect("/admin")


@router.post("/admin/calendar")
def admin_calendar(request: Request, ctx=Depends(page), fields=Depends(posted)):
    s, w = ctx
    form = _checked_form(request, w, fields, "admin")
    try:
        day = date.fromisoformat(form.get("day") or "")
    except ValueError:
        return _admin(request, s, w, status=422, error="日期格式应为 YYYY-MM-DD")
    n = service.set_day(s, day, form.get("workday") == "1", form.get("note", ""), w.name)
    return _admin(request, s, w, message=f"已录入 {day}，{n} 件办理中申请的期限随之重算")


# ------------------------------------------------------------------ errors as pages
def install_pages(app) -> None:
    from fastapi.staticfiles import StaticFiles

    app.state.answers = Answers()
    app.mount("/static", StaticFiles(packages=[("xxgk.web", "static")]), name="static")
    app.include_router(router)

    @app.exception_handler(LoginRequired)
    async def _login(request: Request, _):
        return _redirect(f"/login?next={quote(request.url.path)}")

    @app.exception_handler(service.NotFound)
    async def _not_found(request: Request, e):
        if request.url.path.startswith("/api"):
            return JSONResponse({"detail": str(e)}, status_code=404)
        return await _html_error(request, 404, str(e))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, e: RequestValidationError):
        if request.url.path.startswith("/api"):
            from fastapi.exception_handlers import request_validation_exception_handler

            return await request_validation_exception_handler(request, e)
        names = "、".join(dict.fromkeys(str(x["loc"][-1]) for x in e.errors()))
        return await _html_error(request, 422, f"请求中的参数 {names} 无效（数字超出范围或格式不对）")

    @app.exception_handler(Forbidden)
    async def _forbidden(request: Request, _):
        return await _html_error(request, 403, "您的账号没有访问此页面的权限")

    @app.exception_handler(HTTPException)
    async def _http(request: Request, e: HTTPException):
        if request.url.path.startswith("/api"):
            from fastapi.exception_handlers import http_exception_handler

            return await http_exception_handler(request, e)
        return await _html_error(request, e.status_code, str(e.detail))


async def _html_error(request: Request, status: int, message: str) -> HTMLResponse:
    w = getattr(request.state, "who", None)  # the page's dependency found the caller
    if w is None:  # refused before it ran: looked up in a thread, never on the event loop
        w = await run_in_threadpool(_who_of, request)
    return render(request, w, "error.html", status=status, status_code=status, detail=message)


def _who_of(request: Request) -> Who:
    with request.app.state.sessions() as s:
        return who(s, request)
