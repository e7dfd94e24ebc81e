"""The applicant's pages, without login: 在线申请 (/apply) and 进度查询 (/track).

Their forms are read within bounds (common.public_form) and carry a CSRF token of
their own; submissions and wrong 查询码 are counted per address (limits.py). What they
show carries no personal data; a wrong code and an unknown number get the same answer.
"""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response

from ...errors import InputError, NotFound
from ...register import letters, online, service
from ...register.applicant import COLLECTION, DELIVERY, ID_TYPES, check_application
from ..auth import check_form_csrf
from ..limits import client_address
from ..params import Id
from .common import (
    form_token,
    letter_download,
    page,
    public_form,
    redirect,
    render,
    send_mail,
    with_token,
)

router = APIRouter(include_in_schema=False)


def _apply_page(request: Request, s, w, status: int = 200, **ctx) -> Response:
    token, new = form_token(request, w)
    forms = dict(ID_TYPES=ID_TYPES, DELIVERY=DELIVERY, COLLECTION=COLLECTION, f=ctx.pop("f", {}))
    resp = render(request, w, "apply.html", status, token=token, bodies=service.bodies(s), **forms, **ctx)
    return with_token(resp, token, new)


@router.get("/apply", response_class=HTMLResponse)
def apply_page(request: Request, ctx=Depends(page)):
    s, w = ctx
    return _apply_page(request, s, w)


@router.post("/apply")
def apply(request: Request, ctx=Depends(page), form=Depends(public_form)):
    s, w = ctx
    check_form_csrf(w, request, form.get("csrf"))
    limits, address = request.app.state.applications, client_address(request)
    if not limits.allowed(address):
        return _apply_page(request, s, w, 429, f=form, problems=["提交过于频繁，请一小时后再试"])
    try:
        sub = check_application(form, {b.id: b.name for b in service.bodies(s)}, service.today())
    except InputError as e:
        return _apply_page(request, s, w, 422, f=form, problems=str(e).splitlines())
    limits.add(address)
    r = online.submit(s, sub)
    resp = render(request, w, "apply_done.html", r=r, code=online.shown_code(r.code))
    resp.background = send_mail(request)
    return resp


def _found(request: Request, s, number: str, code: str):
    """The application this number and code open, or None — counted against the address when wrong."""
    limits, address = request.app.state.wrong_codes, client_address(request)
    if not limits.allowed(address):
        raise HTTPException(429, "查询失败次数过多，请十分钟后再试")
    app = online.find(s, number, code)
    if app is None:
        limits.add(address)
    return app


NOT_FOUND = "申请编号或查询码不正确，请核对回执"


def _opened(request: Request, s, number: str, code: str):
    """The application this number and code open; NotFound (as for no such number) otherwise."""
    app = _found(request, s, number, code)
    if app is None:
        raise NotFound(NOT_FOUND)
    return app


@router.get("/track", response_class=HTMLResponse)
def track(
    request: Request,
    number: str = Query("", max_length=64),
    code: str = Query("", max_length=32),
    ctx=Depends(page),
):
    s, w = ctx
    token, new = form_token(request, w)
    found, status = None, 200
    if number and code:
        app = _found(request, s, number, code)
        if app is None:
            status = 404
        else:
            found = online.tracked(s, app)
    page_ = render(
        request,
        w,
        "track.html",
        status,
        number=number,
        token=token,
        t=found,
        code=online.clean_code(code),
        error=NOT_FOUND if status == 404 else None,
    )
    return with_token(page_, token, new)


@router.post("/track/correction")
def track_correction(request: Request, ctx=Depends(page), form=Depends(public_form)):
    s, w = ctx
    check_form_csrf(w, request, form.get("csrf"))
    number, code = form.get("number", ""), form.get("code", "")
    app = _opened(request, s, number, code)
    online.correct(s, app, form.get("text", ""))
    return redirect(f"/track?{urlencode({'number': number, 'code': online.clean_code(code)})}")


@router.get("/track/letters/{letter_id}.{to}")
def track_letter(
    request: Request,
    letter_id: Id,
    to: str,
    number: str = Query("", max_length=64),
    code: str = Query("", max_length=32),
    ctx=Depends(page),
):
    s, w = ctx
    app = _opened(request, s, number, code)
    stored = letters.letter(s, letter_id, app.id)
    if not stored.to_applicant:
        raise NotFound(f"没有编号为 {letter_id} 的文书")
    return letter_download(stored, app.number, to)
