"""Home, logging in and out, one's own account, and the admin page (users, calendar)."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from ...errors import AccountError, InputError
from ...register import office, service
from ...store import accounts, library
from ...store.accounts import (
    SESSION_DAYS,
    LoginLocked,
    add_user,
    authenticate,
    change_password,
    close_session,
    open_session,
    set_active,
)
from ...store.models import User
from ..auth import COOKIE, LOGIN_CSRF, Who, check_form_csrf, require
from ..limits import TOO_MANY, client_address
from ..params import Id
from .common import bodies_of, checked_form, form_token, page, posted, redirect, render, with_token

router = APIRouter(include_in_schema=False)


def _local(url: str) -> str:
    """Only a path of this site to go on to after login (no open redirect)."""
    return (
        url if url.startswith("/") and url[1:2] not in ("/", "\\") else "/"
    )  # a browser reads a backslash there as a slash


def _log_in(request: Request, resp: Response, s: Session, user: User) -> None:
    resp.set_cookie(
        COOKIE,
        open_session(s, user),
        httponly=True,
        samesite="lax",
        max_age=SESSION_DAYS * 86400,
        secure=request.url.scheme == "https",
    )  # offices' intranets often serve plain HTTP


# ------------------------------------------------------------------ home, login
@router.get("/", response_class=HTMLResponse)
def home(request: Request, ctx=Depends(page)):
    s, w = ctx
    return render(request, w, "home.html", counts=library.counts(s))


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/", ctx=Depends(page)):
    s, w = ctx
    token, new = form_token(request, Who(None, set()))  # the login form's own, even when logged in
    return with_token(render(request, w, "login.html", login_csrf=token, next=_local(next)), token, new)


@router.post("/login")
def login(
    request: Request,
    username: str = Form(""),
    password: str = Form(""),
    csrf: str = Form(""),
    next: str = Form("/"),
    ctx=Depends(page),
):
    s, w = ctx
    check_form_csrf(Who(None, set()), request, csrf)
    limits, address = request.app.state.failed_logins, client_address(request)

    def refused(status: int, error: str) -> HTMLResponse:
        return render(
            request,
            w,
            "login.html",
            status=status,
            login_csrf=request.cookies.get(LOGIN_CSRF),
            next=_local(next),
            error=error,
            username=username,
        )

    if not limits.allowed(address):
        return refused(429, TOO_MANY)
    try:
        user = authenticate(s, username, password)
    except LoginLocked as e:
        return refused(429, str(e))
    if user is None:
        limits.add(address)
        return refused(401, "用户名或密码不正确")
    resp = redirect(_local(next))
    _log_in(request, resp, s, user)
    resp.delete_cookie(LOGIN_CSRF)
    return resp


@router.get("/account", response_class=HTMLResponse)
def account_page(request: Request, ctx=Depends(page)):
    s, w = ctx
    require(w)
    return render(request, w, "account.html")


@router.post("/account/password")
def account_password(request: Request, ctx=Depends(page), fields=Depends(posted)):
    s, w = ctx
    form = checked_form(request, w, fields)
    user = accounts.user(s, w.user.id)
    try:
        change_password(s, user, form.get("current", ""), form.get("new", ""), form.get("again", ""))
    except AccountError as e:
        return render(request, w, "account.html", status=422, error=str(e))
    resp = redirect("/account?changed=1")
    _log_in(request, resp, s, user)  # every login ended with the old password; this one goes on
    return resp


@router.post("/logout")
def logout(request: Request, csrf: str = Form(""), ctx=Depends(page)):
    s, w = ctx
    if w.login:
        check_form_csrf(w, request, csrf)
        close_session(s, request.cookies.get(COOKIE, ""))
    resp = redirect("/")
    resp.delete_cookie(COOKIE)
    return resp


# ------------------------------------------------------------------ 管理
@router.get("/admin", response_class=HTMLResponse)
def admin_page(request: Request, ctx=Depends(page)):
    s, w = ctx
    require(w, "admin")
    return _admin(request, s, w)


def _admin(request: Request, s: Session, w: Who, status: int = 200, **extra: Any) -> HTMLResponse:
    r = service.rules(s)
    days = sorted(r.calendar.days.items())[-30:]
    return render(
        request,
        w,
        "admin.html",
        status=status,
        users=accounts.users(s),
        bodies=bodies_of(s, w),
        days=days,
        years=sorted(r.calendar.years),
        offices=[(b, o, o != office.default_office(b)) for b, o in ((b, office.office(s, b)) for b in bodies_of(s, w))],
        OFFICE_LABELS=office.OFFICE_LABELS,
        smtp=office.smtp(s),
        SECURITY=office.SECURITY,
        site=office.site(s),
        **extra,
    )


@router.post("/admin/users")
def admin_add_user(request: Request, ctx=Depends(page), fields=Depends(posted)):
    s, w = ctx
    form = checked_form(request, w, fields, "admin")
    body = service.body(s, int(form["body_id"])) if (form.get("body_id") or "").isdigit() else None
    try:
        add_user(
            s,
            form.get("username", ""),
            form.get("password", ""),
            form.get("role", ""),
            name=form.get("name", ""),
            body=body,
            region=form.get("region") or None,
        )
    except AccountError as e:
        return _admin(request, s, w, status=422, error=str(e))
    return redirect("/admin")


@router.post("/admin/users/{user_id}/active")
def admin_user_active(request: Request, user_id: Id, ctx=Depends(page), fields=Depends(posted)):
    s, w = ctx
    form = checked_form(request, w, fields, "admin")
    u = accounts.user(s, user_id)
    if u.id == w.user.id:
        return _admin(request, s, w, status=422, error="不能停用自己的账号")
    set_active(s, u, form.get("active") == "1")
    return redirect("/admin")


@router.post("/admin/calendar")
def admin_calendar(request: Request, ctx=Depends(page), fields=Depends(posted)):
    s, w = ctx
    form = checked_form(request, w, fields, "admin")
    try:
        day = date.fromisoformat(form.get("day") or "")
    except ValueError:
        return _admin(request, s, w, status=422, error="日期格式应为 YYYY-MM-DD")
    n = service.set_day(s, day, form.get("workday") == "1", form.get("note", ""), w.name)
    return _admin(request, s, w, message=f"已录入 {day}，{n} 件办理中申请的期限随之重算")


@router.post("/admin/office")
def admin_office(request: Request, ctx=Depends(page), fields=Depends(posted)):
    """A body's letterhead, 文号 pattern, signature and remedy bodies, entered once for all its letters."""
    s, w = ctx
    form = checked_form(request, w, fields, "admin")
    b = service.body(s, int(form["body_id"])) if str(form.get("body_id") or "").isdigit() else None
    if b is None:
        return _admin(request, s, w, status=422, error="请选择机关")
    try:
        office.set_office(s, b, {k: form.get(k, "") for k in office.OFFICE_LABELS})
    except InputError as e:
        return _admin(request, s, w, status=422, error=str(e))
    return _admin(request, s, w, message=f"已保存 {b.name} 的文书设置")


@router.post("/admin/mail")
def admin_mail(request: Request, ctx=Depends(page), fields=Depends(posted)):
    """The mail server the applicants' notices go out through, and the site's public address."""
    s, w = ctx
    form = checked_form(request, w, fields, "admin")
    try:
        office.set_smtp(s, {k: form.get(k, "") for k in office.SMTP_KEYS})
        office.set_site(s, str(form.get("site") or ""))
    except InputError as e:
        return _admin(request, s, w, status=422, error=str(e))
    return _admin(request, s, w, message="已保存邮件设置")
