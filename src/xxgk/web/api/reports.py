"""Reviews and lawsuits (表四), the figures and text of the annual report, and the
report made from the register."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from ...errors import InputError
from ...register import service
from ...register.report import build
from ...render import FORMATS, RENDERERS
from ...render.gate import release
from ..auth import Who
from ..deps import Route, caller, db, reader
from ..params import BodyRef, Id, Version, Year

router = APIRouter(route_class=Route)


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
            service.body(s, r.body_id, w.scope),
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
    service.set_figures(s, service.body(s, body_id, w.scope), year, figures)
    return {"saved": sum(len(v) for v in figures.values())}


class TextIn(BaseModel):
    text: str = Field(max_length=50_000, description="这一部分的正文（每段一行）")


@router.put("/bodies/{body_id}/text/{year}/{section}", summary="录入年度报告正文的一部分")
def put_text(
    body_id: Id, year: Year, section: str, t: TextIn, s: Session = Depends(db), w: Who = Depends(caller)
) -> dict:
    service.set_text(s, service.body(s, body_id, w.scope), year, section, t.text.strip())
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
    rec = build(s, service.body(s, body_id, w.scope), year)
    if to == "json":
        return JSONResponse(rec.to_json())
    if to not in RENDERERS:
        raise InputError(f"to 应为 json、{'、'.join(FORMATS)} 之一")
    return Response(release(rec, to), media_type=RENDERERS[to].media_type)
