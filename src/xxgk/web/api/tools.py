"""The calculators (no account needed) and the working-day calendar."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from ...errors import InputError
from ...register import service
from ...register.dates import parse_span
from ...register.deadline import Clock, Pause, compute
from ...register.fees import MAX_EARLIER, MAX_PAGES, MAX_REQUESTS, per_page, per_request
from ..auth import Who
from ..deps import Route, admin, caller, db, reader
from ..params import Year

router = APIRouter(route_class=Route)


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
    if pages is not None and earlier is None:
        return per_page(pages).json()
    if earlier is not None and pages is None:
        return per_request(earlier, requests).json()
    raise InputError("请在 pages（按量）和 earlier（按件）中给出一个")


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
