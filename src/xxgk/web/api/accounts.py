"""Logging in and out of the API: a token for `Authorization: Bearer …`."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from ...errors import LoginRequired
from ...store.accounts import authenticate, close_session, open_session
from ..auth import Who, bearer_token
from ..deps import Route, caller, db
from ..limits import TOO_MANY, client_address

router = APIRouter(route_class=Route)


class LoginIn(BaseModel):
    username: str = Field(max_length=60)
    password: str = Field(max_length=1000)


@router.post("/login", summary="登录，取得调用令牌")
def api_login(request: Request, body: LoginIn, s: Session = Depends(db)) -> dict:
    limits, address = request.app.state.failed_logins, client_address(request)
    if not limits.allowed(address):
        raise HTTPException(429, TOO_MANY)
    u = authenticate(s, body.username, body.password)  # LoginLocked: 429, said why
    if u is None:
        limits.add(address)
        raise LoginRequired("用户名或密码不正确")
    token = open_session(s, u)
    return {"token": token, "user": u.username, "role": u.role}


@router.post("/logout", summary="退出：令牌随即失效")
def api_logout(request: Request, s: Session = Depends(db), w: Who = Depends(caller)) -> dict:
    token = bearer_token(request)
    if token is None:
        raise HTTPException(400, "退出需以 Authorization: Bearer <令牌> 调用")
    close_session(s, token)
    return {"detail": "已退出，令牌已失效"}


@router.get("/health", include_in_schema=False)
async def health() -> dict:
    return {"ok": True}
