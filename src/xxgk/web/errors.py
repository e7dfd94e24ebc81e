"""The web's one error handler: every error an endpoint raises on purpose (errors.py),
every refused request and every invalid parameter is answered as JSON under /api and as
a Chinese page elsewhere, with the status the error carries."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler, request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException

from ..errors import Conflict, Forbidden, LoginRequired, Refused, XxgkError
from .pages.common import html_error

PAGE_TEXT = {LoginRequired: "请先登录", Forbidden: "您的账号没有访问此页面的权限"}  # said when the error says nothing


def _for_api(request: Request) -> bool:
    return request.url.path == "/api" or request.url.path.startswith("/api/")


async def _answer(
    request: Request, status: int, message: str, headers: dict[str, str] | None = None, **extra: Any
) -> Response:
    if _for_api(request):
        return JSONResponse({"detail": message, **extra}, status_code=status, headers=headers)
    return await html_error(request, status, message)


async def _xxgk(request: Request, e: Exception) -> Response:
    assert isinstance(e, XxgkError)
    if isinstance(e, LoginRequired) and not _for_api(request):  # a page: log in, then come back
        return RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)
    extra: dict[str, Any] = {}
    if isinstance(e, Conflict):
        extra["current_version"] = e.current
    if isinstance(e, Refused):
        extra["findings"] = [f.to_json() for f in e.findings]
    headers = {"WWW-Authenticate": "Bearer"} if isinstance(e, LoginRequired) else None
    message = str(e) or PAGE_TEXT.get(type(e), "请求无法完成")
    return await _answer(request, e.http_status, message, headers, **extra)


async def _invalid(request: Request, e: Exception) -> Response:
    assert isinstance(e, RequestValidationError)
    if _for_api(request):  # the fields and why, as API clients expect them
        return await request_validation_exception_handler(request, e)
    names = "、".join(dict.fromkeys(str(x["loc"][-1]) for x in e.errors()))
    return await html_error(request, 422, f"请求中的参数 {names} 无效（数字超出范围或格式不对）")


async def _http(request: Request, e: Exception) -> Response:
    assert isinstance(e, HTTPException)
    if _for_api(request):
        return await http_exception_handler(request, e)
    return await html_error(request, e.status_code, str(e.detail))


def install_errors(app: FastAPI) -> None:
    app.add_exception_handler(XxgkError, _xxgk)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(HTTPException, _http)
