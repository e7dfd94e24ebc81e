"""年报体检: a report checked on upload, its result kept a day, its downloads."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse
from sqlalchemy import delete
from sqlalchemy.orm import Session

from ...record import Record
from ...store.models import CheckResult
from .. import views
from ..auth import check_form_csrf, require
from .common import CHECK_DAYS, MAX_UPLOAD, Upload, download, page, redirect, render, uploaded

router = APIRouter(include_in_schema=False)


# ------------------------------------------------------------------ 年报体检
@router.get("/check", response_class=HTMLResponse)
def check_page(request: Request, ctx=Depends(page)):
    s, w = ctx
    require(w)
    return render(request, w, "check.html")


@router.post("/check", response_class=HTMLResponse)
def check_upload(
    request: Request,
    files: list[UploadFile] = File(default=[]),
    text: str = Form(""),
    csrf: str = Form(""),
    ctx=Depends(page),
):
    s, w = ctx
    require(w)
    check_form_csrf(w, request, csrf)
    items = uploaded(files)
    if text.strip():
        items.append(Upload("粘贴的文本.txt", data=text.encode("utf-8")))
    if not items:
        return render(request, w, "check.html", status=400, error="请选择文件或粘贴年报文本")
    results = _check_all(s, items)
    if len(results) == 1 and results[0]["id"]:
        return redirect(f"/check/{results[0]['id']}")
    return render(request, w, "check_list.html", results=results)


def _check_all(s: Session, items: list[Upload]) -> list[dict[str, Any]]:
    from ...errors import ReadError
    from ...sandbox import UPLOAD, parse_limited

    now = datetime.now(UTC).replace(tzinfo=None)
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
    return render(
        request,
        w,
        "check_result.html",
        key=key,
        name=name,
        rec=rec,
        summary=views.summary(rec),
        tables=views.marked_tables(rec),
        findings=views.findings_view(rec),
    )


@router.get("/check/{key}/download/{to}")
def check_download(request: Request, key: str, to: str, ctx=Depends(page)):
    s, w = ctx
    require(w)
    name, rec = _checked(s, key)
    return download(rec, Path(name).stem, to)
