"""依申请台账 on the web: queues, a new application, an application's page and its steps,
the annual report generated from the register."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from ...errors import Conflict, EventError, Forbidden
from ...register import letters, notify, online, service
from ...register.events import possible
from ...register.report import build
from ...render.gate import REQUIRED, blockers
from .. import views
from ..auth import Who, require
from ..params import Id, QueryId, QueryYear, Year
from .common import (
    REGISTER,
    bodies_of,
    checked_form,
    download,
    letter_download,
    page,
    posted,
    redirect,
    render,
    send_mail,
    today,
)

router = APIRouter(include_in_schema=False)


@router.get("/register", response_class=HTMLResponse)
def register_home(request: Request, body_id: str = "", number: str = "", ctx=Depends(page)):
    s, w = ctx
    require(w, *REGISTER)
    day = today()
    bodies = {b.id: b.name for b in bodies_of(s, w)}
    scope = w.scope
    if body_id.isdigit() and int(body_id) in bodies:
        scope = {int(body_id)}
    problem = None
    if number.strip():  # straight to the application of that number
        found = service.numbered(s, number.strip(), scope)
        if len(found) == 1:
            return redirect(f"/register/{found[0]}")
        problem = (
            f"编号“{number.strip()}”在多个机关都有，请先选择机关"
            if found
            else f"没有找到编号为“{number.strip()}”的申请"
        )
    awaiting = online.awaiting_office(s, scope)
    unsent = notify.waiting(s, body_ids=scope)
    overdue = service.queue(s, day, body_ids=scope, overdue=True, limit=200)
    soon = service.queue(s, day, body_ids=scope, due_within=5, limit=200)
    open_all = service.queue(s, day, body_ids=scope, limit=200)
    no_due = service.queue(s, day, body_ids=scope, no_due=True, limit=200)
    return render(
        request,
        w,
        "register.html",
        today=day,
        bodies=bodies,
        overdue=overdue,
        soon=soon,
        open_all=open_all,
        no_due=no_due,
        gap=service.calendar_gap(s, no_due),
        awaiting=awaiting,
        unsent=unsent,
        body_id=body_id,
        number=number,
        error=problem if number.strip() else None,
    )


@router.get("/register/new", response_class=HTMLResponse)
def register_new_page(request: Request, ctx=Depends(page)):
    s, w = ctx
    require(w, *REGISTER)
    return render(request, w, "register_new.html", bodies=bodies_of(s, w), today=today())


@router.post("/register/new")
def register_new(request: Request, ctx=Depends(page), fields=Depends(posted)):
    s, w = ctx
    form = checked_form(request, w, fields, *REGISTER)
    try:
        body_id = int(form.get("body_id") or 0)
        if not w.can_see(body_id):
            raise Forbidden()
        received = date.fromisoformat(form.get("received") or "")
        app = service.receive(
            s,
            service.body(s, body_id),
            received,
            form.get("applicant_type") or "natural_person",
            w.name,
            channel=form.get("channel") or "online",
            applicant_name=form.get("applicant_name", ""),
            applicant_contact=form.get("applicant_contact", ""),
            content=form.get("content", ""),
            details={"applicant_email": email} if (email := str(form.get("applicant_email") or "").strip()) else None,
        )
    except ValueError as e:
        return render(
            request,
            w,
            "register_new.html",
            status=422,
            bodies=bodies_of(s, w),
            today=today(),
            error=str(e) or "日期格式应为 YYYY-MM-DD",
            form=form,
        )
    return redirect(f"/register/{app.id}")


@router.get("/register/{app_id}", response_class=HTMLResponse)
def register_detail(request: Request, app_id: Id, ctx=Depends(page)):
    s, w = ctx
    require(w, *REGISTER)
    v = service.view(s, app_id, w.scope)  # NotFound outside the user's bodies: 404, as for no such id
    return _detail(request, s, w, v)


def _detail(request: Request, s: Session, w: Who, v: service.View, status: int = 200, **extra) -> HTMLResponse:
    made = letters.letters_of(s, v.app.id)
    sent = {x.seq for x in made}
    unmade = [
        (e.seq, letters.LETTER_OF[e.kind])
        for e in v.events
        if e.kind in letters.LETTER_OF and e.seq not in sent and e.seq not in v.case.voided
    ]
    return render(
        request,
        w,
        "register_detail.html",
        status=status,
        v=v,
        today=today(),
        event_forms=possible(v.case),
        letters=made,
        unmade=unmade,
        mails=notify.mails_of(s, v.app.id),
        LETTER_OF=letters.LETTER_OF,
        **extra,
    )


@router.post("/register/{app_id}/events")
def register_event(request: Request, app_id: Id, ctx=Depends(page), fields=Depends(posted)):
    s, w = ctx
    form = checked_form(request, w, fields, *REGISTER)
    try:
        on = date.fromisoformat(form.get("on") or "")
        version = int(form["version"]) if str(form.get("version") or "").isdigit() else None
        kind = form.get("kind", "")
        service.record(s, app_id, kind, on, w.name, form, version, w.scope)
    except Conflict as e:
        return _detail_error(request, s, w, app_id, f"{e}（请刷新后重试）")
    except ValueError as e:
        return _detail_error(request, s, w, app_id, str(e) or "日期格式应为 YYYY-MM-DD")
    resp = redirect(f"/register/{app_id}")
    if kind in letters.LETTER_OF and form.get("letter") == "1":  # the step's letter, made and sent with it
        letters.issue(s, app_id, letters.LETTER_OF[kind], w.name, w.scope)
        resp.background = send_mail(request)
    return resp


@router.post("/register/{app_id}/letters")
def register_letter(request: Request, app_id: Id, ctx=Depends(page), fields=Depends(posted)):
    """Make the letter of a step recorded without one (stored with the step, e-mailed to the applicant)."""
    s, w = ctx
    form = checked_form(request, w, fields, *REGISTER)
    try:
        letters.issue(s, app_id, form.get("kind", ""), w.name, w.scope)
    except EventError as e:
        return _detail_error(request, s, w, app_id, str(e))
    resp = redirect(f"/register/{app_id}")
    resp.background = send_mail(request)
    return resp


@router.get("/register/{app_id}/letters/{letter_id}.{to}")
def register_letter_file(request: Request, app_id: Id, letter_id: Id, to: str, ctx=Depends(page)):
    s, w = ctx
    require(w, *REGISTER)
    app = service.get(s, app_id, w.scope)
    return letter_download(letters.letter(s, letter_id, app_id), app.number, to)


@router.post("/register/mail")
def register_mail(request: Request, ctx=Depends(page), fields=Depends(posted)):
    """Send the notices that failed again (after the mail server's settings were mended)."""
    s, w = ctx
    checked_form(request, w, fields, *REGISTER)
    notify.retry(s, w.scope)
    resp = redirect("/register")
    resp.background = send_mail(request)
    return resp


def _detail_error(request: Request, s: Session, w: Who, app_id: int, message: str) -> HTMLResponse:
    s.rollback()
    return _detail(request, s, w, service.view(s, app_id, w.scope), 422, error=message)


@router.get("/register-report", response_class=HTMLResponse)
def register_report(request: Request, body_id: QueryId = None, year: QueryYear = None, ctx=Depends(page)):
    s, w = ctx
    require(w, *REGISTER)
    bodies = bodies_of(s, w)
    if body_id is None or year is None:
        return render(request, w, "register_report.html", bodies=bodies, year=today().year - 1)
    rec = build(s, service.body(s, body_id, w.scope), year)
    return render(
        request,
        w,
        "register_report.html",
        bodies=bodies,
        year=year,
        body_id=body_id,
        rec=rec,
        tables=views.marked_tables(rec),
        findings=views.findings_view(rec),
        blockers=blockers(rec),
        parts=[(x.key, f"{x.number}、{x.title}", rec.sections.get(x.key, "")) for x in REQUIRED],
    )


@router.post("/register-report/{body_id}/{year}/text")
def register_report_text(request: Request, body_id: Id, year: Year, ctx=Depends(page), fields=Depends(posted)):
    """The written parts of the register's report (the tables come from the register)."""
    s, w = ctx
    form = checked_form(request, w, fields, *REGISTER)
    b = service.body(s, body_id, w.scope)
    for x in REQUIRED:
        if x.key in form:
            service.set_text(s, b, year, x.key, str(form[x.key])[:50_000].strip())
    return redirect(f"/register-report?body_id={body_id}&year={year}")


@router.get("/register-report/{body_id}/{year}.{to}")
def register_report_file(request: Request, body_id: Id, year: Year, to: str, ctx=Depends(page)):
    """The register's annual report, final only: refused (409) while it does not balance or is not filled."""
    s, w = ctx
    require(w, *REGISTER)
    rec = build(s, service.body(s, body_id, w.scope), year)
    return download(rec, f"{rec.body}-{year}年政府信息公开工作年度报告", to, draft=False)
