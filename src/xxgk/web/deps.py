"""What endpoints depend on: the route class that keeps connections and threads from
waiting on each other, the sessions (one for a change, one for reading), and the caller."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

from fastapi import Depends, Request
from fastapi.datastructures import DefaultPlaceholder
from fastapi.routing import APIRoute
from sqlalchemy.orm import Session

from ..errors import Forbidden, LoginRequired
from .auth import Who, check_api_csrf, who


class Route(APIRoute):
    """A route whose result is sent as the endpoint built it, without FastAPI's response
    validation: for a plain-function endpoint that validation runs in a second worker
    thread while the request's session may still hold its connection, and a request that
    holds a connection must never wait for a thread (at 50 users every thread waited for
    a connection held by requests waiting for a thread). The rule, kept everywhere: a
    dependency gives its connection back before it returns (`caller`; a page looks its
    caller up in its endpoint's own thread, pages.Page), an endpoint runs in one thread,
    the session is closed on the event loop."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kw: Any) -> None:
        if isinstance(kw.get("response_model"), DefaultPlaceholder):
            kw["response_model"] = None
        super().__init__(path, endpoint, **kw)


# ------------------------------------------------------------------ plumbing
async def db(request: Request) -> AsyncIterator[Session]:
    """A session for a change: one transaction."""
    with request.app.state.sessions() as s:
        yield s


async def reader(request: Request) -> AsyncIterator[Session]:
    """A session for reading: on a database server, no transaction around it (each
    query sees what is committed), which spares two round trips per request."""
    with request.app.state.readers() as s:
        yield s


def caller(request: Request, s: Session = Depends(reader)) -> Who:
    """The logged-in caller (401 without a login), CSRF-checked when the cookie is used.
    Its connection goes back to the pool before the endpoint waits for its own thread (a
    request holding a connection while it waited for a thread deadlocked the server)."""
    w = who(s, request)
    s.commit()
    if w.login is None:
        raise LoginRequired("请先登录：POST /api/login 取得令牌，以 Authorization: Bearer <令牌> 调用")
    check_api_csrf(w, request)
    return w


async def admin(w: Who = Depends(caller)) -> Who:
    if w.role != "admin":
        raise Forbidden("需要管理员权限")
    return w
