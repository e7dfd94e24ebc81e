"""年报体检: a report checked on upload, its result kept a day, its downloads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from ... import sandbox
from ...errors import ReadError
from ...record import Record
from ...store import checks
from .. import views
from ..auth import check_form_csrf, require
from .common import MAX_UPLOAD, Upload, download, page, redirect, render, uploaded

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
    out: list[dict[str, Any]] = []
    read: list[tuple[str, Record]] = []
    for item in items:  # read before the database is touched: no connection is held meanwhile
        name, data = item.name, item.read()
        if len(data) > MAX_UPLOAD:
            out.append({"id": None, "name": name, "problem": f"{name}：文件超过 {MAX_UPLOAD >> 20} MB"})
            continue
        try:
            rec = sandbox.parse_limited(data, name, sandbox.UPLOAD)  # a child process, bounded in memory and time
        except ReadError as e:
            out.append({"id": None, "name": name, "problem": str(e)})
            continue
        out.append({"id": None, "name": name, "problem": None, **views.summary(rec)})
        read.append((name, rec))
    keys = iter(checks.keep(s, read))
    return [r | {"id": next(keys)} if r["problem"] is None else r for r in out]


@router.get("/check/{key}", response_class=HTMLResponse)
def check_result(request: Request, key: str, ctx=Depends(page)):
    s, w = ctx
    require(w)
    name, rec = checks.kept(s, key)
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
    name, rec = checks.kept(s, key)
    return download(rec, Path(name).stem, to)
