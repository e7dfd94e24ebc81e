"""The register's REST API (OpenAPI documentation at /docs).

Every endpoint that touches the database is a plain function run in a worker thread,
never on the event loop: a query waiting for a lock (SQLite's writer lock, a row lock)
then holds up only its own request (see `Route` for how connections and threads never
wait on each other). Calls are made as a user: `POST /api/login` gives a token for
`Authorization: Bearer …` (the web pages' cookie works too, with an X-CSRF-Token header
on changes). Officers reach their own body's register, supervisors their region's, admins
everything; an application outside one's bodies is answered 404, as if it did not exist.
Every change names the user who made it. Changes to an application or a case carry the
version they were made on; a stale version is answered 409 with the current one, so two
officers saving at once never overwrite each other. Applicant personal data is returned
only when asked for (?personal=true) and never appears in URLs or logs. The calculators
need no account.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from ..errors import InputError
from ..register import service
from ..register.dates import parse_span
from ..register.deadline import Clock, Pause, compute
from ..register.fees import MAX_EARLIER, MAX_PAGES, MAX_REQUESTS, per_page, per_request
from ..render import FORMATS, RENDERERS
from ..render.gate import REQUIRED
from ..store.accounts import LoginLocked, authenticate, close_session, open_session
from ..store.models import Body
from .auth import Who, bearer_token
from .deps import Route, admin, caller, db, reader
from .limits import TOO_MANY, client_address
from .params import BodyRef, Id, QueryId, Version, Year

router = APIRouter(prefix="/api", route_class=Route)


class LoginIn(BaseModel):
    username: str = Field(max_length=60)
    password: str = Field(max_length=1000)


@router.post("/login", summary="登录，取得调用令牌")
def api_login(request: Request, body: LoginIn, s: Session = Depends(db)) -> dict:
    limits, address = request.app.state.failed_logins, client_address(request)
    if not limits.allowed(address):
        raise HTTPException(429, TOO_MANY)
    try:
        u = authenticate(s, body.username, body.password)
    except LoginLocked as e:
        raise HTTPException(429, str(e)) from None
    if u is None:
        limits.failed(address)
        raise HTTPException(401, "用户名或密码不正确")
    token = open_session(s, u)
    return {"token": token, "user": u.username, "role": u.role}


def _body(s: Session, body_id: int, w: Who) -> Body:
    return service.body(s, body_id, w.scope)


# ------------------------------------------------------------------ bodies
class BodyIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    region: str | None = Field(None, max_length=12, description="行政区划代码")
    level: str | None = Field(None, max_length=20)


def _body_json(b: Body) -> dict:
    return {"id": b.id, "name": b.name, "region": b.region, "level": b.level}


@router.get("/bodies", summary="机关列表")
def list_bodies(s: Session = Depends(reader), w: Who = Depends(caller)) -> list[dict]:
    return [_body_json(b) for b in service.bodies(s, w.scope)]


@router.post("/bodies", status_code=201, summary="登记机关（管理员）")
def add_body(b: BodyIn, s: Session = Depends(db), w: Who = Depends(admin)) -> dict:
    return _body_json(service.add_body(s, b.name, b.region, b.level))


# ------------------------------------------------------------------ applications
class ApplicationIn(BaseModel):
    body_id: BodyRef
    received: date = Field(description="收到申请之日（第三十一条）")
    applicant_type: str = Field(
        "natural_person", description="natural_person、commercial、research、social_welfare、legal_services、other_org"
    )
    channel: str = "online"
    number: str | None = Field(None, max_length=64)
    applicant_name: str = Field("", max_length=200)
    applicant_contact: str = Field("", max_length=400)
    content: str = Field("", max_length=50_000)


class EventIn(BaseModel):
    kind: str = Field(
        description="correction_requested、correction_received、consultation_started、consultation_ended、"
        "extension_approved、fee_notice、fee_paid、answered、withdrawn"
    )
    on: date
    data: dict[str, Any] = Field(
        default_factory=dict,
        description="answered: {outcome}；extension_approved: {approver}；"
        "consultation_started: {party}；fee_notice: {method: per_page|per_request, pages}",
    )
    version: Version | None = Field(None, description="基于的版本；申请已被他人修改时返回 409")


class EditIn(BaseModel):
    version: Version
    changes: dict[str, Any]


def _app_summary(a) -> dict:
    return {
        "id": a.id,
        "body_id": a.body_id,
        "number": a.number,
        "received_on": a.received_on.isoformat(),
        "applicant_type": a.applicant_type,
        "status": a.status,
        "outcome": a.outcome,
        "version": a.version,
        "due_on": a.due_on.isoformat() if a.due_on else None,
        "closed_on": a.closed_on.isoformat() if a.closed_on else None,
    }


@router.get("/applications", summary="申请列表（按答复期限排序）")
def list_applications(
    s: Session = Depends(reader),
    body_id: QueryId = None,
    due_within: int | None = Query(None, ge=0, le=366, description="N 个工作日内到期"),
    overdue: bool = False,
    no_due: bool = Query(False, description="期限无法计算的（工作日历缺年份）"),
    all: bool = Query(False, description="包括已办结的"),
    today: date | None = None,
    limit: int = Query(100, ge=1, le=1000),
    w: Who = Depends(caller),
) -> JSONResponse:
    scope = w.scope if body_id is None else ({body_id} if w.can_see(body_id) else set())
    apps = service.queue(
        s,
        today or date.today(),
        body_ids=scope,
        due_within=due_within,
        overdue=overdue,
        no_due=no_due,
        open_only=not all,
        limit=limit,
    )
    return JSONResponse([_app_summary(a) for a in apps])


@router.post("/applications", status_code=201, summary="登记新申请")
def add_application(a: ApplicationIn, s: Session = Depends(db), w: Who = Depends(caller)) -> dict:
    app = service.receive(
        s,
        _body(s, a.body_id, w),
        a.received,
        a.applicant_type,
        w.name,
        channel=a.channel,
        number=a.number,
        applicant_name=a.applicant_name,
        applicant_contact=a.applicant_contact,
        content=a.content,
    )
    return service.view(s, app.id).json()


@router.get("/applications/{app_id}", summary="申请详情：状态、期限、办理记录")
def get_application(
    app_id: Id,
    s: Session = Depends(reader),
    personal: bool = Query(False, description="包含申请人姓名和联系方式"),
    w: Who = Depends(caller),
) -> JSONResponse:
    return JSONResponse(service.view(s, app_id, w.scope).json(personal))


@router.patch("/applications/{app_id}", summary="修改申请信息（须带版本号）")
def edit_application(app_id: Id, e: EditIn, s: Session = Depends(db), w: Who = Depends(caller)) -> dict:
    service.view(s, app_id, w.scope)
    service.edit(s, app_id, e.changes, w.name, e.version)
    return service.view(s, app_id).json()


@router.post("/applications/{app_id}/events", status_code=201, summary="追加办理记录")
def add_event(app_id: Id, e: EventIn, s: Session = Depends(db), w: Who = Depends(caller)) -> dict:
    service.record(s, app_id, e.kind, e.on, w.name, e.data, e.version, w.scope)
    return service.view(s, app_id).json()


@router.get("/applications/{app_id}/deadline", summary="答复期限的计算步骤")
def application_deadline(app_id: Id, s: Session = Depends(reader), w: Who = Depends(caller)) -> dict:
    v = service.view(s, app_id, w.scope)
    if v.due.error:
        raise InputError(v.due.error)
    return v.due.deadline.json()


# ------------------------------------------------------------------ calculators
@router.get("/deadline", summary="答复期限计算器（不需登记）")
def deadline(
    received: date,
    correction_requested: date | None = None,
    correction_received: date | None = None,
    extended: bool = False,
    paused: list[str] = Query([], description="START:END，含首尾"),
    s: Session = Depends(reader),
) -> JSONResponse:
    pauses = tuple(Pause(*parse_span(p, "paused"), "暂停计算") for p in paused)
    clock = Clock(received, correction_requested, correction_received, extended=extended, pauses=pauses)
    return JSONResponse(compute(clock, service.calendar(s)).json())


@router.get("/fee", summary="信息处理费计算器")
def fee(
    pages: int | None = Query(None, ge=0, le=MAX_PAGES),
    earlier: int | None = Query(None, ge=0, le=MAX_EARLIER),
    requests: int = Query(1, ge=1, le=MAX_REQUESTS),
) -> dict:
    if (pages is None) == (earlier is None):
        raise InputError("请在 pages（按量）和 earlier（按件）中给出一个")
    return (per_page(pages) if pages is not None else per_request(earlier, requests)).json()


@router.post("/logout", summary="退出：令牌随即失效")
def api_logout(request: Request, s: Session = Depends(db), w: Who = Depends(caller)) -> dict:
    token = bearer_token(request)
    if token is None:
        raise HTTPException(400, "退出需以 Authorization: Bearer <令牌> 调用")
    close_session(s, token)
    return {"detail": "已退出，令牌已失效"}


# ------------------------------------------------------------------ reviews, figures, report
class ReviewIn(BaseModel):
    body_id: BodyRef
    kind: str = Field(description="review、litigation_direct、litigation_after_review")
    filed_on: date
    application_id: BodyRef | None = None
    case_number: str = Field("", max_length=100)


class DecisionIn(BaseModel):
    result: str = Field(description="upheld、corrected、other")
    decided_on: date
    version: Version | None = None


def _review_json(r) -> dict:
    return {
        "id": r.id,
        "body_id": r.body_id,
        "application_id": r.application_id,
        "kind": r.kind,
        "case_number": r.case_number,
        "filed_on": r.filed_on.isoformat(),
        "result": r.result,
        "decided_on": r.decided_on.isoformat() if r.decided_on else None,
        "version": r.version,
    }


@router.post("/reviews", status_code=201, summary="登记行政复议或行政诉讼案件")
def add_review(r: ReviewIn, s: Session = Depends(db), w: Who = Depends(caller)) -> dict:
    return _review_json(
        service.add_review(
            s,
            _body(s, r.body_id, w),
            r.kind,
            r.filed_on,
            w.name,
            application_id=r.application_id,
            case_number=r.case_number,
        )
    )


@router.patch("/reviews/{review_id}", summary="登记审结结果")
def decide_review(review_id: Id, d: DecisionIn, s: Session = Depends(db), w: Who = Depends(caller)) -> dict:
    return _review_json(service.decide_review(s, review_id, d.result, d.decided_on, w.name, d.version, w.scope))


@router.put("/bodies/{body_id}/figures/{year}", summary="录入表二数字")
def put_figures(
    body_id: Id,
    year: Year,
    figures: dict[str, dict[str, float | str | None]],
    s: Session = Depends(db),
    w: Who = Depends(caller),
) -> dict:
    service.set_figures(s, _body(s, body_id, w), year, figures)
    return {"saved": sum(len(v) for v in figures.values())}


TEXT_SECTIONS = tuple(x.key for x in REQUIRED)  # the parts no table stands for


class TextIn(BaseModel):
    text: str = Field(max_length=50_000, description="这一部分的正文（每段一行）")


@router.put("/bodies/{body_id}/text/{year}/{section}", summary="录入年度报告正文的一部分")
def put_text(
    body_id: Id, year: Year, section: str, t: TextIn, s: Session = Depends(db), w: Who = Depends(caller)
) -> dict:
    if section not in TEXT_SECTIONS:
        raise InputError(f"section 应为 {'、'.join(TEXT_SECTIONS)}")
    service.set_text(s, _body(s, body_id, w), year, section, t.text.strip())
    return {"saved": section}


@router.get("/bodies/{body_id}/report/{year}", summary="由台账生成年度报告")
def report(
    body_id: Id,
    year: Year,
    to: str = Query("json", description=f"json、{'、'.join(FORMATS)}"),
    s: Session = Depends(reader),
    w: Who = Depends(caller),
) -> Response:
    """The record (json) as it stands; a rendered report only through the gate: 409 with
    every reason while it does not balance or is not filled."""
    from ..register.report import build
    from ..render.gate import release

    rec = build(s, _body(s, body_id, w), year)
    if to == "json":
        return JSONResponse(rec.to_json())
    if to not in RENDERERS:
        raise InputError(f"to 应为 json、{'、'.join(FORMATS)} 之一")
    return Response(release(rec, to), media_type=RENDERERS[to].media_type)


# ------------------------------------------------------------------ calendar
class DayIn(BaseModel):
    workday: bool
    note: str = Field("", max_length=200)


@router.get("/calendar", summary="本机关录入的日历")
def get_calendar(s: Session = Depends(reader), w: Who = Depends(caller)) -> dict:
    r = service.rules(s)
    return {
        "days": [
            {"day": d.isoformat(), "workday": e.workday, "note": e.note} for d, e in sorted(r.calendar.days.items())
        ],
        "years": sorted(r.calendar.years),
        "fee_pauses_clock": r.fee_pauses,
    }


@router.put("/calendar/days/{day}", summary="录入一天（放假或调休上班）；办理中申请的期限随之重算")
def put_day(day: date, d: DayIn, s: Session = Depends(db), w: Who = Depends(admin)) -> dict:
    return {"recomputed": service.set_day(s, day, d.workday, d.note, w.name)}


@router.put("/calendar/years/{year}", summary="声明某年的放假安排已录入完整")
def put_year(year: Year, s: Session = Depends(db), w: Who = Depends(admin)) -> dict:
    return {"recomputed": service.declare_year(s, year, w.name)}


@router.get("/health", include_in_schema=False)
async def health() -> dict:
    return {"ok": True}
