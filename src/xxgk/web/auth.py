"""Who is asking, what they may see, and whether a form really came from our page.

Pages: the login cookie (HttpOnly, SameSite=Lax) names a server-side session; every form
that changes something carries the session's CSRF token, checked before anything runs.
Before login, the login form is protected the same way by a token in a cookie of its own.
The API takes the same session as `Authorization: Bearer <token>` (from POST /api/login),
or the cookie together with an X-CSRF-Token header.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass

from fastapi import Request
from sqlalchemy.orm import Session

from ..errors import Forbidden, LoginRequired
from ..store.accounts import Login, body_scope, session_user
from ..store.models import User

COOKIE = "xxgk_session"
LOGIN_CSRF = "xxgk_login_csrf"
SAFE = {"GET", "HEAD", "OPTIONS"}


@dataclass(frozen=True)
class Who:
    login: Login | None
    scope: set[int] | None  # bodies whose register may be seen: None = all

    @property
    def user(self) -> User | None:
        return self.login.user if self.login else None

    @property
    def name(self) -> str:
        """How changes are attributed: the account's name and username."""
        u = self.user
        return f"{u.name}（{u.username}）" if u and u.name != u.username else (u.username if u else "")

    @property
    def role(self) -> str:
        return self.user.role if self.user else "public"

    def can_see(self, body_id: int | None) -> bool:
        return self.scope is None or body_id in self.scope


def who(s: Session, request: Request) -> Who:
    """The caller (looked up in a worker thread, never on the event loop)."""
    login = session_user(s, bearer_token(request) or request.cookies.get(COOKIE))
    w = Who(login, body_scope(s, login.user if login else None))
    request.state.who = w  # for an error page, which is made on the event loop
    return w


def bearer_token(request: Request) -> str | None:
    auth = request.headers.get("authorization", "")
    return auth[7:].strip() if auth.lower().startswith("bearer ") else None


def require(w: Who, *roles: str) -> Who:
    if w.login is None:
        raise LoginRequired()
    if roles and w.role not in roles:
        raise Forbidden()
    return w


def check_form_csrf(w: Who, request: Request, token: str | None) -> None:
    """A changing form must carry its page's token: another site cannot make the browser send it."""
    expected = w.login.csrf if w.login else request.cookies.get(LOGIN_CSRF)
    if not expected or not token or not hmac.compare_digest(expected, token):
        raise Forbidden("表单已过期或来源不明（CSRF 校验失败），请刷新页面后重试")


def check_api_csrf(w: Who, request: Request) -> None:
    """API calls with the cookie (from our pages' scripts) carry the token in a header;
    Bearer calls need none: a browser never adds that header by itself."""
    if request.method in SAFE or bearer_token(request):
        return
    token = request.headers.get("x-csrf-token")
    if w.login is None or not token or not hmac.compare_digest(w.login.csrf, token):
        raise Forbidden("缺少或错误的 X-CSRF-Token")


def new_login_csrf() -> str:
    return secrets.token_urlsafe(32)
