"""What every page shares: the templates, the page dependency (session and caller),
uploads, posted forms, downloads through the render gate."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import parse_qsl, quote

from fastapi import Depends, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape
from sqlalchemy.orm import Session
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool

from ...errors import NotFound
from ...record import Record, file_name
from ...register import letters, notify, service
from ...register.events import APPLICANT_TYPES, CHANNELS, EVENT_KINDS, KINDS, OUTCOMES, PARTIES, STATUSES
from ...render import JSON_MEDIA, RENDERERS
from ...render.gate import release
from ...store import queries
from ...store.accounts import ROLES
from ...store.models import Body
from .. import views
from ..auth import LOGIN_CSRF, SAFE, Who, check_form_csrf, new_login_csrf, require, who
from ..deps import db, reader

_env = Environment(loader=PackageLoader("xxgk.web", "templates"), autoescape=select_autoescape(["html"]))
_env.filters["file_name"] = file_name  # pages show a source's file name, never the server's folders
_env.globals |= {
    "STATUSES": STATUSES,
    "KINDS": KINDS,
    "OUTCOMES": OUTCOMES,
    "APPLICANT_TYPES": APPLICANT_TYPES,
    "CHANNELS": CHANNELS,
    "PARTIES": PARTIES,
    "ROLES": ROLES,
    "number": views.number,
    "LEVELS": queries.LEVELS,
    "EVENT_HINTS": {k: e.statute for k, e in EVENT_KINDS.items()},
}
REGISTER = ("officer", "supervisor", "admin")  # the roles that work on a register
MAX_UPLOAD = 50 << 20


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


def today() -> date:
    return service.today()  # the register's: Beijing's date


def redirect(url: str) -> RedirectResponse:
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


def uploaded(files: list[UploadFile]) -> list[Upload]:
    """The files chosen; more than MAX_FILES are refused before any is read."""
    chosen = [f for f in files if f.filename]
    if len(chosen) > MAX_FILES:
        raise HTTPException(413, f"一次最多上传 {MAX_FILES} 个文件（本次 {len(chosen)} 个），请分批上传")
    return [Upload(f.filename or "", f) for f in chosen]


async def posted(request: Request) -> dict[str, Any]:
    """A form's fields, read on the event loop where the body arrives."""
    return dict(await request.form())


MAX_PUBLIC_FORM = 64 << 10  # bytes of a public form: an application's text is at most a few thousand characters
MAX_PUBLIC_FIELDS = 40


async def public_form(request: Request) -> dict[str, str]:
    """A form anyone may post, read within bounds: URL-encoded only, at most
    MAX_PUBLIC_FORM bytes and MAX_PUBLIC_FIELDS fields (the multipart parser and an
    unbounded body are no one's business on a public page)."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/x-www-form-urlencoded":
        raise HTTPException(415, "表单格式不对：请从本站页面提交")
    if int(request.headers.get("content-length") or 0) > MAX_PUBLIC_FORM:
        raise HTTPException(413, f"提交的内容过长（上限 {MAX_PUBLIC_FORM >> 10} KB）")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_PUBLIC_FORM:
            raise HTTPException(413, f"提交的内容过长（上限 {MAX_PUBLIC_FORM >> 10} KB）")
    try:
        pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, max_num_fields=MAX_PUBLIC_FIELDS)
    except (UnicodeDecodeError, ValueError):
        raise HTTPException(400, "表单内容无法识别（应为 UTF-8 编码，字段不超过 40 个）") from None
    return dict(pairs)


def form_token(request: Request, w: Who) -> tuple[str, bool]:
    """The token a form of a public page carries: the login's, or before login a random
    one kept in a cookie of its own (True: the cookie is to be set)."""
    if w.login:
        return w.login.csrf, False
    held = request.cookies.get(LOGIN_CSRF)
    return (held, False) if held else (new_login_csrf(), True)


def with_token(resp: Response, token: str, new: bool) -> Response:
    if new:
        resp.set_cookie(LOGIN_CSRF, token, httponly=True, samesite="lax")
    return resp


def checked_form(request: Request, w: Who, form: dict[str, Any], *roles: str) -> dict[str, Any]:
    """A changing form's fields, once its sender may send it and its CSRF token is right."""
    require(w, *roles)
    check_form_csrf(w, request, form.get("csrf"))
    return form


DOWNLOADS = ("json", "xlsx", "docx")  # what a report's page offers: the record, the workbook, the report


def download(rec: Record, stem: str, to: str, draft: bool | None = None) -> Response:
    """A report's record or rendered report as a download. Rendered through the gate: with
    `draft` None marked 草稿 while it does not balance or is not filled; with False refused."""
    if to not in DOWNLOADS:
        raise NotFound(f"可下载的格式：{'、'.join(DOWNLOADS)}")
    if to == "json":
        rec.source = file_name(rec.source)
        if rec.provenance.get("file"):
            rec.provenance["file"] = file_name(rec.provenance["file"])
        data, media = rec.dumps(indent=2).encode(), JSON_MEDIA
    else:
        data, media = release(rec, to, draft), RENDERERS[to].media_type
    return Response(data, media_type=media, headers=attachment(f"{stem}.{to}"))


def attachment(name: str) -> dict[str, str]:
    """The header that makes a browser save the answer under `name` (any characters)."""
    return {"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"}


# ------------------------------------------------------------------ 依申请台账
def bodies_of(s: Session, w: Who) -> list[Body]:
    return sorted(service.bodies(s, w.scope), key=lambda b: b.name)


async def html_error(request: Request, status: int, message: str) -> HTMLResponse:
    w: Who | None = getattr(request.state, "who", None)  # the page's dependency found the caller
    if w is None:  # refused before it ran: looked up in a thread, never on the event loop
        w = await run_in_threadpool(who_of, request)
    return render(request, w, "error.html", status=status, status_code=status, detail=message)


def who_of(request: Request) -> Who:
    with request.app.state.sessions() as s:
        return who(s, request)


LETTER_MEDIA = {"docx": RENDERERS["docx"].media_type, "pdf": "application/pdf"}


def letter_download(stored: Any, number: str, to: str) -> Response:
    """A stored letter as sent (DOCX), or converted to PDF by LibreOffice."""
    if to not in LETTER_MEDIA:
        raise NotFound("可下载的格式：pdf、docx")
    from ...render.pdf import docx_to_pdf  # python-docx loads slowly: when a PDF is asked for

    data = stored.docx if to == "docx" else docx_to_pdf(stored.docx)
    return Response(data, media_type=LETTER_MEDIA[to], headers=attachment(f"{letters.file_stem(stored, number)}.{to}"))


def send_mail(request: Request) -> BackgroundTask:
    """For after the answer is sent: the notices just queued go out (a slow mail server
    holds up no page)."""

    def run() -> None:
        with request.app.state.sessions() as s:
            notify.deliver(s)

    return BackgroundTask(run)
