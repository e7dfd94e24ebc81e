"""Bodies and applications: receiving, editing, recording events, the deadline's steps."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from ...register import service
from ...store.models import Body
from ..auth import Who
from ..deps import Route, admin, caller, db, reader
from ..params import BodyRef, Id, QueryId, Version

router = APIRouter(route_class=Route)


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
        today or service.today(),
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
        service.body(s, a.body_id, w.scope),
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
    return v.due.computed().json()
